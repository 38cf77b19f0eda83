"""Checks `vocabtool expand` outputs with HF tokenizers and sentencepiece (see Scripts/check-expand)."""
import glob, json, os, subprocess, sys, time

VOCABTOOL, SHARED, WORK, LANG = sys.argv[1:5]
FLORES = os.path.join(SHARED, "corpora", "flores200-dev")
ALL_FILES = sorted(glob.glob(os.path.join(FLORES, "*.dev")))
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
    """The reference library's encoder of a list of lines (no special tokens)."""
    if path.endswith(".model"):
        import sentencepiece as spm
        sp = spm.SentencePieceProcessor(model_file=path)
        return lambda texts: sp.encode(texts)
    from tokenizers import Tokenizer
    t = Tokenizer.from_file(path)
    t.no_padding()
    t.no_truncation()
    return lambda texts: [e.ids for e in t.encode_batch(texts, add_special_tokens=False)]


TEXTS = {path: lines_of(path) for path in ALL_FILES}
BASE_IDS = {}


def expand(name, tokenizer, extra):
    """Runs expand on the first half of LANG; returns (report, seconds, output folder)."""
    lines = TEXTS[os.path.join(FLORES, LANG + ".dev")]
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
    return json.load(open(os.path.join(out, "expand-report.json"), encoding="utf-8")), seconds, out


def check(name, tokenizer, output_file, extra=(), compare=True):
    """Expands, then (compare) checks the reference library against vocabtool on all FLORES dev text.
    Returns the held-out reduction for the summary table."""
    global failures
    report, seconds, out = expand(name, tokenizer, extra)
    h, e = report["held_out"]
    print(f"{name}: vocab {report['vocab_size']['before']} -> {report['vocab_size']['after']} in {seconds:.1f} s "
          f"(target scripts {report.get('target_scripts')}); held-out {LANG} {h['tokens_before']} -> {h['tokens_after']} "
          f"tokens ({100 * h['change']:+.1f}%), English {e['tokens_before']} -> {e['tokens_after']}")
    if h["tokens_after"] >= h["tokens_before"]:
        print("  FAIL: held-out tokens did not drop")
        failures += 1
    if e["tokens_after"] != e["tokens_before"]:
        print("  FAIL: English token count changed")
        failures += 1
    if not compare:
        return report, seconds
    expanded = os.path.join(out, output_file)
    if tokenizer not in BASE_IDS:
        BASE_IDS[tokenizer] = reference(tokenizer)([t for p in ALL_FILES for t in TEXTS[p]])
    old_all = BASE_IDS[tokenizer]
    new_all = reference(expanded)([t for p in ALL_FILES for t in TEXTS[p]])
    ours_all = vocabtool_ids(expanded, ALL_FILES)
    if len(ours_all) != len(new_all):
        print(f"  FAIL: vocabtool gave {len(ours_all)} lines, the reference {len(new_all)}")
        failures += 1
        return report, seconds
    differ = sum(a != b for a, b in zip(ours_all, new_all))
    longer = sum(len(a) > len(b) for a, b in zip(new_all, old_all))
    k, eng_changed, langs_changed = 0, 0, 0
    for path in ALL_FILES:
        n = len(TEXTS[path])
        changed = sum(a != b for a, b in zip(new_all[k:k + n], old_all[k:k + n]))
        langs_changed += changed > 0
        if path.endswith("eng_Latn.dev"):
            eng_changed = changed
        k += n
    print(f"  all FLORES dev ({len(ALL_FILES)} languages, {len(new_all)} lines): {differ} lines differ between the reference "
          f"library and vocabtool; {longer} lines got more tokens; {eng_changed} English lines segmented differently; "
          f"{langs_changed} languages have a line segmented differently")
    failures += differ + longer + eng_changed
    if output_file == "tokenizer.model":
        # The tokenizer.json written beside the model, in HF tokenizers.
        beside = reference(os.path.join(out, "tokenizer.json"))([t for p in ALL_FILES for t in TEXTS[p]])
        differ_json = sum(a != b for a, b in zip(ours_all, beside))
        print(f"  tokenizer.json beside it in HF tokenizers: {differ_json} lines differ from vocabtool's ids")
        failures += differ_json
    return report, seconds


os.makedirs(WORK, exist_ok=True)
o200k = os.path.join(WORK, "o200k-tokenizer.json")
if not os.path.exists(o200k):
    subprocess.run([VOCABTOOL, "convert", "--tokenizer", os.path.join(SHARED, "tokenizers/tiktoken/o200k.tiktoken"),
                    "--output", o200k], check=True, stdout=subprocess.DEVNULL)
rows = []
for name, tokenizer, output_file, extra in [
    ("o200k", o200k, "tokenizer.json", []),
    ("llama2", os.path.join(SHARED, "tokenizers/llama2/tokenizer.model"), "tokenizer.model", []),
    ("xlmr", os.path.join(SHARED, "tokenizers/xlmr-unigram/tokenizer.json"), "tokenizer.json",
     ["--embeddings", os.path.join(WORK, "xlmr-e5.safetensors"), "--init", "align"]),
]:
    report, seconds = check(name + "-continue", tokenizer, output_file, extra)
    rows.append((name, "continue", report, seconds))
    # Yamaguchi et al.'s auxiliary-tokenizer recipe, for comparison (counts only).
    report, seconds = check(name + "-train-merge", tokenizer, output_file, ["--method", "train-merge"], compare=False)
    rows.append((name, "train-merge", report, seconds))
    if name == "xlmr":
        report, seconds = check(name + "-train-unigram", tokenizer, output_file, ["--method", "train-unigram"], compare=False)
        rows.append((name, "train-unigram", report, seconds))

print()
print(f"| base tokenizer | method | held-out {LANG} tokens | English tokens | time |")
print("|---|---|---|---|---|")
for name, method, report, seconds in rows:
    h, e = report["held_out"]
    print(f"| {name} | {method} | {h['tokens_before']:,} -> {h['tokens_after']:,} ({100 * h['change']:+.1f}%) | "
          f"{e['tokens_before']:,} -> {e['tokens_after']:,} | {seconds:.1f} s |")
print("FAILED" if failures else "all checks passed")
sys.exit(1 if failures else 0)
