import CICUShim
import VocabCore

/// The Unigram trainer's view of word counts: each word as a sequence of character ids, with
/// characters outside the coverage replaced by the unknown id 0.
struct UnigramCorpus {
    /// Code point of each character id (index 0 is the unknown character).
    var codePoints: [UInt32] = [0]
    /// Weighted occurrences of each character id.
    var charCounts: [Double] = [0]
    /// Characters kept by coverage, most frequent first (ties by code point).
    var requiredByFrequency: [Int32] = []
    var requiredCount: Int { requiredByFrequency.count }
    /// All words' character ids, word after word.
    var chars: [Int32] = []
    var wordStarts: [Int] = []
    var wordLengths: [Int32] = []
    var wordFreqs: [Double] = []

    init(_ words: WordCounts, coverage: Double) throws {
        var idOf: [UInt32: Int32] = [:]
        var raw: [Int32] = []
        for w in 0..<words.count {
            let start = raw.count
            try words.forEachScalar(ofWord: w) { cp, _ in
                var id = idOf[cp] ?? -1
                if id < 0 {
                    id = Int32(codePoints.count)
                    idOf[cp] = id
                    codePoints.append(cp)
                    charCounts.append(0)
                }
                charCounts[Int(id)] += Double(words.counts[w])
                raw.append(id)
            }
            wordStarts.append(start)
            wordLengths.append(Int32(raw.count - start))
            wordFreqs.append(Double(words.counts[w]))
        }
        // Coverage: most frequent characters first until their share reaches `coverage`.
        let total = charCounts.reduce(0, +)
        let order = (1..<codePoints.count).sorted {
            charCounts[$0] != charCounts[$1] ? charCounts[$0] > charCounts[$1] : codePoints[$0] < codePoints[$1]
        }
        var kept = [Bool](repeating: false, count: codePoints.count)
        var covered = 0.0
        for id in order {
            if covered / total >= coverage { break }
            kept[id] = true
            covered += charCounts[id]
            requiredByFrequency.append(Int32(id))
        }
        chars = raw.map { kept[Int($0)] ? $0 : 0 }
    }

    var wordCount: Int { wordStarts.count }

    /// Frees the word arrays once training no longer needs them.
    mutating func releaseWords() {
        chars = []
        wordStarts = []
        wordLengths = []
        wordFreqs = []
    }

    /// The UTF-8 of a sequence of character ids.
    func utf8(_ ids: some Sequence<Int32>) -> [UInt8] {
        var out: [UInt8] = []
        for id in ids { UTF8Scan.append(codePoints[Int(id)], to: &out) }
        return out
    }

    /// SentencePiece's `IsValidSentencePiece` for seeds: `▁` only in front, no mixing of
    /// scripts (Hiragana, Katakana and `ー` count as Han; Inherited marks take the script
    /// before them), digits never mixed with anything else.
    func isValidPiece(_ ids: ArraySlice<Int32>) -> Bool {
        var previous: Int32 = -1
        for (k, id) in ids.enumerated() {
            let cp = codePoints[Int(id)]
            if cp == 0x2581 {
                if k > 0 { return false }
                continue
            }
            var script: Int32
            if UnicodeProperties.category(cp) == .decimalNumber {
                script = -2
            } else {
                script = vt_script(cp)
                // Hiragana (20), Katakana (22) and U+30FC count as Han (17).
                if script == 20 || script == 22 || cp == 0x30FC { script = 17 }
                if script == 1 { script = previous < 0 ? 1 : previous }
            }
            if previous >= 0 && script != previous { return false }
            previous = script
        }
        return true
    }
}

/// Pieces as character-id sequences in one buffer, with a score each.
struct PieceSet {
    var storage: [Int32] = []
    var starts: [Int32] = [0]
    var scores: [Double] = []

    var count: Int { scores.count }

    func chars(_ i: Int) -> ArraySlice<Int32> { storage[Int(starts[i])..<Int(starts[i + 1])] }

    func length(_ i: Int) -> Int { Int(starts[i + 1] - starts[i]) }

    mutating func append(_ chars: some Sequence<Int32>, score: Double) {
        storage.append(contentsOf: chars)
        starts.append(Int32(storage.count))
        scores.append(score)
    }

    /// Indices by score, highest first (ties by index).
    func indicesByScore() -> [Int] {
        (0..<count).sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
    }
}
