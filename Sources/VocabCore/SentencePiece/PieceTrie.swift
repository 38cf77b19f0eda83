/// A byte trie over token pieces, for prefix searches from a text position (SentencePiece's
/// user-defined-symbol matcher and the Unigram lattice).
///
/// Transitions live in one open-addressing hash table keyed by (node, byte); the root's 256
/// transitions are a plain array, since every search starts there.
public struct PieceTrie: Sendable {
    @usableFromInline var rootChildren: [Int32]
    @usableFromInline var keys: [UInt64]
    @usableFromInline var children: [Int32]
    @usableFromInline var mask: Int
    /// The piece id stored at each node, or -1.
    @usableFromInline var values: [Int32]

    /// Builds the trie. A key stored twice keeps its first id; empty keys are ignored.
    public init(_ entries: [(key: [UInt8], id: Int32)]) {
        var transitions = 0
        for e in entries { transitions += e.key.count }
        var size = 16
        while size < transitions * 2 { size <<= 1 }
        rootChildren = Array(repeating: -1, count: 256)
        keys = Array(repeating: UInt64.max, count: size)
        children = Array(repeating: -1, count: size)
        mask = size - 1
        values = [-1]
        for e in entries where !e.key.isEmpty {
            var node: Int32 = 0
            for b in e.key {
                let next = step(node, b)
                if next >= 0 {
                    node = next
                } else {
                    let created = Int32(values.count)
                    values.append(-1)
                    insert(node, b, created)
                    node = created
                }
            }
            if values[Int(node)] < 0 { values[Int(node)] = e.id }
        }
    }

    /// True when the trie holds no key.
    public var isEmpty: Bool { values.count == 1 }

    @inlinable
    static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 29) & mask
    }

    private mutating func insert(_ node: Int32, _ byte: UInt8, _ child: Int32) {
        if node == 0 {
            rootChildren[Int(byte)] = child
            return
        }
        let key = UInt64(node) << 8 | UInt64(byte)
        var s = Self.slot(key, mask)
        while keys[s] != UInt64.max { s = (s + 1) & mask }
        keys[s] = key
        children[s] = child
    }

    /// The child of `node` along `byte`, or -1.
    @inlinable
    public func step(_ node: Int32, _ byte: UInt8) -> Int32 {
        if node == 0 { return rootChildren[Int(byte)] }
        let key = UInt64(node) << 8 | UInt64(byte)
        return keys.withUnsafeBufferPointer { ks in
            var s = Self.slot(key, mask)
            while true {
                let k = ks[s]
                if k == key { return children[s] }
                if k == UInt64.max { return -1 }
                s = (s + 1) & mask
            }
        }
    }

    /// The id stored at `node`, or -1.
    @inlinable
    public func value(_ node: Int32) -> Int32 { values[Int(node)] }

    /// The longest key that is a prefix of `text[start...]`: its byte length and id.
    @inlinable
    public func longestPrefix(of text: UnsafeBufferPointer<UInt8>, from start: Int) -> (length: Int, id: Int32)? {
        var node: Int32 = 0
        var best: (length: Int, id: Int32)? = nil
        var i = start
        while i < text.count {
            node = step(node, text[i])
            if node < 0 { break }
            i += 1
            let v = values[Int(node)]
            if v >= 0 { best = (i - start, v) }
        }
        return best
    }
}
