/// The seed vocabulary of Unigram training (SentencePiece's `MakeSeedSentencePieces`).
enum UnigramSeeds {
    /// All required characters (by frequency), then the substrings that are internal nodes of
    /// the words' suffix tree (branching repeats), 2 … `maxLength` characters, valid pieces,
    /// by occurrence count × length, until `seedSize` pieces; scores are log probabilities of
    /// those weights.
    ///
    /// The suffix array is over the distinct words, each followed by a separator of its own
    /// (unknown characters get their own symbols too), and occurrences are weighted by the word
    /// counts, so substrings never cross a word and counts equal those over the whole corpus.
    /// As in SentencePiece 0.2.3 (which repeats each sentence by its count), word-final strings
    /// of words counted twice or more are candidates too.
    static func make(corpus: UnigramCorpus, maxLength: Int, seedSize: Int) -> PieceSet {
        let alphabet = Int32(corpus.codePoints.count)
        var text: [Int32] = []
        text.reserveCapacity(corpus.chars.count + corpus.wordCount)
        var wordOfPosition: [Int32] = []
        wordOfPosition.reserveCapacity(corpus.chars.count + corpus.wordCount)
        var unique = alphabet
        for w in 0..<corpus.wordCount {
            let start = corpus.wordStarts[w]
            for c in corpus.chars[start..<start + Int(corpus.wordLengths[w])] {
                if c == 0 {
                    text.append(unique)
                    unique += 1
                } else {
                    text.append(c)
                }
                wordOfPosition.append(Int32(w))
            }
            text.append(unique)
            unique += 1
            wordOfPosition.append(Int32(w))
        }
        let suffixes = SuffixArray(text, alphabetSize: Int(unique))
        let n = text.count

        // LCP intervals (bottom-up): each is a branching repeat text[order[l] ..< + depth]; each
        // interval's weight (the counts of the words its occurrences are in) is summed on the
        // stack and handed to the parent when the interval closes.
        var candidates: [(score: Double, start: Int32, length: Int32)] = []
        var stack: [(depth: Int32, left: Int, weight: Double)] = [(0, 0, 0)]
        for i in 1...n {
            let current: Int32 = i < n ? suffixes.lcp[i] : 0
            var carried = corpus.wordFreqs[Int(wordOfPosition[Int(suffixes.order[i - 1])])]
            var left = i - 1
            while current < stack[stack.count - 1].depth {
                let (depth, l, weight) = stack.removeLast()
                carried += weight
                left = l
                if depth >= 2 && Int(depth) <= maxLength {
                    let start = Int(suffixes.order[l])
                    if corpus.isValidPiece(text[start..<start + Int(depth)]) {
                        candidates.append((carried * Double(depth), Int32(start), depth))
                    }
                }
            }
            if current > stack[stack.count - 1].depth {
                stack.append((current, left, carried))
            } else {
                stack[stack.count - 1].weight += carried
            }
        }
        // Strings ending at a word end that occur in one distinct word only are no branching
        // repeat here, but they are in SentencePiece's text (each sentence repeated by its
        // count): add those of words counted at least twice.
        for j in 0..<n {
            let start = Int(suffixes.order[j])
            guard text[start] < alphabet else { continue }
            let freq = corpus.wordFreqs[Int(wordOfPosition[start])]
            guard freq >= 2 else { continue }
            var end = start
            while end < n && text[end] < alphabet && end - start <= maxLength { end += 1 }
            let length = end - start
            guard length >= 2, length <= maxLength, text[end] >= alphabet else { continue }
            let shared = max(Int(suffixes.lcp[j]), j + 1 < n ? Int(suffixes.lcp[j + 1]) : 0)
            guard length > shared, corpus.isValidPiece(text[start..<end]) else { continue }
            candidates.append((freq * Double(length), Int32(start), Int32(length)))
        }
        wordOfPosition = []
        candidates.sort { a, b in
            if a.score != b.score { return a.score > b.score }
            // Code point order is UTF-8 byte order.
            return text[Int(a.start)..<Int(a.start + a.length)].lexicographicallyPrecedes(
                text[Int(b.start)..<Int(b.start + b.length)]
            ) { corpus.codePoints[Int($0)] < corpus.codePoints[Int($1)] }
        }

        var seeds = PieceSet()
        var weights: [Double] = []
        for c in corpus.requiredByFrequency {
            seeds.append([c], score: 0)
            weights.append(corpus.charCounts[Int(c)])
        }
        for candidate in candidates {
            if seeds.count >= seedSize { break }
            seeds.append(text[Int(candidate.start)..<Int(candidate.start + candidate.length)], score: 0)
            weights.append(candidate.score)
        }
        let logTotal = log(weights.reduce(0, +))
        for i in 0..<seeds.count { seeds.scores[i] = log(weights[i]) - logTotal }
        return seeds
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
