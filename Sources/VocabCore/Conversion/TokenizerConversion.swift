/// Conversions between tokenizer formats (`vocabtool convert`).
public enum TokenizerConversion {
    /// The tokenizer as a tokenizer.json that encodes like it (see `SentencePieceToHF` and
    /// `TiktokenToHF` for what each source keeps and the few differences HF imposes).
    public static func toHuggingFace(_ tokenizer: any TokenizerBackend) throws -> HFTokenizer {
        switch tokenizer {
        case let hf as HFTokenizer:
            if hf.format == .huggingFace { return hf }
            return try HFTokenizer(document: hf.document)
        case let sp as SentencePieceTokenizer:
            return try HFTokenizer(document: SentencePieceToHF.document(sp.model))
        case let tt as TiktokenTokenizer:
            return try HFTokenizer(document: TiktokenToHF.document(tt))
        default:
            throw VocabError("cannot convert a \(tokenizer.format.rawValue) tokenizer to tokenizer.json")
        }
    }

    /// The tokenizer as a SentencePiece model: Unigram and SentencePiece-style BPE only.
    public static func toSentencePiece(_ tokenizer: any TokenizerBackend) throws -> SentencePieceTokenizer {
        switch tokenizer {
        case let sp as SentencePieceTokenizer:
            return sp
        case let hf as HFTokenizer:
            return try SentencePieceTokenizer(model: sentencePieceModel(hf))
        case is TiktokenTokenizer:
            throw VocabError("byte-level BPE (tiktoken) cannot be expressed as a SentencePiece model (only as tokenizer.json)")
        default:
            throw VocabError("cannot convert a \(tokenizer.format.rawValue) tokenizer to a SentencePiece model")
        }
    }

    /// The `ModelProto` `toSentencePiece` builds from a tokenizer.json, before it is loaded (so
    /// a caller can still adjust it, e.g. give it the UNKNOWN piece SentencePiece requires).
    public static func sentencePieceModel(_ tokenizer: HFTokenizer) throws -> SentencePieceModel {
        try HFToSentencePiece.model(tokenizer)
    }
}
