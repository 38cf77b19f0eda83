"""Checks `vocabtool expand` outputs with HF tokenizers and sentencepiece (see Scripts/check-expand)."""
import json, os, subprocess, sys, time

VOCABTOOL, SHARED, WORK, LANG = sys.argv[1:5]
FLORES = os.path.join(SHARED, "corpora", "flores200-dev")
CHECK_LANGS = [LANG, "eng_Latn", "fra_Latn", "rus_Cyrl", "zho_Hans", "arb_Arab", "hin_Deva", "mya_Mymr", "sin_Sinh", "yor_Latn"]
failures = 0


def lines_of(path):
    with open(path, encoding="utf-8", newline="") as f:
        out = f.read().split("\n")
    if out and out[-1] == "":
        out.pop()
    return out


def write_lines(path, lines):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("".join(l + "\n" for l in lines))


def vocabtool_ids(tokenizer, files):
    out = subprocess.run([VOCABTOOL, "encode", "--tokenizer", tokenizer, *files], check=True, capture_output=True).stdout
    return [[int(x) for x in l.split()] for l in out.decode().split("\n")[:-1]]


def reference(path):
    if path.endswith(".model"):
        import sentencepiece as spm
        sp = spm.SentencePieceProcessor(model_file=path)
        return lambda text: sp.encode(text)
    from tokenizers import Tokenizer
    t = Tokenizer.from_file(path)
    t.no_padding()
    t.no_truncation()
    return lambda text: t.encode(text, add_special_tokens=False).ids


def check(name, tokenizer, output_file, extra=(), bpe=True):
    global failures
    lines = lines_of(os.path.join(FLORES, LANG + ".dev"))
    half = len(lines) // 2
    train, held = os.path.join(WORK, LANG + ".a.txt"), os.path.join(WORK, LANG + ".b.txt")
    write_lines(train, lines[:half])
    write_lines(held, lines[half:])
    eng = os.path.join(FLORES, "eng_Latn.dev")
    out = os.path.join(WORK, name)
    start = time.time()
    subprocess.run([VOCABTOOL, "expand", "--tokenizer", tokenizer, "--corpus", train, "--add", "1000", "--held-out", held, eng,
                    "--output", out, "--force", *extra], check=True, stdout=subprocess.DEVNULL)
    seconds = time.time() - start
    report = json.load(open(os.path.join(out, "expand-report.json"), encoding="utf-8"))
    h, e = report["held_out"]
    print(f"{name}: vocab {report['vocab_size']['before']} -> {report['vocab_size']['after']} in {seconds:.1f} s; "
          f"held-out {LANG} {h['tokens_before']} -> {h['tokens_after']} tokens ({100 * h['change']:+.1f}%), "
          f"English {e['tokens_before']} -> {e['tokens_after']}")
    if h["tokens_after"] >= h["tokens_before"]:
        print("  FAIL: held-out tokens did not drop")
        failures += 1
    if bpe and e["tokens_after"] > e["tokens_before"]:
        print("  FAIL: English got more tokens")
        failures += 1
    expanded = os.path.join(out, output_file)
    ref_new, ref_old = reference(expanded), reference(tokenizer)
    differ, changed_eng, longer = 0, 0, 0
    total = 0
    for lang in CHECK_LANGS:
        path = os.path.join(FLORES, lang + ".dev")
        texts = lines_of(path)
        ours = vocabtool_ids(expanded, [path])
        for text, mine in zip(texts, ours):
            new = ref_new(text)
            total += 1
            differ += new != mine
            old = ref_old(text)
            longer += len(new) > len(old)
            if lang == "eng_Latn" and bpe:
                changed_eng += new != old
    print(f"  {total} lines of {len(CHECK_LANGS)} languages: {differ} differ between the reference library and vocabtool; "
          f"{longer} lines got more tokens" + (f"; {changed_eng} English lines segmented differently" if bpe else ""))
    # English may get fewer tokens where a merge learned from the target corpus applies (shared
    # punctuation, digits); it must never get more.
    failures += differ + (longer if bpe else 0)


check("gpt2-bpe", os.path.join(SHARED, "tokenizers/gpt2/tokenizer.json"), "tokenizer.json")
check("llama2-spm", os.path.join(SHARED, "tokenizers/llama2/tokenizer.model"), "tokenizer.model")
check("xlmr-unigram", os.path.join(SHARED, "tokenizers/xlmr-unigram/tokenizer.json"), "tokenizer.json",
      extra=["--embeddings", os.path.join(WORK, "xlmr-e5.safetensors"), "--init", "align"], bpe=False)
print("FAILED" if failures else "all checks passed")
sys.exit(1 if failures else 0)
