"""The Python reference of `vocabtool transplant --init subword` for a Metaspace (SentencePiece-style) new
tokenizer onto a Metaspace base (run by Scripts/bench-transplant): tokens spelled the same keep their row;
every other row is the mean of the base rows of HF tokenizers' segmentation of the piece (the base
model's own `tokenize`, no normalizer); pieces only the unknown token spells are left NaN (vocabtool
draws them at random). Usage: bench_transplant_reference.py BASE_FOLDER NEW_TOKENIZER OUT.safetensors"""
import sys
import numpy as np
from safetensors.numpy import load_file, save_file
from tokenizers import Tokenizer

base_dir, new_path, out = sys.argv[1:4]
base = Tokenizer.from_file(base_dir + "/tokenizer.json")
new = Tokenizer.from_file(new_path)
rows = load_file(base_dir + "/model.safetensors")["embeddings.word_embeddings.weight"].astype(np.float64)
base_vocab = base.get_vocab()
unk = base_vocab.get("<unk>")
new_vocab = sorted(new.get_vocab(with_added_tokens=True).items(), key=lambda kv: kv[1])
result = np.full((len(new_vocab), rows.shape[1]), np.nan)
for piece, i in new_vocab:
    if piece in base_vocab:
        result[i] = rows[base_vocab[piece]]
        continue
    ids = [t.id for t in base.model.tokenize(piece) if t.id != unk]
    if ids:
        result[i] = rows[ids].mean(axis=0)
save_file({"rows": result.astype(np.float16).astype(np.float32)}, out)
