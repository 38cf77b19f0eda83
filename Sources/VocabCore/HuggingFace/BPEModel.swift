/// HF's BPE model (`specs/ENCODERS.md` §4.1): one symbol per character (looked up with the
/// continuation prefix / end-of-word suffix; unknown characters become byte-fallback pieces,
/// the unknown token — fused or not — or are dropped), then repeated merging of the adjacent
/// pair with the lowest rank, leftmost first.
public struct BPEModel: Sendable {
    let trie: ByteTrie
    let merges: PairRankMap
    public let unknownID: Int32?
    public let continuingSubwordPrefix: [UInt8]?
    public let endOfWordSuffix: [UInt8]?
    public let fuseUnknown: Bool
    public let byteFallback: Bool
    public let ignoreMerges: Bool
    /// The merges as (left id, right id) in rank order.
    public let mergePairs: [TokenPair]

    /// Builds the model. `merges` are (left, right) piece pairs in rank order.
    public init(
        vocab: [(piece: [UInt8], id: Int32)], merges: [([UInt8], [UInt8])], unknownToken: String?,
        continuingSubwordPrefix: String?, endOfWordSuffix: String?, fuseUnknown: Bool, byteFallback: Bool,
        ignoreMerges: Bool
    ) throws {
        var trie = ByteTrie(capacity: vocab.count * 4)
        for (piece, id) in vocab where !trie.insert(piece, value: id, replace: true) {
            throw VocabError("the vocabulary is too large")
        }
        let prefixLength = continuingSubwordPrefix?.utf8.count ?? 0
        var map = PairRankMap(capacity: merges.count)
        var pairs: [TokenPair] = []
        pairs.reserveCapacity(merges.count)
        for (rank, (a, b)) in merges.enumerated() {
            guard let left = trie.lookup(a) else {
                throw VocabError("merge \(rank): \(JSONText.quoted(String(decoding: a, as: UTF8.self))) is not in the vocabulary")
            }
            guard let right = trie.lookup(b) else {
                throw VocabError("merge \(rank): \(JSONText.quoted(String(decoding: b, as: UTF8.self))) is not in the vocabulary")
            }
            let merged = a + b.dropFirst(min(prefixLength, b.count))
            guard let id = trie.lookup(merged) else {
                throw VocabError("merge \(rank): \(JSONText.quoted(String(decoding: merged, as: UTF8.self))) is not in the vocabulary")
            }
            map.set(left, right, rank: Int32(rank), merged: id)
            pairs.append(TokenPair(left, right))
        }
        mergePairs = pairs
        self.trie = trie
        self.merges = map
        self.unknownID = unknownToken.flatMap { trie.lookup($0.utf8) }
        self.continuingSubwordPrefix = continuingSubwordPrefix.map { Array($0.utf8) }
        self.endOfWordSuffix = endOfWordSuffix.map { Array($0.utf8) }
        self.fuseUnknown = fuseUnknown
        self.byteFallback = byteFallback
        self.ignoreMerges = ignoreMerges
    }

    /// The id of `prefix? + bytes + suffix?`, walking the trie without building the key.
    @inline(__always)
    func lookupSymbol(_ bytes: UnsafeBufferPointer<UInt8>, prefix: Bool, suffix: Bool) -> Int32? {
        var node: Int32 = 0
        if prefix, let p = continuingSubwordPrefix { node = trie.descend(from: node, p) }
        if node >= 0 { node = trie.descend(from: node, bytes) }
        if node >= 0, suffix, let s = endOfWordSuffix { node = trie.descend(from: node, s) }
        return trie.value(at: node)
    }

    /// Appends the ids of one pre-token.
    ///
    /// Complexity: O(k log k) for a pre-token of k characters (lowest-rank merges from a heap).
    public func encode(_ word: UnsafeBufferPointer<UInt8>, into ids: inout [Int32]) {
        if word.isEmpty { return }
        if ignoreMerges, let whole = lookupSymbol(word, prefix: false, suffix: false) {
            ids.append(whole)
            return
        }
        var symbols: [Int32] = []
        symbols.reserveCapacity(word.count)
        var pendingUnknown = false
        var i = 0
        while i < word.count {
            let n = min(UTF8Scan.sequenceLength(lead: word[i]), word.count - i)
            let isFirst = i == 0
            let isLast = i + n == word.count
            let char = UnsafeBufferPointer(rebasing: word[i..<i + n])
            i += n
            if let id = lookupSymbol(char, prefix: !isFirst, suffix: isLast) {
                if pendingUnknown, let unknownID { symbols.append(unknownID) }
                pendingUnknown = false
                symbols.append(id)
                continue
            }
            if byteFallback && appendByteFallback(char, prefix: !isFirst, suffix: isLast, to: &symbols) { continue }
            guard let unknownID else { continue }
            if pendingUnknown && !fuseUnknown { symbols.append(unknownID) }
            pendingUnknown = true
        }
        if pendingUnknown, let unknownID { symbols.append(unknownID) }
        mergeAll(&symbols)
        ids.append(contentsOf: symbols)
    }

    /// HF looks up `<0xNN>` for every byte of the symbol string, prefix and suffix included.
    func appendByteFallback(_ char: UnsafeBufferPointer<UInt8>, prefix: Bool, suffix: Bool, to symbols: inout [Int32]) -> Bool {
        var bytes: [UInt8] = []
        if prefix, let p = continuingSubwordPrefix { bytes += p }
        bytes += char
        if suffix, let s = endOfWordSuffix { bytes += s }
        var found: [Int32] = []
        for b in bytes {
            guard let id = trie.lookup(ByteFallback.piece(b)) else { return false }
            found.append(id)
        }
        symbols += found
        return true
    }

    /// Merges pairs in place: lowest rank first, ties to the leftmost (HF `Word::merge_all`).
    func mergeAll(_ symbols: inout [Int32]) {
        let count = symbols.count
        if count < 2 { return }
        if count <= 16 {
            mergeByScanning(&symbols)
            return
        }
        var next = [Int32](repeating: 0, count: count)
        var prev = [Int32](repeating: 0, count: count)
        var alive = [Bool](repeating: true, count: count)
        for k in 0..<count {
            next[k] = k + 1 < count ? Int32(k + 1) : -1
            prev[k] = Int32(k) - 1
        }
        var heap = BinaryHeap(order: LowestRankFirst(), capacity: 2 * count)
        for k in 0..<(count - 1) {
            if let m = merges.find(symbols[k], symbols[k + 1]) { heap.push(PendingMerge(rank: m.rank, position: Int32(k), merged: m.merged)) }
        }
        while let top = heap.pop() {
            let pos = Int(top.position)
            guard alive[pos] else { continue }
            let right = Int(next[pos])
            guard right >= 0 else { continue }
            guard let m = merges.find(symbols[pos], symbols[right]), m.merged == top.merged else { continue }
            symbols[pos] = m.merged
            alive[right] = false
            let after = next[right]
            next[pos] = after
            if after >= 0 { prev[Int(after)] = Int32(pos) }
            let before = prev[pos]
            if before >= 0, let p = merges.find(symbols[Int(before)], symbols[pos]) {
                heap.push(PendingMerge(rank: p.rank, position: before, merged: p.merged))
            }
            if after >= 0, let p = merges.find(symbols[pos], symbols[Int(after)]) {
                heap.push(PendingMerge(rank: p.rank, position: Int32(pos), merged: p.merged))
            }
        }
        var out: [Int32] = []
        out.reserveCapacity(count)
        var k: Int32 = 0
        while k >= 0 {
            out.append(symbols[Int(k)])
            k = next[Int(k)]
        }
        symbols = out
    }

    /// The same order for short words: find the lowest-ranked pair (leftmost on ties), merge,
    /// repeat.
    func mergeByScanning(_ symbols: inout [Int32]) {
        while symbols.count > 1 {
            var bestRank = Int32.max
            var bestPos = -1
            var bestMerged: Int32 = 0
            for k in 0..<(symbols.count - 1) {
                if let m = merges.find(symbols[k], symbols[k + 1]), m.rank < bestRank {
                    bestRank = m.rank
                    bestPos = k
                    bestMerged = m.merged
                }
            }
            if bestPos < 0 { return }
            symbols[bestPos] = bestMerged
            symbols.remove(at: bestPos + 1)
        }
    }
}

/// A merge waiting in `BPEModel.mergeAll`'s heap: rank and position packed into `key` (lowest
/// first, so ties go to the leftmost pair), and the id the merge makes.
struct PendingMerge {
    var key: UInt64
    var merged: Int32

    init(rank: Int32, position: Int32, merged: Int32) {
        key = UInt64(UInt32(bitPattern: rank)) << 32 | UInt64(UInt32(bitPattern: position))
        self.merged = merged
    }

    var position: Int32 { Int32(truncatingIfNeeded: key) }
}

/// Lowest (rank, position) first.
struct LowestRankFirst: HeapOrder {
    @inline(__always) func isAbove(_ a: PendingMerge, _ b: PendingMerge) -> Bool { a.key < b.key }
}
