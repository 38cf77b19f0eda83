import VocabCore

/// How the rows of tokens added to a vocabulary are computed from the rows of the old tokens
/// (Yamaguchi et al. 2024, see ADAPTATION.md section 2).
public enum EmbeddingInitMethod: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Each value drawn from a normal distribution with its column's mean and standard deviation
    /// over the old rows (seeded, deterministic).
    case random
    /// The mean of the rows of the base tokenizer's pieces for the token's string.
    case mean
    /// Like `mean`, each piece weighted by its length in characters (longer pieces carry more of
    /// the meaning).
    case weighted
    /// `weighted`, blended half and half with the row of the token's twin: the same string in the
    /// other word position (`▁x` ↔ `x`, `Ġx` ↔ `x`, `x` ↔ `##x`) when the base vocabulary has it.
    /// The two rows are averaged as unit vectors and scaled to their mean length.
    case twin
    /// The mean of the rows of the two parts of the merge that makes the token, resolved
    /// recursively when a part is new itself; averaged over alternative merges.
    case merge
    /// The corpus-aligned weighted mean: over the distinct tuples of base pieces that the token's
    /// occurrences in the target corpus cover, Σ p(tuple) · mean(rows of tuple).
    case align
    /// FOCUS (Dobler & de Melo 2023): each new token's row is a sparsemax-weighted combination of
    /// the rows of old tokens, weighted by the cosine similarity of their vectors to the new
    /// token's in an `AuxiliarySpace` (static embeddings trained on the target corpus). Falls back
    /// to `weighted` for a token without an auxiliary vector or without any anchor.
    case focus

    public var description: String { rawValue }
}

/// What the row of one new token is computed from. Ids below the old vocabulary size are old
/// tokens; id `oldCount + k` is the `k`-th new token.
public struct NewTokenOrigin: Sendable, Equatable {
    /// The base tokenizer's pieces for the token's string (old ids); empty when it has none.
    public var pieces: [Int32]
    /// The weight of each piece for `weighted` (its length in characters); empty for equal weights.
    public var pieceWeights: [Float]
    /// The merges (left, right) that make the token; parts may be new tokens.
    public var merges: [TokenPair]
    /// Tuples of old ids that the token's occurrences in the corpus cover, with their counts.
    public var alignments: [AlignedPieces]
    /// The old token with the same string in the other word position, for `twin`.
    public var twin: Int32?

    public init(
        pieces: [Int32], pieceWeights: [Float] = [], merges: [TokenPair] = [], alignments: [AlignedPieces] = [], twin: Int32? = nil
    ) {
        self.pieces = pieces
        self.pieceWeights = pieceWeights
        self.merges = merges
        self.alignments = alignments
        self.twin = twin
    }
}

/// A tuple of old ids aligned with occurrences of a new token, and how often it was seen.
public struct AlignedPieces: Sendable, Equatable, Hashable {
    public var pieces: [Int32]
    public var count: Int

    public init(pieces: [Int32], count: Int) {
        self.pieces = pieces
        self.count = count
    }
}

/// A second vector space in which both old tokens (the anchors) and new tokens have vectors, for
/// the methods that pick old tokens by similarity and apply the chosen weights to the model's rows:
/// static embeddings trained on the target corpus (`focus`), or a donor model's rows when its
/// vocabulary is transplanted (OMP). Only the geometry of this space is used, never its values.
public struct AuxiliarySpace: Sendable, Equatable {
    /// The width of every vector.
    public var dimension: Int
    /// Old ids that have a vector (distinct, each below the old vocabulary's size).
    public var anchors: [Int32]
    /// `anchors.count · dimension` values: the vector of `anchors[i]` at `i · dimension`.
    public var anchorVectors: [Float]
    /// The vector of each new token (`origins` order, `dimension` values), nil when it has none.
    public var newVectors: [[Float]?]

    public init(dimension: Int, anchors: [Int32], anchorVectors: [Float], newVectors: [[Float]?]) throws {
        guard dimension > 0, anchorVectors.count == anchors.count * dimension else {
            throw VocabError("an auxiliary space of \(anchors.count) anchors × \(dimension) needs \(anchors.count * dimension) values, not \(anchorVectors.count)")
        }
        if let bad = newVectors.firstIndex(where: { $0 != nil && $0!.count != dimension }) {
            throw VocabError("auxiliary vector of new token \(bad) has \(newVectors[bad]!.count) values, not \(dimension)")
        }
        self.dimension = dimension
        self.anchors = anchors
        self.anchorVectors = anchorVectors
        self.newVectors = newVectors
    }
}

/// Computes the rows of new tokens from a matrix of old rows.
///
/// This is the one family of initialization methods, shared by every command that adds rows
/// (`expand`, and `transplant` for tokens a donor vocabulary brings): each method is a function of
/// (the old rows, a `NewTokenOrigin` per new token, optionally an `AuxiliarySpace`) to the new rows.
/// A method that needs something a token lacks falls back to a simpler one and says so in `used`.
public enum EmbeddingInitialization {
    /// The new rows (row after row, `origins.count` rows of `old.columns` values) and the method
    /// that actually produced each row: a method that cannot resolve a token falls back
    /// (`align` → `merge` → `mean` → `random`; `twin` → `weighted` → `random`).
    /// - Parameters:
    ///   - old: the rows of the old vocabulary (padding rows excluded).
    ///   - seed: the seed of `random` rows (each matrix with the same seed draws the same numbers).
    ///   - auxiliary: the space `focus` measures similarity in (required by it, ignored otherwise).
    public static func newRows(
        method: EmbeddingInitMethod, old: EmbeddingMatrix, origins: [NewTokenOrigin], seed: UInt64,
        auxiliary: AuxiliarySpace? = nil
    ) throws -> (values: [Float], used: [EmbeddingInitMethod]) {
        let columns = old.columns
        let oldCount = old.rows
        if method == .focus {
            guard let auxiliary else { throw VocabError("--init \(method) needs an auxiliary space (static embeddings of the corpus)") }
            guard auxiliary.newVectors.count == origins.count else {
                throw VocabError("the auxiliary space has vectors for \(auxiliary.newVectors.count) new tokens, not \(origins.count)")
            }
            if let bad = auxiliary.anchors.first(where: { $0 < 0 || Int($0) >= oldCount }) {
                throw VocabError("auxiliary anchor \(bad) is not an old token (\(oldCount) rows)")
            }
        }
        for (k, origin) in origins.enumerated() {
            let limit = oldCount + origins.count
            let ids = origin.pieces + origin.alignments.flatMap(\.pieces) + (origin.twin.map { [$0] } ?? [])
            if let bad = ids.first(where: { $0 < 0 || Int($0) >= oldCount }) {
                throw VocabError("new token \(k): piece id \(bad) is not an old token (\(oldCount) rows)")
            }
            if let bad = origin.merges.first(where: { $0.left < 0 || $0.right < 0 || Int($0.left) >= limit || Int($0.right) >= limit }) {
                throw VocabError("new token \(k): merge part \(bad.left) \(bad.right) is not a token")
            }
            if !origin.pieceWeights.isEmpty && origin.pieceWeights.count != origin.pieces.count {
                throw VocabError("new token \(k): \(origin.pieceWeights.count) weights for \(origin.pieces.count) pieces")
            }
        }
        var values = [Float](repeating: 0, count: origins.count * columns)
        var used = [EmbeddingInitMethod](repeating: .random, count: origins.count)
        var resolved = [Bool](repeating: false, count: origins.count)

        func store(_ k: Int, _ row: [Double], _ how: EmbeddingInitMethod) {
            for c in 0..<columns { values[k * columns + c] = Float(row[c]) }
            used[k] = how
            resolved[k] = true
        }
        func meanOf(_ ids: [Int32], weights: [Float]) -> [Double]? {
            guard !ids.isEmpty else { return nil }
            var row = [Double](repeating: 0, count: columns)
            var total = 0.0
            for (j, id) in ids.enumerated() {
                let w = weights.isEmpty ? 1.0 : Double(weights[j])
                guard w > 0 else { continue }
                let base = Int(id) * columns
                for c in 0..<columns { row[c] += w * Double(old.values[base + c]) }
                total += w
            }
            guard total > 0 else { return nil }
            return row.map { $0 / total }
        }

        switch method {
        case .random:
            break
        case .mean, .weighted:
            for (k, origin) in origins.enumerated() {
                if let row = meanOf(origin.pieces, weights: method == .weighted ? origin.pieceWeights : []) {
                    store(k, row, method)
                }
            }
        case .twin:
            for (k, origin) in origins.enumerated() {
                let weighted = meanOf(origin.pieces, weights: origin.pieceWeights)
                guard let twin = origin.twin, let twinRow = meanOf([twin], weights: []) else {
                    if let weighted { store(k, weighted, .weighted) }
                    continue
                }
                guard let weighted else {
                    store(k, twinRow, .twin)
                    continue
                }
                store(k, blend(weighted, twinRow), .twin)
            }
        case .focus:
            guard let auxiliary else { break }
            let anchors = UnitRows(values: auxiliary.anchorVectors, dimension: auxiliary.dimension)
            for (k, origin) in origins.enumerated() {
                if let vector = auxiliary.newVectors[k], !auxiliary.anchors.isEmpty,
                    let weights = sparsemax(anchors.cosines(to: vector))
                {
                    var row = [Double](repeating: 0, count: columns)
                    for (i, w) in weights {
                        let base = Int(auxiliary.anchors[i]) * columns
                        for c in 0..<columns { row[c] += w * Double(old.values[base + c]) }
                    }
                    store(k, row, .focus)
                } else if let row = meanOf(origin.pieces, weights: origin.pieceWeights) {
                    store(k, row, .weighted)
                }
            }
        case .merge, .align:
            if method == .align {
                for (k, origin) in origins.enumerated() where !origin.alignments.isEmpty {
                    var row = [Double](repeating: 0, count: columns)
                    let total = Double(origin.alignments.reduce(0) { $0 + max($1.count, 0) })
                    guard total > 0 else { continue }
                    for tuple in origin.alignments where tuple.count > 0 {
                        guard let part = meanOf(tuple.pieces, weights: []) else { continue }
                        let p = Double(tuple.count) / total
                        for c in 0..<columns { row[c] += p * part[c] }
                    }
                    store(k, row, .align)
                }
            }
            resolveMerges(origins: origins, oldCount: oldCount, columns: columns, old: old, values: &values, resolved: &resolved, used: &used)
            for (k, origin) in origins.enumerated() where !resolved[k] {
                if let row = meanOf(origin.pieces, weights: []) { store(k, row, .mean) }
            }
        }
        let missing = resolved.indices.filter { !resolved[$0] }
        if !missing.isEmpty {
            let (mean, deviation) = old.columnStatistics()
            var generator = SeededGenerator(seed: seed)
            for k in missing {
                for c in 0..<columns {
                    values[k * columns + c] = mean[c] + deviation[c] * Float(generator.normal())
                }
                used[k] = .random
            }
        }
        return (values, used)
    }

    /// Sparsemax (Martins & Astudillo 2016) of `scores`: the Euclidean projection onto the
    /// probability simplex, as (index, weight) pairs with weight > 0; nil when a score is not finite.
    /// - Complexity: O(n log n) for n scores.
    static func sparsemax(_ scores: [Double]) -> [(index: Int, weight: Double)]? {
        guard !scores.isEmpty, scores.allSatisfy(\.isFinite) else { return nil }
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var sum = 0.0
        var support = 0
        var supportSum = 0.0
        for (j, i) in order.enumerated() {
            sum += scores[i]
            if 1 + Double(j + 1) * scores[i] > sum {
                support = j + 1
                supportSum = sum
            } else {
                break
            }
        }
        let tau = (supportSum - 1) / Double(support)
        return order.prefix(support).map { ($0, scores[$0] - tau) }.filter { $0.weight > 0 }
    }

    /// The mean of two rows taken as unit vectors, scaled to their mean length (a zero row counts
    /// as absent).
    static func blend(_ a: [Double], _ b: [Double]) -> [Double] {
        let na = a.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let nb = b.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard na > 0 else { return b }
        guard nb > 0 else { return a }
        let scale = (na + nb) / 2
        var out = [Double](repeating: 0, count: a.count)
        var norm = 0.0
        for c in a.indices {
            out[c] = a[c] / na + b[c] / nb
            norm += out[c] * out[c]
        }
        norm = norm.squareRoot()
        guard norm > 0 else { return a }
        return out.map { $0 / norm * scale }
    }

    /// Resolves `merge` rows: a token's row is the mean over its merges whose parts both have rows
    /// of mean(row(left), row(right)); new parts are resolved first (depth first, without
    /// recursion), and a part on a cycle counts as unresolved.
    static func resolveMerges(
        origins: [NewTokenOrigin], oldCount: Int, columns: Int, old: EmbeddingMatrix,
        values: inout [Float], resolved: inout [Bool], used: inout [EmbeddingInitMethod]
    ) {
        // 0 = not visited, 1 = on the stack, 2 = done.
        var state = [UInt8](repeating: 0, count: origins.count)
        for k in origins.indices where resolved[k] { state[k] = 2 }
        for start in origins.indices where state[start] == 0 {
            var stack: [(token: Int, expanded: Bool)] = [(start, false)]
            while let (t, expanded) = stack.popLast() {
                if !expanded {
                    guard state[t] == 0 else { continue }
                    state[t] = 1
                    stack.append((t, true))
                    for merge in origins[t].merges {
                        for part in [merge.left, merge.right] where Int(part) >= oldCount {
                            let p = Int(part) - oldCount
                            if state[p] == 0 { stack.append((p, false)) }
                        }
                    }
                    continue
                }
                var row = [Double](repeating: 0, count: columns)
                var alternatives = 0
                for merge in origins[t].merges {
                    let parts = [Int(merge.left), Int(merge.right)]
                    guard parts.allSatisfy({ $0 < oldCount || resolved[$0 - oldCount] }) else { continue }
                    for part in parts {
                        if part < oldCount {
                            let base = part * columns
                            for c in 0..<columns { row[c] += 0.5 * Double(old.values[base + c]) }
                        } else {
                            let base = (part - oldCount) * columns
                            for c in 0..<columns { row[c] += 0.5 * Double(values[base + c]) }
                        }
                    }
                    alternatives += 1
                }
                if alternatives > 0 {
                    let base = t * columns
                    for c in 0..<columns { values[base + c] = Float(row[c] / Double(alternatives)) }
                    resolved[t] = true
                    used[t] = .merge
                }
                state[t] = 2
            }
        }
    }
}


/// Rows scaled to unit length, for cosine similarities against many vectors.
struct UnitRows {
    let values: [Float]
    let dimension: Int

    init(values: [Float], dimension: Int) {
        var unit = values
        for r in 0..<(dimension > 0 ? values.count / dimension : 0) {
            let base = r * dimension
            var norm: Float = 0
            for c in 0..<dimension { norm += unit[base + c] * unit[base + c] }
            let inverse: Float = norm > 0 ? 1 / norm.squareRoot() : 0
            for c in 0..<dimension { unit[base + c] *= inverse }
        }
        self.values = unit
        self.dimension = dimension
    }

    /// The cosine similarity of each row to `vector` (0 for a zero row or vector).
    func cosines(to vector: [Float]) -> [Double] {
        var norm: Float = 0
        for v in vector { norm += v * v }
        let inverse: Float = norm > 0 ? 1 / norm.squareRoot() : 0
        let rows = values.count / dimension
        var out = [Double](repeating: 0, count: rows)
        values.withUnsafeBufferPointer { m in
            vector.withUnsafeBufferPointer { v in
                for r in 0..<rows {
                    var dot: Float = 0
                    let base = r * dimension
                    for c in 0..<dimension { dot += m[base + c] * v[c] }
                    out[r] = Double(dot * inverse)
                }
            }
        }
        return out
    }
}
