import VocabCore

/// The vocabulary tensors of a transplanted checkpoint: for each base vocabulary tensor (input
/// embeddings, an untied head, its bias), one row per new token — the base row copied bit for bit
/// for a shared token, a computed row otherwise — and every other tensor copied unchanged.
struct TransplantRows {
    /// How one new row was made (of the first vocabulary tensor, the input embeddings).
    struct Recipe: Sendable {
        /// `copy` (with the `SharedTokens.Rule`), or the initialization method that produced it.
        var rule: String
        /// Base ids whose rows were combined (one for a copy, none for a random row).
        var sources: [Int32]
        var weights: [Float]
    }

    /// What happened to one vocabulary tensor.
    struct Tensor: Sendable {
        var name: String
        var dtype: String
        var rowsBefore: Int
        var rowsAfter: Int
        /// The number of rows each rule produced.
        var rules: [(rule: String, rows: Int)]
    }

    let recipes: [Recipe]
    let tensors: [Tensor]
    private let shards: [EmbeddingTrim.ShardOutput]
    private let checkpoint: SafetensorsCheckpoint

    init(
        checkpoint: SafetensorsCheckpoint, tensorNames: [String], baseCount: Int, shared: SharedTokens, unshared: [Int],
        origins: [NewTokenOrigin], method: TransplantInit, donor: ModelFolder?, ompK: Int, seed: UInt64
    ) throws {
        self.checkpoint = checkpoint
        let newCount = shared.baseID.count
        var replaced: [String: (TensorData, [Int])] = [:]
        var tensors: [Tensor] = []
        var firstRecipes: [Recipe]? = nil
        // OMP weights depend on the donor matrix only: computed once per donor tensor.
        var ompCache: [String: [OrthogonalMatchingPursuit.Combination]] = [:]

        for name in tensorNames where replaced[name] == nil {
            guard let (shard, t) = checkpoint.locate(name) else { continue }
            let file = checkpoint.shards[shard].file
            guard let count = t.shape.first, count >= baseCount else {
                throw VocabError("tensor \"\(t.name)\" has fewer rows than the base vocabulary's \(baseCount) tokens", file: file.path)
            }
            guard FloatElements.supports(t.dtype), let width = t.dtype.bytesPerElement else {
                throw VocabError("tensor \"\(t.name)\" has dtype \(t.dtype); rows can be computed for F32, F16, BF16 and F64", file: file.path)
            }
            let old = try EmbeddingMatrix(tensor: t, data: file.data(of: t), rows: baseCount)
            var values: [Float]
            var used: [EmbeddingInitMethod]
            var combinations: [OrthogonalMatchingPursuit.Combination?] = Array(repeating: nil, count: unshared.count)
            switch method {
            case .subword, .random:
                (values, used) = try EmbeddingInitialization.newRows(
                    method: method == .subword ? .mean : .random, old: old, origins: origins, seed: seed)
            case .omp:
                guard let donor else { throw VocabError("OMP needs a donor model") }
                let donorTensor = try TransplantRows.donorTensor(for: t, of: donor)
                if ompCache[donorTensor.name] == nil {
                    ompCache[donorTensor.name] = try TransplantRows.pursue(
                        donor: donor, tensor: donorTensor, shared: shared, unshared: unshared, k: ompK)
                }
                let found = ompCache[donorTensor.name]!
                // Tokens OMP cannot place (no donor signal) fall back to the subword mean, then random.
                let rest = unshared.indices.filter { found[$0].atoms.isEmpty }
                let (fallback, fallbackUsed) = try EmbeddingInitialization.newRows(
                    method: .mean, old: old, origins: rest.map { origins[$0] }, seed: seed)
                values = [Float](repeating: 0, count: unshared.count * old.columns)
                used = [EmbeddingInitMethod](repeating: .mean, count: unshared.count)
                for (j, k) in rest.enumerated() {
                    for c in 0..<old.columns { values[k * old.columns + c] = fallback[j * old.columns + c] }
                    used[k] = fallbackUsed[j]
                }
                let anchors = shared.anchors
                for k in unshared.indices where !found[k].atoms.isEmpty {
                    let combination = OrthogonalMatchingPursuit.Combination(
                        atoms: found[k].atoms.map { anchors.base[Int($0)] }, weights: found[k].weights)
                    combinations[k] = combination
                    TransplantRows.combine(combination, of: old, into: &values, row: k)
                }
            }

            var recipes: [Recipe] = []
            var tally: [String: Int] = [:]
            if firstRecipes == nil { recipes.reserveCapacity(newCount) }
            var next = 0
            for id in 0..<newCount {
                let recipe: Recipe
                if shared.baseID[id] >= 0 {
                    recipe = Recipe(rule: "copy " + (shared.rule[id]?.rawValue ?? ""), sources: [shared.baseID[id]], weights: [1])
                } else {
                    let k = next
                    next += 1
                    if let c = combinations[k] {
                        recipe = Recipe(rule: "omp", sources: c.atoms, weights: c.weights)
                    } else if used[k] == .random {
                        recipe = Recipe(rule: "random", sources: [], weights: [])
                    } else {
                        let pieces = origins[k].pieces
                        recipe = Recipe(
                            rule: "subword", sources: pieces, weights: pieces.map { _ in 1 / Float(pieces.count) })
                    }
                }
                tally[recipe.rule, default: 0] += 1
                if firstRecipes == nil { recipes.append(recipe) }
            }
            if firstRecipes == nil { firstRecipes = recipes }

            // New rows encoded; shared rows copied from the file's bytes.
            let rowBytes = old.columns * width
            var bytes = [UInt8](repeating: 0, count: newCount * rowBytes)
            let computed = try FloatElements.encode(values, dtype: t.dtype)
            let source = file.data(of: t)
            bytes.withUnsafeMutableBytes { out in
                var k = 0
                for id in 0..<newCount {
                    let target = out.baseAddress! + id * rowBytes
                    let base = Int(shared.baseID[id])
                    if base >= 0 {
                        target.copyMemory(from: source.baseAddress! + base * rowBytes, byteCount: rowBytes)
                    } else {
                        computed.withUnsafeBytes { target.copyMemory(from: $0.baseAddress! + k * rowBytes, byteCount: rowBytes) }
                        k += 1
                    }
                }
            }
            var shape = t.shape
            shape[0] = newCount
            replaced[t.name] = (.bytes(bytes), shape)
            tensors.append(
                Tensor(
                    name: t.name, dtype: t.dtype.name, rowsBefore: count, rowsAfter: newCount,
                    rules: tally.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
        }
        self.recipes = firstRecipes ?? []
        self.tensors = tensors
        shards = checkpoint.shards.map { shard in
            let outputs = shard.file.tensors.map { t -> TensorOutput in
                if let (data, shape) = replaced[t.name] { return TensorOutput(name: t.name, dtype: t.dtype, shape: shape, data: data) }
                return TensorOutput(name: t.name, dtype: t.dtype, shape: t.shape, data: .copy(shard.file, t))
            }
            return EmbeddingTrim.ShardOutput(name: shard.name, tensors: outputs, metadata: shard.file.header.metadata)
        }
    }

    /// Writes the checkpoint's files into `directory`; returns their names.
    func write(into directory: String) throws -> [String] {
        try EmbeddingTrim.write(shards, of: checkpoint, into: directory)
    }

    /// Adds `Σ weight · old[source]` into row `row` of `values` (accumulated in Double).
    static func combine(_ c: OrthogonalMatchingPursuit.Combination, of old: EmbeddingMatrix, into values: inout [Float], row: Int) {
        let columns = old.columns
        var sum = [Double](repeating: 0, count: columns)
        for (atom, w) in zip(c.atoms, c.weights) {
            let base = Int(atom) * columns
            for col in 0..<columns { sum[col] += Double(w) * Double(old.values[base + col]) }
        }
        for col in 0..<columns { values[row * columns + col] = Float(sum[col]) }
    }

    /// The donor tensor whose space a base vocabulary tensor's weights are found in: the donor's
    /// head for a head (its input embeddings when it has no head), its input embeddings otherwise.
    static func donorTensor(for t: TensorInfo, of donor: ModelFolder) throws -> TensorInfo {
        guard let checkpoint = donor.checkpoint else { throw VocabError("the donor model has no weights", file: donor.path) }
        func ends(_ name: String, _ suffixes: [String]) -> Bool { suffixes.contains { name == $0 || name.hasSuffix("." + $0) } }
        let candidates = donor.vocabularyTensors.compactMap { checkpoint.locate($0)?.tensor }.filter { $0.shape.count == 2 }
        let input = candidates.first { ends($0.name, ModelFolder.inputEmbeddingSuffixes) } ?? candidates.first
        let head = candidates.first { ends($0.name, ModelFolder.headSuffixes) }
        let wantsHead = ends(t.name, ModelFolder.headSuffixes) || t.shape.count == 1
        guard let chosen = (wantsHead ? head ?? input : input) else {
            throw VocabError("the donor model has no token embedding matrix", file: donor.path)
        }
        return chosen
    }

    /// OMP weights of every unshared token in the donor's space, atoms indexing `shared.anchors`.
    static func pursue(
        donor: ModelFolder, tensor: TensorInfo, shared: SharedTokens, unshared: [Int], k: Int
    ) throws -> [OrthogonalMatchingPursuit.Combination] {
        guard let checkpoint = donor.checkpoint, let (shard, _) = checkpoint.locate(tensor.name) else {
            throw VocabError("the donor model has no tensor \"\(tensor.name)\"", file: donor.path)
        }
        let file = checkpoint.shards[shard].file
        let matrix = try EmbeddingMatrix(tensor: tensor, data: file.data(of: tensor), rows: shared.baseID.count)
        let d = matrix.columns
        let anchors = shared.anchors.new
        var atoms = [Float]()
        atoms.reserveCapacity(anchors.count * d)
        for id in anchors { atoms += matrix.row(Int(id)) }
        var targets = [Float]()
        targets.reserveCapacity(unshared.count * d)
        for id in unshared { targets += matrix.row(id) }
        return try OrthogonalMatchingPursuit.approximate(targets: targets, atoms: atoms, dimension: d, k: k)
    }
}

extension SharedTokens {
    /// The shared tokens that serve as OMP atoms: new ids and the base ids they keep, one per
    /// base id (a base row matched twice is one atom).
    var anchors: (new: [Int32], base: [Int32]) {
        var new: [Int32] = []
        var base: [Int32] = []
        var seen = Set<Int32>()
        for (id, b) in baseID.enumerated() where b >= 0 && seen.insert(b).inserted {
            new.append(Int32(id))
            base.append(b)
        }
        return (new, base)
    }
}
