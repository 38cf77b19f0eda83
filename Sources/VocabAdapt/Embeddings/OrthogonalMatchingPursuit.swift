import VocabCore

/// Sparse approximations by orthogonal matching pursuit (OMP): each target vector is approximated
/// by at most `k` atoms (rows of a dictionary), chosen greedily — the atom with the largest
/// |cosine| to the current residual, then a least-squares refit on every atom chosen so far.
///
/// This is how `transplant --init omp` carries a donor model's geometry over to the base model:
/// the atoms are the donor's rows of tokens both vocabularies share, the targets the donor's rows
/// of new tokens; the weights found in the donor's space are applied to the base's rows of the
/// same shared tokens (ADAPTATION.md section 6). The two spaces may differ in width.
///
/// The pursuit works on correlations (Batch-OMP, Rubinstein, Zibulevsky & Elad 2008): one
/// product of all targets with all atoms up front, then per step one column of the atoms' Gram
/// matrix (computed on first use and kept while memory allows) and a Gram–Schmidt update of the
/// correlations, so a step costs O(atoms · step) instead of O(atoms · width). The final weights
/// are the least-squares solution on the chosen atoms (Cholesky of their Gram matrix, in Double).
public enum OrthogonalMatchingPursuit {
    /// A target's approximation: `Σ weights[i] · atom[atoms[i]]`.
    public struct Combination: Sendable, Equatable {
        /// Indices of atoms (rows of the dictionary), in the order they were chosen.
        public var atoms: [Int32]
        /// The weight of each atom (of the atom as given, not normalized).
        public var weights: [Float]

        public init(atoms: [Int32], weights: [Float]) {
            self.atoms = atoms
            self.weights = weights
        }
    }

    /// Approximates every target by at most `k` atoms.
    /// - Parameters:
    ///   - targets: row after row, `dimension` values each.
    ///   - atoms: the dictionary, row after row, `dimension` values each (zero rows are never chosen).
    ///   - k: the largest number of atoms per target; fewer when the residual falls below 10⁻⁶ of
    ///     the target (squared norms) first.
    ///   - gramBudgetBytes: memory for kept Gram columns.
    /// - Returns: one combination per target (empty for a zero or non-finite target, or an empty
    ///   dictionary).
    /// - Complexity: O(targets · atoms · (dimension + k²/2)) time, O(atoms · k) working memory
    ///   beside the kept Gram columns.
    public static func approximate(
        targets: [Float], atoms: [Float], dimension: Int, k: Int, gramBudgetBytes: Int = 640 << 20
    ) throws -> [Combination] {
        guard dimension > 0, targets.count % dimension == 0, atoms.count % dimension == 0 else {
            throw VocabError("OMP: \(targets.count) target and \(atoms.count) atom values are not rows of \(dimension)")
        }
        guard k >= 1 else { throw VocabError("OMP needs at least one atom per target, not \(k)") }
        let n = atoms.count / dimension
        let m = targets.count / dimension
        guard n > 0 else { return [Combination](repeating: Combination(atoms: [], weights: []), count: m) }
        let steps = min(k, n, dimension)

        // Unit atoms (zero rows stay zero and are never chosen).
        var unit = atoms
        var norms = [Float](repeating: 0, count: n)
        for r in 0..<n {
            var s: Float = 0
            for c in 0..<dimension { s += unit[r * dimension + c] * unit[r * dimension + c] }
            norms[r] = s.squareRoot()
            let inverse: Float = s > 0 ? 1 / norms[r] : 0
            for c in 0..<dimension { unit[r * dimension + c] *= inverse }
        }

        var gram = GramColumns(unit: unit, count: n, dimension: dimension, budgetBytes: gramBudgetBytes)
        var results: [Combination] = []
        results.reserveCapacity(m)
        let block = 32
        var correlations = [Float](repeating: 0, count: block * n)
        var pursuit = Pursuit(count: n, steps: steps)
        var start = 0
        while start < m {
            let rows = min(block, m - start)
            targets.withUnsafeBufferPointer { t in
                unit.withUnsafeBufferPointer { a in
                    correlations.withUnsafeMutableBufferPointer { out in
                        Kernels.products(
                            t.baseAddress! + start * dimension, rows: rows, with: a.baseAddress!, count: n, dimension: dimension,
                            into: out.baseAddress!)
                    }
                }
            }
            for r in 0..<rows {
                var norm2: Double = 0
                for c in 0..<dimension {
                    let v = Double(targets[(start + r) * dimension + c])
                    norm2 += v * v
                }
                let chosen = correlations.withUnsafeBufferPointer { all in
                    pursuit.run(initial: UnsafeBufferPointer(rebasing: all[r * n..<(r + 1) * n]), norm2: norm2, norms: norms, gram: &gram)
                }
                results.append(chosen)
            }
            start += rows
        }
        return results
    }
}

/// Columns of the Gram matrix of unit atoms, computed when first asked for and kept while the
/// budget lasts (the atoms chosen for many targets are few and recur).
struct GramColumns {
    let unit: [Float]
    let count: Int
    let dimension: Int
    private let capacity: Int
    private var slots: [Int32: Int] = [:]
    private var storage: [Float] = []

    init(unit: [Float], count: Int, dimension: Int, budgetBytes: Int) {
        self.unit = unit
        self.count = count
        self.dimension = dimension
        capacity = min(count, max(0, budgetBytes / max(1, count * 4)))
    }

    /// Writes column `j` (the dot products of every unit atom with atom `j`) to `out`.
    mutating func column(_ j: Int, into out: UnsafeMutablePointer<Float>) {
        if let slot = slots[Int32(j)] {
            storage.withUnsafeBufferPointer { s in out.update(from: s.baseAddress! + slot * count, count: count) }
            return
        }
        unit.withUnsafeBufferPointer { a in
            Kernels.products(a.baseAddress! + j * dimension, rows: 1, with: a.baseAddress!, count: count, dimension: dimension, into: out)
        }
        if slots.count < capacity {
            let slot = slots.count
            slots[Int32(j)] = slot
            storage.append(contentsOf: UnsafeBufferPointer(start: out, count: count))
        }
    }
}

/// The per-target state of the pursuit, reused from target to target.
struct Pursuit {
    let count: Int
    let steps: Int
    /// Correlations of the residual with every unit atom.
    private var alpha: [Float]
    /// Row `s`: the correlations of every unit atom with the `s`-th orthonormalized chosen atom.
    private var basis: [Float]
    /// Row `s`: the Gram column of the `s`-th chosen atom.
    private var columns: [Float]
    private var taken: [Bool]

    init(count: Int, steps: Int) {
        self.count = count
        self.steps = steps
        alpha = [Float](repeating: 0, count: count)
        basis = [Float](repeating: 0, count: count * steps)
        columns = [Float](repeating: 0, count: count * steps)
        taken = [Bool](repeating: false, count: count)
    }

    /// Runs OMP for one target given its correlations with the unit atoms and its squared norm.
    mutating func run(initial: UnsafeBufferPointer<Float>, norm2: Double, norms: [Float], gram: inout GramColumns) -> OrthogonalMatchingPursuit.Combination {
        guard norm2 > 0, norm2.isFinite else { return .init(atoms: [], weights: []) }
        let n = count
        for i in 0..<n { alpha[i] = initial[i] }
        var chosen: [Int] = []
        var dependent: [Int] = []
        var z: [Double] = []
        var residual2 = norm2
        // Float correlations carry ~1e-7 relative error: a residual below 1e-6 of the target is gone.
        let tolerance = norm2 * 1e-6
        alpha.withUnsafeMutableBufferPointer { alpha in
            basis.withUnsafeMutableBufferPointer { basis in
                columns.withUnsafeMutableBufferPointer { columns in
                    while chosen.count < steps && residual2 > tolerance {
                        var best = -1
                        var bestValue: Float = 0
                        for i in 0..<n where !taken[i] && norms[i] > 0 {
                            let v = abs(alpha[i])
                            if v > bestValue {
                                bestValue = v
                                best = i
                            }
                        }
                        guard best >= 0 else { break }
                        let s = chosen.count
                        let column = columns.baseAddress! + s * n
                        gram.column(best, into: column)
                        // Gram–Schmidt of the new atom against the chosen ones, in correlation space.
                        var projections = [Float](repeating: 0, count: s)
                        var rest: Double = 1
                        for p in 0..<s {
                            projections[p] = basis[p * n + best]
                            rest -= Double(projections[p]) * Double(projections[p])
                        }
                        taken[best] = true
                        guard rest > 1e-6 else {
                            // In the span of the chosen atoms already: never a useful choice.
                            dependent.append(best)
                            continue
                        }
                        let scale = Float(1 / rest.squareRoot())
                        let row = basis.baseAddress! + s * n
                        Kernels.orthogonalize(column, against: basis.baseAddress!, projections, count: n, scale: scale, into: row)
                        var zs = Double(initial[best])
                        for p in 0..<s { zs -= Double(projections[p]) * z[p] }
                        zs *= Double(scale)
                        chosen.append(best)
                        z.append(zs)
                        residual2 -= zs * zs
                        Kernels.axpy(-Float(zs), row, into: alpha.baseAddress!, count: n)
                    }
                }
            }
        }
        for i in chosen + dependent { taken[i] = false }
        // Least squares on the chosen atoms: (G_II) w = initial_I, by Cholesky in Double.
        let s = chosen.count
        var g = [Double](repeating: 0, count: s * s)
        for a in 0..<s {
            for b in 0..<s { g[a * s + b] = Double(columns[b * n + chosen[a]]) }
            g[a * s + a] += 1e-7
        }
        var rhs = chosen.map { Double(initial[$0]) }
        // The chosen atoms are independent (each kept > 1e-6 of its norm outside the others' span),
        // so the factorization fails only on values that are not finite: then no approximation.
        guard Cholesky.solve(&g, &rhs, size: s) else { return .init(atoms: [], weights: []) }
        return .init(
            atoms: chosen.map { Int32($0) }, weights: chosen.indices.map { Float(rhs[$0] / Double(norms[chosen[$0]])) })
    }
}

/// Cholesky factorization and solve of a small symmetric positive definite system.
enum Cholesky {
    /// Solves `a x = b` in place (`a` row-major `size × size`, overwritten by its factor; `b` by
    /// `x`). Returns false when `a` is not positive definite.
    static func solve(_ a: inout [Double], _ b: inout [Double], size n: Int) -> Bool {
        for j in 0..<n {
            var d = a[j * n + j]
            for p in 0..<j { d -= a[j * n + p] * a[j * n + p] }
            guard d > 0 else { return false }
            let l = d.squareRoot()
            a[j * n + j] = l
            for i in j + 1..<n {
                var v = a[i * n + j]
                for p in 0..<j { v -= a[i * n + p] * a[j * n + p] }
                a[i * n + j] = v / l
            }
        }
        for i in 0..<n {
            var v = b[i]
            for p in 0..<i { v -= a[i * n + p] * b[p] }
            b[i] = v / a[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            var v = b[i]
            for p in i + 1..<n { v -= a[p * n + i] * b[p] }
            b[i] = v / a[i * n + i]
        }
        return true
    }
}

/// The vector loops of the pursuit, written over SIMD8 so they vectorize without a BLAS.
enum Kernels {
    /// `out[r * count + i] = <rows[r], atoms[i]>` for `rows` vectors and `count` atoms.
    static func products(
        _ vectors: UnsafePointer<Float>, rows: Int, with atoms: UnsafePointer<Float>, count: Int, dimension: Int,
        into out: UnsafeMutablePointer<Float>
    ) {
        let wide = dimension / 8 * 8
        if rows == 1 {
            // One vector (a Gram column): four atoms at a time share its loads.
            var i = 0
            while i + 4 <= count {
                let a0 = atoms + i * dimension, a1 = a0 + dimension, a2 = a1 + dimension, a3 = a2 + dimension
                var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()
                var c = 0
                while c < wide {
                    let x = load8(vectors + c)
                    s0 += x * load8(a0 + c)
                    s1 += x * load8(a1 + c)
                    s2 += x * load8(a2 + c)
                    s3 += x * load8(a3 + c)
                    c += 8
                }
                var t0 = s0.sum(), t1 = s1.sum(), t2 = s2.sum(), t3 = s3.sum()
                while c < dimension {
                    t0 += a0[c] * vectors[c]
                    t1 += a1[c] * vectors[c]
                    t2 += a2[c] * vectors[c]
                    t3 += a3[c] * vectors[c]
                    c += 1
                }
                out[i] = t0
                out[i + 1] = t1
                out[i + 2] = t2
                out[i + 3] = t3
                i += 4
            }
            while i < count {
                var t: Float = 0
                for c in 0..<dimension { t += atoms[i * dimension + c] * vectors[c] }
                out[i] = t
                i += 1
            }
            return
        }
        var r = 0
        while r < rows {
            let take = min(4, rows - r)
            let v0 = vectors + r * dimension
            let v1 = vectors + (r + min(1, take - 1)) * dimension
            let v2 = vectors + (r + min(2, take - 1)) * dimension
            let v3 = vectors + (r + min(3, take - 1)) * dimension
            for i in 0..<count {
                let a = atoms + i * dimension
                var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()
                var c = 0
                while c < wide {
                    let x = load8(a + c)
                    s0 += x * load8(v0 + c)
                    s1 += x * load8(v1 + c)
                    s2 += x * load8(v2 + c)
                    s3 += x * load8(v3 + c)
                    c += 8
                }
                var t0 = s0.sum(), t1 = s1.sum(), t2 = s2.sum(), t3 = s3.sum()
                while c < dimension {
                    t0 += a[c] * v0[c]
                    t1 += a[c] * v1[c]
                    t2 += a[c] * v2[c]
                    t3 += a[c] * v3[c]
                    c += 1
                }
                out[r * count + i] = t0
                if take > 1 { out[(r + 1) * count + i] = t1 }
                if take > 2 { out[(r + 2) * count + i] = t2 }
                if take > 3 { out[(r + 3) * count + i] = t3 }
            }
            r += take
        }
    }

    /// `out = scale · (column − Σ_p projections[p] · basis[p])` over `count` values, in blocks that
    /// stay in cache.
    static func orthogonalize(
        _ column: UnsafePointer<Float>, against basis: UnsafePointer<Float>, _ projections: [Float], count: Int, scale: Float,
        into out: UnsafeMutablePointer<Float>
    ) {
        let blockSize = 2048
        var start = 0
        while start < count {
            let end = min(start + blockSize, count)
            out.advanced(by: start).update(from: column + start, count: end - start)
            for (p, w) in projections.enumerated() where w != 0 {
                axpy(-w, basis + p * count + start, into: out + start, count: end - start)
            }
            for i in start..<end { out[i] *= scale }
            start = end
        }
    }

    /// `y += a · x` over `count` values.
    static func axpy(_ a: Float, _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        let wide = count / 8 * 8
        let a8 = SIMD8<Float>(repeating: a)
        var i = 0
        while i < wide {
            store8(load8(y + i) + a8 * load8(x + i), y + i)
            i += 8
        }
        while i < count {
            y[i] += a * x[i]
            i += 1
        }
    }

    @inline(__always) static func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always) static func load8(_ p: UnsafeMutablePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always) static func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
    }
}
