"""`fertility` and `romanize`: one ``vocabtool`` run each, results as plain Python values."""

from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from ._executable import Error, flags, run

PathLike = Union[str, os.PathLike]
TokenizerSpec = Union[PathLike, Tuple[PathLike, str]]

_GROUPINGS = {"lang": "language", "language": "language", "script": "script"}


def fertility(
    tokenizers: Union[TokenizerSpec, Sequence[TokenizerSpec], None] = None,
    corpus: Union[PathLike, Sequence[PathLike], None] = None,
    by: str = "lang",
    **options: Any,
) -> Dict[str, Any]:
    """The report of ``vocabtool fertility --format json``: per language (``by="lang"``) or
    script (``by="script"``) token counts, fertility and parity for each tokenizer, plus
    per-tokenizer summaries (schema: docs/fertility.md).

    Args:
        tokenizers: tokenizer paths, or ``(path, pattern)`` pairs for tiktoken rank files
            vocabtool does not know by name; None for the built-in default.
        corpus: files or folders (FLORES ``<lang>_<Script>.<split>`` names, or ``*.txt``);
            None for the built-in sample text.
        options: more ``vocabtool fertility`` flags, e.g. ``pivot="eng_Latn"``,
            ``words="whitespace"``, ``romanize=True``, ``lang="kor_Hang"``.

    Raises:
        Error: with vocabtool's message (a missing file, a malformed tokenizer, invalid UTF-8).
    """
    if by not in _GROUPINGS:
        raise ValueError(f"by must be 'lang' or 'script', not {by!r}")
    if tokenizers is None:
        specs: List[TokenizerSpec] = []
    elif isinstance(tokenizers, (str, os.PathLike, tuple)):
        specs = [tokenizers]
    else:
        specs = list(tokenizers)
    arguments = ["fertility", "--format", "json", "--by", _GROUPINGS[by]]
    for spec in specs:
        path, pattern = spec if isinstance(spec, tuple) else (spec, None)
        arguments += ["--tokenizer", os.fspath(path)] + (["--pattern", pattern] if pattern else [])
    corpora = [] if corpus is None else [corpus] if isinstance(corpus, (str, os.PathLike)) else list(corpus)
    arguments += flags({"corpus": corpora, **options})
    return json.loads(run(arguments))


def romanize(lines: Sequence[str], language: Optional[str] = None) -> List[str]:
    """Each line romanized to ASCII Latin as ``vocabtool romanize`` does (uroman-style), with
    the rules of `language` (an ISO 639-3 code such as ``"rus"``, ``"hin"``, ``"zho"``) when
    given. A line holding newlines is romanized line by line and joined again.

    Raises:
        Error: with vocabtool's message (e.g. a lone surrogate, which is invalid UTF-8).
    """
    if isinstance(lines, str):
        raise TypeError("romanize takes a list of lines, not one string")
    if not lines:
        return []
    data = "".join(line + "\n" for line in lines).encode("utf-8", "surrogatepass")
    arguments = ["romanize"] + (["--language", language] if language else [])
    output = run(arguments, stdin=data).decode("utf-8").split("\n")
    result = []
    at = 0
    for line in lines:
        parts = line.count("\n") + 1
        result.append("\n".join(output[at:at + parts]))
        at += parts
    if at != len(output) - 1:
        raise Error(f"vocabtool romanize gave {len(output) - 1} lines for {at}")
    return result
