"""Word counting on a Ray cluster: ``vocabtool count`` over blocks of the inputs, merged in a tree.

    import ray, vocabtool.ray
    ray.init()                                   # or ray.init(address="auto") on a cluster
    vocabtool.ray.count(["a.txt", "b.txt"], "corpus.counts", block_size=64 << 20)

Every worker runs the ``vocabtool`` executable it finds itself (bundled in the package, else
``$VOCABTOOL_BIN``, else ``PATH``) and reads its block of the input files by path, so the
inputs (and a ``tokenizer=`` file) must be readable under the same path on every node (a
shared filesystem). Intermediate count files travel through Ray's object store; only the
driver writes, and only the final file.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path
from typing import Any, List, Optional, Sequence, Tuple, Union

import ray

from ._executable import Error, executable, flags, message

PathLike = Union[str, os.PathLike]

#: A part of one input file: (path, first byte, end byte), ending right after a newline or at the
#: end of the file.
Part = Tuple[str, int, int]
#: The parts one task counts: the rest of one file, whole files, the start of another.
Block = List[Part]

_SCAN = 1 << 16


def blocks(paths: Sequence[PathLike], block_size: int) -> List[Block]:
    """Groups the files into blocks of at least `block_size` bytes (the last block may be
    smaller): small files together, large files cut. A file is cut only right after a newline,
    so no cut falls inside a line, a multi-byte UTF-8 character or a CR LF pair. Empty files
    belong to no block."""
    if block_size < 1:
        raise ValueError("block_size must be positive")
    result: List[Block] = []
    block: Block = []
    filled = 0
    for path in map(os.fspath, paths):
        size = os.path.getsize(path)
        with open(path, "rb") as file:
            start = 0
            while start < size:
                wanted = block_size - filled
                end = size if size - start <= wanted else _line_end(file, start + wanted - 1, size)
                block.append((path, start, end))
                filled += end - start
                start = end
                if filled >= block_size:
                    result.append(block)
                    block, filled = [], 0
    if block:
        result.append(block)
    return result


def _line_end(file, at: int, size: int) -> int:
    """The offset right after the first ``\\n`` at or after `at`, or `size`."""
    position = at
    while position < size:
        file.seek(position)
        chunk = file.read(_SCAN)
        newline = chunk.find(b"\n")
        if newline >= 0:
            return position + newline + 1
        position += len(chunk)
    return size


def count(
    paths: Union[PathLike, Sequence[PathLike]],
    output: PathLike,
    block_size: int = 64 << 20,
    *,
    fan_in: int = 8,
    force: bool = False,
    **count_options: Any,
) -> str:
    """Counts text files as ``vocabtool count`` does, on Ray, and writes one count file.

    The inputs are cut into blocks at line boundaries (`blocks`); each block is counted by a
    Ray task running ``vocabtool count``, and the results are merged by a tree of
    ``vocabtool count --from-counts`` tasks, `fan_in` count files per merge. The count file is
    the same, byte for byte, as one ``vocabtool count`` over the same files would write.
    With ``from_counts=True`` the inputs are count files, merged in the same tree.

    Args:
        paths: text files (or count files with ``from_counts=True``), readable by every worker.
        output: the count file to write (atomically: nothing is written when a task fails).
        block_size: the least number of bytes of a block.
        fan_in: count files merged by one merge task.
        force: overwrite `output` if it exists.
        count_options: ``vocabtool count`` options, e.g. ``normalizer="nfkc"``,
            ``pre_tokenizer="metaspace"``, ``romanize=True``, ``on_invalid="skip"``, or
            ``tokenizer="xlmr/tokenizer.json", ids=True``.

    Returns:
        The path of the written count file.

    Raises:
        Error: with the failing worker's vocabtool message (naming the file and line), when the
            output exists (without `force`), or when count files of different settings meet.
    """
    paths = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    if not paths:
        raise Error("no input files given")
    output = os.fspath(output)
    if os.path.exists(output) and not force:
        raise Error(f"{output}: already exists (use force=True to overwrite)")
    if fan_in < 2:
        raise ValueError("fan_in must be at least 2")
    for key in ("output", "o", "force", "quiet"):
        if key in count_options:
            raise ValueError(f"{key}= is not a count option here")
    from_counts = bool(count_options.pop("from_counts", False))
    options = flags(count_options)
    # Each node of the tree: (what it counts, for messages; a count file path or an object ref).
    if from_counts:
        missing = [os.fspath(p) for p in paths if not os.path.isfile(p)]
        if missing:
            raise Error(f"{missing[0]}: no such file")
        level = [(os.fspath(p), os.fspath(p)) for p in paths]
    else:
        parts = blocks(paths, block_size) or [None]  # only empty files: count empty text
        level = [(_label(part), _count_block.remote(part, options)) for part in parts]
    while len(level) > 1 or isinstance(level[0][1], str):
        groups = [level[i:i + fan_in] for i in range(0, len(level), fan_in)]
        level = [(_merged_label([label for label, _ in group]),
                  _merge.remote([label for label, _ in group], *[node for _, node in group]))
                 for group in groups]
    try:
        data = ray.get(level[0][1])
    except ray.exceptions.RayTaskError as failure:
        cause = getattr(failure, "cause", None)
        raise Error(str(cause) if cause is not None else str(failure)) from None
    except ray.exceptions.RayError as failure:  # a worker or node lost, not a vocabtool error
        raise Error(f"a Ray task failed: {failure}") from None
    _write_atomically(data, output)
    return output


@ray.remote(num_cpus=1)
def _count_block(block: Optional[Block], options: List[str]) -> bytes:
    """The count file of one block (None: of empty text). Whole files are counted in place,
    parts of files are copied to temporary files first."""
    with tempfile.TemporaryDirectory(prefix="vocabtool-block-") as folder:
        inputs = []
        copies = {}
        for index, (path, start, end) in enumerate(block or []):
            if start == 0 and end == os.path.getsize(path):
                inputs.append(path)
                continue
            copy = os.path.join(folder, f"part{index}.txt")
            with open(path, "rb") as source, open(copy, "wb") as target:
                source.seek(start)
                target.write(source.read(end - start))
            inputs.append(copy)
            copies[copy] = (path, start)
        try:
            return _vocabtool_count(inputs or ["/dev/null"], options)
        except Error as error:
            raise Error(_name_part(str(error), copies)) from None


@ray.remote(num_cpus=1)
def _merge(labels: List[str], *count_files: Union[str, bytes]) -> bytes:
    """One count file summing `count_files` (paths, or contents made by other tasks, named by
    `labels` in messages); an error when their settings differ."""
    with tempfile.TemporaryDirectory(prefix="vocabtool-merge-") as folder:
        names = []
        for index, data in enumerate(count_files):
            if isinstance(data, str):
                names.append(data)
                continue
            name = os.path.join(folder, f"part{index}.counts")
            Path(name).write_bytes(data)
            names.append(name)
        try:
            return _vocabtool_count(names, ["--from-counts"])
        except Error as error:
            text = str(error)
            for name, label in zip(names, labels):
                text = text.replace(name, label)
            raise Error(text) from None


def _label(block: Optional[Block]) -> str:
    if block is None:
        return "(empty text)"
    first, last = block[0], block[-1]
    return f"the counts of {first[0]} from byte {first[1]} to {last[0]} byte {last[2]}"


def _merged_label(labels: List[str]) -> str:
    names = [label.removeprefix("the counts of ") for label in labels]
    shown = names if len(names) <= 2 else [names[0], "...", names[-1]]
    return "the counts of " + ", ".join(shown)


def _vocabtool_count(inputs: List[str], options: List[str]) -> bytes:
    with tempfile.TemporaryDirectory(prefix="vocabtool-count-") as folder:
        output = os.path.join(folder, "out.counts")
        process = subprocess.run(
            [executable(), "count", "--quiet", "--output", output, *options, *inputs],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if process.returncode != 0:
            raise Error(message(process.stderr, process.returncode))
        return Path(output).read_bytes()


def _name_part(text: str, copies: dict) -> str:
    """A message about a copied part of a file made to name that file and its line there."""
    for copy, (path, start) in copies.items():
        match = re.match(re.escape(copy) + r": line (\d+)", text)
        if match is not None:
            with open(path, "rb") as file:
                before = file.read(start).count(b"\n")
            return f"{path}: line {int(match.group(1)) + before}" + text[match.end():]
        text = text.replace(copy, f"{path} (from byte {start})")
    return text


def _write_atomically(data: bytes, output: str) -> None:
    folder = os.path.dirname(os.path.abspath(output))
    descriptor, temporary = tempfile.mkstemp(prefix=".vocabtool-", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, output)
    except BaseException:
        os.unlink(temporary)
        raise
