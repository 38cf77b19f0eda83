import VocabCore
import VocabTraining

/// A corpus counted once under one tokenizer, so `trim` and `expand` can run on the counts
/// (merged from shards counted anywhere) instead of the text: token id counts for `trim`
/// (`vocabtool count --tokenizer T --ids`), or the words as the tokenizer's normalizer and
/// pre-tokenizer cut them for `expand --add` (`vocabtool count --tokenizer T`).
///
/// The file is line-oriented text, like the training word counts (`CountFile`):
/// ```
/// # vocabtool token id counts 1            (or: # vocabtool tokenizer word counts 1)
/// # tokenizer: fnv1a64:5c1f0e2a9b3d7788 o200k.tiktoken
/// # lines: 204385
/// # lost words: 0                          (word counts only)
/// # letters: Ethi 1234, Latn 56            (word counts only)
/// 9132<TAB>13                              (COUNT<TAB>ID, or COUNT<TAB>WORD escaped as in CountFile)
/// ```
/// The tokenizer line records what made the counts: a 64-bit FNV-1a fingerprint of the
/// tokenizer's files and split pattern, then the file name (for people; not compared). Counts
/// of different kinds or tokenizers cannot be merged or used with another tokenizer. Entries are
/// ordered by count (highest first), then by id or bytewise by word; readers accept any order.
public struct TokenizerCounts: Sendable {
    /// What was counted.
    public enum Kind: String, Sendable {
        /// Token ids (for `trim`).
        case ids = "token id counts"
        /// Words under the tokenizer's normalizer and pre-tokenizer (for `expand --add`).
        case words = "tokenizer word counts"
    }

    public var kind: Kind
    /// The tokenizer's fingerprint (`fingerprint(of:pattern:)`).
    public var tokenizer: String
    /// The tokenizer's file name when counted (informational).
    public var tokenizerName: String
    /// Lines counted.
    public var lines = 0
    /// `.ids`: the count of each id (index = id; trailing ids never seen may be missing).
    public var idCounts: [Int] = []
    /// `.words`: the words (in the vocabulary's notation) and how many were lost to the unknown token.
    public var words = CorpusWords()
    /// `.words`: the characters of each script in the raw text (ICU script code), for `TargetScripts`.
    public var letters: [Int32: Int] = [:]

    public init(kind: Kind, tokenizer: String, tokenizerName: String) {
        self.kind = kind
        self.tokenizer = tokenizer
        self.tokenizerName = tokenizerName
    }

    static func formatLine(_ kind: Kind) -> String { "# vocabtool \(kind.rawValue) 1" }

    /// Whether `bytes` start like a file of this type (rather than training word counts).
    public static func isTokenizerCountFile(_ bytes: [UInt8]) -> Bool {
        [Kind.ids, .words].contains { bytes.starts(with: Array((formatLine($0) + "\n").utf8)) }
    }

    /// The fingerprint of a tokenizer: FNV-1a (64 bits) over its file, its companion file
    /// (`merges.txt`) and the split pattern of a rank file.
    public static func fingerprint(of source: TokenizerLoader.Source, pattern: String?) throws -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ bytes: [UInt8]) {
            for b in bytes {
                h ^= UInt64(b)
                h = h &* 0x0000_0100_0000_01b3
            }
            h ^= 0xFF
            h = h &* 0x0000_0100_0000_01b3
        }
        mix(try FileIO.read(source.file))
        if let companion = source.companion { mix(try FileIO.read(companion)) }
        if let pattern { mix(Array(pattern.utf8)) }
        let hex = String(h, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The fingerprint of a loaded tokenizer (a rank file's effective split pattern included).
    public static func fingerprint(of tokenizer: any TokenizerBackend, source: TokenizerLoader.Source) throws -> String {
        try fingerprint(of: source, pattern: (tokenizer as? TiktokenTokenizer)?.pattern.rawValue)
    }

    /// Counts the token ids of `files` (lines as `TextLines` reads them, no special tokens).
    public static func countingIDs(
        of files: [String], tokenizer: any TokenizerBackend, source: TokenizerLoader.Source,
        policy: InvalidUTF8Policy = .fail, pipeline: LinePipeline = LinePipeline(), progress: ((Int, Int) -> Void)? = nil
    ) throws -> TokenizerCounts {
        var result = TokenizerCounts(kind: .ids, tokenizer: try fingerprint(of: tokenizer, source: source), tokenizerName: name(source))
        let counts = try CorpusCounts(tokenizer: tokenizer, files: files, policy: policy, pipeline: pipeline, progress: progress)
        result.lines = counts.lines
        result.idCounts = counts.counts
        return result
    }

    /// Counts the words of `files` as `expand --add` reads them (`CorpusWords` under
    /// `ExpandJob.wordTokenizer`), and the letters of each script in the raw text.
    public static func countingWords(
        of files: [String], tokenizer: any TokenizerBackend, source: TokenizerLoader.Source,
        policy: InvalidUTF8Policy = .fail, pipeline: LinePipeline = LinePipeline()
    ) throws -> TokenizerCounts {
        var result = TokenizerCounts(kind: .words, tokenizer: try fingerprint(of: tokenizer, source: source), tokenizerName: name(source))
        let words = try ExpandJob.wordTokenizer(tokenizer, format: source.format)
        result.words = try CorpusWords(tokenizer: words, files: files, policy: policy, pipeline: pipeline)
        result.lines = result.words.lines
        result.letters = try TargetScripts.letterCounts(in: files, policy: policy, pipeline: pipeline)
        return result
    }

    static func name(_ source: TokenizerLoader.Source) -> String {
        String(source.file.split(separator: "/").last ?? Substring(source.file))
    }

    /// Adds the counts of `other`, which must be of the same kind and tokenizer.
    public mutating func add(_ other: TokenizerCounts) {
        precondition(kind == other.kind && tokenizer == other.tokenizer)
        lines += other.lines
        if other.idCounts.count > idCounts.count { idCounts += Array(repeating: 0, count: other.idCounts.count - idCounts.count) }
        for (id, count) in other.idCounts.enumerated() { idCounts[id] += count }
        var index: [[UInt8]: Int] = [:]
        for (k, word) in words.words.enumerated() { index[word] = k }
        for (k, word) in other.words.words.enumerated() { words.add(word, count: other.words.counts[k], index: &index) }
        words.lines += other.words.lines
        words.unknownWords += other.words.unknownWords
        letters.merge(other.letters, uniquingKeysWith: +)
    }

    /// The whole file.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        var header = [Self.formatLine(kind), "# tokenizer: \(tokenizer) \(tokenizerName)", "# lines: \(lines)"]
        if kind == .words {
            header.append("# lost words: \(words.unknownWords)")
            let scripts = letters.map { (Scripts.name(ofScriptCode: $0.key), $0.value) }.sorted { $0.0 < $1.0 }
            header.append("# letters: " + scripts.map { "\($0.0) \($0.1)" }.joined(separator: ", "))
        }
        for line in header {
            out.append(contentsOf: line.utf8)
            out.append(0x0A)
        }
        switch kind {
        case .ids:
            let order = idCounts.indices.filter { idCounts[$0] > 0 }.sorted { idCounts[$0] != idCounts[$1] ? idCounts[$0] > idCounts[$1] : $0 < $1 }
            for id in order { out.append(contentsOf: "\(idCounts[id])\t\(id)\n".utf8) }
        case .words:
            let sorted = words.sortedByCount()
            for (k, word) in sorted.words.enumerated() {
                out.append(contentsOf: "\(sorted.counts[k])\t".utf8)
                word.withUnsafeBytes { CountFile.appendEscaped($0, to: &out) }
                out.append(0x0A)
            }
        }
        return out
    }

    /// Writes the file atomically.
    public func write(to path: String) throws {
        try FileIO.writeAtomically(encoded(), to: path)
    }

    /// Reads one file.
    public init(file: String) throws {
        let bytes = try FileIO.read(file)
        var rows: [UnsafeBufferPointer<UInt8>] = []
        self.init(kind: .ids, tokenizer: "", tokenizerName: "")
        try bytes.withUnsafeBufferPointer { all in
            var start = 0
            while start < all.count {
                var end = start
                while end < all.count && all[end] != 0x0A { end += 1 }
                rows.append(UnsafeBufferPointer(rebasing: all[start..<end]))
                start = end + 1
            }
            if all.last != 0x0A { throw VocabError("truncated count file (no newline at the end)", file: file, at: .line(rows.count)) }
            func text(_ k: Int) -> String { String(decoding: rows[k], as: UTF8.self) }
            func header(_ k: Int, _ prefix: String) throws -> String {
                guard k < rows.count, text(k).hasPrefix(prefix) else {
                    throw VocabError("expected a header line \"\(prefix)...\"", file: file, at: .line(k + 1))
                }
                return String(text(k).dropFirst(prefix.count))
            }
            func number(_ k: Int, _ prefix: String) throws -> Int {
                guard let n = Int(try header(k, prefix)), n >= 0 else {
                    throw VocabError("expected a count after \"\(prefix)\"", file: file, at: .line(k + 1))
                }
                return n
            }
            guard let first = rows.first, let found = [Kind.ids, .words].first(where: { Self.formatLine($0) == String(decoding: first, as: UTF8.self) }) else {
                throw VocabError("not a vocabtool tokenizer count file (made by `vocabtool count --tokenizer`)", file: file, at: .line(1))
            }
            kind = found
            let identity = try header(1, "# tokenizer: ").split(separator: " ", maxSplits: 1)
            guard let fingerprint = identity.first, fingerprint.hasPrefix("fnv1a64:") else {
                throw VocabError("expected a tokenizer fingerprint (fnv1a64:...)", file: file, at: .line(2))
            }
            tokenizer = String(fingerprint)
            tokenizerName = identity.count > 1 ? String(identity[1]) : ""
            self.lines = try number(2, "# lines: ")
            var k = 3
            if kind == .words {
                words.lines = self.lines
                words.unknownWords = try number(3, "# lost words: ")
                let list = try header(4, "# letters: ")
                for item in list.split(separator: ",") {
                    let parts = item.split(separator: " ")
                    guard parts.count == 2, let code = Scripts.scriptCode(named: String(parts[0])), let n = Int(parts[1]), n >= 0 else {
                        throw VocabError("malformed letters entry \"\(item)\" (expected SCRIPT COUNT)", file: file, at: .line(5))
                    }
                    letters[code, default: 0] += n
                }
                k = 5
            }
            var word: [UInt8] = []
            var index: [[UInt8]: Int] = [:]
            while k < rows.count {
                let count = try CountFile.parseEntry(rows[k], word: &word, file: file, line: k + 1)
                guard count <= UInt64(Int.max) else {
                    throw VocabError("malformed count line: count out of range", file: file, at: .lineColumn(k + 1, 1))
                }
                switch kind {
                case .ids:
                    guard let id = Int(String(decoding: word, as: UTF8.self)), id >= 0, id < Int(Int32.max) else {
                        throw VocabError("malformed count line: expected a token id after the tab", file: file, at: .line(k + 1))
                    }
                    if id >= idCounts.count { idCounts += Array(repeating: 0, count: id + 1 - idCounts.count) }
                    idCounts[id] += Int(count)
                case .words:
                    words.add(word, count: Int(count), index: &index)
                }
                k += 1
            }
        }
    }

    /// Reads and merges count files of one kind and tokenizer.
    /// - Throws: `VocabError` naming the file whose kind or tokenizer differs from the first file's.
    public static func read(_ paths: [String]) throws -> TokenizerCounts {
        guard let first = paths.first else { throw VocabError("no count files given") }
        var merged = try TokenizerCounts(file: first)
        for path in paths.dropFirst() {
            let these = try TokenizerCounts(file: path)
            try these.check(kind: merged.kind, tokenizer: merged.tokenizer, file: path, expected: first)
            merged.add(these)
        }
        return merged
    }

    /// Throws unless these counts are of `kind` and were counted with the tokenizer `fingerprint`.
    /// - Parameter expected: what asked for them, in the message (the first file of a merge, or a tokenizer).
    public func check(kind wanted: Kind, tokenizer fingerprint: String, file: String, expected: String) throws {
        guard kind == wanted else {
            throw VocabError("holds \(kind.rawValue), but \(expected) holds or needs \(wanted.rawValue): they cannot be mixed", file: file)
        }
        guard tokenizer == fingerprint else {
            throw VocabError(
                "was counted with another tokenizer (\(tokenizer) \(tokenizerName)) than \(expected) (\(fingerprint)): counts of different tokenizers cannot be mixed",
                file: file)
        }
    }

    /// The id counts as `trim` mines them; ids must fit `table`.
    public func corpusCounts(table: TokenTable, file: String) throws -> CorpusCounts {
        var counts = CorpusCounts(vocabularySize: table.count)
        if let last = idCounts.lastIndex(where: { $0 > 0 }), last >= table.count {
            throw VocabError("holds token id \(last), beyond the vocabulary (\(table.count) ids)", file: file)
        }
        counts.lines = lines
        for (id, count) in idCounts.enumerated() where count > 0 {
            counts.counts[id] = count
            counts.tokens += count
            let kind = table.kinds[id]
            if kind == .unknown || kind == .byte { counts.fallbackTokens += count }
        }
        return counts
    }
}
