"""Transplant tables of Scripts/eval-adaptation (multilingual-e5-small moved onto new tokenizers).

`transplant_table(ctx)`: e5 moved onto a 32k Unigram and a 32k byte-level BPE that `vocabtool train`
makes from FLORES dev lines 0-499 of all 205 languages, one row per --init, against the base model
and against `vocabtool trim` of e5 to the same number of rows on the same corpus: bitext retrieval
English <-> each golden language (../shared/reference/golden) on FLORES dev lines 500.. (ctx.transplant_lines
of them), averaged over languages (both directions) and over the 10 worst-served languages of the base model.

`donor_table(ctx)`: e5 moved onto all-MiniLM-L6-v2's WordPiece tokenizer, `subword` against `omp`
with MiniLM as donor, and `omp` with MiniLM's rows projected to 768 dimensions (an orthonormal
projection keeps every inner product, so the weights must come out the same): retrieval English <->
French, German, Spanish on the same lines.

`ctx` is eval_adaptation.Context (e5 forward pass, FLORES, embedding cache, vocabtool runner) with
`transplant_lines` and `transplant_inits` set by the caller.
"""
import json, os, subprocess, time
import numpy as np
from safetensors.numpy import load_file, save_file
from tokenizers import Tokenizer

TENSOR = "embeddings.word_embeddings.weight"
PREFIX = "passage: "
SPECIALS = {"unigram": "<pad>", "bpe": "<unk>,<s>,</s>,<pad>"}  # Unigram has its own <unk>, <s>, </s>
E5_CONFIG = {"architectures": ["BertModel"], "model_type": "bert", "hidden_size": 384, "bos_token_id": 0, "pad_token_id": 1,
             "eos_token_id": 2, "tie_word_embeddings": True, "vocab_size": 250037}


def golden_languages(shared):
    seen = []
    for line in open(os.path.join(shared, "reference", "golden", "texts.jsonl"), encoding="utf-8"):
        lang = json.loads(line)["lang"]
        if lang not in seen:
            seen.append(lang)
    return seen


def e5_folder(ctx):
    """A model folder for e5's rows: tokenizer.json, the rows as model.safetensors, a config."""
    path = os.path.join(ctx.work, "e5-folder")
    if not os.path.exists(os.path.join(path, "config.json")):
        os.makedirs(path, exist_ok=True)
        for name, target in [("tokenizer.json", ctx.base_tokenizer), ("model.safetensors", ctx.base_rows_path)]:
            if not os.path.exists(os.path.join(path, name)):
                os.symlink(os.path.abspath(target), os.path.join(path, name))
        json.dump(E5_CONFIG, open(os.path.join(path, "config.json"), "w"), indent=2)
    return path


def training_corpus(ctx):
    path = os.path.join(ctx.work, "flores-0-499-all.txt")
    if not os.path.exists(path):
        d = os.path.join(ctx.shared, "corpora", "flores200-dev")
        lines = []
        for name in sorted(os.listdir(d)):
            if name.endswith(".dev"):
                lines += ctx.flores(name[:-4], (0, 500))
        ctx.write_lines(os.path.basename(path), lines)
    return path


def trained_tokenizer(ctx, model):
    """The 32k tokenizer `vocabtool train` makes from the corpus (cached)."""
    out = os.path.join(ctx.work, "train-%s-32k.json" % model)
    if not os.path.exists(out):
        args = ["train", "--vocab-size", "32000", "--special-tokens", SPECIALS[model], "--output", out]
        args += ["--model", "unigram"] if model == "unigram" else ["--model", "bpe", "--pre-tokenizer", "byte-level"]
        t0 = time.time()
        ctx.vocabtool_run(args + [training_corpus(ctx)])
        print("  trained %s in %.0f s" % (model, time.time() - t0), flush=True)
    return out


def wrapped_ids(tok, lines):
    """<s> + "passage: " + text + </s> in the new vocabulary (e5's layout)."""
    bos, eos = tok.token_to_id("<s>"), tok.token_to_id("</s>")
    return [[bos] + e.ids + [eos] for e in tok.encode_batch([PREFIX + l for l in lines], add_special_tokens=False)]


def retrieval_both(a, b):
    fwd = float((np.argmax(a @ b.T, axis=1) == np.arange(len(a))).mean())
    back = float((np.argmax(b @ a.T, axis=1) == np.arange(len(b))).mean())
    return (fwd + back) / 2


def scores(ctx, langs, tok, rows, key, wrap):
    span = (500, 500 + ctx.transplant_lines)
    ids = lambda lines: wrap(tok, lines)
    eng = ctx.embed(ids(ctx.flores("eng_Latn", span)), rows, key)
    return {lang: retrieval_both(eng, ctx.embed(ids(ctx.flores(lang, span)), rows, key)) for lang in langs}


def transplant(ctx, tokenizer, init, out, extra=()):
    t0 = time.time()
    ctx.vocabtool_run(["transplant", "--model", e5_folder(ctx), "--tokenizer", tokenizer, "--init", init, "--output", out,
                       "--force"] + list(extra))
    return time.time() - t0


def summary_row(name, init, rows, per_lang, worst, seconds):
    avg = float(np.mean(list(per_lang.values())))
    return {"tokenizer": name, "init": init, "rows": rows, "mean accuracy": "%.3f" % avg,
            "10 worst (base)": "%.3f" % float(np.mean([per_lang[l] for l in worst])), "seconds": seconds}


def transplant_table(ctx):
    langs = [l for l in golden_languages(ctx.shared) if l != "eng_Latn"]
    base_wrap = lambda tok, lines: ctx.ids(tok, lines)
    base = scores(ctx, langs, ctx.base_tok, ctx.base_rows, "base:" + ctx.base_rows_path, base_wrap)
    worst = sorted(langs, key=lambda l: base[l])[:10]
    table = [summary_row("xlm-r (base)", "", ctx.base_rows.shape[0], base, worst, "")]
    out = os.path.join(ctx.work, "trim-32k")
    t0 = time.time()
    ctx.vocabtool_run(["trim", "--tokenizer", ctx.base_tokenizer, "--embeddings", ctx.base_rows_path, "--corpus",
                       training_corpus(ctx), "--max-vocab", "32000", "--output", out, "--force"])
    seconds = "%.1f" % (time.time() - t0)
    tok = Tokenizer.from_file(os.path.join(out, "tokenizer.json"))
    rows_path = os.path.join(out, "model.safetensors")
    rows = load_file(rows_path)[TENSOR]
    table.append(summary_row("xlm-r trimmed", "trim", rows.shape[0], scores(ctx, langs, tok, rows, "trim:" + rows_path, base_wrap),
                             worst, seconds))
    for model in ["unigram", "bpe"]:
        new = trained_tokenizer(ctx, model)
        tok = Tokenizer.from_file(new)
        for init in ctx.transplant_inits:
            out = os.path.join(ctx.work, "transplant-%s-%s" % (model, init))
            seconds = "%.1f" % transplant(ctx, new, init, out)
            rows_path = os.path.join(out, "model.safetensors")
            rows = load_file(rows_path)[TENSOR]
            per_lang = scores(ctx, langs, tok, rows, "transplant:%s:%s" % (model, init) + rows_path, wrapped_ids)
            table.append(summary_row("32k " + model, init, rows.shape[0], per_lang, worst, seconds))
    return table


def projected_donor(ctx, minilm, width=768):
    """MiniLM's folder with its rows times an orthonormal 384 x 768 matrix (seeded)."""
    out = os.path.join(ctx.work, "minilm-%d" % width)
    if not os.path.exists(os.path.join(out, "model.safetensors")):
        os.makedirs(out, exist_ok=True)
        rows = load_file(os.path.join(minilm, "model.safetensors"))[TENSOR]
        q, _ = np.linalg.qr(np.random.default_rng(0).standard_normal((width, rows.shape[1])))
        save_file({TENSOR: np.ascontiguousarray((rows.astype(np.float64) @ q.T).astype(np.float32))}, os.path.join(out, "model.safetensors"))
        for name in ["tokenizer.json", "vocab.txt", "special_tokens_map.json", "tokenizer_config.json"]:
            src = os.path.join(minilm, name)
            if os.path.exists(src):
                open(os.path.join(out, name), "wb").write(open(src, "rb").read())
    return out


def donor_table(ctx):
    minilm = ctx.minilm
    new = os.path.join(minilm, "tokenizer.json")
    tok = Tokenizer.from_file(new)
    tok.no_truncation()
    tok.no_padding()
    span = (500, 500 + ctx.transplant_lines)
    langs = ["fra_Latn", "deu_Latn", "spa_Latn"]
    wrap = lambda t, lines: [e.ids for e in t.encode_batch([PREFIX + l for l in lines])]  # [CLS] ... [SEP]
    base_wrap = lambda t, lines: ctx.ids(t, lines)

    def row(name, rows, key, t, w, seconds, weights_equal=""):
        eng = ctx.embed(w(t, ctx.flores("eng_Latn", span)), rows, key)
        r = {"model": name, "seconds": seconds}
        for lang in langs:
            r[lang] = "%.3f" % retrieval_both(eng, ctx.embed(w(t, ctx.flores(lang, span)), rows, key))
        r["same weights as 384"] = weights_equal
        return r

    table = [row("e5 (base)", ctx.base_rows, "base:" + ctx.base_rows_path, ctx.base_tok, base_wrap, "")]
    runs = [("subword", "subword", []), ("omp", "omp", ["--donor", minilm]),
            ("omp, donor projected to 768", "omp", ["--donor", projected_donor(ctx, minilm)])]
    reports = {}
    for name, init, extra in runs:
        out = os.path.join(ctx.work, "transplant-minilm-" + name.split(",")[0] + ("-768" if "768" in name else ""))
        seconds = "%.1f" % transplant(ctx, new, init, out, extra)
        rows_path = os.path.join(out, "model.safetensors")
        rows = load_file(rows_path)[TENSOR]
        report = json.load(open(os.path.join(out, "transplant-report.json"), encoding="utf-8"))["rows"]
        reports[name] = report
        same = ""
        if "768" in name:
            a, b = reports["omp"], report
            same = "%d/%d" % (sum(x["sources"] == y["sources"] for x, y in zip(a, b)), len(a))
        table.append(row("e5 on MiniLM's tokenizer, " + name, rows, "minilm:%s:" % name + rows_path, tok, wrap, seconds, same))
    return table
