"""Encodes the golden texts with the installed wheel and compares with the reference ids (used by
Scripts/check-wheel; run by the wheel's venv python, with only that venv's `bin` on PATH).

    python check_wheel_golden.py SHARED

For each of the 8 golden tokenizers (`SHARED/reference/golden/<name>.jsonl`, made by tokenizers,
tiktoken and sentencepiece): the Python API (`vocabtool.Tokenizer(path).encode_batch(texts)`) and
the installed `vocabtool encode` command must both give exactly the reference ids on every line.
Prints one line per tokenizer; exits 1 on any difference.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import vocabtool

GOLDEN = {
    "gpt2_r50k": "gpt2/gpt2_r50k.tiktoken",
    "gpt2_hf": "gpt2/tokenizer.json",
    "cl100k": "tiktoken/cl100k.tiktoken",
    "o200k": "tiktoken/o200k.tiktoken",
    "llama2_spm": "llama2/tokenizer.model",
    "mistral_spm": "mistral/tokenizer.model",
    "xlmr_unigram": "xlmr-unigram/tokenizer.json",
    "minilm_wordpiece": "minilm-wordpiece/tokenizer.json",
}


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> int:
    shared = Path(sys.argv[1])
    golden = shared / "reference" / "golden"
    texts = {(row["lang"], row["line"]): row["text"] for row in read_jsonl(golden / "texts.jsonl")}
    failures = 0
    with tempfile.TemporaryDirectory() as work:
        for name, relative in GOLDEN.items():
            rows = read_jsonl(golden / f"{name}.jsonl")
            lines = [texts[(row["lang"], row["line"])] for row in rows]
            expected = [row["ids"] for row in rows]
            path = shared / "tokenizers" / relative

            text_file = Path(work) / f"{name}.txt"
            text_file.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
            output = subprocess.run(["vocabtool", "encode", "--tokenizer", str(path), str(text_file)],
                                    check=True, capture_output=True).stdout.decode()
            cli = [[int(i) for i in line.split()] for line in output.splitlines()]

            with vocabtool.Tokenizer(path) as tokenizer:
                api = tokenizer.encode_batch(lines)

            api_diff = sum(a != e for a, e in zip(api, expected)) + abs(len(api) - len(expected))
            cli_diff = sum(c != e for c, e in zip(cli, expected)) + abs(len(cli) - len(expected))
            failures += api_diff + cli_diff
            print(f"{name}: {len(expected)} lines, Python API {len(expected) - api_diff} identical, "
                  f"CLI {len(expected) - cli_diff} identical")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
