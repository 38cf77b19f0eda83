/// A trie over byte strings with an `Int32` value per node, for prefix searches (WordPiece
/// longest match, added-token matching, BPE piece lookups).
///
/// Edges live in one open-addressing hash table of 8-byte slots: the edge key (parent node + 1,
/// byte) packed with the child. Node 0 is the root; at most `maximumNodes` nodes. (The Unigram
/// lattices use the read-only `DoubleArrayTrie`, whose walks touch less memory.)
/// - Complexity: `insert` is O(key length); `child` is O(1) on average.
public struct ByteTrie: Sendable {
    /// Slot `s` holds `(parent + 1) << 8 | byte` (never 0) in its high 32 bits and the child in
    /// its low 32 bits; 0 marks an empty slot.
    @usableFromInline var slots: [UInt64]
    @usableFromInline var mask: Int
    /// The value of each node (-1 where no key ends).
    public private(set) var values: [Int32] = [-1]

    /// The most nodes a trie holds (the edge key packs the parent in 24 bits).
    public static let maximumNodes = (1 << 24) - 2

    /// An empty trie sized for about `capacity` nodes.
    public init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        mask = size - 1
        values.reserveCapacity(capacity)
    }

    /// The number of nodes (the root included).
    public var nodeCount: Int { values.count }

    @inlinable
    static func edgeKey(_ node: Int32, _ byte: UInt8) -> UInt64 {
        (UInt64(UInt32(bitPattern: node)) + 1) << 8 | UInt64(byte)
    }

    @inlinable
    static func slot(of key: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// The child of `node` along `byte`, or -1.
    @inlinable
    public func child(_ node: Int32, _ byte: UInt8) -> Int32 {
        let key = ByteTrie.edgeKey(node, byte)
        var s = ByteTrie.slot(of: key, mask: mask)
        return slots.withUnsafeBufferPointer { p in
            while true {
                let v = p[s]
                if v >> 32 == key { return Int32(truncatingIfNeeded: v) }
                if v == 0 { return -1 }
                s = (s + 1) & mask
            }
        }
    }

    /// The node reached from `node` along `bytes`, or -1 when the path leaves the trie.
    /// Complexity: O(`bytes.count`) expected.
    @inlinable
    public func descend(from node: Int32, _ bytes: some Sequence<UInt8>) -> Int32 {
        var node = node
        for b in bytes {
            node = child(node, b)
            if node < 0 { return -1 }
        }
        return node
    }

    /// The value stored at `node` (from `descend` or `child`), or nil for a node that ends no key.
    @inlinable
    public func value(at node: Int32) -> Int32? {
        guard node >= 0 else { return nil }
        let v = values[Int(node)]
        return v >= 0 ? v : nil
    }

    /// The value of `key`, or nil when it is not in the trie.
    @inlinable
    public func lookup(_ key: some Sequence<UInt8>) -> Int32? {
        value(at: descend(from: 0, key))
    }

    /// Inserts `key` with `value`. When the key is already present its value is replaced only
    /// if `replace` is true. Returns false (inserting nothing more) when the trie is full.
    @discardableResult
    public mutating func insert(_ key: some Sequence<UInt8>, value: Int32, replace: Bool = false) -> Bool {
        var node: Int32 = 0
        for b in key {
            let edge = ByteTrie.edgeKey(node, b)
            var s = ByteTrie.slot(of: edge, mask: mask)
            var next: Int32 = -1
            while true {
                let v = slots[s]
                if v >> 32 == edge {
                    next = Int32(truncatingIfNeeded: v)
                    break
                }
                if v == 0 { break }
                s = (s + 1) & mask
            }
            if next < 0 {
                guard values.count < Self.maximumNodes else { return false }
                next = Int32(values.count)
                values.append(-1)
                if values.count * 2 > mask + 1 {
                    grow()
                    s = ByteTrie.slot(of: edge, mask: mask)
                    while slots[s] != 0 { s = (s + 1) & mask }
                }
                slots[s] = edge << 32 | UInt64(UInt32(bitPattern: next))
            }
            node = next
        }
        if values[Int(node)] < 0 || replace { values[Int(node)] = value }
        return true
    }

    mutating func grow() {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        mask = slots.count - 1
        for k in old.indices where old[k] != 0 {
            var s = ByteTrie.slot(of: old[k] >> 32, mask: mask)
            while slots[s] != 0 { s = (s + 1) & mask }
            slots[s] = old[k]
        }
    }
}
