/// The tokenizer stored in a GGUF model file's key/values, as llama.cpp's converter writes it
/// (`tokenizer.ggml.*`), read into the pipeline that encodes like the model's source tokenizer:
///
/// - `model` `llama`: a SentencePiece BPE model (pieces, scores, `token_type` as piece types,
///   byte pieces for byte fallback), identity normalization, `add_space_prefix` (default true)
///   as the dummy prefix, `remove_extra_whitespaces` (default false).
/// - `model` `gpt2`: a byte-level BPE tokenizer.json: the tokens and `merges`, the split
///   pattern `pre` names (see `splitPattern(pre:)`), control and user-defined tokens as added
///   tokens, whole pieces taken before merging where llama.cpp does (`llama-bpe`, `tekken`).
///
/// The tokens keep their ids. vocabtool does not write GGUF: `convert --to hf` writes the
/// tokenizer.json.
public struct GGUFTokenizer: TokenizerBackend {
    /// The pipeline the key/values describe.
    public let inner: any TokenizerBackend
    /// `tokenizer.ggml.model`.
    public let model: String
    /// `tokenizer.ggml.pre`, when present.
    public let pre: String?

    public var table: TokenTable { inner.table }
    public var format: TokenizerFormat { .gguf }
    public var modelType: String { inner.modelType }
    public var unknownID: Int32? { inner.unknownID }
    public var pipelineSummary: [(stage: String, value: String)] {
        [("gguf", "tokenizer.ggml.model \(model), tokenizer.ggml.pre \(pre ?? "(absent)")")] + inner.pipelineSummary
    }

    public func encode(_ text: UnsafeBufferPointer<UInt8>, into ids: inout [Int32]) { inner.encode(text, into: &ids) }
    public func encodeWithSpecialTokens(_ text: UnsafeBufferPointer<UInt8>, into ids: inout [Int32]) {
        inner.encodeWithSpecialTokens(text, into: &ids)
    }
    public func decode(_ ids: [Int32]) throws -> [UInt8] { try inner.decode(ids) }
    public func serialized() throws -> [UInt8] {
        throw VocabError("vocabtool does not write GGUF files (`vocabtool convert` writes the tokenizer as tokenizer.json)")
    }

    /// The pre-tokenizer names of llama.cpp (`llama-vocab.cpp`) that match a split pattern
    /// vocabtool has a scanner for, and whether llama.cpp takes a whole piece that is a token
    /// before merging (`ignore_merges`).
    public static func splitPattern(pre: String) -> (pattern: SplitPattern, ignoreMerges: Bool)? {
        switch pre {
        case "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2":
            return (.llama3, true)
        case "qwen2", "deepseek-r1-qwen", "kormo", "megrez": return (.qwen2, false)
        case "gpt-2", "phi-2", "jina-es", "jina-de", "gigachat", "jina-v2-es", "jina-v2-de", "a.x-4.0", "mellum", "exaone4":
            return (.r50k, false)
        case "tekken": return (.tekken, true)
        case "gpt-4o", "llama4": return (.o200k, false)
        default: return nil
        }
    }

    /// Reads the tokenizer from the bytes of a GGUF file (typically memory-mapped).
    public static func load(_ bytes: UnsafeRawBufferPointer) throws -> GGUFTokenizer {
        let metadata = try GGUFMetadata(parsing: bytes)
        let keys = GGUFKeys(metadata: metadata, bytes: bytes)
        guard let model = try keys.string("model") else {
            throw VocabError(
                "the GGUF file has no tokenizer (no tokenizer.ggml.model among its \(metadata.entries.count) keys)",
                at: .byte(metadata.end))
        }
        let pre = try keys.string("pre")
        let inner: any TokenizerBackend
        switch model {
        case "llama":
            if let pre, pre != "default" {
                throw VocabError("tokenizer.ggml.pre '\(pre)' on a llama (SentencePiece) model: only 'default' is known", at: .byte(keys.offset("pre")))
            }
            inner = try keys.located("tokens") { try sentencePiece(keys) }
        case "gpt2":
            guard let pre else {
                throw VocabError("a gpt2 model needs tokenizer.ggml.pre to name its split pattern", at: .byte(keys.offset("model")))
            }
            guard let split = splitPattern(pre: pre) else {
                throw VocabError(
                    "tokenizer.ggml.pre '\(pre)' is not a pre-tokenizer vocabtool knows (known: llama-bpe/llama3, qwen2, gpt-2, tekken, gpt-4o and their llama.cpp aliases)",
                    at: .byte(keys.offset("pre")))
            }
            inner = try keys.located("tokens") { try byteLevel(keys, split: split) }
        default:
            throw VocabError(
                "tokenizer.ggml.model '\(model)' is not supported (vocabtool reads llama and gpt2)", at: .byte(keys.offset("model")))
        }
        return GGUFTokenizer(inner: inner, model: model, pre: pre)
    }

    /// Token strings, scores and types, checked to have one entry per token.
    static func tokens(_ keys: GGUFKeys) throws -> (tokens: [[UInt8]], scores: [Float]?, types: [Int64]?) {
        var tokens: [[UInt8]] = []
        guard keys.metadata[GGUFKeys.prefix + "tokens"] != nil else {
            throw VocabError("the GGUF file has tokenizer.ggml.model but no tokenizer.ggml.tokens", at: .byte(keys.offset("model")))
        }
        try keys.metadata.forEachString(GGUFKeys.prefix + "tokens", in: keys.bytes) { _, token in tokens.append(Array(token)) }
        let scores = try keys.metadata.floats(GGUFKeys.prefix + "scores", in: keys.bytes)
        let types = try keys.metadata.integers(GGUFKeys.prefix + "token_type", in: keys.bytes)
        for (name, count) in [("scores", scores?.count), ("token_type", types?.count)] {
            if let count, count != tokens.count {
                throw VocabError(
                    "tokenizer.ggml.\(name) has \(count) entries but tokenizer.ggml.tokens has \(tokens.count)",
                    at: .byte(keys.offset(name)))
            }
        }
        return (tokens, scores, types)
    }

    /// A `llama` vocabulary as the SentencePiece BPE model it was converted from.
    static func sentencePiece(_ keys: GGUFKeys) throws -> SentencePieceTokenizer {
        let (tokens, scores, types) = try tokens(keys)
        var pieces: [SentencePieceModel.Piece] = []
        pieces.reserveCapacity(tokens.count)
        var hasBytes = false
        for (i, token) in tokens.enumerated() {
            let type = try pieceType(types?[i], index: i, keys: keys)
            if type == .byte { hasBytes = true }
            pieces.append(SentencePieceModel.Piece(piece: token, score: scores?[i] ?? 0, type: type))
        }
        var trainer = SentencePieceModel.TrainerSpec()
        trainer.modelType = .bpe
        trainer.vocabSize = Int32(clamping: tokens.count)
        trainer.byteFallback = hasBytes
        for (key, field) in [("unknown_token_id", UInt32(40)), ("bos_token_id", 41), ("eos_token_id", 42), ("padding_token_id", 43)] {
            if let id = try keys.integer(key), id >= 0, id < tokens.count {
                trainer.message.set(field, .varint(UInt64(id)))
            }
        }
        var normalizer = SentencePieceModel.NormalizerSpec()
        normalizer.name = "identity"
        normalizer.addDummyPrefix = try keys.bool("add_space_prefix") ?? true
        normalizer.removeExtraWhitespaces = try keys.bool("remove_extra_whitespaces") ?? false
        return try SentencePieceTokenizer(
            model: SentencePieceModel(pieces: pieces, trainerSpec: trainer, normalizerSpec: normalizer))
    }

    /// A `gpt2` vocabulary as the byte-level BPE tokenizer.json it was converted from.
    static func byteLevel(_ keys: GGUFKeys, split: (pattern: SplitPattern, ignoreMerges: Bool)) throws -> HFTokenizer {
        typealias P = HFDocumentParts
        let (tokens, _, types) = try tokens(keys)
        var vocab: [(key: String, value: JSONValue)] = []
        vocab.reserveCapacity(tokens.count)
        var added: [JSONValue] = []
        var seen = [String: Int](minimumCapacity: tokens.count)
        for (i, token) in tokens.enumerated() {
            guard let text = String(validating: token, as: UTF8.self) else {
                throw VocabError("token \(i) of tokenizer.ggml.tokens is not valid UTF-8")
            }
            if let first = seen.updateValue(i, forKey: text) {
                throw VocabError("token \(i) of tokenizer.ggml.tokens repeats token \(first) (\(JSONText.quoted(text)))")
            }
            vocab.append((key: text, value: .integer(i)))
            let type = try pieceType(types?[i], index: i, keys: keys)
            if type == .control || type == .userDefined {
                added.append(P.addedToken(id: i, content: token, special: type == .control))
            }
        }
        guard keys.metadata[GGUFKeys.prefix + "merges"] != nil else {
            throw VocabError("a gpt2 model needs tokenizer.ggml.merges", at: .byte(keys.offset("model")))
        }
        var merges: [JSONValue] = []
        try keys.metadata.forEachString(GGUFKeys.prefix + "merges", in: keys.bytes) { i, merge in
            // llama.cpp cuts a merge at its first space after the first byte.
            guard merge.count > 2, let cut = merge[1...].firstIndex(of: 0x20),
                let left = String(validating: merge[..<cut], as: UTF8.self),
                let right = String(validating: merge[(cut + 1)...], as: UTF8.self)
            else {
                throw VocabError("merge \(i) of tokenizer.ggml.merges is not two tokens separated by a space", at: .byte(keys.offset("merges")))
            }
            merges.append(.array([.string(left), .string(right)]))
        }
        let document = TiktokenToHF.byteLevelDocument(
            pattern: split.pattern, vocab: vocab, merges: merges, addedTokens: added, ignoreMerges: split.ignoreMerges)
        return try HFTokenizer(document: document)
    }

    /// The piece type of a `token_type` value (llama.cpp's `LLAMA_TOKEN_TYPE_*`: 1 normal,
    /// 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte); normal when absent.
    static func pieceType(_ value: Int64?, index: Int, keys: GGUFKeys) throws -> SentencePieceModel.PieceType {
        guard let value else { return .normal }
        guard value >= 1 && value <= 6, let type = SentencePieceModel.PieceType(rawValue: UInt8(value)) else {
            throw VocabError("tokenizer.ggml.token_type of token \(index) is \(value), not a type llama.cpp writes (1-6)", at: .byte(keys.offset("token_type")))
        }
        return type
    }
}

/// The `tokenizer.ggml.*` keys of a parsed GGUF file.
struct GGUFKeys {
    static let prefix = "tokenizer.ggml."
    let metadata: GGUFMetadata
    let bytes: UnsafeRawBufferPointer

    func offset(_ name: String) -> Int { metadata[Self.prefix + name]?.offset ?? metadata.end }
    func string(_ name: String) throws -> String? { try metadata.string(Self.prefix + name, in: bytes) }
    func integer(_ name: String) throws -> Int64? { try metadata.integer(Self.prefix + name, in: bytes) }
    func bool(_ name: String) throws -> Bool? { try metadata.bool(Self.prefix + name, in: bytes) }

    /// Runs `body`, giving an error without a position the offset of key `name`.
    func located<R>(_ name: String, _ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch var error as VocabError {
            if error.location == nil { error.location = .byte(offset(name)) }
            throw error
        }
    }
}
