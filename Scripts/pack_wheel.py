"""Packs vocabtool's wheel (used by Scripts/build-wheel; standard library only).

    python3 Scripts/pack_wheel.py --binary B --python-dir python --vocabularies vocabularies \
        --platform manylinux_2_34_x86_64 --out dist

The wheel holds the Python package (`python/vocabtool/*.py`), the executable as
`vocabtool/_bin/vocabtool`, the built-in data beside it in `vocabtool/_bin/vocabularies/` (the
executable finds that folder by walking up from its own path), and a console script `vocabtool`
that runs the bundled executable (`vocabtool._cli:main`). Name, version, summary, Python
requirement and extras come from `python/pyproject.toml`. The zip is reproducible: entries
sorted, timestamps fixed. The RECORD file lists every entry with its sha256 and size, as the
wheel format (PEP 427) requires.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import sys
import tomllib
import zipfile
from pathlib import Path

# Data the executable reads at run time; vocabularies/romanization is compiled into it.
DATA_FOLDERS = ["udhr", "gpt2", "xlm-r", "default-bpe"]
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def metadata(project: dict) -> str:
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {project['name']}",
        f"Version: {project['version']}",
        f"Summary: {project.get('description', '')}",
        f"Requires-Python: {project.get('requires-python', '>=3')}",
    ]
    lines += [f"Requires-Dist: {dep}" for dep in project.get("dependencies", [])]
    for extra, deps in project.get("optional-dependencies", {}).items():
        lines.append(f"Provides-Extra: {extra}")
        lines += [f'Requires-Dist: {dep}; extra == "{extra}"' for dep in deps]
    return "\n".join(lines) + "\n"


def record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--python-dir", required=True)
    parser.add_argument("--vocabularies", required=True)
    parser.add_argument("--platform", required=True, help="e.g. manylinux_2_34_x86_64")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    python_dir = Path(args.python_dir)
    project = tomllib.loads((python_dir / "pyproject.toml").read_text())["project"]
    name, version = project["name"], project["version"]
    dist_info = f"{name}-{version}.dist-info"

    entries: list[tuple[str, bytes, int]] = []  # (archive name, contents, mode)
    package = python_dir / "vocabtool"
    for path in sorted(package.rglob("*.py")):
        entries.append((f"vocabtool/{path.relative_to(package).as_posix()}", path.read_bytes(), 0o644))
    entries.append(("vocabtool/_bin/vocabtool", Path(args.binary).read_bytes(), 0o755))
    vocabularies = Path(args.vocabularies)
    entries.append(("vocabtool/_bin/vocabularies/README.md", (vocabularies / "README.md").read_bytes(), 0o644))
    for folder in DATA_FOLDERS:
        for path in sorted((vocabularies / folder).rglob("*")):
            if path.is_file():
                entries.append((f"vocabtool/_bin/vocabularies/{path.relative_to(vocabularies).as_posix()}",
                                path.read_bytes(), 0o644))
    entries.append((f"{dist_info}/METADATA", metadata(project).encode(), 0o644))
    wheel = f"Wheel-Version: 1.0\nGenerator: vocabtool Scripts/pack_wheel.py\nRoot-Is-Purelib: false\nTag: py3-none-{args.platform}\n"
    entries.append((f"{dist_info}/WHEEL", wheel.encode(), 0o644))
    entries.append((f"{dist_info}/entry_points.txt", b"[console_scripts]\nvocabtool = vocabtool._cli:main\n", 0o644))
    record = "\n".join(record_line(n, d) for n, d, _ in entries) + f"\n{dist_info}/RECORD,,\n"
    entries.append((f"{dist_info}/RECORD", record.encode(), 0o644))

    os.makedirs(args.out, exist_ok=True)
    target = Path(args.out) / f"{name}-{version}-py3-none-{args.platform}.whl"
    temporary = target.with_suffix(".whl.tmp")
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for archive_name, data, mode in entries:
            info = zipfile.ZipInfo(archive_name, FIXED_TIME)
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    os.replace(temporary, target)
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
