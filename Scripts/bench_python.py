"""Times encode_batch of every line of a text file, for Scripts/bench-python.

    python Scripts/bench_python.py api|hf TOKENIZER INPUT OUTPUT

`api`: vocabtool's Python API (python/ on PYTHONPATH, VOCABTOOL_BIN set), `hf`: HF tokenizers'
encode_batch (run with RAYON_NUM_THREADS=1 TOKENIZERS_PARALLELISM=false for one thread). The
timed part reads the file, loads the tokenizer and encodes all lines (no special tokens); its
wall and CPU seconds (this process and its helper process) go to stdout, then the ids are
written to OUTPUT as `vocabtool encode` writes them (one line of space-separated ids per line).
"""

import resource
import sys
import time


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    mode, tokenizer_path, input_path, output_path = sys.argv[1:5]
    wall, cpu = time.perf_counter(), cpu_seconds()
    with open(input_path, encoding="utf-8", newline="") as file:
        lines = file.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if mode == "api":
        import vocabtool

        with vocabtool.Tokenizer(tokenizer_path) as tokenizer:
            ids = tokenizer.encode_batch(lines)
    elif mode == "hf":
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(tokenizer_path)
        tokenizer.no_truncation()
        tokenizer.no_padding()
        ids = [encoding.ids for encoding in tokenizer.encode_batch(lines, add_special_tokens=False)]
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(f"{time.perf_counter() - wall:.3f} {cpu_seconds() - cpu:.3f}")
    with open(output_path, "w") as out:
        out.writelines(" ".join(map(str, line)) + "\n" for line in ids)


if __name__ == "__main__":
    main()
