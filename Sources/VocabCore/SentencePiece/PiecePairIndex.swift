/// For a SentencePiece BPE model: (left piece id, right piece id) -> id of the piece spelled by
/// their concatenation, for every piece a merge may produce. Looking a pair up by ids replaces
/// hashing the concatenated bytes in the merge loop; the answer is the same whenever both
/// symbols are pieces.
struct PiecePairIndex: Sendable {
    private var keys: [UInt64]
    private var values: [Int32]
    private var mask: Int

    /// Indexes every split of every piece for which `include(id)` holds into two pieces.
    init(table: TokenTable, include: (Int32) -> Bool) {
        var pairs: [(UInt64, Int32)] = []
        pairs.reserveCapacity(table.count * 4)
        for id in 0..<table.count where include(Int32(id)) {
            table.withPiece(id) { p in
                if p.count < 2 { return }
                for k in 1..<p.count {
                    guard let l = table.id(of: UnsafeRawBufferPointer(rebasing: p[0..<k])),
                        let r = table.id(of: UnsafeRawBufferPointer(rebasing: p[k...]))
                    else { continue }
                    pairs.append((Self.key(l, r), Int32(id)))
                }
            }
        }
        var size = 16
        while size < pairs.count * 2 { size <<= 1 }
        keys = Array(repeating: UInt64.max, count: size)
        values = Array(repeating: -1, count: size)
        mask = size - 1
        for (key, id) in pairs {
            var s = Self.slot(key, mask)
            while keys[s] != UInt64.max && keys[s] != key { s = (s + 1) & mask }
            keys[s] = key
            values[s] = id
        }
    }

    @inline(__always)
    static func key(_ left: Int32, _ right: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
    }

    @inline(__always)
    static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 27) & mask
    }

    /// The id of the piece `left` + `right`, or -1.
    @inline(__always)
    func merged(_ left: Int32, _ right: Int32) -> Int32 {
        let key = Self.key(left, right)
        return keys.withUnsafeBufferPointer { ks in
            var s = Self.slot(key, mask)
            while true {
                let k = ks[s]
                if k == key { return values[s] }
                if k == UInt64.max { return -1 }
                s = (s + 1) & mask
            }
        }
    }
}
