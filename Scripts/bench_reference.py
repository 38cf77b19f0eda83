"""Reference encoders for Scripts/bench-encode: encodes every line of a text file with the
upstream Python library, one `encode` call per line (no special tokens), and writes the ids of
each line space-separated, one output line per input line, as `vocabtool encode` does.

Usage: bench_reference.py KIND MODEL INPUT [PATTERN]
  KIND tiktoken: MODEL is a rank file, PATTERN one of r50k, cl100k, o200k, llama3, qwen2, tekken
  KIND hf:       MODEL is a tokenizer.json (truncation and padding switched off)
  KIND spm:      MODEL is a SentencePiece .model
  KIND tekken:   MODEL is a tekken.json (mistral-common's Tekkenizer, bos=False, eos=False)
"""
import sys

from split_patterns import PATTERNS


def encoder(kind, model, pattern):
    if kind == "tiktoken":
        import tiktoken
        from tiktoken.load import load_tiktoken_bpe
        enc = tiktoken.Encoding(
            "bench", pat_str=PATTERNS[pattern], mergeable_ranks=load_tiktoken_bpe(model), special_tokens={})
        return enc.encode_ordinary
    if kind == "hf":
        from tokenizers import Tokenizer
        tok = Tokenizer.from_file(model)
        tok.no_truncation()
        tok.no_padding()
        return lambda line: tok.encode(line, add_special_tokens=False).ids
    if kind == "spm":
        import sentencepiece
        sp = sentencepiece.SentencePieceProcessor(model_file=model)
        return sp.encode
    if kind == "tekken":
        from mistral_common.tokens.tokenizers.tekken import Tekkenizer
        tekken = Tekkenizer.from_file(model)
        return lambda line: tekken.encode(line, bos=False, eos=False)
    raise SystemExit(f"unknown reference kind {kind}")


def main():
    kind, model, path = sys.argv[1:4]
    encode = encoder(kind, model, sys.argv[4] if len(sys.argv) > 4 else None)
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    write = sys.stdout.write
    for line in lines:
        write(" ".join(map(str, encode(line))) + "\n")


if __name__ == "__main__":
    main()
