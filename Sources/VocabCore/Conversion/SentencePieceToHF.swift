/// A SentencePiece model as a tokenizer.json, built the way `transformers` 5.24
/// (`SpmConverter.build_tokenizer_from_spm_proto`, legacy) builds it, so the result encodes like
/// `SentencePieceProcessor.encode`:
/// - normalizer: the charsmap (`Precompiled`), then, with `remove_extra_whitespaces`, leading and
///   trailing spaces removed and runs of spaces collapsed; spaces escaped as `▁`; with
///   `add_dummy_prefix`, a leading `▁` doubled (Metaspace then adds the dummy `▁` unconditionally);
/// - pre-tokenizer: Metaspace (always, no split) and user-defined pieces isolated;
/// - model: BPE with merges ranked by piece score (every split of a NORMAL piece into two NORMAL
///   pieces), or Unigram with the pieces' scores; unknown token, byte fallback;
/// - decoder: `▁` -> space, byte fallback, fuse, strip the dummy space;
/// - the unknown and control pieces as special added tokens.
///
/// Known differences from SentencePiece, inherited from HF `tokenizers`: literal special-token
/// strings in the text become those tokens; HF's Precompiled normalizer works on grapheme clusters
/// (33 of 204,385 FLORES lines normalize differently for XLM-R's charsmap); Unigram scores are
/// summed in f64 with the minimum over all pieces (SentencePiece: f32, NORMAL pieces only);
/// trailing whitespace other than U+0020 after normalization is kept.
enum SentencePieceToHF {
    static func document(_ model: SentencePieceModel) throws -> JSONObject {
        typealias P = HFDocumentParts
        let spec = model.normalizerSpec
        let trainer = model.trainerSpec
        let byteFallback = trainer.byteFallback

        var normalizers: [JSONValue] = []
        if !spec.precompiledCharsmap.isEmpty {
            var encoded: [UInt8] = []
            spec.precompiledCharsmap.withUnsafeBytes { Base64.encode($0, into: &encoded) }
            normalizers.append(P.object([("type", P.string("Precompiled")), ("precompiled_charsmap", P.text(encoded))]))
        }
        if spec.removeExtraWhitespaces {
            normalizers.append(P.replace(regex: "\\A +| +\\z", with: ""))
            normalizers.append(P.replace(regex: " {2,}", with: " "))
        }
        if spec.escapeWhitespaces { normalizers.append(P.replace(literal: " ", with: "▁")) }
        if spec.addDummyPrefix { normalizers.append(P.replace(regex: "\\A▁", with: "▁▁")) }

        let userDefined = model.pieces.filter { $0.type == .userDefined }.map(\.piece)
        var preTokenizers: [JSONValue] = []
        if spec.addDummyPrefix {
            preTokenizers.append(P.object([
                ("type", P.string("Metaspace")), ("replacement", P.string("▁")),
                ("prepend_scheme", P.string("always")), ("split", .bool(false)),
            ]))
        }
        if !userDefined.isEmpty {
            let alternation = userDefined.sorted { $0.count > $1.count }.map { ICUPatternText.escaped($0) }
            preTokenizers.append(P.object([
                ("type", P.string("Split")), ("pattern", P.object([("Regex", P.string(alternation.joined(separator: "|")))])),
                ("behavior", P.string("Isolated")), ("invert", .bool(false)),
            ]))
        }

        var decoders: [JSONValue] = [P.replace(literal: "▁", with: " ")]
        if byteFallback { decoders.append(P.object([("type", P.string("ByteFallback"))])) }
        if spec.addDummyPrefix {
            decoders.append(P.object([("type", P.string("Fuse"))]))
            decoders.append(P.object([("type", P.string("Strip")), ("content", P.string(" ")), ("start", .integer(1)), ("stop", .integer(0))]))
        } else if byteFallback {
            decoders.append(P.object([("type", P.string("Fuse"))]))
        }

        let specials = model.pieces.enumerated().compactMap { id, piece in
            piece.type == .control || piece.type == .unknown ? P.specialToken(id: id, content: piece.piece) : nil
        }

        let unknown = model.pieces.indices.first { model.pieces[$0].type == .unknown }
        let modelJSON: JSONValue
        switch trainer.modelType {
        case .bpe:
            modelJSON = P.object([
                ("type", P.string("BPE")), ("dropout", .null),
                ("unk_token", unknown.map { P.text(model.pieces[$0].piece) } ?? .null),
                ("continuing_subword_prefix", .null), ("end_of_word_suffix", .null), ("fuse_unk", .bool(true)),
                ("byte_fallback", .bool(byteFallback)), ("ignore_merges", .bool(!userDefined.isEmpty)),
                ("vocab", .object(JSONObject(model.pieces.enumerated().map { (key: String(decoding: $0.element.piece, as: UTF8.self), value: .integer($0.offset)) }))),
                ("merges", .array(mergesByScore(model).map { .array([P.text($0.left), P.text($0.right)]) })),
            ])
        case .unigram:
            modelJSON = P.object([
                ("type", P.string("Unigram")), ("unk_id", unknown.map { .integer($0) } ?? .null),
                ("vocab", .array(model.pieces.map { .array([P.text($0.piece), P.number(Double($0.score))]) })),
                ("byte_fallback", .bool(byteFallback)),
            ])
        default:
            throw VocabError("only SentencePiece BPE and Unigram models convert to tokenizer.json")
        }
        return P.document(
            addedTokens: specials,
            normalizer: normalizers.isEmpty ? .null : P.sequence("normalizers", normalizers),
            preTokenizer: preTokenizers.isEmpty ? .null : P.sequence("pretokenizers", preTokenizers),
            postProcessor: .null,
            decoder: P.sequence("decoders", decoders),
            model: modelJSON)
    }

    /// Every split of a NORMAL piece into two NORMAL pieces, ordered by the piece's score
    /// (highest first), then its id, then the parts' bytes.
    static func mergesByScore(_ model: SentencePieceModel) -> [(left: [UInt8], right: [UInt8])] {
        var normal = TokenTable(capacity: model.pieces.count)
        var idOfNormal: [Int32] = []
        for (id, piece) in model.pieces.enumerated() where piece.type == .normal {
            if normal.id(of: piece.piece) == nil {
                normal.append(piece.piece)
                idOfNormal.append(Int32(id))
            }
        }
        var ranked: [(score: Float, id: Int32, left: [UInt8], right: [UInt8])] = []
        for k in 0..<normal.count {
            let piece = normal.piece(k)
            var cut = 1
            while cut < piece.count {
                // Cut only between characters.
                if piece[cut] & 0xC0 != 0x80 {
                    let left = Array(piece[..<cut]), right = Array(piece[cut...])
                    if normal.id(of: left) != nil && normal.id(of: right) != nil {
                        let id = idOfNormal[k]
                        ranked.append((model.pieces[Int(id)].score, id, left, right))
                    }
                }
                cut += 1
            }
        }
        ranked.sort { a, b in
            if a.score != b.score { return a.score > b.score }
            if a.id != b.id { return a.id < b.id }
            if a.left != b.left { return a.left.lexicographicallyPrecedes(b.left) }
            return a.right.lexicographicallyPrecedes(b.right)
        }
        return ranked.map { ($0.left, $0.right) }
    }
}

/// Escaping of literal text for an ICU / Oniguruma regex.
enum ICUPatternText {
    /// `text` with every regex metacharacter backslash-escaped.
    static func escaped(_ bytes: [UInt8]) -> String {
        var out = ""
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            if "\\^$.|?*+()[]{}/-".unicodeScalars.contains(scalar) { out += "\\" }
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}
