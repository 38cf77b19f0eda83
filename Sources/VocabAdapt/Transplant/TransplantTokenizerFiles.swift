import VocabCore

/// The tokenizer files of a transplanted model folder: the new tokenizer as `tokenizer.json`,
/// and `tokenizer_config.json` and `special_tokens_map.json` made for it (its special tokens by
/// role, `model_max_length` kept from the base), so `transformers`' `AutoTokenizer` loads it.
enum TransplantTokenizerFiles {
    /// The files, in writing order.
    /// - Parameter baseTokenizerConfig: the base folder's `tokenizer_config.json`, for `model_max_length`.
    static func files(tokenizerJSON: [UInt8], new: any TokenizerBackend, baseTokenizerConfig: String?) throws -> [(name: String, bytes: [UInt8])] {
        let table = new.table
        let roles = SpecialTokenRole.roles(of: new)
        var map = JSONObject()
        for role in SpecialTokenRole.allCases {
            if let id = roles[role] { map.members.append((role.rawValue, .string(table.pieceText(id)))) }
        }
        var decoder = JSONObject()
        for id in 0..<table.count where table.kinds[id] == .control || table.kinds[id] == .unknown || table.kinds[id] == .userDefined {
            let entry = JSONObject([
                ("content", .string(table.pieceText(id))), ("lstrip", .bool(false)), ("normalized", .bool(table.kinds[id] == .userDefined)),
                ("rstrip", .bool(false)), ("single_word", .bool(false)), ("special", .bool(table.kinds[id] != .userDefined)),
            ])
            decoder.members.append((String(id), .object(entry)))
        }
        var config = JSONObject([("added_tokens_decoder", .object(decoder))])
        config.members += map.members
        config.members.append(("clean_up_tokenization_spaces", .bool(false)))
        if let path = baseTokenizerConfig, let base = try JSONParser.parse(try FileIO.read(path), file: path).object,
            let length = base["model_max_length"]
        {
            config.members.append(("model_max_length", length))
        }
        config.members.append(("tokenizer_class", .string("PreTrainedTokenizerFast")))
        func text(_ object: JSONObject) -> [UInt8] { JSONWriter.serialize(.object(object), style: .pretty) + [0x0A] }
        return [("tokenizer.json", tokenizerJSON), ("tokenizer_config.json", text(config)), ("special_tokens_map.json", text(map))]
    }

    /// Whether a file of the base folder belongs to its tokenizer (replaced by the new one's files).
    static func isTokenizerFile(_ name: String) -> Bool {
        guard !name.contains("/") else { return false }
        return [
            "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json", "vocab.txt", "vocab.json",
            "merges.txt",
        ].contains(name) || name.hasSuffix(".model") || name.hasSuffix(".tiktoken")
    }
}
