/// Finds, identifies and loads a tokenizer from a file or folder, by content rather than by name.
public enum TokenizerLoader {
    /// The file (and, for GPT-2 files, its companion) a `--tokenizer` path resolves to.
    public struct Source: Sendable, Equatable {
        /// The main file read.
        public var file: String
        /// `merges.txt` for `vocab.json`; nil otherwise.
        public var companion: String?
        /// The detected format.
        public var format: TokenizerFormat

        public init(file: String, companion: String? = nil, format: TokenizerFormat) {
            self.file = file
            self.companion = companion
            self.format = format
        }
    }

    /// Loads the tokenizer at `path` (a file or a folder).
    /// - Parameter pattern: the split pattern name for a tiktoken rank file
    ///   (`r50k`, `cl100k`, `o200k`, `llama3`, `qwen2`); nil to recognise a known rank file.
    public static func load(path: String, pattern: String? = nil) throws -> (tokenizer: any TokenizerBackend, source: Source) {
        let source = try resolve(path)
        let bytes = try FileIO.read(source.file)
        return (try load(bytes: bytes, source: source, pattern: pattern), source)
    }

    /// Loads a tokenizer from the bytes of `source.file` (already read), in `source.format`.
    /// Errors are attributed to `source.file`.
    public static func load(bytes: [UInt8], source: Source, pattern: String? = nil) throws -> any TokenizerBackend {
        do {
            return try FormatRegistry.load(source: source, bytes: bytes, pattern: pattern)
        } catch let error as VocabError {
            throw error.inFile(source.file)
        }
    }

    /// Decides which file of `path` to read and in which format.
    ///
    /// A folder is searched in this order: `tokenizer.json`, a SentencePiece `.model`,
    /// `vocab.json` + `merges.txt`, `vocab.txt`, a tiktoken rank file.
    public static func resolve(_ path: String) throws -> Source {
        guard FileIO.exists(path) else { throw VocabError("no such file or folder", file: path) }
        if !FileIO.isDirectory(path) {
            let bytes = try FileIO.read(path)
            let format = try detect(bytes, file: path)
            var companion: String? = nil
            if format == .gpt2VocabMerges {
                companion = sibling(of: path, named: "merges.txt")
                guard let companion, FileIO.exists(companion) else {
                    throw VocabError("a vocab.json needs merges.txt beside it", file: path)
                }
            }
            return Source(file: path, companion: companion, format: format)
        }
        let names = try FileIO.listDirectory(path)
        func join(_ name: String) -> String { path.hasSuffix("/") ? path + name : path + "/" + name }
        if names.contains("tokenizer.json") {
            return Source(file: join("tokenizer.json"), companion: nil, format: .huggingFace)
        }
        for name in names where name.hasSuffix(".model") {
            let file = join(name)
            if let bytes = try? FileIO.read(file), (try? detect(bytes, file: file)) == .sentencePiece {
                return Source(file: file, companion: nil, format: .sentencePiece)
            }
        }
        if names.contains("vocab.json") && names.contains("merges.txt") {
            return Source(file: join("vocab.json"), companion: join("merges.txt"), format: .gpt2VocabMerges)
        }
        if names.contains("vocab.txt") {
            return Source(file: join("vocab.txt"), companion: nil, format: .wordPieceVocab)
        }
        for name in names where !name.hasSuffix(".json") {
            let file = join(name)
            if FileIO.isDirectory(file) { continue }
            if let bytes = try? FileIO.read(file), (try? detect(bytes, file: file)) == .tiktoken {
                return Source(file: file, companion: nil, format: .tiktoken)
            }
        }
        throw VocabError(
            "no tokenizer found (looked for tokenizer.json, a SentencePiece .model, vocab.json + merges.txt, vocab.txt, a tiktoken rank file)",
            file: path)
    }

    /// Identifies a tokenizer file's format from its content.
    public static func detect(_ bytes: [UInt8], file: String) throws -> TokenizerFormat {
        var i = 0
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 {
            i += 1
        }
        guard i < bytes.count else { throw VocabError("the file is empty", file: file) }
        if bytes[i] == UInt8(ascii: "{") {
            if containsModelKey(bytes) { return .huggingFace }
            // A vocab.json maps tokens to ids; anything else (a truncated tokenizer.json, say) is
            // read as a tokenizer.json, so the JSON reader names what is wrong and where.
            return firstMemberHasNumber(bytes, from: i) ? .gpt2VocabMerges : .huggingFace
        }
        // A SentencePiece ModelProto starts with field 1 (pieces, length-delimited) or, rarely,
        // another known field; text formats start with printable bytes.
        if bytes[0] == 0x0A, bytes.count > 1, bytes[1] >= 0x80 || bytes[1] < 0x20 {
            return .sentencePiece
        }
        if bytes[0] == 0x0A || bytes[0] == 0x12 || bytes[0] == 0x1A || bytes[0] == 0x22 {
            if bytes.prefix(64).contains(where: { $0 < 0x09 }) { return .sentencePiece }
        }
        if looksLikeRankFile(bytes) { return .tiktoken }
        if bytes.prefix(4096).contains(0) {
            throw VocabError("not a tokenizer file this tool reads (binary data)", file: file)
        }
        return .wordPieceVocab
    }

    /// `"model"` followed by `:` and `{` somewhere in the file (the key of a tokenizer.json model).
    static func containsModelKey(_ bytes: [UInt8]) -> Bool {
        let key = Array("\"model\"".utf8)
        var i = 0
        let n = bytes.count
        while i + key.count < n {
            if bytes[i] == 0x22 && bytes[i + 1] == 0x6D && Array(bytes[i..<i + key.count]) == key {
                var j = i + key.count
                while j < n, bytes[j] == 0x20 || bytes[j] == 0x0A || bytes[j] == 0x0D || bytes[j] == 0x09 { j += 1 }
                if j < n, bytes[j] == UInt8(ascii: ":") {
                    j += 1
                    while j < n, bytes[j] == 0x20 || bytes[j] == 0x0A || bytes[j] == 0x0D || bytes[j] == 0x09 { j += 1 }
                    if j < n, bytes[j] == UInt8(ascii: "{") { return true }
                }
            }
            i += 1
        }
        return false
    }

    /// Whether the object opening at `open` has a first member whose value is a number.
    static func firstMemberHasNumber(_ bytes: [UInt8], from open: Int) -> Bool {
        func skipSpace(_ j: inout Int) {
            while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x0A || bytes[j] == 0x0D || bytes[j] == 0x09 { j += 1 }
        }
        var j = open + 1
        skipSpace(&j)
        guard j < bytes.count, bytes[j] == 0x22 else { return false }
        j += 1
        while j < bytes.count, bytes[j] != 0x22 { j += bytes[j] == UInt8(ascii: "\\") ? 2 : 1 }
        j += 1
        skipSpace(&j)
        guard j < bytes.count, bytes[j] == UInt8(ascii: ":") else { return false }
        j += 1
        skipSpace(&j)
        return j < bytes.count && (bytes[j] == UInt8(ascii: "-") || (bytes[j] >= 0x30 && bytes[j] <= 0x39))
    }

    /// The first line is `BASE64 SPACE DIGITS`.
    static func looksLikeRankFile(_ bytes: [UInt8]) -> Bool {
        var i = 0
        var sawBase64 = false
        while i < bytes.count, isBase64(bytes[i]) {
            sawBase64 = true
            i += 1
        }
        guard sawBase64, i < bytes.count, bytes[i] == 0x20 else { return false }
        i += 1
        var sawDigit = false
        while i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39 {
            sawDigit = true
            i += 1
        }
        return sawDigit && (i == bytes.count || bytes[i] == 0x0A || bytes[i] == 0x0D)
    }

    static func isBase64(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2B
            || b == 0x2F || b == 0x3D
    }

    static func sibling(of path: String, named name: String) -> String {
        if let slash = path.lastIndex(of: "/") { return String(path[...slash]) + name }
        return name
    }
}
