/// A trie over pieces given as character-id sequences, for enumerating the pieces that start at
/// a position of a word (the edges of a Unigram lattice).
///
/// Transitions live in one open-addressing map keyed by (node, character id), so memory is
/// about 24 bytes a node.
struct CharacterPieceTrie {
    private var slotKeys: [UInt64]
    private var slotChildren: [Int32]
    private var mask: Int
    private var nodes = 1
    /// The piece index ending at each node, or -1.
    private(set) var pieceAt: [Int32] = [-1]
    /// The root's children by character id (every lattice walk starts there).
    private var rootChildren: [Int32] = []

    init(capacity: Int) {
        var size = 1024
        while size < capacity * 2 { size <<= 1 }
        slotKeys = Array(repeating: UInt64.max, count: size)
        slotChildren = Array(repeating: -1, count: size)
        mask = size - 1
    }

    /// The root node.
    static let root: Int32 = 0

    @inline(__always)
    private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    /// The child of `node` by character `c`, or -1.
    @inline(__always)
    func child(_ node: Int32, _ c: Int32) -> Int32 {
        if node == Self.root { return Int(c) < rootChildren.count ? rootChildren[Int(c)] : -1 }
        let key = UInt64(UInt32(bitPattern: node)) << 32 | UInt64(UInt32(bitPattern: c))
        var s = slot(key)
        while true {
            let k = slotKeys[s]
            if k == key { return slotChildren[s] }
            if k == UInt64.max { return -1 }
            s = (s + 1) & mask
        }
    }

    /// Adds a piece (its characters) with its index.
    mutating func insert(_ chars: ArraySlice<Int32>, piece: Int32) {
        var node = Self.root
        for c in chars {
            var next = child(node, c)
            if next < 0 {
                next = Int32(nodes)
                nodes += 1
                pieceAt.append(-1)
                if node == Self.root {
                    while rootChildren.count <= Int(c) { rootChildren.append(-1) }
                    rootChildren[Int(c)] = next
                    node = next
                    continue
                }
                let key = UInt64(UInt32(bitPattern: node)) << 32 | UInt64(UInt32(bitPattern: c))
                var s = slot(key)
                while slotKeys[s] != UInt64.max { s = (s + 1) & mask }
                slotKeys[s] = key
                slotChildren[s] = next
                if nodes * 2 > slotKeys.count { grow() }
            }
            node = next
        }
        pieceAt[Int(node)] = piece
    }

    private mutating func grow() {
        let oldKeys = slotKeys
        let oldChildren = slotChildren
        slotKeys = Array(repeating: UInt64.max, count: oldKeys.count * 2)
        slotChildren = Array(repeating: -1, count: oldKeys.count * 2)
        mask = slotKeys.count - 1
        for i in 0..<oldKeys.count where oldKeys[i] != UInt64.max {
            var s = slot(oldKeys[i])
            while slotKeys[s] != UInt64.max { s = (s + 1) & mask }
            slotKeys[s] = oldKeys[i]
            slotChildren[s] = oldChildren[i]
        }
    }
}
