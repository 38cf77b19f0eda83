"""The ``vocabtool`` command a wheel installs: replaces this Python process with the bundled
executable (so its exit status, signals and standard streams are the executable's own)."""

from __future__ import annotations

import os
import sys

from ._executable import BUNDLED


def main() -> int:
    """Runs ``vocabtool/_bin/vocabtool`` with this command's arguments; never returns when the
    executable is there. Only the bundled executable is run: ``vocabtool`` on ``PATH`` may be
    this very command."""
    if not os.access(BUNDLED, os.X_OK):
        sys.stderr.write(f"vocabtool: error: this vocabtool package has no bundled executable ({BUNDLED}); "
                         "install the vocabtool wheel (Scripts/build-wheel)\n")
        return 2
    os.execv(BUNDLED, [str(BUNDLED), *sys.argv[1:]])
