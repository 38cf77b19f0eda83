/// A trie over byte strings with an `Int32` value per node, for prefix searches (Unigram
/// lattices, WordPiece longest match, added-token matching).
///
/// Edges live in one open-addressing hash table keyed by (parent node, byte), so building from
/// a 250k-piece vocabulary takes one hash insert per new node and a lookup step is one probe.
/// Node 0 is the root.
/// - Complexity: `insert` is O(key length); `child` is O(1) on average.
public struct ByteTrie: Sendable {
    @usableFromInline var slotKeys: [UInt64]
    @usableFromInline var slotChildren: [Int32]
    @usableFromInline var mask: Int
    /// The value of each node (-1 where no key ends).
    public private(set) var values: [Int32] = [-1]

    /// An empty trie sized for about `capacity` nodes.
    public init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slotKeys = Array(repeating: 0, count: size)
        slotChildren = Array(repeating: -1, count: size)
        mask = size - 1
    }

    /// The number of nodes (the root included).
    public var nodeCount: Int { values.count }

    @inlinable
    static func edgeKey(_ node: Int32, _ byte: UInt8) -> UInt64 {
        (UInt64(UInt32(bitPattern: node)) + 1) << 8 | UInt64(byte)
    }

    @inlinable
    static func slot(of key: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    /// The child of `node` along `byte`, or -1.
    @inlinable
    public func child(_ node: Int32, _ byte: UInt8) -> Int32 {
        let key = ByteTrie.edgeKey(node, byte)
        var s = ByteTrie.slot(of: key, mask: mask)
        return slotKeys.withUnsafeBufferPointer { keys in
            while true {
                let k = keys[s]
                if k == key { return slotChildren[s] }
                if k == 0 { return -1 }
                s = (s + 1) & mask
            }
        }
    }

    /// Inserts `key` with `value`. When the key is already present its value is replaced only
    /// if `replace` is true. Returns the value now stored for the key.
    @discardableResult
    public mutating func insert(_ key: some Sequence<UInt8>, value: Int32, replace: Bool = false) -> Int32 {
        var node: Int32 = 0
        for b in key {
            var next = child(node, b)
            if next < 0 {
                next = Int32(values.count)
                values.append(-1)
                addEdge(node, b, next)
            }
            node = next
        }
        if values[Int(node)] < 0 || replace { values[Int(node)] = value }
        return values[Int(node)]
    }

    mutating func addEdge(_ node: Int32, _ byte: UInt8, _ child: Int32) {
        if (values.count + 1) * 2 > slotKeys.count { grow() }
        let key = ByteTrie.edgeKey(node, byte)
        var s = ByteTrie.slot(of: key, mask: mask)
        while slotKeys[s] != 0 { s = (s + 1) & mask }
        slotKeys[s] = key
        slotChildren[s] = child
    }

    mutating func grow() {
        let oldKeys = slotKeys
        let oldChildren = slotChildren
        let size = slotKeys.count * 2
        slotKeys = Array(repeating: 0, count: size)
        slotChildren = Array(repeating: -1, count: size)
        mask = size - 1
        for i in 0..<oldKeys.count where oldKeys[i] != 0 {
            var s = ByteTrie.slot(of: oldKeys[i], mask: mask)
            while slotKeys[s] != 0 { s = (s + 1) & mask }
            slotKeys[s] = oldKeys[i]
            slotChildren[s] = oldChildren[i]
        }
    }
}
