/// Counts one tokenizer over one language, giving each token to the words it covers.
///
/// Every line is encoded once, as a whole (the token counts are those of the line, exactly as
/// the reference libraries count them). To know which words a token belongs to, tokens and words
/// are placed on the line's *stripped* text (the line without whitespace):
///
/// - each token covers as many bytes as its decoded text has non-whitespace bytes, one after the
///   other from the start of the line. For tokenizers whose pieces spell the text byte for byte
///   (tiktoken, byte-level BPE, SentencePiece without normalization) the covered bytes add up to
///   the stripped line and the placement is exact, byte-fallback and split characters included;
/// - the unknown token's length is unknown: the bytes the other tokens leave uncovered are shared
///   equally among a line's unknown tokens;
/// - when the lengths still do not add up to the stripped line (normalizers that lowercase,
///   strip accents or apply NFKC change byte counts), positions are scaled proportionally to the
///   stripped length: an approximation, exact wherever normalization preserves lengths;
/// - a token with no non-whitespace text (SentencePiece's lone `▁`) belongs to the word it precedes.
///
/// A word's tokens are the tokens overlapping its bytes (a token spanning two words counts for
/// both). A word is *continued* when it has two or more tokens, and *has an unknown* when one of
/// them is the unknown token.
struct TokenAttribution {
    private var ids: [Int32] = []
    private var ends: [Int] = []

    init() {
        ids.reserveCapacity(4096)
        ends.reserveCapacity(4096)
    }

    /// Measures `tokenizer` on `text`, adding the id frequencies to `histogram` (sized to the vocabulary).
    mutating func measure(_ text: LanguageText, with tokenizer: MeasuredTokenizer, histogram: inout [Int]) -> FertilityCounts {
        var counts = FertilityCounts()
        counts.lines = text.lineCount
        counts.chars = text.chars
        counts.bytes = text.byteCount
        counts.words = text.wordCount
        let vocabulary = tokenizer.surfaceLengths.count
        text.text.withUnsafeBufferPointer { all in
            text.stripped.withUnsafeBufferPointer { stripped in
                tokenizer.surfaceLengths.withUnsafeBufferPointer { surface in
                    histogram.withUnsafeMutableBufferPointer { histogram in
                        var lineStart = 0
                        var strippedStart = 0
                        var wordStart = 0
                        for line in 0..<text.lineCount {
                            let lineEnd = Int(text.lineEnds[line])
                            let strippedEnd = Int(text.strippedEnds[line])
                            let wordEnd = Int(text.lineWordEnds[line])
                            ids.removeAll(keepingCapacity: true)
                            tokenizer.tokenizer.encode(UnsafeBufferPointer(rebasing: all[lineStart..<lineEnd]), into: &ids)
                            counts.tokens += ids.count
                            for id in ids where id >= 0 && Int(id) < vocabulary {
                                histogram[Int(id)] += 1
                                if tokenizer.isBytePiece[Int(id)] { counts.byteTokens += 1 }
                                if id == tokenizer.unknownID { counts.unkTokens += 1 }
                            }
                            if !ids.isEmpty {
                                place(surface: surface, unknownID: tokenizer.unknownID, total: strippedEnd - strippedStart)
                                attribute(
                                    text, words: wordStart..<wordEnd, base: strippedStart,
                                    stripped: UnsafeBufferPointer(rebasing: stripped[strippedStart..<strippedEnd]),
                                    unknownID: tokenizer.unknownID, counts: &counts)
                            }
                            lineStart = lineEnd
                            strippedStart = strippedEnd
                            wordStart = wordEnd
                        }
                    }
                }
            }
        }
        return counts
    }

    /// Fills `ends` with each token's end position on the stripped line of `total` bytes.
    private mutating func place(surface: UnsafeBufferPointer<Int32>, unknownID: Int32, total: Int) {
        var known = 0
        var unknown = 0
        for id in ids {
            let length = id >= 0 && Int(id) < surface.count ? Int(surface[Int(id)]) : -1
            if length < 0 { unknown += 1 } else { known += length }
        }
        let remainder = max(0, total - known)
        let sum = unknown > 0 ? known + remainder : known
        ends.removeAll(keepingCapacity: true)
        var cumulative = 0
        var unknownSeen = 0
        for id in ids {
            var length = id >= 0 && Int(id) < surface.count ? Int(surface[Int(id)]) : -1
            if length < 0 {
                // Share the remainder: the first (remainder % unknown) unknowns get one more byte.
                length = remainder / unknown + (unknownSeen < remainder % unknown ? 1 : 0)
                unknownSeen += 1
            }
            cumulative += length
            ends.append(sum == total || sum == 0 ? cumulative : cumulative * total / sum)
        }
    }

    /// Gives tokens to the words of one line and counts continued words, words with an unknown
    /// token and characters under unknown tokens.
    private func attribute(
        _ text: LanguageText, words: Range<Int>, base: Int, stripped: UnsafeBufferPointer<UInt8>, unknownID: Int32,
        counts: inout FertilityCounts
    ) {
        let n = ids.count
        if unknownID >= 0 {
            for k in 0..<n where ids[k] == unknownID {
                let start = k == 0 ? 0 : ends[k - 1]
                for i in start..<min(ends[k], stripped.count) where stripped[i] & 0xC0 != 0x80 {
                    counts.unkChars += 1
                }
            }
        }
        var k = 0
        for w in words {
            let s = Int(text.wordStarts[w]) - base
            let e = Int(text.wordEnds[w]) - base
            // Skip tokens wholly before the word (an empty token at the word's start belongs to it).
            while k < n {
                let start = k == 0 ? 0 : ends[k - 1]
                let before = ends[k] > start ? ends[k] <= s : ends[k] < s
                if !before { break }
                k += 1
            }
            var j = k
            var tokens = 0
            var unknown = false
            while j < n {
                let start = j == 0 ? 0 : ends[j - 1]
                if start >= e { break }
                tokens += 1
                if ids[j] == unknownID { unknown = true }
                j += 1
            }
            if tokens >= 2 { counts.continuedWords += 1 }
            if unknown { counts.unkWords += 1 }
        }
    }
}
