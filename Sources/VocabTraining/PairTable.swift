/// A symbol pair packed into one integer: left id in the high 32 bits, right id in the low 32, so
/// comparing keys compares pairs lexicographically (left id first), as HF's `(u32, u32)` does.
@usableFromInline typealias PairKey = UInt64

@inlinable func pairKey(_ left: UInt32, _ right: UInt32) -> PairKey { PairKey(left) << 32 | PairKey(right) }

/// Pair counts of the BPE trainer: an open-addressing map from `PairKey` to a dense pair index,
/// with the counts in an array by index.
///
/// The plain trainer counts in `Int32` with wrap-around, exactly as HF's `i32` pair counts (which
/// overflow above 2^31 - 1); the parity-aware trainer in `Int64`, as HF's `ParityBpeTrainer`.
/// Entries are never removed, as in HF.
struct PairTable<Count: FixedWidthInteger> {
    private var slotKeys: [PairKey]
    private var slotIndices: [Int32]
    private var mask: Int
    private var shift: UInt64
    /// The key of each pair index.
    private(set) var keys: [PairKey] = []
    /// The current count of each pair index.
    var counts: [Count] = []

    init(capacity: Int) {
        var size = 1024
        var bits: UInt64 = 10
        while size < capacity * 2 {
            size <<= 1
            bits += 1
        }
        slotKeys = Array(repeating: 0, count: size)
        slotIndices = Array(repeating: -1, count: size)
        mask = size - 1
        shift = 64 - bits
        keys.reserveCapacity(capacity)
        counts.reserveCapacity(capacity)
    }

    var count: Int { keys.count }

    @inline(__always)
    private func home(_ key: PairKey) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The index of `key`, or -1.
    @inline(__always)
    func find(_ key: PairKey) -> Int32 {
        var slot = home(key)
        while true {
            let index = slotIndices[slot]
            if index < 0 || slotKeys[slot] == key { return index }
            slot = (slot + 1) & mask
        }
    }

    /// The index of `key`, inserted with count 0 when absent.
    @inline(__always)
    mutating func index(_ key: PairKey) -> Int32 {
        var slot = home(key)
        while true {
            let index = slotIndices[slot]
            if index < 0 { break }
            if slotKeys[slot] == key { return index }
            slot = (slot + 1) & mask
        }
        let index = Int32(keys.count)
        slotKeys[slot] = key
        slotIndices[slot] = index
        keys.append(key)
        counts.append(0)
        if keys.count * 2 > slotKeys.count { grow() }
        return index
    }

    private mutating func grow() {
        let size = slotKeys.count * 2
        slotKeys = Array(repeating: 0, count: size)
        slotIndices = Array(repeating: -1, count: size)
        mask = size - 1
        shift -= 1
        for (index, key) in keys.enumerated() {
            var slot = home(key)
            while slotIndices[slot] >= 0 { slot = (slot + 1) & mask }
            slotKeys[slot] = key
            slotIndices[slot] = Int32(index)
        }
    }
}
