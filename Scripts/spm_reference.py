#!/usr/bin/env python3
"""Reference side of Scripts/check-spm (python sentencepiece).

  encode MODEL CORPUS OUT          ids of every line of CORPUS, one line of space-separated ids each
  compare NAME REF OURS            counts lines whose ids are identical
  fertility NAME TSV IDS FILE...   token counts per FLORES file (in order) vs fertility.tsv
  roundtrip NAME CORPUS DECODED    counts lines that decode back to the input
Lines are read as the goldens were made: universal newlines, split on \\n, final empty piece dropped.
"""
import os
import sys


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def encode(model, corpus, out):
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=model)
    with open(out, "w", encoding="utf-8") as f:
        for line in read_lines(corpus):
            f.write(" ".join(map(str, sp.encode(line))) + "\n")


def compare(name, ref, ours):
    a, b = read_lines(ref), read_lines(ours)
    same = sum(1 for x, y in zip(a, b) if x == y)
    total = max(len(a), len(b))
    first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), None)
    print(f"{name}: {same}/{total} lines identical ({100.0 * same / max(total, 1):.3f}%)"
          + ("" if first is None else f"; first difference at line {first + 1}"))
    return same == total


def fertility(name, tsv, ids, files):
    expected = {}
    with open(tsv, encoding="utf-8") as f:
        for row in f.read().split("\n")[1:]:
            cols = row.split("\t")
            if len(cols) >= 8 and cols[0] == name:
                expected[cols[1]] = int(cols[7])
    rows = read_lines(ids)
    at, equal, bad = 0, 0, []
    for path in files:
        n = len(read_lines(path))
        tokens = sum(len(r.split()) for r in rows[at:at + n])
        at += n
        lang = os.path.basename(path).rsplit(".", 1)[0]
        if expected.get(lang) == tokens:
            equal += 1
        else:
            bad.append(f"{lang} {tokens} vs {expected.get(lang)}")
    print(f"{name}: token counts equal fertility.tsv for {equal}/{len(files)} languages"
          + ("" if not bad else "; differ: " + ", ".join(bad[:10])))
    return not bad


def roundtrip(name, corpus, decoded):
    a, b = read_lines(corpus), read_lines(decoded)
    same = sum(1 for x, y in zip(a, b) if x == y)
    print(f"{name}: decode(encode(x)) == x on {same}/{len(a)} lines")
    return same == len(a) == len(b)


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "encode":
        encode(*args)
        return 0
    if cmd == "compare":
        return 0 if compare(*args) else 1
    if cmd == "fertility":
        return 0 if fertility(args[0], args[1], args[2], args[3:]) else 1
    if cmd == "roundtrip":
        return 0 if roundtrip(*args) else 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
