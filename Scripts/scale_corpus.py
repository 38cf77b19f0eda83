"""Writes a corpus of a given size made from FLORES dev text whose distinct words grow with it.

    scale_corpus.py FLORES_DIR BYTES OUT     (OUT may be - for standard output)

The FLORES dev files (all 205 languages, in name order) are repeated until BYTES bytes are
written, cut at a line end. Copy 0 is the text as it is; in copy c >= 1, one word of every line
(the word at index (c * 7 + line number) mod word count, words split on single spaces) gets the
suffix "~" + c in base 36. So each copy brings about one new distinct word per line (about 200,000
per 39 MB), and the number of distinct words grows linearly with the size, as in a real crawl
where more text brings more names, numbers and spellings.
"""
import os
import sys


def digits36(n):
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = alphabet[r] + out
    return out or "0"


def main():
    flores, size, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    lines = []
    for name in sorted(os.listdir(flores)):
        if name.endswith(".dev"):
            with open(os.path.join(flores, name), "rb") as f:
                lines.extend(f.read().split(b"\n")[:-1])
    words = [line.split(b" ") for line in lines]
    sink = sys.stdout.buffer if out == "-" else open(out, "wb")
    written = 0
    copy = 0
    while written < size:
        chunk = []
        if copy == 0:
            chunk = [line + b"\n" for line in lines]
        else:
            suffix = b"~" + digits36(copy).encode()
            for number, parts in enumerate(words):
                k = (copy * 7 + number) % len(parts)
                chunk.append(b" ".join(parts[:k] + [parts[k] + suffix] + parts[k + 1:]) + b"\n")
        for line in chunk:
            if written + len(line) > size:
                written = size
                break
            sink.write(line)
            written += len(line)
        copy += 1
    sink.flush()
    if sink is not sys.stdout.buffer:
        sink.close()


if __name__ == "__main__":
    main()
