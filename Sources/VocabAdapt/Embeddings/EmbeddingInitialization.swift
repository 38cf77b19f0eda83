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

/// Computes the rows of new tokens from a matrix of old rows.
public enum EmbeddingInitialization {
    /// The new rows (row after row, `origins.count` rows of `old.columns` values) and the method
    /// that actually produced each row: a method that cannot resolve a token falls back
    /// (`align` → `merge` → `mean` → `random`; `twin` → `weighted` → `random`).
    /// - Parameters:
    ///   - old: the rows of the old vocabulary (padding rows excluded).
    ///   - seed: the seed of `random` rows (each matrix with the same seed draws the same numbers).
    public static func newRows(
        method: EmbeddingInitMethod, old: EmbeddingMatrix, origins: [NewTokenOrigin], seed: UInt64
    ) throws -> (values: [Float], used: [EmbeddingInitMethod]) {
        let columns = old.columns
        let oldCount = old.rows
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
