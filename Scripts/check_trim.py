"""Checks `vocabtool trim` outputs with HF tokenizers and safetensors (see Scripts/check-trim)."""
import json, os, subprocess, sys
import numpy as np
from safetensors import safe_open
from tokenizers import Tokenizer

VOCABTOOL, SHARED, WORK = sys.argv[1:4]
FLORES = os.path.join(SHARED, "corpora", "flores200-dev")
failures = 0


def lines_of(paths):
    out = []
    for p in paths:
        with open(p, encoding="utf-8", newline="") as f:
            out += f.read().split("\n")
        if out and out[-1] == "":
            out.pop()
    return out


def trim(name, tokenizer, langs, extra=()):
    out = os.path.join(WORK, name)
    corpus = [os.path.join(FLORES, l + ".dev") for l in langs]
    cmd = [VOCABTOOL, "trim", "--tokenizer", tokenizer, "--corpus", *corpus, "--min-frequency", "1",
           "--output", out, "--force", *extra]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(out, "trim-report.json")) as f:
        return out, corpus, json.load(f)


def check_tokenizer(name, tokenizer_json, langs, extra=()):
    global failures
    out, corpus, report = trim(name, os.path.dirname(tokenizer_json), langs, extra)
    new_to_old = report["new_to_old"]
    original = Tokenizer.from_file(tokenizer_json)
    trimmed = Tokenizer.from_file(os.path.join(out, "tokenizer.json"))
    for t in (original, trimmed):  # vocabtool encode neither pads nor truncates
        t.no_padding()
        t.no_truncation()
    ours = subprocess.run([VOCABTOOL, "encode", "--tokenizer", out, *corpus], check=True, capture_output=True).stdout
    ours = [[int(x) for x in l.split()] for l in ours.decode().split("\n")[:-1]]
    texts = lines_of(corpus)
    assert len(ours) == len(texts), (len(ours), len(texts))
    differ_hf = differ_orig = 0
    for text, mine in zip(texts, ours):
        hf = trimmed.encode(text, add_special_tokens=False)
        if hf.ids != mine:
            differ_hf += 1
        orig = original.encode(text, add_special_tokens=False)
        if [new_to_old[i] for i in hf.ids] != orig.ids or hf.tokens != orig.tokens:
            differ_orig += 1
    print(f"{name}: vocab {report['vocab_size']['before']} -> {report['vocab_size']['after']}, "
          f"merges {report['merges']['before']} -> {report['merges']['after']}; {len(texts)} lines: "
          f"{differ_hf} differ between HF and vocabtool on the trimmed tokenizer, "
          f"{differ_orig} segment differently from the original")
    failures += differ_hf + differ_orig
    return out, report


out, report = check_tokenizer(
    "xlmr-eng-rus-hin-jpn", os.path.join(SHARED, "tokenizers/xlmr-unigram/tokenizer.json"),
    ["eng_Latn", "rus_Cyrl", "hin_Deva", "jpn_Jpan"],
    ["--embeddings", os.path.join(WORK, "xlmr-e5.safetensors")])
check_tokenizer("gpt2-eng-fra-deu-spa", os.path.join(SHARED, "tokenizers/gpt2/tokenizer.json"),
                ["eng_Latn", "fra_Latn", "deu_Latn", "spa_Latn"])
check_tokenizer("minilm-eng-fra-deu-spa", os.path.join(SHARED, "tokenizers/minilm-wordpiece/tokenizer.json"),
                ["eng_Latn", "fra_Latn", "deu_Latn", "spa_Latn"])

name = "embeddings.word_embeddings.weight"
with safe_open(os.path.join(WORK, "xlmr-e5.safetensors"), "np") as f:
    before = f.get_tensor(name)
with safe_open(os.path.join(out, "model.safetensors"), "np") as f:
    after = f.get_tensor(name)
    metadata = f.metadata()
rows = np.array(report["new_to_old"])
same = after.shape == (len(rows), before.shape[1]) and np.array_equal(after.view(np.uint16), before[rows].view(np.uint16))
print(f"embeddings: {before.shape} -> {after.shape}, rows bit-identical at mapped ids: {same}, metadata kept: {bool(metadata)}")
failures += 0 if same and metadata else 1
print("check-trim:", "OK" if failures == 0 else f"{failures} FAILURES")
sys.exit(1 if failures else 0)
