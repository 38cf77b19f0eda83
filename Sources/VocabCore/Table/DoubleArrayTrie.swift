/// A read-only byte trie in double-array form, for the Unigram lattices' prefix walks over large
/// vocabularies (XLM-R's 250k pieces).
///
/// Each node is one 16-byte unit: `base` and `check` (the child of node `n` along byte `b` is
/// unit `base(n) + b` when that unit's `check` is `n`) and a 64-bit payload the owner chooses
/// (e.g. the piece's score), so one walk step reads one cache line. Nodes are placed depth
/// first, so the nodes below a rare prefix sit close together. Node 0 is the root.
/// - Complexity: building is O(n log n) in the number of keys (a sort, then about linear
///   placement); `child` is O(1).
public struct DoubleArrayTrie: Sendable {
    /// Unit `i` is `units[2i]` (high 32 bits the parent's index, all ones for a free unit or
    /// the root; low 32 bits `base`, 0 for a leaf) and `units[2i + 1]` (the payload). Every
    /// `base + 255` is a valid index, so a step needs no bounds check.
    @usableFromInline let units: [UInt64]
    /// The id stored at each unit (-1 where no key ends).
    public let values: [Int32]

    /// The most units a trie may use (indices are 31-bit).
    public static let maximumUnits = Int(Int32.max) - 512

    /// Builds the trie over `keys[i]` with id `ids[i]`; empty keys are ignored. A key given
    /// twice keeps the id of its first occurrence. `payload(id)` is stored beside each node
    /// where a key ends; other nodes get `empty`. Throws when the trie would be too large.
    public init(
        keys: [[UInt8]], ids: [Int32], empty: UInt64, payload: (Int32) -> UInt64
    ) throws {
        var flat: [UInt8] = []
        var offsets: [Int] = [0]
        offsets.reserveCapacity(keys.count + 1)
        for k in keys {
            flat.append(contentsOf: k)
            offsets.append(flat.count)
        }
        try self.init(bytes: flat, offsets: offsets, ids: ids, empty: empty, payload: payload)
    }

    /// Builds the trie over the keys `bytes[offsets[i]..<offsets[i + 1]]` with ids `ids[i]`
    /// (as `init(keys:ids:empty:payload:)`, without an array per key).
    public init(
        bytes: [UInt8], offsets: [Int], ids: [Int32], empty: UInt64, payload: (Int32) -> UInt64
    ) throws {
        precondition(offsets.count == ids.count + 1, "one offset per key plus the end")
        var builder = Builder()
        try builder.build(bytes, offsets, ids)
        var units = builder.units
        let values = builder.values
        units.withUnsafeMutableBufferPointer { u in
            for i in 0..<values.count {
                let v = values[i]
                u[2 * i + 1] = v >= 0 ? payload(v) : empty
            }
        }
        self.units = units
        self.values = values
    }

    /// The number of units (nodes plus unused holes).
    public var unitCount: Int { values.count }

    /// True when the trie holds no key.
    public var isEmpty: Bool { values.allSatisfy { $0 < 0 } }

    /// The child of `node` along `byte`, or -1.
    @inlinable
    public func child(_ node: Int32, _ byte: UInt8) -> Int32 {
        units.withUnsafeBufferPointer { u in
            let p = Int(UInt32(truncatingIfNeeded: u[2 &* Int(node)])) &+ Int(byte)
            return u[2 &* p] >> 32 == UInt64(UInt32(bitPattern: node)) ? Int32(truncatingIfNeeded: p) : -1
        }
    }

    /// The payload stored at `node`.
    @inlinable
    public func payload(_ node: Int32) -> UInt64 {
        units[2 * Int(node) + 1]
    }

    /// Walks from the root along `text[start...]` and calls `body(end, node, payload)` for every
    /// node reached (`end` is the text offset after the node's last byte), until the path ends
    /// or `body` returns false.
    @inlinable
    public func walk(
        _ text: UnsafeBufferPointer<UInt8>, from start: Int, _ body: (Int, Int32, UInt64) -> Bool
    ) {
        units.withUnsafeBufferPointer { u in
            var node: UInt64 = 0
            var base = Int(UInt32(truncatingIfNeeded: u[0]))
            var i = start
            while i < text.count {
                let p = base &+ Int(text[i])
                let word = u[2 &* p]
                if word >> 32 != node { return }
                i &+= 1
                if !body(i, Int32(truncatingIfNeeded: p), u[2 &* p &+ 1]) { return }
                node = UInt64(p)
                base = Int(UInt32(truncatingIfNeeded: word))
            }
        }
    }

    /// The id of exactly `key`, or nil.
    public func lookup(_ key: some Sequence<UInt8>) -> Int32? {
        var node: Int32 = 0
        for b in key {
            node = child(node, b)
            if node < 0 { return nil }
        }
        let v = values[Int(node)]
        return v >= 0 ? v : nil
    }
}

extension DoubleArrayTrie {
    /// Places nodes depth first: the keys are sorted, each node's children are the distinct
    /// bytes at the node's depth within its range of keys, and they go to the first free units
    /// (from a free list) that fit them all.
    struct Builder {
        /// As `DoubleArrayTrie.units` (the root: no parent, base 0 until it has children); a
        /// free unit's first word is all ones.
        var units: [UInt64] = [0xFFFF_FFFF_0000_0000, 0]
        var values: [Int32] = [-1]
        /// A doubly linked list of the free units, in increasing order; -1 ends it.
        var nextFree: [Int32] = [-1]
        var previousFree: [Int32] = [-1]
        var firstFree: Int32 = -1
        var lastFree: Int32 = -1
        /// The highest unit in use.
        var frontier = 0
        /// Free units further than this below the frontier leave the free list (they stay
        /// holes), which bounds the search for a base.
        static let window = 4096

        var count: Int { values.count }

        /// Appends free units up to `size` (in steps of at least 64k units).
        mutating func extend(to size: Int) throws {
            if size <= count { return }
            let newCount = max(size, count + 65536)
            guard newCount <= DoubleArrayTrie.maximumUnits else { throw VocabError("the vocabulary is too large for a trie") }
            let old = count
            units.append(contentsOf: repeatElement(UInt64.max, count: 2 * (newCount - old)))
            values.append(contentsOf: repeatElement(-1, count: newCount - old))
            nextFree.append(contentsOf: (old + 1..<newCount + 1).lazy.map { Int32($0) })
            nextFree[newCount - 1] = -1
            previousFree.append(contentsOf: (old - 1..<newCount - 1).lazy.map { Int32($0) })
            previousFree[old] = lastFree
            if lastFree >= 0 { nextFree[Int(lastFree)] = Int32(old) } else { firstFree = Int32(old) }
            lastFree = Int32(newCount - 1)
        }

        /// Takes unit `i` off the free list.
        mutating func unlink(_ i: Int) {
            let next = nextFree[i]
            let previous = previousFree[i]
            if previous >= 0 { nextFree[Int(previous)] = next } else { firstFree = next }
            if next >= 0 { previousFree[Int(next)] = previous } else { lastFree = previous }
        }

        /// Makes free unit `i` a child of `parent`.
        mutating func take(_ i: Int, parent: Int32) {
            unlink(i)
            units[2 * i] = UInt64(UInt32(bitPattern: parent)) << 32
            if i > frontier { frontier = i }
        }

        /// The first base (in free-list order) at which every label's unit is free.
        mutating func findBase(_ labels: UnsafeBufferPointer<UInt8>) -> Int {
            while firstFree >= 0 && Int(firstFree) + Self.window < frontier { unlink(Int(firstFree)) }
            let first = Int(labels[0])
            var f = firstFree
            let count = self.count
            units.withUnsafeBufferPointer { u in
                while f >= 0 {
                    let b = Int(f) - first
                    if b >= 1 {
                        var fits = true
                        for k in 1..<labels.count {
                            let p = b + Int(labels[k])
                            if p < count && u[2 * p] != UInt64.max {
                                fits = false
                                break
                            }
                        }
                        if fits { return }
                    }
                    f = nextFree[Int(f)]
                }
            }
            return f >= 0 ? Int(f) - first : max(1, count - first)
        }

        mutating func build(_ bytes: [UInt8], _ offsets: [Int], _ ids: [Int32]) throws {
            // The trie has at most one node per key byte (plus the root), and few holes.
            let estimate = min(bytes.count + 1024, DoubleArrayTrie.maximumUnits)
            units.reserveCapacity(2 * estimate)
            values.reserveCapacity(estimate)
            nextFree.reserveCapacity(estimate)
            previousFree.reserveCapacity(estimate)
            try extend(to: 1024)
            try bytes.withUnsafeBufferPointer { b in
                try offsets.withUnsafeBufferPointer { o in
                    try place(b, o, ids)
                }
            }
            // Drop trailing free units, keeping every base + 255 in range.
            var size = count
            while size > 1 && units[2 * (size - 1)] == UInt64.max { size -= 1 }
            var needed = max(size, 256)
            for i in 0..<size where i == 0 || units[2 * i] != UInt64.max {
                needed = max(needed, Int(UInt32(truncatingIfNeeded: units[2 * i])) + 256)
            }
            units.removeSubrange((2 * needed)...)
            values.removeSubrange(needed...)
            nextFree = []
            previousFree = []
        }

        /// Depth first over (node, range of keys, depth), with an explicit stack (keys may be
        /// long). A node's keys are a range of `order`; the one ending at the node (the first
        /// occurrence when repeated) gives its value, the others are sorted by their byte at
        /// `depth` (insertion sort for a few, else a counting sort), one part per child. Each
        /// key is visited once per byte.
        mutating func place(_ bytes: UnsafeBufferPointer<UInt8>, _ offsets: UnsafeBufferPointer<Int>, _ ids: [Int32]) throws {
            /// A key: its bytes' range, its index and its id.
            struct Key {
                var start: Int32
                var end: Int32
                var index: Int32
                var id: Int32
            }
            guard bytes.count < Int(Int32.max) else { throw VocabError("the vocabulary is too large for a trie") }
            var order: [Key] = []
            order.reserveCapacity(ids.count)
            for k in 0..<ids.count where offsets[k + 1] > offsets[k] {
                order.append(Key(start: Int32(offsets[k]), end: Int32(offsets[k + 1]), index: Int32(k), id: ids[k]))
            }
            var scratch = order
            var stack: [(node: Int32, lo: Int, hi: Int, depth: Int32)] = [(0, 0, order.count, 0)]
            var labels = [UInt8](repeating: 0, count: 256)
            var starts = [Int](repeating: 0, count: 257)
            var counts = [Int](repeating: 0, count: 256)
            try order.withUnsafeMutableBufferPointer { order in
                try scratch.withUnsafeMutableBufferPointer { scratch in
                    while let (node, lo, hi0, depth) = stack.popLast() {
                        var hi = lo
                        var ending = Int32.max
                        var endingID: Int32 = -1
                        for r in lo..<hi0 {
                            let k = order[r]
                            if k.end - k.start == depth {
                                if k.index < ending { (ending, endingID) = (k.index, k.id) }
                            } else {
                                order[hi] = k
                                hi += 1
                            }
                        }
                        if ending != Int32.max { values[Int(node)] = endingID }
                        if lo == hi { continue }
                        @inline(__always) func label(_ k: Key) -> UInt8 { bytes[Int(k.start + depth)] }
                        var n = 0
                        if hi - lo <= 24 {
                            for r in (lo + 1)..<hi {
                                let k = order[r]
                                let c = label(k)
                                var j = r
                                while j > lo && label(order[j - 1]) > c {
                                    order[j] = order[j - 1]
                                    j -= 1
                                }
                                order[j] = k
                            }
                            for r in lo..<hi {
                                let c = label(order[r])
                                if n == 0 || labels[n - 1] != c {
                                    labels[n] = c
                                    starts[n] = r
                                    n += 1
                                }
                            }
                        } else {
                            for r in lo..<hi { counts[Int(label(order[r]))] += 1 }
                            var next = lo
                            for c in 0..<256 where counts[c] > 0 {
                                labels[n] = UInt8(c)
                                starts[n] = next
                                next += counts[c]
                                counts[c] = starts[n]
                                n += 1
                            }
                            for r in lo..<hi {
                                let c = Int(label(order[r]))
                                scratch[counts[c]] = order[r]
                                counts[c] += 1
                            }
                            for r in lo..<hi { order[r] = scratch[r] }
                            for c in 0..<256 { counts[c] = 0 }
                        }
                        starts[n] = hi
                        let b = labels.withUnsafeBufferPointer { findBase(UnsafeBufferPointer(rebasing: $0[0..<n])) }
                        try extend(to: b + 256 + 1)
                        units[2 * Int(node)] = units[2 * Int(node)] & 0xFFFF_FFFF_0000_0000 | UInt64(b)
                        for k in 0..<n { take(b + Int(labels[k]), parent: node) }
                        for k in stride(from: n - 1, through: 0, by: -1) {
                            stack.append((Int32(b + Int(labels[k])), starts[k], starts[k + 1], depth + 1))
                        }
                    }
                }
            }
        }
    }
}
