/// An open-addressing hash map from byte strings to `Int32` values, for piece -> id lookups.
///
/// Keys are not stored here: the caller supplies a function that returns the bytes of the key
/// of a stored value (for a `TokenTable`, the piece of an id), so the index costs 12 bytes a slot.
/// - Complexity: lookups and inserts are O(length of the key) on average.
public struct PieceIndex: Sendable {
    @usableFromInline var hashes: [UInt64]
    @usableFromInline var values: [Int32]
    @usableFromInline var mask: Int
    public private(set) var count: Int = 0

    /// An empty index sized for about `capacity` entries.
    public init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        hashes = Array(repeating: 0, count: size)
        values = Array(repeating: -1, count: size)
        mask = size - 1
    }

    /// The value stored for `key`, or nil. `keyOf` returns the bytes of a stored value's key.
    @inlinable
    public func find(
        _ key: UnsafeRawBufferPointer,
        keyOf: (Int32) -> UnsafeRawBufferPointer
    ) -> Int32? {
        let h = byteHash(key)
        var slot = Int(truncatingIfNeeded: h) & mask
        return hashes.withUnsafeBufferPointer { hs in
            values.withUnsafeBufferPointer { vs in
                while true {
                    let v = vs[slot]
                    if v < 0 { return nil }
                    if hs[slot] == h {
                        let other = keyOf(v)
                        if other.count == key.count
                            && (key.count == 0 || memcmpEqual(other, key))
                        {
                            return v
                        }
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    /// Stores `value` for `key` unless the key is present; returns the value now stored.
    @discardableResult
    public mutating func insert(
        _ key: UnsafeRawBufferPointer,
        value: Int32,
        keyOf: (Int32) -> UnsafeRawBufferPointer
    ) -> Int32 {
        if let existing = find(key, keyOf: keyOf) { return existing }
        if (count + 1) * 4 > hashes.count * 3 { grow(keyOf: keyOf) }
        let h = byteHash(key)
        var slot = Int(truncatingIfNeeded: h) & mask
        while values[slot] >= 0 { slot = (slot + 1) & mask }
        hashes[slot] = h
        values[slot] = value
        count += 1
        return value
    }

    private mutating func grow(keyOf: (Int32) -> UnsafeRawBufferPointer) {
        let oldHashes = hashes
        let oldValues = values
        let size = hashes.count * 2
        hashes = Array(repeating: 0, count: size)
        values = Array(repeating: -1, count: size)
        mask = size - 1
        for i in 0..<oldValues.count where oldValues[i] >= 0 {
            var slot = Int(truncatingIfNeeded: oldHashes[i]) & mask
            while values[slot] >= 0 { slot = (slot + 1) & mask }
            hashes[slot] = oldHashes[i]
            values[slot] = oldValues[i]
        }
    }
}

@usableFromInline
func memcmpEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    let n = a.count
    var i = 0
    while i + 8 <= n {
        if a.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            != b.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        {
            return false
        }
        i += 8
    }
    while i < n {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}
