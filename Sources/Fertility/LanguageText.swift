import Romanization
import VocabCore

/// The text of one corpus language, read and cut into words once and shared by every tokenizer.
///
/// Lines are read as everywhere in vocabtool: split on `\n`, nothing trimmed, a final empty
/// piece dropped. Besides the lines, it keeps each line's *stripped* text (the line without the
/// characters Python's `str.isspace()` accepts) and the words as byte ranges of the stripped
/// text: the coordinates tokens are attributed to words in (see `TokenAttribution`).
public struct LanguageText: Sendable {
    /// The language key (`eng_Latn`, or a file stem).
    public var lang: String
    /// The ISO 15924 script: from the FLORES name, else the text's dominant script.
    public var script: String
    /// Unicode scalars, newlines excluded.
    public private(set) var chars = 0
    /// A frequent word of the language, shown beside its key in charts (in its own script).
    public private(set) var sampleWord = ""

    /// All lines, concatenated without newlines.
    var text: [UInt8] = []
    /// The end of each line in `text` (its start is the previous line's end).
    var lineEnds: [Int32] = []
    /// The stripped lines, concatenated.
    var stripped: [UInt8] = []
    /// The end of each line in `stripped`.
    var strippedEnds: [Int32] = []
    /// Word ranges in `stripped` coordinates, in order.
    var wordStarts: [Int32] = []
    var wordEnds: [Int32] = []
    /// The end of each line's words in the word arrays.
    var lineWordEnds: [Int32] = []

    /// The number of lines.
    public var lineCount: Int { lineEnds.count }
    /// UTF-8 bytes, newlines excluded.
    public var byteCount: Int { text.count }
    /// The number of words.
    public var wordCount: Int { wordStarts.count }

    /// Reads and segments a language.
    /// - Parameters:
    ///   - romanize: romanize each line (with the rules of the language key's code) and measure that.
    ///   - breaker: the calling thread's ICU word breaker (used for `.icu`).
    ///   - warn: receives problems that did not stop the reading (an empty file, a skipped or
    ///     repaired invalid line).
    init(
        _ language: CorpusLanguage, words: WordSegmentation, policy: InvalidUTF8Policy, romanize: Bool = false,
        breaker: ICUWordBreaker, warn: (VocabError) -> Void
    ) throws {
        lang = language.lang
        script = language.script ?? ""
        var map: [Int32] = []
        var romanizer = romanize ? Romanizer(language: language.lang) : nil
        var romanized: [UInt8] = []
        /// Appends a valid line, romanized first when asked.
        func add(_ line: UnsafeBufferPointer<UInt8>) throws {
            guard romanizer != nil else { return try append(line: line, words: words, breaker: breaker, map: &map) }
            romanized.removeAll(keepingCapacity: true)
            romanizer?.romanize(line, into: &romanized)
            try romanized.withUnsafeBufferPointer { try append(line: $0, words: words, breaker: breaker, map: &map) }
        }
        for file in language.files {
            let bytes = try FileIO.read(file)
            if bytes.isEmpty {
                warn(VocabError("the file is empty", file: file))
                continue
            }
            try TextLines.forEach(in: bytes, file: file, policy: policy, warn: warn) { line, _ in try add(line) }
        }
        guard text.count < Int(Int32.max) - 1 else {
            throw VocabError("the text of \(lang) is larger than 2 GB; split it into several languages")
        }
        if script.isEmpty {
            script = text.withUnsafeBufferPointer { Scripts.dominant(in: UnsafeBufferPointer(rebasing: $0.prefix(1 << 20))) }
        }
        sampleWord = mostFrequentWord()
    }

    /// Appends one valid line: its text, stripped text, character count and words.
    private mutating func append(
        line: UnsafeBufferPointer<UInt8>, words: WordSegmentation, breaker: ICUWordBreaker, map: inout [Int32]
    ) throws {
        text.append(contentsOf: line)
        lineEnds.append(Int32(truncatingIfNeeded: text.count))
        let base = Int32(truncatingIfNeeded: stripped.count)
        // map[i] = stripped offset (within the line) of line byte i, for i in 0...count.
        map.removeAll(keepingCapacity: true)
        var runStart: Int32 = -1
        var i = 0
        while i < line.count {
            let (cp, length) = UTF8Scan.decode(line, at: i)
            chars += 1
            let here = Int32(truncatingIfNeeded: stripped.count) - base
            for _ in 0..<length { map.append(here) }
            if PythonWhitespace.isSpace(cp) {
                if runStart >= 0 {
                    if words == .whitespace { addWord(base + runStart, base + here) }
                    runStart = -1
                }
            } else {
                if runStart < 0 { runStart = here }
                stripped.append(contentsOf: UnsafeBufferPointer(rebasing: line[i..<i + length]))
            }
            i += length
        }
        let lineEnd = Int32(truncatingIfNeeded: stripped.count) - base
        map.append(lineEnd)
        if runStart >= 0 && words == .whitespace { addWord(base + runStart, base + lineEnd) }
        if words == .icu {
            try breaker.forEachWord(in: line) { s, e in
                if map[e] > map[s] { addWord(base + map[s], base + map[e]) }
            }
        }
        strippedEnds.append(Int32(truncatingIfNeeded: stripped.count))
        lineWordEnds.append(Int32(truncatingIfNeeded: wordStarts.count))
    }

    private mutating func addWord(_ start: Int32, _ end: Int32) {
        wordStarts.append(start)
        wordEnds.append(end)
    }

    /// The most frequent word of at least two characters in the first lines (ties: the first seen).
    private func mostFrequentWord() -> String {
        var counts: [[UInt8]: (count: Int, first: Int)] = [:]
        let limit = min(wordCount, 5000)
        for w in 0..<limit {
            let word = Array(stripped[Int(wordStarts[w])..<Int(wordEnds[w])])
            let scalars = word.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
            if scalars < 2 { continue }
            let old = counts[word] ?? (0, w)
            counts[word] = (old.count + 1, old.first)
        }
        guard let best = counts.max(by: { $0.value.count < $1.value.count || ($0.value.count == $1.value.count && $0.value.first > $1.value.first) }) else {
            return ""
        }
        return String(decoding: best.key, as: UTF8.self)
    }
}
