import VocabCore

/// The count file: word counts as line-oriented text, so corpora can be counted in shards (on
/// different machines) and trained on once.
///
/// ```
/// # vocabtool word counts 1
/// # normalizer: none
/// # pre-tokenizer: byte-level
/// 5213<TAB> the
/// 17<TAB>\n
/// ```
///
/// - The first three lines are the header: the format line, then the normalizer and the
///   pre-tokenizer the words were counted with (`CountSettings`). A fourth header line
///   `# romanize: yes` follows when the text was romanized before counting (files without it
///   were not). Files with different settings cannot be merged.
/// - Every other line is `COUNT<TAB>WORD<LF>`: a decimal count (1 ..< 2^64) and the word's bytes
///   with `\\` for a backslash, `\t`, `\n`, `\r`, and `\xHH` (two lowercase hex digits) for any
///   other control byte, DEL, and every byte that is not part of valid UTF-8. Spaces and all other
///   valid UTF-8 are written as they are. The word is never empty.
/// - Lines are ordered by count (highest first), then bytewise by word; readers accept any order
///   and sum repeated words.
public enum CountFile {
    static let formatLine = "# vocabtool word counts 1"
    static let normalizerPrefix = "# normalizer: "
    static let preTokenizerPrefix = "# pre-tokenizer: "
    static let romanizeLine = "# romanize: yes"

    /// The whole file for `counts`.
    public static func encode(_ counts: WordCounts, settings: CountSettings) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(counts.count * 16 + 128)
        for line in [formatLine, normalizerPrefix + settings.normalizer.rawValue,
                     preTokenizerPrefix + settings.preTokenizer.rawValue] + (settings.romanize ? [romanizeLine] : []) {
            out.append(contentsOf: line.utf8)
            out.append(0x0A)
        }
        for index in counts.indicesByCount() {
            out.append(contentsOf: String(counts.counts[index]).utf8)
            out.append(0x09)
            counts.withWord(index) { appendEscaped($0, to: &out) }
            out.append(0x0A)
        }
        return out
    }

    /// Writes `counts` to `path` atomically.
    public static func write(_ counts: WordCounts, settings: CountSettings, to path: String) throws {
        try FileIO.writeAtomically(encode(counts, settings: settings), to: path)
    }

    /// Reads a count file, adding its words to `counts`.
    /// - Returns: the settings its header records.
    /// - Throws: `VocabError` naming the file and line for a bad header or a malformed line.
    @discardableResult
    public static func read(_ path: String, into counts: inout WordCounts) throws -> CountSettings {
        try decode(FileIO.read(path), file: path, into: &counts)
    }

    /// Reads several count files into one multiset.
    /// - Throws: `VocabError` when one is malformed or was counted with other settings than the first.
    public static func read(_ paths: [String]) throws -> (settings: CountSettings, counts: WordCounts) {
        var counts = WordCounts(capacity: 1 << 16)
        var settings: CountSettings?
        for path in paths {
            let these = try read(path, into: &counts)
            if let settings, settings != these {
                throw VocabError(
                    "counted with \(these), but \(paths[0]) with \(settings): counts with different settings cannot be merged",
                    file: path)
            }
            settings = these
        }
        guard let settings else { throw VocabError("no count files given") }
        return (settings, counts)
    }

    /// Parses count-file bytes, adding the words to `counts`; `file` names the input in errors.
    public static func decode(_ bytes: [UInt8], file: String, into counts: inout WordCounts) throws -> CountSettings {
        var settings = CountSettings()
        var word: [UInt8] = []
        try bytes.withUnsafeBufferPointer { all in
            var start = 0
            var lineNumber = 0
            while start < all.count {
                var end = start
                while end < all.count && all[end] != 0x0A { end += 1 }
                lineNumber += 1
                let line = UnsafeBufferPointer(rebasing: all[start..<end])
                start = end + 1
                switch lineNumber {
                case 1:
                    guard String(decoding: line, as: UTF8.self) == formatLine else {
                        throw VocabError("not a vocabtool count file (expected \"\(formatLine)\")", file: file, at: .line(1))
                    }
                case 2:
                    let value = try headerValue(line, prefix: normalizerPrefix, file: file, line: 2)
                    guard let normalizer = TrainingNormalizer(rawValue: value) else {
                        throw VocabError("unknown normalizer \"\(value)\"", file: file, at: .line(2))
                    }
                    settings.normalizer = normalizer
                case 3:
                    let value = try headerValue(line, prefix: preTokenizerPrefix, file: file, line: 3)
                    guard let preTokenizer = TrainingPreTokenizer(rawValue: value) else {
                        throw VocabError("unknown pre-tokenizer \"\(value)\"", file: file, at: .line(3))
                    }
                    settings.preTokenizer = preTokenizer
                case 4 where line.first == UInt8(ascii: "#"):
                    guard String(decoding: line, as: UTF8.self) == romanizeLine else {
                        throw VocabError("unknown header line (expected \"\(romanizeLine)\" or counts)", file: file, at: .line(4))
                    }
                    settings.romanize = true
                default:
                    let count = try parseEntry(line, word: &word, file: file, line: lineNumber)
                    counts.add(word, count: count)
                }
            }
            if lineNumber < 3 {
                throw VocabError("truncated count file header", file: file, at: .line(lineNumber + 1))
            }
            if all.last != 0x0A {
                throw VocabError("truncated count file (no newline at the end)", file: file, at: .line(lineNumber))
            }
        }
        return settings
    }

    private static func headerValue(
        _ line: UnsafeBufferPointer<UInt8>, prefix: String, file: String, line number: Int
    ) throws -> String {
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix(prefix) else {
            throw VocabError("expected a header line \"\(prefix)...\"", file: file, at: .line(number))
        }
        return String(text.dropFirst(prefix.utf8.count))
    }

    /// Parses `COUNT<TAB>WORD` into `word` and returns the count.
    public static func parseEntry(
        _ line: UnsafeBufferPointer<UInt8>, word: inout [UInt8], file: String, line number: Int
    ) throws -> UInt64 {
        func malformed(_ what: String, column: Int) -> VocabError {
            VocabError("malformed count line: \(what)", file: file, at: .lineColumn(number, column))
        }
        var i = 0
        var count: UInt64 = 0
        while i < line.count, line[i] >= 0x30, line[i] <= 0x39 {
            let (times10, o1) = count.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(line[i] - 0x30))
            if o1 || o2 { throw malformed("count out of range", column: 1) }
            count = sum
            i += 1
        }
        if i == 0 { throw malformed("expected a count (a positive integer)", column: 1) }
        if count == 0 { throw malformed("a count must be positive", column: 1) }
        guard i < line.count, line[i] == 0x09 else { throw malformed("expected a tab after the count", column: i + 1) }
        i += 1
        word.removeAll(keepingCapacity: true)
        while i < line.count {
            let b = line[i]
            if b == 0x5C {
                guard i + 1 < line.count else { throw malformed("unfinished escape", column: i + 1) }
                switch line[i + 1] {
                case 0x5C: word.append(0x5C); i += 2
                case UInt8(ascii: "t"): word.append(0x09); i += 2
                case UInt8(ascii: "n"): word.append(0x0A); i += 2
                case UInt8(ascii: "r"): word.append(0x0D); i += 2
                case UInt8(ascii: "x"):
                    guard i + 3 < line.count, let hi = hexValue(line[i + 2]), let lo = hexValue(line[i + 3]) else {
                        throw malformed("expected two hex digits after \\x", column: i + 1)
                    }
                    word.append(hi << 4 | lo)
                    i += 4
                default: throw malformed("unknown escape", column: i + 1)
                }
            } else if b < 0x20 || b == 0x7F {
                throw malformed("unescaped control byte", column: i + 1)
            } else {
                word.append(b)
                i += 1
            }
        }
        if word.isEmpty { throw malformed("empty word", column: i + 1) }
        return count
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x61...0x66: return b - 0x61 + 10
        case 0x41...0x46: return b - 0x41 + 10
        default: return nil
        }
    }

    /// Appends the escaped form of a word.
    public static func appendEscaped(_ word: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        func appendHex(_ b: UInt8) {
            out.append(0x5C)
            out.append(UInt8(ascii: "x"))
            out.append(hex[Int(b >> 4)])
            out.append(hex[Int(b & 15)])
        }
        let bytes = word.bindMemory(to: UInt8.self)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case 0x5C: out.append(0x5C); out.append(0x5C); i += 1
            case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t")); i += 1
            case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n")); i += 1
            case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r")); i += 1
            case 0..<0x20, 0x7F: appendHex(b); i += 1
            case 0x20..<0x80: out.append(b); i += 1
            default:
                let length = validSequenceLength(bytes, at: i)
                if length == 0 {
                    appendHex(b)
                    i += 1
                } else {
                    out.append(contentsOf: bytes[i..<i + length])
                    i += length
                }
            }
        }
    }

    /// The length of the valid multi-byte UTF-8 sequence at `i`, or 0 when there is none.
    private static func validSequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let length = UTF8Scan.sequenceLength(lead: bytes[i])
        guard length > 1, i + length <= bytes.count else { return 0 }
        let slice = UnsafeBufferPointer(rebasing: bytes[i..<i + length])
        return UTF8Scan.firstInvalidOffset(slice) == nil ? length : 0
    }
}
