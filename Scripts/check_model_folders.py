"""Checks `vocabtool trim --model` and `expand --model` outputs with transformers (see Scripts/check-model-folders).

Usage: check_model_folders.py VOCABTOOL SHARED WORK
WORK holds the input folders minilm/ and xlmr/ (made by Scripts/check-model-folders).
"""
import filecmp, json, os, shutil, struct, subprocess, sys, tempfile
from tokenizers import Tokenizer
from transformers import AutoConfig, AutoTokenizer

VOCABTOOL, SHARED, WORK = sys.argv[1:4]
FLORES = os.path.join(SHARED, "corpora", "flores200-dev")
# Files whose content depends on the vocabulary (rewritten) and the weights (written by the change).
VOCABULARY_FILES = {"tokenizer.json", "tokenizer_config.json", "vocab.txt", "vocab.json", "merges.txt", "tokenizer.model",
                    "sentencepiece.bpe.model", "spiece.model", "config.json", "generation_config.json", "added_tokens.json",
                    "model.safetensors", "model.safetensors.index.json"}
failures = 0


def fail(what):
    global failures
    failures += 1
    print("  FAIL: " + what)


def lines_of(lang, first, count):
    with open(os.path.join(FLORES, lang + ".dev"), encoding="utf-8", newline="") as f:
        return f.read().split("\n")[first:first + count]


def files_of(folder):
    out = []
    for root, _, names in os.walk(folder):
        out += [os.path.relpath(os.path.join(root, n), folder) for n in names]
    return sorted(out)


def embedding_rows(folder):
    with open(os.path.join(folder, "model.safetensors"), "rb") as f:
        header = json.loads(f.read(struct.unpack("<Q", f.read(8))[0]))
    return {k: v["shape"][0] for k, v in header.items() if k != "__metadata__" and len(v["shape"]) == 2
            and ("word_embeddings" in k or "embed_tokens" in k or "lm_head" in k)}


def vocabtool_ids(folder, lines):
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt", delete=False) as f:
        f.write("\n".join(lines))
        path = f.name
    out = subprocess.run([VOCABTOOL, "encode", "--tokenizer", folder, "--add-special-tokens", path],
                         check=True, capture_output=True, text=True).stdout
    os.unlink(path)
    return [[int(x) for x in line.split()] for line in out.split("\n")[:len(lines)]]


def slow_copy(folder):
    """A copy of the folder without tokenizer.json: transformers must build the tokenizer from the slow files."""
    copy = tempfile.mkdtemp() + "/slow"
    shutil.copytree(folder, copy)
    os.remove(copy + "/tokenizer.json")
    return copy


def check(label, source, output, lang, trimmed):
    print(f"{label}: {output}")
    report = json.load(open(os.path.join(output, "trim-report.json" if trimmed else "expand-report.json")))
    left_out = report.get("files_left_out", [])
    if left_out:
        print("  left out: " + "; ".join(left_out))
    lines = lines_of(lang, 0, 100)
    base = AutoTokenizer.from_pretrained(source)
    ours = vocabtool_ids(output, lines)
    loaded = {"fast": AutoTokenizer.from_pretrained(output), "use_fast=False": AutoTokenizer.from_pretrained(output, use_fast=False)}
    slow_files = [n for n in ("vocab.txt", "vocab.json", "tokenizer.model", "sentencepiece.bpe.model", "spiece.model")
                  if os.path.exists(os.path.join(source, n))]
    if all(os.path.exists(os.path.join(output, n)) for n in slow_files) and slow_files:
        loaded["slow files (" + ", ".join(slow_files) + ")"] = AutoTokenizer.from_pretrained(slow_copy(output))
    # transformers 5 rebuilds some pipelines itself (XLM-R: WhitespaceSplit before Metaspace, where
    # tokenizer.json has Metaspace alone), so on a few lines it differs from `tokenizers` on the input
    # folder already; there the output must differ the same way, and nowhere else.
    # (`tokenizers` applies the padding and truncation a tokenizer.json carries; vocabtool encode and transformers do not.)
    raw = Tokenizer.from_file(os.path.join(source, "tokenizer.json"))
    raw.no_padding()
    raw.no_truncation()
    deviating = {i for i, line in enumerate(lines) if base(line)["input_ids"] != raw.encode(line).ids}
    raw_out = Tokenizer.from_file(os.path.join(output, "tokenizer.json"))
    raw_out.no_padding()
    raw_out.no_truncation()
    same_raw = sum(raw_out.encode(line).ids == ids for line, ids in zip(lines, ours))
    print(f"  tokenizers on tokenizer.json: ids == vocabtool encode --add-special-tokens on {same_raw}/{len(lines)} {lang} lines")
    if same_raw != len(lines):
        fail(f"tokenizers: {len(lines) - same_raw} lines differ from vocabtool's ids")
    for kind, tok in loaded.items():
        ids = [tok(line)["input_ids"] for line in lines]
        differ = {i for i in range(len(lines)) if ids[i] != ours[i]}
        specials = tok.all_special_tokens == base.all_special_tokens
        special_ids = [tok.convert_tokens_to_ids(t) for t in tok.all_special_tokens]
        print(f"  {kind}: {type(tok).__name__}, {len(tok)} tokens, ids == vocabtool encode --add-special-tokens on "
              f"{len(lines) - len(differ)}/{len(lines)} {lang} lines"
              + (f" (the other {len(differ)}: where transformers differs from tokenizers on the input too)" if differ else "")
              + f"; specials {tok.all_special_tokens} at {special_ids}; model_max_length {tok.model_max_length}")
        if differ - deviating:
            fail(f"{kind}: {len(differ - deviating)} lines differ from vocabtool's ids")
        if trimmed:
            pieces_differ = [i for i in range(len(lines))
                             if tok.convert_ids_to_tokens(ids[i]) != base.convert_ids_to_tokens(base(lines[i])["input_ids"])]
            if pieces_differ:
                fail(f"{kind}: {len(pieces_differ)} lines segmented into other token strings than the input model's")
        if not specials:
            fail(f"{kind}: special tokens {tok.all_special_tokens} != input's {base.all_special_tokens}")
        if tok.model_max_length != base.model_max_length:
            fail(f"{kind}: model_max_length {tok.model_max_length} != input's {base.model_max_length}")
        for t in tok.all_special_tokens:
            if tok.convert_ids_to_tokens(tok.convert_tokens_to_ids(t)) != t:
                fail(f"{kind}: special token {t} does not round-trip through its id")
    fast = loaded["fast"]
    if trimmed:
        same_pieces = sum(raw_out.encode(l).tokens == raw.encode(l).tokens for l in lines)
        print(f"  token strings (tokenizers) equal the input's on {same_pieces}/{len(lines)} lines; transformers' likewise")
        if same_pieces != len(lines):
            fail("the trimmed tokenizer segments the target text differently")
    config = AutoConfig.from_pretrained(output)
    rows = embedding_rows(output)
    print(f"  AutoConfig: {type(config).__name__}, vocab_size {config.vocab_size}; embedding rows {rows}; "
          f"pad/bos/eos ids {config.pad_token_id}/{config.bos_token_id}/{config.eos_token_id}")
    if any(r != config.vocab_size for r in rows.values()) or not rows:
        fail(f"vocab_size {config.vocab_size} != embedding rows {rows}")
    if len(fast) > config.vocab_size:
        fail(f"the tokenizer has {len(fast)} tokens, more than vocab_size {config.vocab_size}")
    for name in ("pad_token_id", "bos_token_id", "eos_token_id", "sep_token_id"):
        value = getattr(config, name, None)
        base_value = getattr(AutoConfig.from_pretrained(source), name, None)
        if value is not None and base_value is not None and \
                fast.convert_ids_to_tokens(value) != base.convert_ids_to_tokens(base_value):
            fail(f"config {name} {value} names {fast.convert_ids_to_tokens(value)}, the input's names "
                 f"{base.convert_ids_to_tokens(base_value)}")
    independent = [n for n in files_of(source) if n not in VOCABULARY_FILES]
    missing = [n for n in independent if not os.path.exists(os.path.join(output, n))]
    changed = [n for n in independent if n not in missing and not filecmp.cmp(os.path.join(source, n), os.path.join(output, n), shallow=False)]
    print(f"  {len(independent) - len(missing) - len(changed)}/{len(independent)} vocabulary-independent files copied "
          f"unchanged ({', '.join(independent)})")
    if missing or changed:
        fail(f"missing {missing}, changed {changed}")


def run(args):
    subprocess.run([VOCABTOOL, *args, "--force"], check=True, stdout=subprocess.DEVNULL)


cases = [
    # (label, input folder, command, target language)
    ("MiniLM trim", "minilm", "trim", "eng_Latn"),
    ("MiniLM expand", "minilm", "expand", "deu_Latn"),
    ("XLM-R trim", "xlmr", "trim", "hin_Deva"),
    ("XLM-R expand", "xlmr", "expand", "amh_Ethi"),
]
for label, name, command, lang in cases:
    source = os.path.join(WORK, name)
    output = os.path.join(WORK, f"{name}-{command}-{lang}")
    corpus = os.path.join(FLORES, lang + ".dev")
    if command == "trim":
        run(["trim", "--model", source, "--corpus", corpus, "--min-frequency", "1", "--output", output])
    else:
        run(["expand", "--model", source, "--corpus", corpus, "--add", "1000", "--output", output])
    check(label, source, output, lang, command == "trim")

print("check-model-folders: " + ("all passed" if failures == 0 else f"{failures} failures"))
sys.exit(1 if failures else 0)
