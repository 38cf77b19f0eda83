/// A trie over byte strings with an `Int32` value per node, for prefix searches (Unigram
/// lattices, WordPiece longest match, added-token matching).
///
/// Edges live in one open-addressing hash table of 16-byte slots: the edge key (parent node + 1,
/// byte) packed with the child, and a 64-bit payload for the child (`setPayloads`, e.g. a
/// Unigram score), so a lookup step touches one cache line. Node 0 is the root; at most
/// `maximumNodes` nodes.
/// - Complexity: `insert` is O(key length); `child` is O(1) on average.
public struct ByteTrie: Sendable {
    /// Slot `s` is `slots[2s]` (high 32 bits `(parent + 1) << 8 | byte`, never 0; low 32 bits
    /// the child) and `slots[2s + 1]` (the child's payload).
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
        slots = Array(repeating: 0, count: 2 * size)
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
                let v = p[2 &* s]
                if v >> 32 == key { return Int32(truncatingIfNeeded: v) }
                if v == 0 { return -1 }
                s = (s + 1) & mask
            }
        }
    }

    /// The child of `node` along `byte` and its payload; child -1 when there is none.
    @inlinable
    public func childAndPayload(_ node: Int32, _ byte: UInt8) -> (child: Int32, payload: UInt64) {
        let key = ByteTrie.edgeKey(node, byte)
        var s = ByteTrie.slot(of: key, mask: mask)
        return slots.withUnsafeBufferPointer { p in
            while true {
                let v = p[2 &* s]
                if v >> 32 == key { return (Int32(truncatingIfNeeded: v), p[2 &* s &+ 1]) }
                if v == 0 { return (-1, 0) }
                s = (s + 1) & mask
            }
        }
    }

    /// Stores `payload(child)` beside every edge, for `childAndPayload`.
    public mutating func setPayloads(_ payload: (Int32) -> UInt64) {
        slots.withUnsafeMutableBufferPointer { p in
            for s in 0..<(p.count / 2) where p[2 * s] != 0 {
                p[2 * s + 1] = payload(Int32(truncatingIfNeeded: p[2 * s]))
            }
        }
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
                let v = slots[2 * s]
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
                    while slots[2 * s] != 0 { s = (s + 1) & mask }
                }
                slots[2 * s] = edge << 32 | UInt64(UInt32(bitPattern: next))
            }
            node = next
        }
        if values[Int(node)] < 0 || replace { values[Int(node)] = value }
        return true
    }

    /// Inserts many keys (`keys[i]` with value `i`; a repeated key keeps the last value when
    /// `replace`). Keys are inserted grouped by their first eight bytes, reusing the path shared
    /// with the previous key, which touches far less memory than inserting in file order.
    /// Returns false when the trie is full.
    public mutating func insertAll(_ keys: [String], replace: Bool) -> Bool {
        var order: [(UInt64, Int32)] = []
        order.reserveCapacity(keys.count)
        for (i, k) in keys.enumerated() {
            var prefix: UInt64 = 0
            var n = 0
            for b in k.utf8 {
                if n == 8 { break }
                prefix |= UInt64(b) << (56 - 8 * UInt64(n))
                n += 1
            }
            order.append((prefix, Int32(i)))
        }
        order.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        var path: [Int32] = [0]
        var previous: [UInt8] = []
        for (_, index) in order {
            let key = Array(keys[Int(index)].utf8)
            var shared = 0
            let limit = min(key.count, previous.count, path.count - 1)
            while shared < limit && key[shared] == previous[shared] { shared += 1 }
            path.removeSubrange((shared + 1)...)
            var node = path[shared]
            for b in key[shared...] {
                var next = child(node, b)
                if next < 0 {
                    guard values.count < Self.maximumNodes else { return false }
                    next = Int32(values.count)
                    values.append(-1)
                    if values.count * 2 > mask + 1 { grow() }
                    let edge = ByteTrie.edgeKey(node, b)
                    var s = ByteTrie.slot(of: edge, mask: mask)
                    while slots[2 * s] != 0 { s = (s + 1) & mask }
                    slots[2 * s] = edge << 32 | UInt64(UInt32(bitPattern: next))
                }
                node = next
                path.append(node)
            }
            if values[Int(node)] < 0 || (replace && values[Int(node)] < index) { values[Int(node)] = index }
            previous = key
        }
        return true
    }

    mutating func grow() {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        mask = slots.count / 2 - 1
        for k in 0..<(old.count / 2) where old[2 * k] != 0 {
            var s = ByteTrie.slot(of: old[2 * k] >> 32, mask: mask)
            while slots[2 * s] != 0 { s = (s + 1) & mask }
            slots[2 * s] = old[2 * k]
            slots[2 * s + 1] = old[2 * k + 1]
        }
    }
}
