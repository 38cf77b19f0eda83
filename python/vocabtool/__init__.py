"""vocabtool from Python: a thin layer over the ``vocabtool`` executable (no algorithm here).

    >>> import vocabtool
    >>> tok = vocabtool.Tokenizer("xlmr/tokenizer.json")      # one helper process, kept open
    >>> tok.encode("Hello world"), tok.encode_batch(lines), tok.decode(ids)
    >>> vocabtool.fertility(["gpt2/", "o200k.tiktoken"], "flores200-dev/", by="script")
    >>> vocabtool.romanize(["Привет"], language="rus")
    >>> vocabtool.ray.count(["a.txt", "b.txt"], "corpus.counts", block_size=64 << 20)

The executable is found in this order:

1. ``vocabtool/_bin/vocabtool`` inside this package (where the wheel puts it);
2. the file named by the environment variable ``VOCABTOOL_BIN``;
3. ``vocabtool`` on ``PATH``.

Every failure vocabtool reports raises `vocabtool.Error`, whose text is vocabtool's message.
``vocabtool.ray`` (word counting on a Ray cluster) needs ``ray`` and is imported on first use.
"""

from ._commands import fertility, romanize
from ._executable import Error, executable
from ._tokenizer import Tokenizer

__all__ = ["Error", "Tokenizer", "executable", "fertility", "romanize", "ray"]


def __getattr__(name):
    if name == "ray":
        import importlib

        return importlib.import_module(".ray", __name__)
    raise AttributeError(f"module 'vocabtool' has no attribute {name!r}")
