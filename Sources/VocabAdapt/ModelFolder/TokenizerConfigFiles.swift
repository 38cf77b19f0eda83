import VocabCore

/// The `transformers` tokenizer files that name token ids beside the tokenizer itself:
/// `tokenizer_config.json` (`added_tokens_decoder`, keyed by id) and the older `added_tokens.json`
/// (`{token: id}`). Special tokens are named by their text there and in `special_tokens_map.json`,
/// so `model_max_length` and every special token carry over unchanged.
enum TokenizerConfigFiles {
    /// Checks that each `added_tokens_decoder` entry names the token the tokenizer has at that id.
    static func check(_ path: String, against table: TokenTable, tokenizerFile: String) throws {
        guard let config = try JSONParser.parse(try FileIO.read(path), file: path).object else {
            throw VocabError("not a JSON object", file: path)
        }
        guard let decoder = config["added_tokens_decoder"]?.object else { return }
        for (key, entry) in decoder.members {
            guard let id = Int(key), id >= 0, let content = entry.object?["content"]?.string else {
                throw VocabError("added_tokens_decoder entry \"\(key)\" is not an id with a content", file: path)
            }
            guard id < table.count, table.piece(id) == Array(content.utf8) else {
                let actual = id < table.count ? "\"\(table.pieceText(id))\"" : "no token"
                throw VocabError(
                    "added_tokens_decoder gives id \(id) to \"\(content)\", but \(tokenizerFile) has \(actual) at id \(id)",
                    file: path)
            }
        }
    }

    /// Checks that every special token `tokenizer_config.json` or `special_tokens_map.json` names
    /// (`*_token`, `additional_special_tokens`, `extra_special_tokens`; text or `{"content": ...}`)
    /// and the old vocabulary had is in the new one.
    static func checkSpecialTokens(_ bytes: [UInt8], file: String, old: TokenTable, new: TokenTable) throws {
        guard let object = try JSONParser.parse(bytes, file: file).object else { throw VocabError("not a JSON object", file: file) }
        func text(_ value: JSONValue) -> [String] {
            if let s = value.string { return [s] }
            if let content = value.object?["content"]?.string { return [content] }
            return value.array?.flatMap(text) ?? []
        }
        for (key, value) in object.members
        where key.hasSuffix("_token") || key == "additional_special_tokens" || key == "extra_special_tokens" {
            for token in text(value) where old.id(of: token) != nil && new.id(of: token) == nil {
                throw VocabError("\(key) \"\(token)\" is not in the new vocabulary", file: file)
            }
        }
    }

    /// `tokenizer_config.json` with `added_tokens_decoder` keyed by the new ids (entries of
    /// dropped tokens left out, the rest in new-id order); every other field kept.
    static func rewriteTokenizerConfig(_ bytes: [UInt8], file: String, map: VocabularyIDMap) throws -> [UInt8] {
        guard var config = try JSONParser.parse(bytes, file: file).object else { throw VocabError("not a JSON object", file: file) }
        guard let decoder = config["added_tokens_decoder"]?.object else { return bytes }
        var entries: [(id: Int, value: JSONValue)] = []
        for (key, value) in decoder.members {
            guard let old = Int(key) else { throw VocabError("added_tokens_decoder key \"\(key)\" is not an id", file: file) }
            if let new = map.newID(ofOld: old) { entries.append((new, value)) }
        }
        entries.sort { $0.id < $1.id }
        config["added_tokens_decoder"] = .object(JSONObject(entries.map { (String($0.id), $0.value) }))
        return JSONWriter.serialize(.object(config), inLayoutOf: bytes)
    }

    /// `added_tokens.json` (`{token: id}`) with the new ids; tokens dropped are left out.
    static func rewriteAddedTokens(_ bytes: [UInt8], file: String, map: VocabularyIDMap) throws -> [UInt8] {
        guard let object = try JSONParser.parse(bytes, file: file).object else { throw VocabError("not a JSON object", file: file) }
        var members: [(key: String, value: JSONValue)] = []
        for (token, value) in object.members {
            guard let old = value.integer else { throw VocabError("the id of \"\(token)\" is not an integer", file: file) }
            if let new = map.newID(ofOld: old) { members.append((token, .integer(new))) }
        }
        return JSONWriter.serialize(.object(JSONObject(members)), inLayoutOf: bytes)
    }
}
