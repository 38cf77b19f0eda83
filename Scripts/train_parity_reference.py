"""HF tokenizers' ParityBpeTrainer (0.23.3), the reference for `vocabtool train --parity`.

    train_parity_reference.py TRAIN_DIR OUT.json VOCAB_SIZE [dev=DEV_DIR] [ratio=LANG=R,...]
                              [variant=base|window] [global_merges=N] [window_size=N] [alpha=A]
                              [min_frequency=N] [max_token_length=N] [special_tokens=a,b]
        Trains Tokenizer(BPE()) with ByteLevel(add_prefix_space=False) pre-tokenization and the
        ByteLevel decoder by ParityBpeTrainer(num_merges=VOCAB_SIZE, total_symbols=True,
        initial_alphabet=ByteLevel.alphabet(), show_progress=False) and saves OUT.json.
        Languages are the FLORES-named files of TRAIN_DIR (<lang>_<Script>.*) in file-name order;
        dev files are those of DEV_DIR with the same language names. Lines are fed as
        Tokenizer.train(files) reads them: split after each \\n, the \\n kept.
"""
import os
import re
import sys

FLORES_NAME = re.compile(r"^([a-z]{2,3}_[A-Z][a-z]{3})(\..*)?$")


def language_files(folder):
    files = {}
    for name in sorted(os.listdir(folder), key=lambda n: n.encode("utf-8")):
        m = FLORES_NAME.match(name)
        if m and not name.startswith(".") and os.path.isfile(os.path.join(folder, name)):
            files[m.group(1)] = os.path.join(folder, name)
    return files


def lines(path):
    with open(path, "rb") as f:
        text = f.read().decode("utf-8")
    parts = text.split("\n")
    out = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


def train(train_dir, out, vocab_size, extra):
    from tokenizers import Tokenizer, decoders, pre_tokenizers
    from tokenizers.models import BPE
    from tokenizers.trainers import ParityBpeTrainer

    kwargs = {}
    dev_dir = None
    ratio = None
    for arg in extra:
        key, value = arg.split("=", 1)
        if key == "dev":
            dev_dir = value
        elif key == "ratio":
            ratio = dict((item.split("=")[0], float(item.split("=")[1])) for item in value.split(","))
        elif key == "variant":
            kwargs["variant"] = value
        elif key == "special_tokens":
            kwargs["special_tokens"] = value.split(",")
        elif key == "alpha":
            kwargs["alpha"] = float(value)
        else:
            kwargs[key] = int(value)
    tokenizer = Tokenizer(BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = ParityBpeTrainer(num_merges=int(vocab_size), total_symbols=True, show_progress=False,
                               initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), **kwargs)
    train_files = language_files(train_dir)
    languages = list(train_files)
    train_iterators = [lines(train_files[lang]) for lang in languages]
    dev_iterators = None
    if dev_dir:
        dev_files = language_files(dev_dir)
        dev_iterators = [lines(dev_files[lang]) for lang in languages]
    ratios = [ratio[lang] for lang in languages] if ratio else None
    trainer.train_from_iterator(tokenizer, train_iterators, dev_iterators=dev_iterators, ratio=ratios)
    tokenizer.save(out)


if __name__ == "__main__":
    if len(sys.argv) >= 4:
        train(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
