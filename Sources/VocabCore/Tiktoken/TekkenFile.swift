/// Mistral's `tekken.json`: a tiktoken rank file in JSON (`vocab`: `{rank, token_bytes,
/// token_str}` in rank order), its split pattern and sizes (`config`), and its special tokens,
/// read as mistral-common's `Tekkenizer` reads it.
///
/// The special tokens take ids `0 ..< default_num_special_tokens` (the file's `special_tokens`
/// list, or mistral-common's built-in list for files up to v7 that have none, then fillers
/// `<SPECIAL_n>`); the first `default_vocab_size - default_num_special_tokens` ranks follow,
/// rank r at id r + `default_num_special_tokens`. Ids shift the ranks without reordering them, so
/// the tiktoken merge loop over ids merges exactly as tiktoken does over ranks.
public enum TekkenFile {
    /// The special tokens mistral-common assumes for a file without a `special_tokens` list.
    static let builtInSpecialTokens = [
        "<unk>", "<s>", "</s>", "[INST]", "[/INST]", "[AVAILABLE_TOOLS]", "[/AVAILABLE_TOOLS]", "[TOOL_RESULTS]",
        "[/TOOL_RESULTS]", "[TOOL_CALLS]", "[IMG]", "<pad>", "[IMG_BREAK]", "[IMG_END]", "[PREFIX]", "[MIDDLE]",
        "[SUFFIX]", "[SYSTEM_PROMPT]", "[/SYSTEM_PROMPT]", "[TOOL_CONTENT]",
    ]

    /// Whether a JSON file looks like a tekken file: it has a `default_num_special_tokens` key
    /// (tokenizer.json and vocab.json never have one as a key).
    static func looksLikeTekken(_ bytes: [UInt8]) -> Bool {
        let key = Array("\"default_num_special_tokens\"".utf8)
        guard bytes.count >= key.count else { return false }
        // The config comes first in every published file; look there before scanning everything.
        let limit = bytes.count - key.count
        var i = 0
        while i <= limit {
            if bytes[i] == 0x22 && bytes[i + 1] == 0x64 && bytes[i..<(i + key.count)].elementsEqual(key) { return true }
            i += 1
        }
        return false
    }

    /// Reads a tekken file. Errors carry the byte offset of the offending member.
    public static func load(_ bytes: [UInt8]) throws -> TiktokenTokenizer {
        guard let root = try JSONParser.parse(bytes).object else {
            throw VocabError("a tekken file must be a JSON object", at: .byte(0))
        }
        guard let config = root["config"]?.object else {
            throw VocabError("a tekken file needs a \"config\" object", at: .byte(root.offset))
        }
        func integer(_ name: String) throws -> Int {
            guard let value = config[name]?.integer, value >= 0, value <= Int(TiktokenRankFile.maximumRank) else {
                throw VocabError("config \"\(name)\" must be an integer in 0...\(TiktokenRankFile.maximumRank)", at: .byte(config.offset))
            }
            return value
        }
        let vocabularySize = try integer("default_vocab_size")
        let specialCount = try integer("default_num_special_tokens")
        guard let patternText = config["pattern"]?.string else {
            throw VocabError("config \"pattern\" must be a string", at: .byte(config.offset))
        }
        guard let pattern = SplitPattern.allCases.first(where: { $0.regex == patternText }) else {
            throw VocabError(
                "config \"pattern\" is not a split pattern vocabtool has a scanner for (known: \(SplitPattern.allCases.map(\.rawValue).joined(separator: ", ")))",
                at: .byte(config.offset))
        }
        guard let vocab = root["vocab"]?.array else {
            throw VocabError("a tekken file needs a \"vocab\" array", at: .byte(root.offset))
        }
        guard specialCount <= vocabularySize, vocabularySize - specialCount <= vocab.count else {
            throw VocabError(
                "default_vocab_size \(vocabularySize) needs \(vocabularySize - specialCount) ranks after \(specialCount) special tokens, and \"vocab\" has \(vocab.count)",
                at: .byte(config.offset))
        }

        var table = TokenTable(capacity: vocabularySize)
        for name in try specialTokens(root, count: specialCount, version: config["version"]?.string) {
            table.append(Array(name.utf8), kind: .control)
        }
        var decoded: [UInt8] = []
        for rank in 0..<(vocabularySize - specialCount) {
            guard let entry = vocab[rank].object else {
                throw VocabError("vocab entry \(rank) is not an object", at: .byte(root.offset))
            }
            guard let r = entry["rank"]?.integer, r == rank else {
                throw VocabError(
                    "vocab entry \(rank) has rank \(entry["rank"].flatMap { $0.numberText } ?? "none") (ranks must be 0, 1, 2, ... in order; none may repeat)",
                    at: .byte(entry.offset))
            }
            guard let base64 = entry["token_bytes"]?.string else {
                throw VocabError("vocab entry \(rank) has no \"token_bytes\" string", at: .byte(entry.offset))
            }
            decoded.removeAll(keepingCapacity: true)
            var text = base64
            let ok = text.withUTF8 { Base64.decode($0, into: &decoded) }
            guard ok, !decoded.isEmpty else {
                throw VocabError("vocab entry \(rank): \"token_bytes\" is not base64 of a non-empty token", at: .byte(entry.offset))
            }
            if rank < 256 && decoded != [UInt8(rank)] {
                throw VocabError("vocab entry \(rank) must be the single byte \(rank) (ranks 0-255 are the bytes)", at: .byte(entry.offset))
            }
            let id = table.append(decoded, kind: .normal)
            if let first = table.id(of: decoded), first != id, Int(first) >= specialCount {
                throw VocabError(
                    "vocab entry \(rank) repeats the token of rank \(Int(first) - specialCount)", at: .byte(entry.offset))
            }
        }
        return try TiktokenTokenizer(table: table, pattern: pattern, format: .tekken)
    }

    /// The names of the special tokens, ids 0 ..< count.
    static func specialTokens(_ root: JSONObject, count: Int, version: String?) throws -> [String] {
        var names: [String] = []
        if let list = root["special_tokens"], !list.isNull {
            guard let items = list.array else {
                throw VocabError("\"special_tokens\" must be an array", at: .byte(root.offset))
            }
            for (k, item) in items.enumerated() {
                guard let o = item.object, let name = o["token_str"]?.string, !name.isEmpty else {
                    throw VocabError("special token \(k) needs a non-empty \"token_str\"", at: .byte(root.offset))
                }
                guard o["rank"]?.integer == k else {
                    throw VocabError("special token \(k) (\(JSONText.quoted(name))) must have rank \(k)", at: .byte(o.offset))
                }
                names.append(name)
            }
        } else {
            // mistral-common refuses a file of a version after v7 without the list.
            if let version, let number = Int(version.dropFirst()), version.hasPrefix("v"), number > 7 {
                throw VocabError("a tekken file of version \(version) must list its \"special_tokens\"", at: .byte(root.offset))
            }
            names = builtInSpecialTokens
        }
        guard names.count <= count else {
            throw VocabError(
                "\(names.count) special tokens do not fit in default_num_special_tokens \(count)", at: .byte(root.offset))
        }
        for k in names.count..<count { names.append("<SPECIAL_\(k)>") }
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            throw VocabError("special token \(JSONText.quoted(name)) appears twice", at: .byte(root.offset))
        }
        return names
    }
}
