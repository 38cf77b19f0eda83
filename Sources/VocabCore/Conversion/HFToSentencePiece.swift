/// A tokenizer.json as a SentencePiece model, for the pipelines SentencePiece can express:
/// a Unigram model, or a BPE model over `▁`-escaped text (Metaspace or `Replace(" ", "▁")`),
/// with an optional Precompiled charsmap. Byte-level BPE and WordPiece are refused.
///
/// Piece types: the unknown token UNKNOWN, special added tokens CONTROL, other added tokens
/// USER_DEFINED, `<0xNN>` pieces BYTE when the model has byte fallback. BPE scores encode the
/// merge order (the piece made by merge r scores -r; pieces no merge makes score below all of
/// them), so SentencePiece merges in tokenizer.json's order. Whitespace handling follows the
/// normalizer: `remove_extra_whitespaces` when it collapses runs of spaces, a dummy prefix when
/// the Metaspace pre-tokenizer (or a Prepend normalizer) adds one.
enum HFToSentencePiece {
    static func model(_ tokenizer: HFTokenizer) throws -> SentencePieceModel {
        let doc = tokenizer.document
        let components = [doc["normalizer"], doc["pre_tokenizer"], doc["decoder"]].compactMap { $0 }.flatMap(flatten)
        if components.contains(where: { $0["type"]?.string == "ByteLevel" }) {
            throw VocabError("byte-level BPE cannot be expressed as a SentencePiece model (only as tokenizer.json)")
        }
        let table = tokenizer.table
        try checkExpressible(doc, hasUserDefined: table.kinds.contains(.userDefined))
        let modelType: SentencePieceModel.ModelType
        var scores = table.scores
        switch tokenizer.model {
        case .wordPiece:
            throw VocabError("WordPiece cannot be expressed as a SentencePiece model (only as tokenizer.json)")
        case .unigram:
            modelType = .unigram
        case .bpe:
            modelType = .bpe
            scores = bpeScores(table)
        }

        var byteFallback = false
        if case .bpe(let m) = tokenizer.model { byteFallback = m.byteFallback }
        if case .unigram(let m) = tokenizer.model { byteFallback = m.byteFallback }

        var pieces: [SentencePieceModel.Piece] = []
        pieces.reserveCapacity(table.count)
        for id in 0..<table.count {
            let kind = table.kinds[id]
            let type: SentencePieceModel.PieceType = kind == .byte && !byteFallback ? .normal : .init(kind)
            if table.pieceLength(id) == 0 {
                throw VocabError("id \(id) has no piece: SentencePiece vocabularies cannot have gaps")
            }
            pieces.append(SentencePieceModel.Piece(piece: table.piece(id), score: Float(scores[id]), type: type))
        }

        var trainer = SentencePieceModel.TrainerSpec()
        trainer.message.set(3, .varint(UInt64(modelType.rawValue)))
        trainer.message.set(4, .varint(UInt64(table.count)))
        trainer.message.set(35, .varint(byteFallback ? 1 : 0))
        func idOf(_ kind: TokenKind, _ names: [String]) -> Int64 {
            for name in names { if let id = table.id(of: name), table.kinds[Int(id)] == kind { return Int64(id) } }
            return -1
        }
        let unk = tokenizer.unknownID.map { Int64($0) } ?? -1
        let ids: [(UInt32, Int64)] = [
            (40, unk), (41, idOf(.control, ["<s>", "[CLS]"])), (42, idOf(.control, ["</s>", "[SEP]"])),
            (43, idOf(.control, ["<pad>", "[PAD]"])),
        ]
        for (field, id) in ids { trainer.message.set(field, .varint(UInt64(bitPattern: id))) }
        if unk >= 0 { trainer.message.set(45, .bytes(table.piece(Int(unk)))) }

        var normalizer = SentencePieceModel.NormalizerSpec()
        let charsmap = try precompiledCharsmap(components)
        normalizer.name = charsmap.isEmpty ? "identity" : "nmt_nfkc"
        if !charsmap.isEmpty { normalizer.precompiledCharsmap = charsmap }
        normalizer.addDummyPrefix = components.contains { c in
            (c["type"]?.string == "Metaspace" && c["prepend_scheme"]?.string != "never"
                && c["add_prefix_space"]?.bool != false)
                || (c["type"]?.string == "Prepend" && c["prepend"]?.string == "▁")
        }
        normalizer.removeExtraWhitespaces = components.contains { c in
            c["type"]?.string == "Replace" && c["pattern"]?.object?["Regex"]?.string == " {2,}"
        }
        normalizer.escapeWhitespaces = true
        return SentencePieceModel(pieces: pieces, trainerSpec: trainer, normalizerSpec: normalizer)
    }

    /// The normalizers a SentencePiece model expresses: its charsmap, and the whitespace steps
    /// `SentencePieceToHF` and `transformers`' converters write for `remove_extra_whitespaces`,
    /// `escape_whitespaces` and `add_dummy_prefix`.
    static func isExpressibleNormalizer(_ c: JSONObject) -> Bool {
        switch c["type"]?.string {
        case "Precompiled": return true
        case "Prepend": return c["prepend"]?.string == "▁"
        case "Replace":
            let literal = c["pattern"]?.object?["String"]?.string
            let regex = c["pattern"]?.object?["Regex"]?.string
            let content = c["content"]?.string
            return (literal == " " && content == "▁") || (regex == " {2,}" && content == " ")
                || (regex == "\\A +| +\\z" && content == "") || (regex == "\\A▁" && content == "▁▁")
        default: return false
        }
    }

    /// Refuses a normalizer or pre-tokenizer step SentencePiece has no equivalent of (NFKC,
    /// Lowercase, a Digits split...): dropping it would silently change the ids. Metaspace is
    /// SentencePiece's own whitespace handling; an isolating Split is how user-defined pieces
    /// are written.
    static func checkExpressible(_ doc: JSONObject, hasUserDefined: Bool) throws {
        for c in (doc["normalizer"].map(flatten) ?? []) where !isExpressibleNormalizer(c) {
            throw VocabError(
                "the \(c["type"]?.string ?? "untyped") normalizer has no SentencePiece equivalent (a SentencePiece model normalizes only with its charsmap); keep this tokenizer as tokenizer.json")
        }
        for c in (doc["pre_tokenizer"].map(flatten) ?? []) {
            let type = c["type"]?.string
            if type == "Metaspace" || (type == "Split" && hasUserDefined && c["behavior"]?.string == "Isolated") { continue }
            throw VocabError(
                "the \(type ?? "untyped") pre-tokenizer has no SentencePiece equivalent (SentencePiece only splits at spaces); keep this tokenizer as tokenizer.json")
        }
    }

    /// Scores that order SentencePiece's merges like the tokenizer.json's merge list.
    static func bpeScores(_ table: TokenTable) -> [Double] {
        let unmade = -Double(table.merges.count) - 1
        var scores = [Double](repeating: unmade, count: table.count)
        for id in 0..<table.count where table.kinds[id] != .normal { scores[id] = 0 }
        for (rank, merge) in table.merges.enumerated().reversed() {
            let made = table.piece(Int(merge.left)) + table.piece(Int(merge.right))
            if let id = table.id(of: made) { scores[Int(id)] = -Double(rank) }
        }
        return scores
    }

    /// The components of a (possibly nested) Sequence, in order.
    static func flatten(_ value: JSONValue) -> [JSONObject] {
        guard let o = value.object else { return [] }
        for key in ["normalizers", "pretokenizers", "decoders"] {
            if let list = o[key]?.array { return list.flatMap(flatten) }
        }
        return [o]
    }

    static func precompiledCharsmap(_ components: [JSONObject]) throws -> [UInt8] {
        guard let text = components.first(where: { $0["type"]?.string == "Precompiled" })?["precompiled_charsmap"]?.string
        else { return [] }
        var out: [UInt8] = []
        var bytes = Array(text.utf8)
        let ok = bytes.withUnsafeMutableBufferPointer { Base64.decode(UnsafeBufferPointer($0), into: &out) }
        guard ok else { throw VocabError("the Precompiled normalizer's charsmap is not valid base64") }
        return out
    }
}
