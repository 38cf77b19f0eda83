"""Finding the ``vocabtool`` executable, running it, and turning its failures into `Error`."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Iterable, Mapping, Optional, Sequence, Union

#: Where a wheel puts the executable inside the package.
BUNDLED = Path(__file__).resolve().parent / "_bin" / "vocabtool"

_ERROR_PREFIX = "vocabtool: error: "


class Error(Exception):
    """A failure reported by vocabtool: ``str(error)`` is vocabtool's own message (which names
    the file and position where it knows them)."""


def executable() -> str:
    """The path of the ``vocabtool`` executable: the one bundled in the package
    (``vocabtool/_bin/vocabtool``), else ``$VOCABTOOL_BIN``, else ``vocabtool`` on ``PATH``.

    Raises:
        Error: when none is found, or ``$VOCABTOOL_BIN`` names no executable file.
    """
    if BUNDLED.is_file() and os.access(BUNDLED, os.X_OK):
        return str(BUNDLED)
    named = os.environ.get("VOCABTOOL_BIN")
    if named:
        if not (os.path.isfile(named) and os.access(named, os.X_OK)):
            raise Error(f"VOCABTOOL_BIN={named} is not an executable file")
        return named
    found = shutil.which("vocabtool")
    if found is None:
        raise Error(
            "the vocabtool executable was not found: install the vocabtool wheel, "
            "set VOCABTOOL_BIN, or put vocabtool on PATH")
    return found


def message(stderr: bytes, returncode: int) -> str:
    """vocabtool's error message from its stderr (the last line that is one), without the
    ``vocabtool: error:`` prefix."""
    lines = [line for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    for line in reversed(lines):
        if line.startswith(_ERROR_PREFIX):
            return line[len(_ERROR_PREFIX):]
    if lines:
        return lines[-1].removeprefix("Error: ")
    return f"vocabtool exited with code {returncode}"


OptionValue = Union[None, bool, int, float, str, os.PathLike, Sequence[Union[str, os.PathLike]]]


def flags(options: Mapping[str, OptionValue]) -> list[str]:
    """Command-line flags for keyword options: ``min_frequency=2`` gives ``--min-frequency 2``,
    ``romanize=True`` gives ``--romanize``, ``False`` and ``None`` give nothing, and a list
    repeats the flag once per item."""
    out: list[str] = []
    for key, value in options.items():
        flag = "--" + key.replace("_", "-")
        if value is None or value is False:
            continue
        if value is True:
            out.append(flag)
        elif isinstance(value, (list, tuple)):
            for item in value:
                out += [flag, os.fspath(item) if isinstance(item, os.PathLike) else str(item)]
        else:
            out += [flag, os.fspath(value) if isinstance(value, os.PathLike) else str(value)]
    return out


def run(arguments: Iterable[str], stdin: Optional[bytes] = None, binary: Optional[str] = None) -> bytes:
    """Runs ``vocabtool ARGUMENTS`` to completion and returns its stdout.

    Raises:
        Error: with vocabtool's message when it exits non-zero.
    """
    process = subprocess.run(
        [binary or executable(), *arguments],
        input=stdin if stdin is not None else b"",
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if process.returncode != 0:
        raise Error(message(process.stderr, process.returncode))
    return process.stdout
