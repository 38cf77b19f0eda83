"""Conformance of vocabtool's GGUF tokenizer reader (driven by Scripts/check-gguf).

Writes GGUF files with the `gguf` package (llama.cpp's own writer), with the keys, token types
and merges llama.cpp's convert_hf_to_gguf.py writes (`_create_vocab_sentencepiece` for a
SentencePiece model, `_set_vocab_gpt2` for a byte-level BPE tokenizer.json), each followed by a
dummy tensor of several GB (a sparse file: the tensor is never written to disk). Then checks that
`vocabtool encode` on the GGUF gives the reference library's ids on the source tokenizer for
every FLORES dev line, and prints the time vocabtool takes to load each tokenizer.

Usage: check_gguf.py VOCABTOOL SHARED OUTDIR
"""
import json
import os
import resource
import subprocess
import sys
import time

import gguf
import numpy as np
import sentencepiece as spm
from tokenizers import Tokenizer
from transformers.convert_slow_tokenizer import TikTokenConverter

from split_patterns import PATTERNS

T = gguf.TokenType
TENSOR_BYTES = 5 * 1024**3  # the dummy tensor: 5 GiB of f32


def write_gguf(path, keys):
    """A GGUF file holding `keys` (tokenizer.ggml.* written by `keys(writer)`), then one f32
    tensor of TENSOR_BYTES, left sparse."""
    writer = gguf.GGUFWriter(path, arch="llama")
    writer.add_name(os.path.basename(path))
    keys(writer)
    rows = 4096
    writer.add_tensor_info("token_embd.weight", (TENSOR_BYTES // 4 // rows, rows), np.dtype(np.float32), TENSOR_BYTES)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_ti_data_to_file()
    writer.close()
    header = os.path.getsize(path)
    alignment = gguf.GGUF_DEFAULT_ALIGNMENT
    with open(path, "r+b") as f:
        f.truncate((header + alignment - 1) // alignment * alignment + TENSOR_BYTES)
    # llama.cpp's reader must accept the file: read it back with the package's reader.
    reader = gguf.GGUFReader(path)
    assert reader.tensors[0].n_bytes == TENSOR_BYTES, reader.tensors[0].n_bytes
    return header


def sentencepiece_keys(model_file):
    """`_create_vocab_sentencepiece` + `_set_vocab_sentencepiece` of convert_hf_to_gguf.py."""
    sp = spm.SentencePieceProcessor(model_file=model_file)
    tokens, scores, types = [], [], []
    for i in range(sp.vocab_size()):
        tokens.append(sp.id_to_piece(i).encode("utf-8"))
        scores.append(sp.get_score(i))
        kind = T.NORMAL
        if sp.is_unknown(i):
            kind = T.UNKNOWN
        elif sp.is_control(i):
            kind = T.CONTROL
        elif sp.is_unused(i):
            kind = T.UNUSED
        elif sp.is_byte(i):
            kind = T.BYTE
        types.append(kind)

    def keys(w):
        w.add_tokenizer_model("llama")
        w.add_tokenizer_pre("default")
        w.add_token_list(tokens)
        w.add_token_scores(scores)
        w.add_token_types(types)
        w.add_bos_token_id(sp.bos_id())
        w.add_eos_token_id(sp.eos_id())
        w.add_unk_token_id(sp.unk_id())
        w.add_add_bos_token(True)
        w.add_add_eos_token(False)
    return keys, sp.encode


def byte_level_keys(tokenizer, pre):
    """`_set_vocab_gpt2` (`get_vocab_base`) of convert_hf_to_gguf.py, from a tokenizer.json."""
    vocab = tokenizer.get_vocab(with_added_tokens=True)
    added = tokenizer.get_added_tokens_decoder()
    reverse = {i: t for t, i in vocab.items()}
    size = max(reverse) + 1
    tokens, types = [], []
    for i in range(size):
        if i not in reverse:
            tokens.append(f"[PAD{i}]")
            types.append(T.UNUSED)
        elif i in added:
            tokens.append(reverse[i])
            types.append(T.CONTROL if added[i].special else T.USER_DEFINED)
        else:
            tokens.append(reverse[i])
            types.append(T.NORMAL)
    model = json.loads(tokenizer.to_str())["model"]
    merges = [m if isinstance(m, str) else " ".join(m) for m in model["merges"]]

    def keys(w):
        w.add_tokenizer_model("gpt2")
        w.add_tokenizer_pre(pre)
        w.add_token_list(tokens)
        w.add_token_types(types)
        w.add_token_merges(merges)
        controls = [i for i, kind in enumerate(types) if kind == T.CONTROL]
        if controls:
            w.add_bos_token_id(controls[0])
            w.add_eos_token_id(controls[-1])
    return keys


def tiktoken_style(rank_file, pattern, specials, ignore_merges):
    """A tokenizer.json as transformers' TikTokenConverter builds one from a rank file (as
    Llama-3's and Qwen2's were built), with the given pattern and special tokens."""
    converter = TikTokenConverter(vocab_file=rank_file, pattern=PATTERNS[pattern], extra_special_tokens=specials)
    tok = converter.converted()
    doc = json.loads(tok.to_str())
    doc["model"]["ignore_merges"] = ignore_merges
    return Tokenizer.from_str(json.dumps(doc))


def main():
    vocabtool, shared, out = sys.argv[1:4]
    T_ = shared + "/tokenizers"
    flores = shared + "/corpora/flores200-dev"
    lines = []
    for name in sorted(os.listdir(flores)):
        if name.endswith(".dev"):
            with open(os.path.join(flores, name), encoding="utf-8") as f:
                lines += f.read().split("\n")[:-1]
    sample = os.path.join(out, "flores-dev-all.txt")
    with open(sample, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")

    def hf_encode(tok):
        tok.no_truncation()
        tok.no_padding()
        return lambda batch: [e.ids for e in tok.encode_batch(batch, add_special_tokens=False)]

    cases = []
    keys, sp_encode = sentencepiece_keys(T_ + "/llama2/tokenizer.model")
    cases.append(("llama2 (llama)", "llama2.gguf", keys, lambda batch: [sp_encode(l) for l in batch]))
    gpt2 = Tokenizer.from_file(T_ + "/gpt2/tokenizer.json")
    cases.append(("gpt2 (gpt2, pre gpt-2)", "gpt2.gguf", byte_level_keys(gpt2, "gpt-2"), hf_encode(gpt2)))
    llama3 = tiktoken_style(T_ + "/tiktoken/cl100k.tiktoken", "llama3",
                            ["<|begin_of_text|>", "<|end_of_text|>", "<|eot_id|>"], ignore_merges=True)
    cases.append(("llama3-style cl100k ranks (gpt2, pre llama-bpe)", "llama3.gguf",
                  byte_level_keys(llama3, "llama-bpe"), hf_encode(llama3)))
    qwen2 = tiktoken_style(T_ + "/tiktoken/o200k.tiktoken", "qwen2",
                           ["<|endoftext|>", "<|im_start|>", "<|im_end|>"], ignore_merges=False)
    cases.append(("qwen2-style o200k ranks (gpt2, pre qwen2)", "qwen2.gguf",
                  byte_level_keys(qwen2, "qwen2"), hf_encode(qwen2)))

    failed = 0
    for name, file, keys, encode in cases:
        path = os.path.join(out, file)
        header = write_gguf(path, keys)
        size = os.path.getsize(path)
        # The best of three runs (the machine may be shared), wall and CPU time of the process.
        load, cpu = float("inf"), float("inf")
        for _ in range(3):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run([vocabtool, "encode", "--tokenizer", path, "/dev/null"], check=True)
            load = min(load, time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = min(cpu, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        ours = subprocess.run([vocabtool, "encode", "--tokenizer", path, sample], check=True,
                              capture_output=True, text=True).stdout.split("\n")[:-1]
        expected = [" ".join(map(str, ids)) for ids in encode(lines)]
        differ = sum(a != b for a, b in zip(ours, expected)) + abs(len(ours) - len(expected))
        failed += differ
        print(f"{name:50s} file {size / 1024**3:.1f} GiB (header {header / 1024**2:.1f} MiB), "
              f"load+exit {load:.3f} s wall, {cpu:.3f} s CPU{'' if load < 0.3 else ' (SLOW)'}, {differ} of {len(lines)} lines differ")
        failed += load >= 0.3
        if differ:
            for l, a, b in zip(lines, ours, expected):
                if a != b:
                    print(f"  {l[:80]!r}\n  ours {a[:120]}\n  want {b[:120]}")
                    break
        os.remove(path)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
