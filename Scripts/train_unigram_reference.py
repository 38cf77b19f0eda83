"""SentencePiece and HF tokenizers as the reference for `vocabtool train --model unigram`.

    train_unigram_reference.py train CORPUS PREFIX VOCAB_SIZE [byte-fallback] [identity]
        Trains sentencepiece (model_type=unigram, defaults otherwise: character_coverage 0.9995,
        nmt_nfkc; byte_fallback and the identity normalization rule when asked) and writes
        PREFIX.model.
    train_unigram_reference.py encode-spm MODEL CORPUS OUT
    train_unigram_reference.py encode-hf TOKENIZER_JSON CORPUS OUT
        Encodes every line of CORPUS (split on \\n only, as vocabtool reads lines) with
        sentencepiece / HF tokenizers (no special tokens) and writes space-separated ids, one line
        per input line (the format of `vocabtool encode`).
    train_unigram_reference.py compare NAME REFERENCE_IDS VOCABTOOL_IDS
        Counts the lines whose ids differ; exits 1 when any does.
    train_unigram_reference.py ratio OURS_IDS REFERENCE_IDS
        Prints both token totals and their ratio; exits 1 when ours is more than 1% larger.
"""
import sys


def lines_of(corpus):
    data = open(corpus, "rb").read()
    parts = data.split(b"\n")
    if parts and parts[-1] == b"":
        parts.pop()
    return [p.decode("utf-8") for p in parts]


def write_ids(rows, out):
    with open(out, "w") as f:
        for ids in rows:
            f.write(" ".join(map(str, ids)) + "\n")


def train(corpus, prefix, vocab_size, options=()):
    import sentencepiece as spm
    spm.SentencePieceTrainer.train(input=corpus, model_prefix=prefix, vocab_size=int(vocab_size),
                                   model_type="unigram", byte_fallback="byte-fallback" in options,
                                   normalization_rule_name="identity" if "identity" in options else "nmt_nfkc",
                                   minloglevel=2)


def encode_spm(model, corpus, out):
    import sentencepiece as spm
    write_ids(spm.SentencePieceProcessor(model_file=model).encode(lines_of(corpus)), out)


def encode_hf(tokenizer, corpus, out):
    from tokenizers import Tokenizer
    encodings = Tokenizer.from_file(tokenizer).encode_batch(lines_of(corpus), add_special_tokens=False)
    write_ids((e.ids for e in encodings), out)


def read_rows(path):
    return [line.rstrip("\n") for line in open(path)]


def compare(name, reference, ours):
    ref, got = read_rows(reference), read_rows(ours)
    if len(ref) != len(got):
        print(f"  {name}: {len(got)} lines from vocabtool, {len(ref)} from the reference")
        return False
    differing = [i for i, (a, b) in enumerate(zip(ref, got)) if a != b]
    print(f"  {name}: {len(ref) - len(differing)} of {len(ref)} lines identical, {len(differing)} differ")
    for i in differing[:5]:
        print(f"    line {i + 1}:\n      reference {ref[i][:200]}\n      vocabtool {got[i][:200]}")
    return not differing


def ratio(ours, reference):
    total = lambda path: sum(len(row.split()) for row in read_rows(path))
    a, b = total(ours), total(reference)
    print(f"  tokens on the corpus: vocabtool's model {a}, sentencepiece's model {b}; ratio {a / b:.4f} (target <= 1.01)")
    return a / b <= 1.01


if __name__ == "__main__":
    args = sys.argv[1:]
    if 4 <= len(args) <= 6 and args[0] == "train" and set(args[4:]) <= {"byte-fallback", "identity"}:
        train(args[1], args[2], args[3], args[4:])
    elif len(args) == 4 and args[0] == "encode-spm":
        encode_spm(args[1], args[2], args[3])
    elif len(args) == 4 and args[0] == "encode-hf":
        encode_hf(args[1], args[2], args[3])
    elif len(args) == 4 and args[0] == "compare":
        sys.exit(0 if compare(args[1], args[2], args[3]) else 1)
    elif len(args) == 3 and args[0] == "ratio":
        sys.exit(0 if ratio(args[1], args[2]) else 1)
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
