import VocabCore

extension TrainedBPE {
    /// The `tokenizer.json` HF `tokenizers` saves for this model trained with `settings`, byte
    /// for byte: serde_json's pretty layout (two-space indent, no newline at the end), the
    /// special tokens as added tokens, the normalizer, the pre-tokenizer and its decoder (for
    /// byte-level: ByteLevel with `add_prefix_space` false for the pre-tokenizer, HF's defaults
    /// elsewhere; for metaspace: Metaspace `▁`, prepend always, split), and the BPE
    /// model with its vocabulary in id order and its merges in rank order.
    public func tokenizerJSON(settings: CountSettings) -> [UInt8] {
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
        out.normalizer(settings.normalizer)
        switch settings.preTokenizer {
        case .byteLevel:
            out.raw(
                ",\n  \"pre_tokenizer\": {\n    \"type\": \"ByteLevel\",\n    \"add_prefix_space\": false,\n    \"trim_offsets\": true,\n    \"use_regex\": true\n  },\n  \"post_processor\": null,\n  \"decoder\": {\n    \"type\": \"ByteLevel\",\n    \"add_prefix_space\": true,\n    \"trim_offsets\": true,\n    \"use_regex\": true\n  }"
            )
        case .metaspace, .sentencePiece:
            let metaspace = "{\n    \"type\": \"Metaspace\",\n    \"replacement\": \"▁\",\n    \"prepend_scheme\": \"always\",\n    \"split\": true\n  }"
            out.raw(",\n  \"pre_tokenizer\": " + metaspace + ",\n  \"post_processor\": null,\n  \"decoder\": " + metaspace)
        }
        out.raw(
            ",\n  \"model\": {\n    \"type\": \"BPE\",\n    \"dropout\": null,\n    \"unk_token\": null,\n    \"continuing_subword_prefix\": null,\n    \"end_of_word_suffix\": null,\n    \"fuse_unk\": false,\n    \"byte_fallback\": false,\n    \"ignore_merges\": false,\n    \"vocab\": {"
        )
        for id in 0..<table.count {
            out.raw(id == 0 ? "\n      " : ",\n      ")
            out.string(table.piece(id))
            out.raw(": ")
            out.raw(String(id))
        }
        out.raw(table.count == 0 ? "}" : "\n    }")
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
}

/// Builds the JSON text of a `tokenizer.json` piece by piece.
struct HFJSONWriter {
    var bytes: [UInt8] = []

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// The `normalizer` value at the top level.
    mutating func normalizer(_ normalizer: TrainingNormalizer) {
        switch normalizer {
        case .none: raw("null")
        case .nfc: raw("{\n    \"type\": \"NFC\"\n  }")
        case .nfkc: raw("{\n    \"type\": \"NFKC\"\n  }")
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
