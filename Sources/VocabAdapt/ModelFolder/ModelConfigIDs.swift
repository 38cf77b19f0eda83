import VocabCore

/// The vocabulary-dependent fields of a model's `config.json` and `generation_config.json`:
/// `vocab_size`, and every token id (`pad_token_id`, `bos_token_id`, `eos_token_id` (one or a
/// list), `decoder_start_token_id`, `sep_token_id`, `forced_bos_token_id`, `suppress_tokens`, ...,
/// at the top level and in nested objects such as `text_config`).
enum ModelConfigIDs {
    /// Whether `key` holds token ids.
    static func holdsTokenIDs(_ key: String) -> Bool {
        key.hasSuffix("_token_id") || key.hasSuffix("_token_ids") || key == "suppress_tokens" || key == "begin_suppress_tokens"
    }

    /// Every token id the object names, nested objects included.
    static func tokenIDs(in object: JSONObject) -> [Int32] {
        var ids: [Int32] = []
        func collect(_ value: JSONValue, idsHere: Bool) {
            if let object = value.object {
                for (key, member) in object.members { collect(member, idsHere: holdsTokenIDs(key)) }
            } else if let list = value.array {
                for item in list { collect(item, idsHere: idsHere) }
            } else if idsHere, let id = value.integer, id >= 0, id <= Int(Int32.max) {
                ids.append(Int32(id))
            }
        }
        collect(.object(object), idsHere: false)
        return ids
    }

    /// The config text with every token id mapped through `map` and `vocab_size` (top level and
    /// `text_config`, where present) set to `rows`; `generation_config.json` has no `vocab_size`
    /// and only gets its ids mapped. The file's layout is kept.
    /// - Parameter nullingUnmapped: write `null` for an id the new vocabulary does not have
    ///   (a transplant onto a tokenizer without that special token) instead of failing.
    /// - Throws: when an id names a token the new vocabulary does not have (unless `nullingUnmapped`).
    static func rewrite(_ bytes: [UInt8], file: String, map: VocabularyIDMap, rows: Int?, nullingUnmapped: Bool = false) throws -> [UInt8] {
        guard var config = try JSONParser.parse(bytes, file: file).object else {
            throw VocabError("not a JSON object", file: file)
        }
        func remap(_ value: JSONValue, key: String) throws -> JSONValue {
            if let list = value.array { return .array(try list.map { try remap($0, key: key) }) }
            guard let old = value.integer else { return value }
            guard let new = map.newID(ofOld: old) else {
                if nullingUnmapped { return .null }
                throw VocabError("\(key) \(old) names a token the new vocabulary does not have", file: file)
            }
            return .integer(new)
        }
        func walk(_ object: JSONObject) throws -> JSONObject {
            var copy = object
            for k in copy.members.indices {
                let (key, value) = copy.members[k]
                if let nested = value.object {
                    copy.members[k].value = .object(try walk(nested))
                } else if holdsTokenIDs(key) {
                    copy.members[k].value = try remap(value, key: key)
                }
            }
            return copy
        }
        config = try walk(config)
        if let rows {
            if config["vocab_size"] != nil || config["text_config"]?.object?["vocab_size"] == nil {
                config["vocab_size"] = .integer(rows)
            }
            if var text = config["text_config"]?.object, text["vocab_size"] != nil {
                text["vocab_size"] = .integer(rows)
                config["text_config"] = .object(text)
            }
        }
        return JSONWriter.serialize(.object(config), inLayoutOf: bytes)
    }

    /// The width the config gives the token embeddings: `embedding_size` (ALBERT's factorized
    /// embeddings), else `hidden_size`, `d_model`, `n_embd` or `dim`, at the top level or in `text_config`.
    static func embeddingWidth(in config: JSONObject) -> (key: String, width: Int)? {
        for object in [config, config["text_config"]?.object].compactMap({ $0 }) {
            for key in ["embedding_size", "hidden_size", "d_model", "n_embd", "dim"] {
                if let width = object[key]?.integer { return (key, width) }
            }
        }
        return nil
    }

    /// Whether the config ties the output head to the input embeddings (`tie_word_embeddings`,
    /// true when absent, as in `transformers`).
    static func tiesEmbeddings(_ config: JSONObject) -> Bool {
        config["tie_word_embeddings"]?.bool ?? config["text_config"]?.object?["tie_word_embeddings"]?.bool ?? true
    }
}
