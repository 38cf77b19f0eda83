import Dispatch

/// The Unigram model during training: the current pieces in a trie, and the lattice
/// computations over the corpus words (forward-backward for EM, Viterbi for pruning).
///
/// A lattice position with no one-character piece gets an unknown edge scored
/// `min score - 10`, as SentencePiece does, so every word has a segmentation.
struct UnigramTrainingModel {
    let corpus: UnigramCorpus
    let maxLength: Int
    private(set) var trie = CharacterPieceTrie(capacity: 1)
    private(set) var scores: [Double] = []
    private(set) var unknownScore = 0.0

    init(corpus: UnigramCorpus, maxLength: Int) {
        self.corpus = corpus
        self.maxLength = maxLength
    }

    mutating func load(_ pieces: PieceSet) {
        trie = CharacterPieceTrie(capacity: pieces.storage.count)
        for i in 0..<pieces.count { trie.insert(pieces.chars(i), piece: Int32(i)) }
        scores = pieces.scores
        unknownScore = (scores.min() ?? 0) - 10
    }

    /// Lattice edges of `chars`, by start position: (start, end, piece or -1 for unknown).
    @inline(__always)
    private func edges(_ chars: ArraySlice<Int32>, into out: inout [(Int32, Int32, Int32)], skipping skipped: Int32 = -1) {
        out.removeAll(keepingCapacity: true)
        let base = chars.startIndex
        let n = chars.count
        for s in 0..<n {
            var node = CharacterPieceTrie.root
            var single = false
            var e = s
            while e < n && e - s < maxLength {
                let c = chars[base + e]
                if c == 0 { break }
                node = trie.child(node, c)
                if node < 0 { break }
                let piece = trie.pieceAt[Int(node)]
                if piece >= 0 && piece != skipped {
                    out.append((Int32(s), Int32(e + 1), piece))
                    if e == s { single = true }
                }
                e += 1
            }
            if !single { out.append((Int32(s), Int32(s + 1), -1)) }
        }
    }

    /// The corpus words in `parts` consecutive ranges.
    private func wordRanges(_ parts: Int) -> [Range<Int>] {
        let n = corpus.wordCount
        return (0..<parts).map { n * $0 / parts..<n * ($0 + 1) / parts }
    }

    /// Runs `body` on each of `threads` word ranges in parallel and returns the results in order.
    private func inParallel(_ threads: Int, _ body: @escaping @Sendable (UnigramTrainingModel, Range<Int>) -> [Double]) -> [[Double]] {
        let ranges = wordRanges(threads)
        let boxes = ranges.map { _ in ResultBox() }
        let shared = SharedModel(model: self)
        DispatchQueue.concurrentPerform(iterations: threads) { k in
            boxes[k].value = body(shared.model, ranges[k])
        }
        return boxes.map(\.value)
    }

    /// E-step: the expected count of each piece over the corpus (forward-backward), on
    /// `threads` threads.
    func expectedCounts(threads: Int = 2) -> [Double] {
        let parts = inParallel(threads) { model, words in model.expectedCounts(words: words) }
        var expected = parts[0]
        for part in parts.dropFirst() {
            for i in 0..<expected.count { expected[i] += part[i] }
        }
        return expected
    }

    private func expectedCounts(words: Range<Int>) -> [Double] {
        var expected = [Double](repeating: 0, count: scores.count)
        var lattice: [(Int32, Int32, Int32)] = []
        var alpha: [Double] = []
        var beta: [Double] = []
        for w in words {
            let start = corpus.wordStarts[w]
            let n = Int(corpus.wordLengths[w])
            edges(corpus.chars[start..<start + n], into: &lattice)
            alpha.removeAll(keepingCapacity: true)
            alpha.append(contentsOf: repeatElement(-Double.infinity, count: n + 1))
            beta.removeAll(keepingCapacity: true)
            beta.append(contentsOf: repeatElement(-Double.infinity, count: n + 1))
            alpha[0] = 0
            for (s, e, p) in lattice {
                let score = p >= 0 ? scores[Int(p)] : unknownScore
                alpha[Int(e)] = logAdd(alpha[Int(e)], alpha[Int(s)] + score)
            }
            beta[n] = 0
            for (s, e, p) in lattice.reversed() {
                let score = p >= 0 ? scores[Int(p)] : unknownScore
                beta[Int(s)] = logAdd(beta[Int(s)], score + beta[Int(e)])
            }
            let z = alpha[n]
            let freq = corpus.wordFreqs[w]
            for (s, e, p) in lattice where p >= 0 {
                expected[Int(p)] += freq * exp(alpha[Int(s)] + scores[Int(p)] + beta[Int(e)] - z)
            }
        }
        return expected
    }

    /// M-step: pieces with an expected count of at least 0.5, scored
    /// `digamma(count) - digamma(total)`.
    static func maximize(_ pieces: PieceSet, expected: [Double]) -> PieceSet {
        var kept = PieceSet()
        var total = 0.0
        for i in 0..<pieces.count where expected[i] >= 0.5 {
            kept.append(pieces.chars(i), score: expected[i])
            total += expected[i]
        }
        let logTotal = digamma(total)
        for i in 0..<kept.count { kept.scores[i] = digamma(kept.scores[i]) - logTotal }
        return kept
    }

    /// The best segmentation of `chars` (pieces, -1 for unknown) and its score.
    private func viterbi(
        _ chars: ArraySlice<Int32>, skipping skipped: Int32 = -1, lattice: inout [(Int32, Int32, Int32)],
        best: inout [Double], back: inout [(Int32, Int32)]
    ) -> (pieces: [Int32], score: Double) {
        let n = chars.count
        edges(chars, into: &lattice, skipping: skipped)
        best.removeAll(keepingCapacity: true)
        best.append(contentsOf: repeatElement(-Double.infinity, count: n + 1))
        back.removeAll(keepingCapacity: true)
        back.append(contentsOf: repeatElement((-1, -1), count: n + 1))
        best[0] = 0
        for (s, e, p) in lattice {
            let score = best[Int(s)] + (p >= 0 ? scores[Int(p)] : unknownScore)
            if score > best[Int(e)] {
                best[Int(e)] = score
                back[Int(e)] = (s, p)
            }
        }
        var path: [Int32] = []
        var position = n
        while position > 0 {
            let (s, p) = back[position]
            path.append(p)
            position = Int(s)
        }
        return (path.reversed(), best[n])
    }

    /// How often each piece is used in the best segmentations of `words`, by word count.
    private func viterbiCounts(words: Range<Int>) -> [Double] {
        var lattice: [(Int32, Int32, Int32)] = []
        var best: [Double] = []
        var back: [(Int32, Int32)] = []
        var freq = [Double](repeating: 0, count: scores.count)
        for w in words {
            let start = corpus.wordStarts[w]
            let path = viterbi(
                corpus.chars[start..<start + Int(corpus.wordLengths[w])], lattice: &lattice, best: &best, back: &back)
            for p in path.pieces where p >= 0 { freq[Int(p)] += corpus.wordFreqs[w] }
        }
        return freq
    }

    /// SentencePiece's pruning: drops pieces whose own best segmentation is already split or
    /// that no Viterbi path uses, keeps pieces without alternative, and ranks the rest by the
    /// likelihood lost when each is replaced by its second-best segmentation.
    func pruned(_ pieces: PieceSet, shrinkingFactor: Double, desired: Int) -> PieceSet {
        var lattice: [(Int32, Int32, Int32)] = []
        var best: [Double] = []
        var back: [(Int32, Int32)] = []
        var alwaysKeep = [Bool](repeating: true, count: pieces.count)
        var alternatives = [[Int32]](repeating: [], count: pieces.count)
        for i in 0..<pieces.count where pieces.length(i) > 1 {
            let whole = scores[i]
            let other = viterbi(pieces.chars(i), skipping: Int32(i), lattice: &lattice, best: &best, back: &back)
            if other.score > whole {
                alwaysKeep[i] = false
            } else {
                alternatives[i] = other.pieces
            }
        }
        let parts = inParallel(2) { model, words in model.viterbiCounts(words: words) }
        var freq = parts[0]
        for part in parts.dropFirst() {
            for i in 0..<freq.count { freq[i] += part[i] }
        }
        let total = freq.reduce(0, +)
        let logTotal = log(total)
        var kept = PieceSet()
        var candidates: [(index: Int, loss: Double)] = []
        for i in 0..<pieces.count {
            if freq[i] == 0 || !alwaysKeep[i] { continue }
            if alternatives[i].isEmpty {
                kept.append(pieces.chars(i), score: pieces.scores[i])
                continue
            }
            let share = freq[i] / total
            let logProbability = log(freq[i]) - logTotal
            // The piece's count moves to its alternatives.
            let logTotalWithout = log(total + freq[i] * Double(alternatives[i].count - 1))
            var logProbabilityAlternatives = 0.0
            for a in alternatives[i] {
                let count = a >= 0 ? freq[Int(a)] : 0
                logProbabilityAlternatives += log(count + freq[i]) - logTotalWithout
            }
            candidates.append((i, share * (logProbability - logProbabilityAlternatives)))
        }
        candidates.sort { $0.loss != $1.loss ? $0.loss > $1.loss : $0.index < $1.index }
        let target = max(desired, Int(shrinkingFactor * Double(pieces.count)))
        for candidate in candidates {
            if kept.count >= target { break }
            kept.append(pieces.chars(candidate.index), score: pieces.scores[candidate.index])
        }
        return kept
    }
}

/// A model shared read-only by worker threads.
private struct SharedModel: @unchecked Sendable {
    let model: UnigramTrainingModel
}

/// One worker's result.
private final class ResultBox: @unchecked Sendable {
    var value: [Double] = []
}

/// log(exp(a) + exp(b)).
@inline(__always)
func logAdd(_ a: Double, _ b: Double) -> Double {
    if a == -Double.infinity { return b }
    if b == -Double.infinity { return a }
    return a > b ? a + log1p(exp(b - a)) : b + log1p(exp(a - b))
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
