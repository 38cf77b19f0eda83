"""HF tokenizers' byte-level BPE training, the reference for `vocabtool train --model bpe`.

    train_bpe_reference.py train CORPUS OUT.json VOCAB_SIZE [min_frequency=N] [max_token_length=N] [special_tokens=a,b]
        Trains Tokenizer(BPE()) with ByteLevel(add_prefix_space=False) pre-tokenization and the
        ByteLevel decoder, BpeTrainer(initial_alphabet=ByteLevel.alphabet(), show_progress=False),
        via Tokenizer.train([CORPUS]), and saves OUT.json.
    train_bpe_reference.py compare HF.json VOCABTOOL.json
        Prints whether vocabularies and merges are identical (and the first difference); exit 1 if not.
"""
import json
import sys


def train(corpus, out, vocab_size, extra):
    from tokenizers import Tokenizer
    from tokenizers.decoders import ByteLevel as ByteLevelDecoder
    from tokenizers.models import BPE
    from tokenizers.pre_tokenizers import ByteLevel
    from tokenizers.trainers import BpeTrainer

    kwargs = {}
    for arg in extra:
        key, value = arg.split("=", 1)
        kwargs[key] = value.split(",") if key == "special_tokens" else int(value)
    tokenizer = Tokenizer(BPE())
    tokenizer.pre_tokenizer = ByteLevel(add_prefix_space=False)
    tokenizer.decoder = ByteLevelDecoder()
    trainer = BpeTrainer(vocab_size=int(vocab_size), initial_alphabet=ByteLevel.alphabet(),
                         show_progress=False, **kwargs)
    tokenizer.train([corpus], trainer)
    tokenizer.save(out)


def compare(reference, candidate):
    a = json.load(open(reference, encoding="utf-8"))
    b = json.load(open(candidate, encoding="utf-8"))
    va, vb = a["model"]["vocab"], b["model"]["vocab"]
    ma, mb = a["model"]["merges"], b["model"]["merges"]
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
    if a.get("added_tokens") != b.get("added_tokens"):
        ok = False
        print("  added_tokens differ")
    same_bytes = open(reference, "rb").read() == open(candidate, "rb").read()
    print(f"  vocab {len(vb)}, merges {len(mb)}: {'IDENTICAL' if ok else 'DIFFERENT'}"
          f"{' (files byte-identical)' if same_bytes else ''}")
    return ok


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "train":
        train(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        sys.exit(0 if compare(sys.argv[2], sys.argv[3]) else 1)
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
