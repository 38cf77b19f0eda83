/// A read-only hash map from byte strings to ranks, built once per tokenizer for the byte-pair
/// merge's hot loop: 2-byte keys index a direct 64K table; other keys of 1–7 bytes are packed
/// into one `UInt64` stored next to its value (one cache line per probe, no key bytes to
/// compare); longer keys are hashed with `byteHash` and compared against a copy of the bytes.
///
/// Immutable after `init`; the buffers are owned by the instance and freed in `deinit`, which is
/// why sharing it between threads is safe.
final class RankMap: @unchecked Sendable {
    /// The value returned for an absent key.
    static let absent = Int32.max

    /// The rank of each 2-byte key (first byte in the high half of the index), or `absent`.
    private let pairs: UnsafeMutablePointer<Int32>
    /// Slot i holds a packed key at 2i and its value at 2i + 1 (0 = empty slot).
    private let small: UnsafeMutablePointer<UInt64>
    private let smallMask: Int
    private let longHashes: UnsafeMutablePointer<UInt64>
    private let longValues: UnsafeMutablePointer<Int32>
    private let longStarts: UnsafeMutablePointer<Int32>
    private let longMask: Int
    private let bytes: UnsafeMutablePointer<UInt8>
    private let byteCount: Int

    /// A map of the `.normal` pieces of `table` to their ids.
    init(_ table: TokenTable) {
        var smallCount = 0
        var longCount = 0
        var total = 0
        for id in 0..<table.count where table.kinds[id] == .normal {
            let n = table.pieceLength(id)
            if n == 0 { continue }
            if n == 2 { continue }
            if n < 8 { smallCount += 1 } else { longCount += 1; total += n + 4 }
        }
        func size(_ n: Int) -> Int {
            var s = 16
            while s < n * 2 { s <<= 1 }
            return s
        }
        smallMask = size(smallCount) - 1
        longMask = size(longCount) - 1
        pairs = .allocate(capacity: 1 << 16)
        pairs.initialize(repeating: RankMap.absent, count: 1 << 16)
        small = .allocate(capacity: 2 * (smallMask + 1))
        small.initialize(repeating: 0, count: 2 * (smallMask + 1))
        longHashes = .allocate(capacity: longMask + 1)
        longHashes.initialize(repeating: 0, count: longMask + 1)
        longValues = .allocate(capacity: longMask + 1)
        longValues.initialize(repeating: RankMap.absent, count: longMask + 1)
        longStarts = .allocate(capacity: longMask + 1)
        longStarts.initialize(repeating: 0, count: longMask + 1)
        byteCount = total
        bytes = .allocate(capacity: max(1, total))
        var used = 0
        for id in 0..<table.count where table.kinds[id] == .normal {
            table.withPiece(id) { piece in
                guard let base = piece.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
                let n = piece.count
                if n == 2 {
                    let index = Int(base[0]) << 8 | Int(base[1])
                    if pairs[index] == RankMap.absent { pairs[index] = Int32(id) }
                } else if n < 8 {
                    let key = RankMap.pack(base, n)
                    var slot = RankMap.slot(key, smallMask)
                    while small[2 * slot] != 0 && small[2 * slot] != key { slot = (slot + 1) & smallMask }
                    if small[2 * slot] == 0 {
                        small[2 * slot] = key
                        small[2 * slot + 1] = UInt64(id)
                    }
                } else {
                    let h = byteHash(piece)
                    var slot = Int(truncatingIfNeeded: h) & longMask
                    while longValues[slot] != RankMap.absent {
                        if longHashes[slot] == h && sameKey(at: slot, base, n) { return }
                        slot = (slot + 1) & longMask
                    }
                    // Each stored key is its length (4 bytes) followed by its bytes.
                    withUnsafeBytes(of: Int32(n).littleEndian) { lengthBytes in
                        for k in 0..<4 { bytes[used + k] = lengthBytes[k] }
                    }
                    (bytes + used + 4).update(from: base, count: n)
                    longHashes[slot] = h
                    longValues[slot] = Int32(id)
                    longStarts[slot] = Int32(used)
                    used += n + 4
                }
            }
        }
    }

    deinit {
        pairs.deallocate()
        small.deallocate()
        longHashes.deallocate()
        longValues.deallocate()
        longStarts.deallocate()
        bytes.deallocate()
    }

    /// 1–7 bytes as one word: the bytes little-endian, the length in the top byte.
    @inline(__always)
    static func pack(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        var word: UInt64
        if n >= 4 {
            let lo = UInt64(UnsafeRawPointer(p).loadUnaligned(as: UInt32.self))
            let hi = UInt64(UnsafeRawPointer(p + n - 4).loadUnaligned(as: UInt32.self))
            word = lo | hi << UInt64((n - 4) * 8)
        } else {
            let mid = n >> 1
            word = UInt64(p[0]) | UInt64(p[mid]) << UInt64(mid * 8) | UInt64(p[n - 1]) << UInt64((n - 1) * 8)
        }
        return word | UInt64(n) << 56
    }

    @inline(__always)
    static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    @inline(__always)
    private func sameKey(at slot: Int, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let start = Int(longStarts[slot])
        let stored = UnsafeRawPointer(bytes + start).loadUnaligned(as: Int32.self)
        guard Int(Int32(littleEndian: stored)) == n else { return false }
        return memcmpEqual(
            UnsafeRawBufferPointer(start: bytes + start + 4, count: n), UnsafeRawBufferPointer(start: p, count: n))
    }

    /// The rank of the `n` bytes at `p` (n ≥ 1), or `absent`.
    @inline(__always)
    func rank(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32 {
        if n == 2 { return pairs[Int(p[0]) << 8 | Int(p[1])] }
        if n < 8 {
            let key = RankMap.pack(p, n)
            var slot = RankMap.slot(key, smallMask)
            while true {
                let k = small[2 * slot]
                if k == key { return Int32(truncatingIfNeeded: small[2 * slot + 1]) }
                if k == 0 { return RankMap.absent }
                slot = (slot + 1) & smallMask
            }
        }
        let h = byteHash(UnsafeRawBufferPointer(start: p, count: n))
        var slot = Int(truncatingIfNeeded: h) & longMask
        while true {
            let v = longValues[slot]
            if v == RankMap.absent { return v }
            if longHashes[slot] == h && sameKey(at: slot, p, n) { return v }
            slot = (slot + 1) & longMask
        }
    }
}
