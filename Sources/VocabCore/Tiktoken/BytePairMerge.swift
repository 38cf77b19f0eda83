extension RankMap {
    /// Appends the ids tiktoken's byte-pair merge gives the `n` bytes at `p` (n ≥ 2, not itself a
    /// rank): start from single bytes, repeatedly merge the adjacent pair whose concatenation has
    /// the lowest rank (ties: the leftmost), until no adjacent pair is a rank.
    ///
    /// Short pieces use tiktoken's linear scan over a parts array; from `heapThreshold` bytes a
    /// min-heap keyed by (rank, position) with lazy deletion gives the same merges in
    /// O(n log n), so a 10,000-byte piece costs no more than its length suggests.
    /// - Parameter byteRanks: the id of each single byte.
    @inline(__always)
    func appendMerged(
        _ p: UnsafePointer<UInt8>, _ n: Int, byteRanks: UnsafePointer<Int32>, into ids: inout [Int32]
    ) {
        if n < RankMap.heapThreshold {
            withUnsafeTemporaryAllocation(of: Part.self, capacity: n + 1) { parts in
                appendMergedLinear(p, n, parts, byteRanks: byteRanks, into: &ids)
            }
        } else {
            appendMergedHeap(p, n, byteRanks: byteRanks, into: &ids)
        }
    }

    static let heapThreshold = 32

    /// A part of a piece being merged: where it starts, its id, and the rank of it merged with
    /// the next part (`absent` when that is no rank).
    struct Part {
        var start: Int32
        var id: Int32
        var pairRank: Int32
    }

    func appendMergedLinear(
        _ p: UnsafePointer<UInt8>, _ n: Int, _ parts: UnsafeMutableBufferPointer<Part>,
        byteRanks: UnsafePointer<Int32>, into ids: inout [Int32]
    ) {
        for i in 0..<n {
            let pair = i + 1 < n ? rank(p + i, 2) : RankMap.absent
            parts[i] = Part(start: Int32(i), id: byteRanks[Int(p[i])], pairRank: pair)
        }
        parts[n] = Part(start: Int32(n), id: RankMap.absent, pairRank: RankMap.absent)
        var count = n + 1  // parts[count - 1] is the end sentinel
        while count > 2 {
            var best = RankMap.absent
            var at = -1
            for i in 0..<(count - 2) where parts[i].pairRank < best {
                best = parts[i].pairRank
                at = i
            }
            if at < 0 { break }
            parts[at].id = best
            // Remove part at + 1.
            var k = at + 1
            while k < count - 1 {
                parts[k] = parts[k + 1]
                k += 1
            }
            count -= 1
            parts[at].pairRank =
                at + 2 < count
                ? rank(p + Int(parts[at].start), Int(parts[at + 2].start - parts[at].start)) : RankMap.absent
            if at > 0 {
                parts[at - 1].pairRank = rank(
                    p + Int(parts[at - 1].start), Int(parts[at + 1].start - parts[at - 1].start))
            }
        }
        for i in 0..<(count - 1) { ids.append(parts[i].id) }
    }

    func appendMergedHeap(
        _ p: UnsafePointer<UInt8>, _ n: Int, byteRanks: UnsafePointer<Int32>, into ids: inout [Int32]
    ) {
        // Parts are linked lists over byte positions; a part is named by its first byte.
        // Every merge pushes at most two entries, so the heap never holds more than 3n.
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 4 * n) { lists in
            guard let base = lists.baseAddress else { return }
            let next = base, prev = base + n, partID = base + 2 * n, pairRank = base + 3 * n
            var heap = BinaryHeap(order: SmallestKeyFirst(), capacity: 3 * n)
            for i in 0..<n {
                next[i] = Int32(i + 1)
                prev[i] = Int32(i - 1)
                partID[i] = byteRanks[Int(p[i])]
                pairRank[i] = i + 1 < n ? rank(p + i, 2) : RankMap.absent
                if pairRank[i] != RankMap.absent { heap.push(UInt64(pairRank[i]) << 32 | UInt64(i)) }
            }
            while let top = heap.pop() {
                let r = Int32(truncatingIfNeeded: top >> 32)
                let s = Int(truncatingIfNeeded: top & 0xFFFF_FFFF)
                // Stale entries: the part was absorbed (its pair rank was reset) or its pair changed.
                guard pairRank[s] == r else { continue }
                let t = Int(next[s])
                partID[s] = r
                let after = Int(next[t])
                next[s] = Int32(after)
                pairRank[t] = RankMap.absent
                if after < n {
                    prev[after] = Int32(s)
                    pairRank[s] = rank(p + s, Int(next[after]) - s)
                    if pairRank[s] != RankMap.absent { heap.push(UInt64(pairRank[s]) << 32 | UInt64(s)) }
                } else {
                    pairRank[s] = RankMap.absent
                }
                let before = Int(prev[s])
                if before >= 0 {
                    pairRank[before] = rank(p + before, after - before)
                    if pairRank[before] != RankMap.absent {
                        heap.push(UInt64(pairRank[before]) << 32 | UInt64(before))
                    }
                }
            }
            var i = 0
            while i < n {
                ids.append(partID[i])
                i = Int(next[i])
            }
        }
    }
}
