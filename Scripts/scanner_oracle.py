"""Writes the pieces Python's `regex` module cuts for each tiktoken split pattern, as the oracle
for vocabtool's hand-written scanners (Scripts/check-scanners drives it).

Output directory: `cases.bin` = the UTF-8 texts, each followed by a NUL byte; `<pattern>.txt` =
one line per text with the byte offsets where its pieces end, space-separated.
Usage: scanner_oracle.py OUTDIR FLORES_DIR
"""
import os
import sys

import regex

from split_patterns import PATTERNS, for_python_regex

# Strings that exercise every alternative, backtracking path and class boundary.
EDGE = [
    "", " ", "  ", "a", "it's IT'S x1 12  ok\t\n  end  ", "a\r\n\nb  c ", "1234567", "x12345",
    "a\n\n\nb", "a \n b", "x  \n\n  y", "1234 12345", "don't I'LL we'VE they'Re 'ſ 'ſt 'S 'K",
    "'s", "''s", "'", "'ll'", "x'", "'Ll 'lL 'vE 'Re 'M 'D 'T",
    "hello world\n", "a\n  ", "a \n", "\n", "\r\n", " \r\n ", "\t\tx", "\u00a0x", "\u3000\u3000y",
    " +", "+\n/", "x/\n/\r/y", "((hello", "\u0301", "\u0301AB", "\u0301ab", "e\u0301", " \u0301x",
    "ABCdef", "ABC", "abcDEF", "ǅungla", "ǅǅ", "DŽ", "ʰʰa", "中文字", "Hello'S world's", "HELLO'S",
    "\u02b0A", "A\u02b0", "Aʰb", "ʰ'Re", "a1b2c3", "١٢٣٤", "x²³⁴⁵", "Ⅻ", "  \u0301", " \u0301 ",
    "a\u200bb", "a\u200db", "a\ufeffb", "\x0b\x0c\x1c\x85x", "tab\tsep", "a  ", "a \t", " a",
    "!!!  ???\n\n", "...\r\n", "a...\nb", "x\n\ny", "emoji 🧪🧪 ok", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "ﬁ ﬂ",
    "line\u2028sep\u2029par", "x\u0085y", "C++ / C# // ok", "$100,000.00", "e.g. U.S.A.",
    "ٱلْعَرَبِيَّة", "हिन्दी भाषा", "ไทย ภาษา", "日本語の文章です。", "Ελληνικά ΟΔΟΣ", "ՀԱՅԵՐԵՆ",
]


def main():
    out, flores = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    texts = list(EDGE)
    for name in sorted(os.listdir(flores)):
        if name.endswith(".dev"):
            with open(os.path.join(flores, name), encoding="utf-8") as f:
                lines = f.read().split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            texts.extend(lines)
    texts = [t for t in texts if "\0" not in t]
    with open(os.path.join(out, "cases.bin"), "wb") as f:
        for t in texts:
            f.write(t.encode("utf-8") + b"\0")
    for name, pattern in PATTERNS.items():
        compiled = regex.compile(for_python_regex(pattern))
        with open(os.path.join(out, name + ".txt"), "w") as f:
            for t in texts:
                ends = []
                offset = 0
                for m in compiled.finditer(t):
                    assert m.start() == (ends[-1][0] if ends else 0), (name, t)
                    offset += len(m.group().encode("utf-8"))
                    ends.append((m.end(), offset))
                f.write(" ".join(str(b) for _, b in ends) + "\n")
    print(f"{len(texts)} texts, {len(PATTERNS)} patterns -> {out}")


if __name__ == "__main__":
    main()
