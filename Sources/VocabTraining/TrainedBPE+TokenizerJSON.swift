import VocabCore

extension TrainedBPE {
    /// The `tokenizer.json` HF `tokenizers` saves for this model trained with `settings`, byte
    /// for byte: serde_json's pretty layout (two-space indent, no newline at the end), the
    /// special tokens as added tokens, the normalizer, the pre-tokenizer and its decoder (for
    /// byte-level: ByteLevel with `add_prefix_space` false for the pre-tokenizer, HF's defaults
    /// elsewhere; for metaspace: Metaspace `▁`, prepend always, split; Whitespace and
    /// BertPreTokenizer have no decoder), and the model: BPE with its vocabulary in id order and
    /// its merges in rank order (`byte_fallback` and a ByteFallback decoder first with byte
    /// tokens), or, with a continuing-subword prefix, WordPiece with `unk_token` `[UNK]` and the
    /// WordPiece decoder, as HF's `WordPieceTrainer` makes it.
    public func tokenizerJSON(settings: CountSettings) throws -> [UInt8] {
        var out = HFJSONWriter()
        out.raw("{\n  \"version\": \"1.0\",\n  \"truncation\": null,\n  \"padding\": null,\n  \"added_tokens\": ")
        if specialTokenIDs.isEmpty {
            out.raw("[]")
        } else {
            out.raw("[")
            for (k, id) in specialTokenIDs.enumerated() {
                out.raw(k == 0 ? "\n    {\n      \"id\": " : ",\n    {\n      \"id\": ")
                out.raw(String(id))
                out.raw(",\n      \"content\": ")
                out.string(table.piece(Int(id)))
                out.raw(
                    ",\n      \"single_word\": false,\n      \"lstrip\": false,\n      \"rstrip\": false,\n      \"normalized\": false,\n      \"special\": true\n    }"
                )
            }
            out.raw("\n  ]")
        }
        out.raw(",\n  \"normalizer\": ")
        try out.normalizer(settings.normalizer)
        out.raw(",\n  \"pre_tokenizer\": ")
        out.preTokenizer(settings.preTokenizer)
        out.raw(",\n  \"post_processor\": null,\n  \"decoder\": ")
        if let prefix = continuingSubwordPrefix {
            out.raw("{\n    \"type\": \"WordPiece\",\n    \"prefix\": ")
            out.string(Array(prefix.utf8))
            out.raw(",\n    \"cleanup\": true\n  }")
            out.raw(",\n  \"model\": {\n    \"type\": \"WordPiece\",\n    \"unk_token\": ")
            out.string(Array(TrainedBPE.wordPieceUnknownToken.utf8))
            out.raw(",\n    \"continuing_subword_prefix\": ")
            out.string(Array(prefix.utf8))
            out.raw(",\n    \"max_input_chars_per_word\": 100,\n    \"vocab\": {")
            vocabulary(&out)
            out.raw("\n  }\n}")
            return out.bytes
        }
        out.decoder(settings.preTokenizer, byteFallback: byteFallback)
        out.raw(
            ",\n  \"model\": {\n    \"type\": \"BPE\",\n    \"dropout\": null,\n    \"unk_token\": null,\n    \"continuing_subword_prefix\": null,\n    \"end_of_word_suffix\": null,\n    \"fuse_unk\": false,\n    \"byte_fallback\": \(byteFallback),\n    \"ignore_merges\": false,\n    \"vocab\": {"
        )
        vocabulary(&out)
        out.raw(",\n    \"merges\": [")
        for (k, merge) in table.merges.enumerated() {
            out.raw(k == 0 ? "\n      [\n        " : ",\n      [\n        ")
            out.string(table.piece(Int(merge.left)))
            out.raw(",\n        ")
            out.string(table.piece(Int(merge.right)))
            out.raw("\n      ]")
        }
        out.raw(table.merges.isEmpty ? "]\n  }\n}" : "\n    ]\n  }\n}")
        return out.bytes
    }

    /// The unknown token of a trained WordPiece model (HF's default, `[UNK]`).
    public static let wordPieceUnknownToken = "[UNK]"

    /// The `vocab` object's members in id order, and its closing brace.
    private func vocabulary(_ out: inout HFJSONWriter) {
        for id in 0..<table.count {
            out.raw(id == 0 ? "\n      " : ",\n      ")
            out.string(table.piece(id))
            out.raw(": ")
            out.raw(String(id))
        }
        out.raw(table.count == 0 ? "}" : "\n    }")
    }
}

/// Builds the JSON text of a `tokenizer.json` piece by piece.
struct HFJSONWriter {
    var bytes: [UInt8] = []

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// The `normalizer` value at the top level (`nmt-nfkc` as HF's `Precompiled` with the
    /// charsmap in base64).
    mutating func normalizer(_ normalizer: TrainingNormalizer) throws {
        switch normalizer {
        case .none: raw("null")
        case .nfc: raw("{\n    \"type\": \"NFC\"\n  }")
        case .nfkc: raw("{\n    \"type\": \"NFKC\"\n  }")
        case .nmtNFKC:
            raw("{\n    \"type\": \"Precompiled\",\n    \"precompiled_charsmap\": \"")
            try CharsmapBuilder.blob(for: .nmtNFKC).withUnsafeBytes { Base64.encode($0, into: &bytes) }
            raw("\"\n  }")
        case .bert:
            raw(
                "{\n    \"type\": \"BertNormalizer\",\n    \"clean_text\": true,\n    \"handle_chinese_chars\": true,\n    \"strip_accents\": null,\n    \"lowercase\": true\n  }"
            )
        }
    }

    /// The members of a Metaspace object (`▁`, prepend always, split), each line after the first
    /// indented by `indent`.
    static func metaspace(indent: String) -> String {
        "\"type\": \"Metaspace\",\n\(indent)\"replacement\": \"▁\",\n\(indent)\"prepend_scheme\": \"always\",\n\(indent)\"split\": true"
    }

    /// The `pre_tokenizer` value at the top level.
    mutating func preTokenizer(_ preTokenizer: TrainingPreTokenizer) {
        switch preTokenizer {
        case .byteLevel:
            raw("{\n    \"type\": \"ByteLevel\",\n    \"add_prefix_space\": false,\n    \"trim_offsets\": true,\n    \"use_regex\": true\n  }")
        case .metaspace, .sentencePiece: raw("{\n    " + Self.metaspace(indent: "    ") + "\n  }")
        case .whitespace: raw("{\n    \"type\": \"Whitespace\"\n  }")
        case .bert: raw("{\n    \"type\": \"BertPreTokenizer\"\n  }")
        }
    }

    /// The `decoder` value at the top level for a BPE model: the one matching the pre-tokenizer
    /// (none for Whitespace and BertPreTokenizer), after a ByteFallback decoder with byte fallback.
    mutating func decoder(_ preTokenizer: TrainingPreTokenizer, byteFallback: Bool) {
        switch (preTokenizer, byteFallback) {
        case (.byteLevel, _):
            raw("{\n    \"type\": \"ByteLevel\",\n    \"add_prefix_space\": true,\n    \"trim_offsets\": true,\n    \"use_regex\": true\n  }")
        case (.metaspace, false), (.sentencePiece, false): raw("{\n    " + Self.metaspace(indent: "    ") + "\n  }")
        case (.metaspace, true), (.sentencePiece, true):
            let nested = Self.metaspace(indent: "        ")
            raw(
                "{\n    \"type\": \"Sequence\",\n    \"decoders\": [\n      {\n        \"type\": \"ByteFallback\"\n      },\n      {\n        "
                    + nested + "\n      }\n    ]\n  }")
        case (.whitespace, false), (.bert, false): raw("null")
        case (.whitespace, true), (.bert, true): raw("{\n    \"type\": \"ByteFallback\"\n  }")
        }
    }

    /// A quoted string escaped as serde_json escapes (pieces are valid UTF-8: byte-level pieces
    /// are mapped characters, special tokens come from `String`s).
    mutating func string(_ content: [UInt8]) {
        bytes.append(0x22)
        content.withUnsafeBufferPointer { JSONText.appendEscaped($0, to: &bytes) }
        bytes.append(0x22)
    }
}
