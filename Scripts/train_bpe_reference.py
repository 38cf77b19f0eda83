"""HF tokenizers' BPE and WordPiece training, the reference for `vocabtool train`.

    train_bpe_reference.py train CORPUS OUT.json VOCAB_SIZE [min_frequency=N] [max_token_length=N]
                           [special_tokens=a,b] [special_tokens_file=F] [pre_tokenizer=P]
                           [normalizer=N] [model=bpe|wordpiece]
        Trains via Tokenizer.train([CORPUS]) and saves OUT.json. Default: Tokenizer(BPE()) with
        ByteLevel(add_prefix_space=False) pre-tokenization and the ByteLevel decoder,
        BpeTrainer(initial_alphabet=ByteLevel.alphabet(), show_progress=False).
        pre_tokenizer=whitespace|bert|metaspace: Whitespace(), BertPreTokenizer() or Metaspace()
        instead (no initial alphabet); normalizer=bert|nfc|nfkc: BertNormalizer(), NFC(), NFKC();
        model=wordpiece: Tokenizer(WordPiece(unk_token="[UNK]")) trained by WordPieceTrainer, the
        WordPiece decoder (pre-tokenizer bert unless given). special_tokens_file: more special
        tokens, one a line, after special_tokens.
    train_bpe_reference.py compare HF.json VOCABTOOL.json [model-only]
        Prints whether vocabularies, merges and (unless model-only) added tokens are identical (and
        the first difference); exit 1 if not.
    train_bpe_reference.py vocab-difference HF.json VOCABTOOL.json
        Prints how many tokens only one of the two vocabularies has (ids ignored).
    train_bpe_reference.py encode CORPUS A.json B.json
        Encodes every line of CORPUS with HF tokenizers loading each file; prints how many lines
        get identical ids (and identical token strings); exit 1 unless all ids are identical.
    train_bpe_reference.py continuing-tokens VOCABTOOL.json OUT
        Writes the prefixed one-character tokens (`##x`) of a WordPiece vocabulary, in id order.
"""
import json
import sys


def train(corpus, out, vocab_size, extra):
    from tokenizers import Tokenizer, decoders, normalizers, pre_tokenizers
    from tokenizers.models import BPE, WordPiece
    from tokenizers.trainers import BpeTrainer, WordPieceTrainer

    kwargs = {}
    options = {}
    for arg in extra:
        key, value = arg.split("=", 1)
        if key == "special_tokens":
            kwargs.setdefault("special_tokens", []).extend(value.split(","))
        elif key == "special_tokens_file":
            with open(value, encoding="utf-8") as f:
                kwargs.setdefault("special_tokens", []).extend(line.rstrip("\n") for line in f if line.strip())
        elif key in ("pre_tokenizer", "normalizer", "model"):
            options[key] = value
        else:
            kwargs[key] = int(value)
    wordpiece = options.get("model") == "wordpiece"
    pre = options.get("pre_tokenizer", "bert" if wordpiece else "byte-level")
    if wordpiece:
        tokenizer = Tokenizer(WordPiece(unk_token="[UNK]"))
        tokenizer.decoder = decoders.WordPiece()
    else:
        tokenizer = Tokenizer(BPE())
    if pre == "byte-level":
        tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
        if not wordpiece:
            tokenizer.decoder = decoders.ByteLevel()
            kwargs["initial_alphabet"] = pre_tokenizers.ByteLevel.alphabet()
    elif pre == "whitespace":
        tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    elif pre == "bert":
        tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    elif pre == "metaspace":
        tokenizer.pre_tokenizer = pre_tokenizers.Metaspace()
        if not wordpiece:
            tokenizer.decoder = decoders.Metaspace()
    norm = options.get("normalizer")
    if norm == "bert":
        tokenizer.normalizer = normalizers.BertNormalizer()
    elif norm == "nfc":
        tokenizer.normalizer = normalizers.NFC()
    elif norm == "nfkc":
        tokenizer.normalizer = normalizers.NFKC()
    trainer_type = WordPieceTrainer if wordpiece else BpeTrainer
    trainer = trainer_type(vocab_size=int(vocab_size), show_progress=False, **kwargs)
    tokenizer.train([corpus], trainer)
    tokenizer.save(out)


def vocab_difference(reference, candidate):
    va = json.load(open(reference, encoding="utf-8"))["model"]["vocab"]
    vb = json.load(open(candidate, encoding="utf-8"))["model"]["vocab"]
    only_a = sorted(set(va) - set(vb), key=lambda t: va[t])
    only_b = sorted(set(vb) - set(va), key=lambda t: vb[t])
    print(f"  vocab {len(va)} vs {len(vb)}: {len(only_a)} tokens only in {reference}, {len(only_b)} only in "
          f"{candidate}; same id for {sum(1 for t in va if vb.get(t) == va[t])} tokens")
    if only_a or only_b:
        print(f"    e.g. {only_a[:5]} / {only_b[:5]}")


def encode(corpus, first, second):
    from tokenizers import Tokenizer

    with open(corpus, encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f]
    a = Tokenizer.from_file(first).encode_batch(lines, add_special_tokens=False)
    b = Tokenizer.from_file(second).encode_batch(lines, add_special_tokens=False)
    same_ids = sum(1 for x, y in zip(a, b) if x.ids == y.ids)
    same_tokens = sum(1 for x, y in zip(a, b) if x.tokens == y.tokens)
    tokens = sum(len(x.ids) for x in a)
    print(f"  HF encodes {len(lines)} lines ({tokens} tokens): identical ids on {same_ids}, "
          f"identical tokens on {same_tokens}")
    return same_ids == len(lines)


def continuing_tokens(path, out):
    vocab = json.load(open(path, encoding="utf-8"))["model"]["vocab"]
    tokens = [t for t, _ in sorted(vocab.items(), key=lambda kv: kv[1]) if t.startswith("##") and len(t) == 3]
    with open(out, "w", encoding="utf-8") as f:
        f.write("".join(t + "\n" for t in tokens))


def compare(reference, candidate, model_only=False):
    a = json.load(open(reference, encoding="utf-8"))
    b = json.load(open(candidate, encoding="utf-8"))
    va, vb = a["model"]["vocab"], b["model"]["vocab"]
    ma, mb = a["model"].get("merges", []), b["model"].get("merges", [])
    ok = True
    if va != vb:
        ok = False
        ia = sorted(va.items(), key=lambda kv: kv[1])
        ib = sorted(vb.items(), key=lambda kv: kv[1])
        first = next((k for k in range(min(len(ia), len(ib))) if ia[k] != ib[k]), min(len(ia), len(ib)))
        print(f"  vocab differs: {len(va)} vs {len(vb)} entries; first difference at id {first}: "
              f"{ia[first] if first < len(ia) else None} vs {ib[first] if first < len(ib) else None}")
    if ma != mb:
        ok = False
        first = next((k for k in range(min(len(ma), len(mb))) if ma[k] != mb[k]), min(len(ma), len(mb)))
        print(f"  merges differ: {len(ma)} vs {len(mb)}; first difference at rank {first}: "
              f"{ma[first] if first < len(ma) else None} vs {mb[first] if first < len(mb) else None}")
    if not model_only and a.get("added_tokens") != b.get("added_tokens"):
        ok = False
        print("  added_tokens differ")
    same_bytes = open(reference, "rb").read() == open(candidate, "rb").read()
    print(f"  vocab {len(vb)}, merges {len(mb)}: {'IDENTICAL' if ok else 'DIFFERENT'}"
          f"{' (files byte-identical)' if same_bytes else ''}")
    return ok


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "train":
        train(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
    elif len(sys.argv) in (4, 5) and sys.argv[1] == "compare":
        sys.exit(0 if compare(sys.argv[2], sys.argv[3], sys.argv[4:] == ["model-only"]) else 1)
    elif len(sys.argv) == 4 and sys.argv[1] == "vocab-difference":
        vocab_difference(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 5 and sys.argv[1] == "encode":
        sys.exit(0 if encode(sys.argv[2], sys.argv[3], sys.argv[4]) else 1)
    elif len(sys.argv) == 4 and sys.argv[1] == "continuing-tokens":
        continuing_tokens(sys.argv[2], sys.argv[3])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
