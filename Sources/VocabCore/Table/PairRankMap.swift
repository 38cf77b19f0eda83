/// An open-addressing map from a pair of token ids to (rank, merged id): BPE merge lookups.
/// - Complexity: O(1) average per lookup or insert.
public struct PairRankMap: Sendable {
    @usableFromInline var keys: [UInt64]
    @usableFromInline var values: [UInt64]
    @usableFromInline var mask: Int
    public private(set) var count = 0

    public init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: UInt64.max, count: size)
        values = Array(repeating: 0, count: size)
        mask = size - 1
    }

    @inlinable
    static func key(_ left: Int32, _ right: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
    }

    @inlinable
    static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 24) & mask
    }

    /// The (rank, merged id) of a pair, or nil.
    @inlinable
    public func find(_ left: Int32, _ right: Int32) -> (rank: Int32, merged: Int32)? {
        let k = Self.key(left, right)
        var s = Self.slot(k, mask)
        return keys.withUnsafeBufferPointer { ks in
            while true {
                let stored = ks[s]
                if stored == k {
                    let v = values[s]
                    return (Int32(truncatingIfNeeded: v >> 32), Int32(truncatingIfNeeded: v))
                }
                if stored == UInt64.max { return nil }
                s = (s + 1) & mask
            }
        }
    }

    /// Sets the (rank, merged id) of a pair, replacing an earlier entry.
    public mutating func set(_ left: Int32, _ right: Int32, rank: Int32, merged: Int32) {
        if (count + 1) * 2 > keys.count { grow() }
        let k = Self.key(left, right)
        var s = Self.slot(k, mask)
        while keys[s] != UInt64.max && keys[s] != k { s = (s + 1) & mask }
        if keys[s] != k { count += 1 }
        keys[s] = k
        values[s] = UInt64(UInt32(bitPattern: rank)) << 32 | UInt64(UInt32(bitPattern: merged))
    }

    mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        keys = Array(repeating: UInt64.max, count: oldKeys.count * 2)
        values = Array(repeating: 0, count: oldKeys.count * 2)
        mask = keys.count - 1
        for i in 0..<oldKeys.count where oldKeys[i] != UInt64.max {
            var s = Self.slot(oldKeys[i], mask)
            while keys[s] != UInt64.max { s = (s + 1) & mask }
            keys[s] = oldKeys[i]
            values[s] = oldValues[i]
        }
    }
}
