import VocabCore

/// Settings of `StaticEmbeddings` training (fastText's CBOW defaults but the bucket count).
public struct StaticEmbeddingSettings: Sendable, Equatable {
    /// The width of the vectors.
    public var dimension = 100
    /// The largest context window on each side (each position draws a window of 1...window).
    public var window = 5
    /// Negative samples per prediction.
    public var negatives = 5
    /// Passes over the corpus.
    public var epochs = 5
    /// The shortest and longest character n-grams of a token (with `<` and `>` around it).
    public var minN = 3
    public var maxN = 6
    /// Hash buckets shared by all n-grams.
    public var buckets = 200_000
    /// The starting learning rate (decays linearly to 0).
    public var learningRate: Float = 0.05
    /// Subsampling threshold of frequent tokens (0 keeps every occurrence).
    public var subsample = 1e-4
    /// The seed of initialization, windows, subsampling and negative samples.
    public var seed: UInt64 = 0

    public init() {}
}

/// Static token embeddings trained on a corpus of token sequences: fastText-style CBOW with
/// character n-grams (Bojanowski et al. 2017) and negative sampling, on one core.
///
/// A token is represented by its own input row plus the rows of its character n-grams (hashed
/// into shared buckets), so a token never seen in the corpus still gets a vector from its
/// n-grams. Each position predicts its token from the mean of its context's representations.
public struct StaticEmbeddings: Sendable {
    public let settings: StaticEmbeddingSettings
    /// The token ids the corpus holds, with their counts (the trained vocabulary, in id order).
    public let tokens: [Int32]
    public let counts: [Int]
    private let rowOfToken: [Int32: Int]
    private let input: [Float]
    private let pieces: [[UInt8]]

    /// Trains on `sentences` (token ids, each below `pieces.count`); `pieces[id]` is the text of
    /// token `id` (its n-grams are over its UTF-8 characters; empty for none).
    /// - Complexity: O(epochs · tokens · (window · n-grams + negatives) · dimension).
    public init(sentences: [[Int32]], pieces: [[UInt8]], settings: StaticEmbeddingSettings = StaticEmbeddingSettings()) throws {
        guard settings.dimension > 0, settings.window > 0, settings.negatives > 0, settings.epochs > 0,
            settings.minN > 0, settings.maxN >= settings.minN, settings.buckets > 0, settings.learningRate > 0
        else { throw VocabError("static embeddings: every setting must be positive (and maxN >= minN)") }
        var countOf: [Int32: Int] = [:]
        for s in sentences {
            for id in s {
                guard id >= 0, Int(id) < pieces.count else { throw VocabError("static embeddings: token id \(id) has no piece") }
                countOf[id, default: 0] += 1
            }
        }
        let tokens = countOf.keys.sorted()
        self.settings = settings
        self.tokens = tokens
        self.counts = tokens.map { countOf[$0]! }
        self.pieces = pieces
        var rowOfToken: [Int32: Int] = [:]
        for (r, id) in tokens.enumerated() { rowOfToken[id] = r }
        self.rowOfToken = rowOfToken

        let dim = settings.dimension
        let words = tokens.count
        // Each token's input rows: its own, then its n-gram buckets (after the word rows).
        var subwordStart = [Int](repeating: 0, count: words + 1)
        var subwordRows: [Int32] = []
        for (r, id) in tokens.enumerated() {
            subwordRows.append(Int32(r))
            for h in Self.ngramHashes(pieces[Int(id)], settings) { subwordRows.append(Int32(words + Int(h % UInt32(settings.buckets)))) }
            subwordStart[r + 1] = subwordRows.count
        }
        var generator = SeededGenerator(seed: settings.seed)
        var input = [Float](repeating: 0, count: (words + settings.buckets) * dim)
        let bound = 1 / Float(dim)
        for i in input.indices { input[i] = Float(generator.unitInterval() * 2 - 1) * bound }
        var output = [Float](repeating: 0, count: words * dim)

        // Negatives drawn from counts^0.75; frequent tokens subsampled (fastText's formula).
        let total = Double(counts.reduce(0, +))
        var table: [Int32] = []
        let powered = counts.map { pow075(Double($0)) }
        let poweredSum = powered.reduce(0, +)
        let tableSize = min(10_000_000, max(1000, words * 100))
        for (r, p) in powered.enumerated() {
            let n = Int((p / poweredSum * Double(tableSize)).rounded(.up))
            table.append(contentsOf: repeatElement(Int32(r), count: max(n, 1)))
        }
        let keep: [Double] = counts.map { c in
            guard settings.subsample > 0 else { return 1 }
            let f = Double(c) / (settings.subsample * total)
            return (f.squareRoot() + 1) / f
        }
        let corpus: [[Int32]] = sentences.map { $0.map { Int32(rowOfToken[$0]!) } }
        let plannedSteps = Double(settings.epochs) * total
        var done = 0.0
        var hidden = [Float](repeating: 0, count: dim)
        var gradient = [Float](repeating: 0, count: dim)
        var line: [Int32] = []
        input.withUnsafeMutableBufferPointer { inputRows in
            output.withUnsafeMutableBufferPointer { outputRows in
                hidden.withUnsafeMutableBufferPointer { h in
                    gradient.withUnsafeMutableBufferPointer { g in
                        for _ in 0..<settings.epochs {
                            for sentence in corpus {
                                done += Double(sentence.count)
                                let rate = settings.learningRate * Float(max(1 - done / plannedSteps, 1e-4))
                                line.removeAll(keepingCapacity: true)
                                for r in sentence where keep[Int(r)] >= 1 || generator.unitInterval() < keep[Int(r)] { line.append(r) }
                                for (position, target) in line.enumerated() {
                                    let reach = 1 + Int(generator.next() % UInt64(settings.window))
                                    for c in 0..<dim { h[c] = 0 }
                                    var used = 0
                                    for j in max(0, position - reach)..<min(line.count, position + reach + 1) where j != position {
                                        let w = Int(line[j])
                                        for s in subwordStart[w]..<subwordStart[w + 1] {
                                            let base = Int(subwordRows[s]) * dim
                                            for c in 0..<dim { h[c] += inputRows[base + c] }
                                            used += 1
                                        }
                                    }
                                    guard used > 0 else { continue }
                                    let scale = 1 / Float(used)
                                    for c in 0..<dim {
                                        h[c] *= scale
                                        g[c] = 0
                                    }
                                    for n in 0...settings.negatives {
                                        let label: Float
                                        let out: Int
                                        if n == 0 {
                                            label = 1
                                            out = Int(target)
                                        } else {
                                            let drawn = Int(table[Int(generator.next() % UInt64(table.count))])
                                            if drawn == Int(target) { continue }
                                            label = 0
                                            out = drawn
                                        }
                                        let base = out * dim
                                        var dot: Float = 0
                                        for c in 0..<dim { dot += h[c] * outputRows[base + c] }
                                        let step = rate * (label - sigmoid(dot))
                                        for c in 0..<dim {
                                            g[c] += step * outputRows[base + c]
                                            outputRows[base + c] += step * h[c]
                                        }
                                    }
                                    for c in 0..<dim { g[c] *= scale }
                                    for j in max(0, position - reach)..<min(line.count, position + reach + 1) where j != position {
                                        let w = Int(line[j])
                                        for s in subwordStart[w]..<subwordStart[w + 1] {
                                            let base = Int(subwordRows[s]) * dim
                                            for c in 0..<dim { inputRows[base + c] += g[c] }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        self.input = input
    }

    /// The vector of token `id`: the mean of its own row (when the corpus holds it) and its
    /// n-grams' rows; nil for a token neither seen nor having an n-gram.
    public func vector(of id: Int32) -> [Float]? {
        let dim = settings.dimension
        var rows: [Int] = []
        if let r = rowOfToken[id] { rows.append(r) }
        if id >= 0, Int(id) < pieces.count {
            for h in Self.ngramHashes(pieces[Int(id)], settings) { rows.append(tokens.count + Int(h % UInt32(settings.buckets))) }
        }
        guard !rows.isEmpty else { return nil }
        var v = [Float](repeating: 0, count: dim)
        for r in rows {
            for c in 0..<dim { v[c] += input[r * dim + c] }
        }
        let scale = 1 / Float(rows.count)
        return v.map { $0 * scale }
    }

    /// FNV-1a hashes of the character n-grams of `<piece>` (minN...maxN characters; the whole
    /// `<piece>` is not one of them), as fastText computes them over UTF-8.
    static func ngramHashes(_ piece: [UInt8], _ settings: StaticEmbeddingSettings) -> [UInt32] {
        guard !piece.isEmpty else { return [] }
        let word: [UInt8] = [0x3C] + piece + [0x3E]
        var starts: [Int] = []
        for (i, b) in word.enumerated() where b & 0xC0 != 0x80 { starts.append(i) }
        starts.append(word.count)
        let characters = starts.count - 1
        var hashes: [UInt32] = []
        for i in 0..<characters {
            for n in settings.minN...settings.maxN {
                guard i + n <= characters, !(i == 0 && i + n == characters) else { break }
                var h: UInt32 = 2_166_136_261
                for b in word[starts[i]..<starts[i + n]] {
                    h ^= UInt32(bitPattern: Int32(Int8(bitPattern: b)))  // fastText sign-extends each byte
                    h = h &* 16_777_619
                }
                hashes.append(h)
            }
        }
        return hashes
    }
}

@inline(__always) private func sigmoid(_ x: Float) -> Float {
    if x > 8 { return 1 }
    if x < -8 { return 0 }
    return 1 / (1 + expf(-x))
}

private func pow075(_ x: Double) -> Double { (x * x * x).squareRoot().squareRoot() }

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
