import VocabCore

/// For BPE vocabularies: the pieces a kept piece needs so that BPE still produces it.
///
/// BPE builds a piece inside any text by exactly the merges it applies when the piece is
/// encoded alone: merges inside the piece's span are chosen lowest rank first whatever
/// surrounds it, since a merge across the span's edge never happens. So the requirements are the
/// initial symbols and every intermediate piece of that solo derivation. Keeping them and every
/// merge among kept pieces leaves the segmentation of any text whose pieces are all kept
/// unchanged: each merge the original applied is still there and still the best available.
struct DerivationClosure {
    private let table: TokenTable
    private let model: TrimModel
    /// For `.bpeMerges`: (left << 32 | right) -> rank.
    private var rankOfPair: [UInt64: Int32] = [:]
    /// For `.bpeMerges`: the lowest-rank merge producing each id, or -1.
    private var producer: [Int32] = []

    init(table: TokenTable, model: TrimModel) {
        self.table = table
        self.model = model
        if case .bpeMerges(let results) = model {
            producer = [Int32](repeating: -1, count: table.count)
            rankOfPair.reserveCapacity(table.merges.count)
            for (rank, pair) in table.merges.enumerated() {
                let key = UInt64(UInt32(bitPattern: pair.left)) << 32 | UInt64(UInt32(bitPattern: pair.right))
                if rankOfPair[key] == nil { rankOfPair[key] = Int32(rank) }
                let result = results[rank]
                if result >= 0, producer[Int(result)] < 0 { producer[Int(result)] = Int32(rank) }
            }
        }
    }

    /// The ids `id` needs (itself excluded, possibly with repeats).
    func requirements(of id: Int32) -> [Int32] {
        guard table.kinds[Int(id)] == .normal else { return [] }
        switch model {
        case .unigram, .wordPiece:
            return []
        case .bpeMerges(let results):
            return mergeDerivation(of: id, results: results)
        case .bpeByPriority(let priority, let startsFrom):
            return priorityDerivation(of: id, priority: priority, startsFrom: startsFrom)
        }
    }

    /// Initial symbols by undoing merges down to pieces no merge produces.
    private func leaves(of id: Int32, into out: inout [Int32], depth: Int = 0) {
        let rank = producer[Int(id)]
        guard rank >= 0, depth < 1024 else {
            out.append(id)
            return
        }
        let pair = table.merges[Int(rank)]
        leaves(of: pair.left, into: &out, depth: depth + 1)
        leaves(of: pair.right, into: &out, depth: depth + 1)
    }

    private func mergeDerivation(of id: Int32, results: [Int32]) -> [Int32] {
        guard producer[Int(id)] >= 0 else { return [] }
        var symbols: [Int32] = []
        leaves(of: id, into: &symbols)
        var needed = symbols
        while symbols.count > 1 {
            var best = Int32.max
            var at = -1
            for k in 0..<symbols.count - 1 {
                let key = UInt64(UInt32(bitPattern: symbols[k])) << 32 | UInt64(UInt32(bitPattern: symbols[k + 1]))
                if let rank = rankOfPair[key], rank < best {
                    best = rank
                    at = k
                }
            }
            guard at >= 0, results[Int(best)] >= 0 else { break }
            symbols[at] = results[Int(best)]
            symbols.remove(at: at + 1)
            needed.append(symbols[at])
        }
        if symbols == [id] { return needed.filter { $0 != id } }
        // Not produced alone (e.g. a model that looks whole words up first): keep every merge
        // that produces it and their parts, recursively.
        return allProducers(of: id, results: results)
    }

    private func allProducers(of id: Int32, results: [Int32]) -> [Int32] {
        var out: [Int32] = []
        var seen: Set<Int32> = [id]
        var stack: [Int32] = [id]
        var byResult: [Int32: [Int]] = [:]
        for (rank, result) in results.enumerated() where result >= 0 { byResult[result, default: []].append(rank) }
        while let t = stack.popLast() {
            for rank in byResult[t] ?? [] {
                let pair = table.merges[rank]
                for part in [pair.left, pair.right] where seen.insert(part).inserted {
                    out.append(part)
                    stack.append(part)
                }
            }
        }
        return out
    }

    private func priorityDerivation(of id: Int32, priority: [Double], startsFrom: TrimModel.InitialSymbols) -> [Int32] {
        let piece = table.piece(Int(id))
        // Symbol boundaries as byte offsets into the piece.
        var bounds: [Int] = [0]
        var i = 0
        while i < piece.count {
            let step = startsFrom == .bytes ? 1 : max(1, UTF8Scan.sequenceLength(lead: piece[i]))
            i = min(piece.count, i + step)
            bounds.append(i)
        }
        var needed: [Int32] = []
        for k in 0..<bounds.count - 1 {
            guard let symbol = table.id(of: Array(piece[bounds[k]..<bounds[k + 1]])) else { return [] }
            needed.append(symbol)
        }
        while bounds.count > 2 {
            var best = Double.infinity
            var bestID: Int32 = -1
            var at = -1
            for k in 0..<bounds.count - 2 {
                if let merged = table.id(of: Array(piece[bounds[k]..<bounds[k + 2]])),
                    table.kinds[Int(merged)] == .normal, priority[Int(merged)] < best
                {
                    best = priority[Int(merged)]
                    bestID = merged
                    at = k
                }
            }
            guard at >= 0 else { break }
            bounds.remove(at: at + 1)
            needed.append(bestID)
        }
        return needed.filter { $0 != id }
    }
}
