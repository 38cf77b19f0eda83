/// GPT-2's `vocab.json` + `merges.txt`, read into the pipeline HF builds from them
/// (`transformers`' GPT2 converter, = the shared gpt2/tokenizer.json): no normalizer,
/// ByteLevel(add_prefix_space false) pre-tokenizer, byte-level BPE without unknown token,
/// ByteLevel post-processor and decoder; no added tokens.
public enum GPT2VocabMerges {
    /// Builds the tokenizer from the two files' bytes.
    public static func load(vocab: [UInt8], merges: [UInt8], mergesFile: String = "merges.txt") throws -> HFTokenizer {
        guard let vocabObject = try JSONParser.parse(vocab).object else {
            throw VocabError("vocab.json must be a JSON object", at: .byte(0))
        }
        var entries: [(key: String, id: Int)] = []
        entries.reserveCapacity(vocabObject.members.count)
        for (key, value) in vocabObject.members {
            guard let id = value.integer, id >= 0, id < Int(Int32.max) else {
                throw VocabError("the id of \(JSONText.quoted(key)) must be a non-negative integer", at: .byte(vocabObject.offset))
            }
            entries.append((key, id))
        }
        entries.sort { $0.id < $1.id }
        let pairs = try mergePairs(merges, file: mergesFile)
        let byteLevel: (Bool, Bool) -> JSONValue = { prefix, trim in
            .object(JSONObject([
                ("type", .string("ByteLevel")), ("add_prefix_space", .bool(prefix)), ("trim_offsets", .bool(trim)),
                ("use_regex", .bool(true)),
            ]))
        }
        let model = JSONObject([
            ("type", .string("BPE")), ("dropout", .null), ("unk_token", .null), ("continuing_subword_prefix", .null),
            ("end_of_word_suffix", .null), ("fuse_unk", .bool(false)), ("byte_fallback", .bool(false)),
            ("ignore_merges", .bool(false)),
            ("vocab", .object(JSONObject(entries.map { ($0.key, JSONValue.integer($0.id)) }))),
            ("merges", .array(pairs.map { .array([.string($0.0), .string($0.1)]) })),
        ])
        let document = JSONObject([
            ("version", .string("1.0")), ("truncation", .null), ("padding", .null), ("added_tokens", .array([])),
            ("normalizer", .null), ("pre_tokenizer", byteLevel(false, true)), ("post_processor", byteLevel(true, false)),
            ("decoder", byteLevel(true, true)), ("model", .object(model)),
        ])
        return try HFTokenizer(document: document, style: .pretty, format: .gpt2VocabMerges, sourceFile: vocab)
    }

    /// The merges of a merges.txt: one `left right` pair a line, `#version` lines skipped (HF
    /// `BPE::read_file`). A line that is not exactly two pieces is an error naming the line.
    public static func mergePairs(_ bytes: [UInt8], file: String) throws -> [(String, String)] {
        var pairs: [(String, String)] = []
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            lineNumber += 1
            var lineEnd = end
            if lineEnd > start && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let line = bytes[start..<lineEnd]
            start = end + 1
            if line.starts(with: Array("#version".utf8)) { continue }
            let parts = line.split(separator: 0x20, omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw VocabError("a merge must be two pieces separated by one space", file: file, at: .line(lineNumber))
            }
            guard UTF8Scan.firstInvalidOffset(Array(line).withUnsafeBufferPointer { $0 }) == nil else {
                throw VocabError("invalid UTF-8", file: file, at: .line(lineNumber))
            }
            pairs.append((String(decoding: parts[0], as: UTF8.self), String(decoding: parts[1], as: UTF8.self)))
        }
        return pairs
    }

    /// `vocab.json` for a table, as HF's `BPE::save` writes it (compact, by id; gaps left out).
    public static func vocabJSON(_ table: TokenTable) -> [UInt8] {
        let members = (0..<table.count).filter { table.pieceLength($0) > 0 }.map {
            (String(decoding: table.piece($0), as: UTF8.self), JSONValue.integer($0))
        }
        return JSONWriter.serialize(.object(JSONObject(members)), style: .compact)
    }

    /// `merges.txt` for a table's merges (`#version: 0.2` header, one pair a line).
    public static func mergesText(_ table: TokenTable) -> [UInt8] {
        var out = Array("#version: 0.2\n".utf8)
        for m in table.merges {
            out += table.piece(Int(m.left))
            out.append(0x20)
            out += table.piece(Int(m.right))
            out.append(0x0A)
        }
        return out
    }
}

/// A WordPiece `vocab.txt` (one piece a line, id = line index), read into the pipeline HF's
/// `BertTokenizerFast` builds for it by default — the BERT uncased pipeline of the shared
/// MiniLM tokenizer.json: BertNormalizer(clean_text, handle_chinese_chars, strip_accents null,
/// lowercase), BertPreTokenizer, WordPiece(`[UNK]`, `##`, 100), `[CLS] $A [SEP]`, WordPiece
/// decoder; `[PAD] [UNK] [CLS] [SEP] [MASK]` (those present) as special added tokens.
/// Assumption: the vocabulary is uncased. A cased vocabulary needs a tokenizer.json.
public enum WordPieceVocab {
    /// The special tokens made added tokens when present.
    public static let specialTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

    /// Builds the tokenizer from a vocab.txt.
    public static func load(_ bytes: [UInt8], file: String = "vocab.txt") throws -> HFTokenizer {
        let pieces = try lines(bytes, file: file)
        var idOf: [String: Int] = [:]
        for (i, p) in pieces.enumerated() where idOf[p] == nil { idOf[p] = i }
        guard idOf["[UNK]"] != nil else { throw VocabError("a WordPiece vocab.txt needs an [UNK] line", file: file) }
        let added: [JSONValue] = specialTokens.compactMap { name in
            guard let id = lastID(of: name, in: pieces) else { return nil }
            return .object(JSONObject([
                ("id", .integer(id)), ("special", .bool(true)), ("content", .string(name)), ("single_word", .bool(false)),
                ("lstrip", .bool(false)), ("rstrip", .bool(false)), ("normalized", .bool(false)),
            ]))
        }
        var postProcessor = JSONValue.null
        if let cls = lastID(of: "[CLS]", in: pieces), let sep = lastID(of: "[SEP]", in: pieces) {
            func special(_ name: String, _ typeID: Int) -> JSONValue {
                .object(JSONObject([("SpecialToken", .object(JSONObject([("id", .string(name)), ("type_id", .integer(typeID))])))]))
            }
            func sequence(_ name: String, _ typeID: Int) -> JSONValue {
                .object(JSONObject([("Sequence", .object(JSONObject([("id", .string(name)), ("type_id", .integer(typeID))])))]))
            }
            func entry(_ name: String, _ id: Int) -> JSONValue {
                .object(JSONObject([("id", .string(name)), ("ids", .array([.integer(id)])), ("tokens", .array([.string(name)]))]))
            }
            postProcessor = .object(JSONObject([
                ("type", .string("TemplateProcessing")),
                ("single", .array([special("[CLS]", 0), sequence("A", 0), special("[SEP]", 0)])),
                ("pair", .array([special("[CLS]", 0), sequence("A", 0), special("[SEP]", 0), sequence("B", 1), special("[SEP]", 1)])),
                ("special_tokens", .object(JSONObject([("[CLS]", entry("[CLS]", cls)), ("[SEP]", entry("[SEP]", sep))]))),
            ]))
        }
        let document = JSONObject([
            ("version", .string("1.0")), ("truncation", .null), ("padding", .null), ("added_tokens", .array(added)),
            ("normalizer", .object(JSONObject([
                ("type", .string("BertNormalizer")), ("clean_text", .bool(true)), ("handle_chinese_chars", .bool(true)),
                ("strip_accents", .null), ("lowercase", .bool(true)),
            ]))),
            ("pre_tokenizer", .object(JSONObject([("type", .string("BertPreTokenizer"))]))),
            ("post_processor", postProcessor),
            ("decoder", .object(JSONObject([("type", .string("WordPiece")), ("prefix", .string("##")), ("cleanup", .bool(true))]))),
            ("model", .object(JSONObject([
                ("type", .string("WordPiece")), ("unk_token", .string("[UNK]")), ("continuing_subword_prefix", .string("##")),
                ("max_input_chars_per_word", .integer(100)),
                ("vocab", .object(JSONObject(pieces.enumerated().map { ($0.element, JSONValue.integer($0.offset)) }))),
            ]))),
        ])
        return try HFTokenizer(document: document, style: .compact, format: .wordPieceVocab, sourceFile: bytes)
    }

    /// HF maps a piece to its last line (a map insert per line).
    static func lastID(of piece: String, in pieces: [String]) -> Int? {
        pieces.lastIndex { bytesEqual($0, piece) }
    }

    /// The pieces: lines split on `\n`, trailing White_Space removed (HF's `trim_end`).
    static func lines(_ bytes: [UInt8], file: String) throws -> [String] {
        var out: [String] = []
        try TextLines.forEach(in: bytes, file: file, policy: .fail) { line, _ in
            var end = line.count
            while end > 0 {
                var s = end - 1
                while s > 0 && line[s] & 0xC0 == 0x80 { s -= 1 }
                if !UnicodeProperties.isWhiteSpace(UTF8Scan.decode(line, at: s).scalar) { break }
                end = s
            }
            out.append(String(decoding: UnsafeBufferPointer(rebasing: line[0..<end]), as: UTF8.self))
        }
        return out
    }

    /// `vocab.txt` for a table: each id's piece on its own line.
    public static func vocabText(_ table: TokenTable) -> [UInt8] {
        var out: [UInt8] = []
        for id in 0..<table.count {
            out += table.piece(id)
            out.append(0x0A)
        }
        return out
    }
}
