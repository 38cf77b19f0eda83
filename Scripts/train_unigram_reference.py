"""SentencePiece Unigram training and token totals, the reference for `vocabtool train --model unigram`.

    train_unigram_reference.py train CORPUS PREFIX VOCAB_SIZE
        Trains sentencepiece (model_type=unigram, defaults otherwise: character_coverage 0.9995,
        nmt_nfkc) and writes PREFIX.model.
    train_unigram_reference.py compare CORPUS VOCABTOOL.json SPM.model
        Loads vocabtool's tokenizer.json in HF tokenizers, encodes every line of CORPUS (without
        its newline) with it and with the sentencepiece model, and prints both token totals and
        their ratio (acceptance: vocabtool within 1% of sentencepiece or fewer).
"""
import sys


def train(corpus, prefix, vocab_size):
    import sentencepiece as spm
    spm.SentencePieceTrainer.train(input=corpus, model_prefix=prefix, vocab_size=int(vocab_size),
                                   model_type="unigram", minloglevel=2)


def compare(corpus, ours, reference):
    import sentencepiece as spm
    from tokenizers import Tokenizer
    lines = [line.rstrip("\n") for line in open(corpus, encoding="utf-8")]
    tokenizer = Tokenizer.from_file(ours)
    encodings = tokenizer.encode_batch(lines, add_special_tokens=False)
    ours_total = sum(len(e.ids) for e in encodings)
    unknown = sum(e.ids.count(0) for e in encodings)
    reference_total = sum(len(ids) for ids in spm.SentencePieceProcessor(model_file=reference).encode(lines))
    ratio = ours_total / reference_total
    print(f"  tokens on the corpus: vocabtool (via HF tokenizers) {ours_total} ({unknown} unknown), "
          f"sentencepiece {reference_total}; ratio {ratio:.4f}")
    return ratio <= 1.01


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "train":
        train(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) == 5 and sys.argv[1] == "compare":
        sys.exit(0 if compare(sys.argv[2], sys.argv[3], sys.argv[4]) else 1)
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
