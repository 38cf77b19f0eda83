import VocabCore

/// Builds a Darts-clone double-array trie, the key index of a SentencePiece precompiled charsmap
/// (read by `PrecompiledCharsmap`, SentencePiece's `Darts::DoubleArray` and HF's `Precompiled`).
///
/// The unit format is Darts-clone's: bits 0-7 the label of the edge into the unit, bit 8 "the
/// node below has a value", bits 10-31 the XOR offset from the unit to its children's block
/// (offsets stay below 2^21, so bit 9, the scaled form, is never needed), and a value unit is
/// `value | 1 << 31`. The child of the unit at `p` by byte `c` sits at `p ^ offset(p) ^ c`; the
/// value of a node sits at `p ^ offset(p)`, where a child labelled 0 would be.
///
/// Identical subtrees (same values, same edges) are stored once, as Darts-clone's DAWG does, so
/// the many keys that share their ends (compatibility variants of the same characters) cost
/// little. The array is a whole number of 256-unit blocks, so a lookup never leaves it.
enum DoubleArrayBuilder {
    /// The units for `keys` (sorted, distinct, non-empty, without NUL bytes) and their `values`
    /// (each below 2^31).
    static func build(keys: [[UInt8]], values: [Int]) throws -> [UInt32] {
        var trie = Trie()
        for (key, value) in zip(keys, values) { try trie.insert(key, value: value) }
        let shared = trie.sharedNodes()
        return try place(trie, shared)
    }

    /// A plain trie: node 0 is the root; children are kept in label order.
    struct Trie {
        var labels: [UInt8] = [0]
        var values: [Int] = [-1]
        var children: [[Int32]] = [[]]
        var lastKey: [UInt8] = []

        mutating func insert(_ key: [UInt8], value: Int) throws {
            guard !key.isEmpty, !key.contains(0), value >= 0, value < 1 << 31 else {
                throw VocabError("charsmap keys must be non-empty without NUL, values below 2^31")
            }
            guard lastKey.isEmpty || lastKey.lexicographicallyPrecedes(key) else {
                throw VocabError("charsmap keys must be sorted and distinct")
            }
            lastKey = key
            var node = 0
            for byte in key {
                // Keys come sorted, so an existing child for `byte` is the last one.
                if let last = children[node].last, labels[Int(last)] == byte {
                    node = Int(last)
                } else {
                    labels.append(byte)
                    values.append(-1)
                    children.append([])
                    children[node].append(Int32(labels.count - 1))
                    node = labels.count - 1
                }
            }
            values[node] = value
        }

        /// For each node, the representative of its class of identical subtrees.
        func sharedNodes() -> [Int32] {
            var representative = [Int32](repeating: -1, count: labels.count)
            var known: [[Int]: Int32] = [:]
            // Children always have larger indices than their parent: visit from the end.
            for node in stride(from: labels.count - 1, through: 0, by: -1) {
                var signature = [values[node]]
                for child in children[node] {
                    signature.append(Int(labels[Int(child)]))
                    signature.append(Int(representative[Int(child)]))
                }
                if let found = known[signature] {
                    representative[node] = found
                } else {
                    known[signature] = Int32(node)
                    representative[node] = Int32(node)
                }
            }
            return representative
        }
    }

    /// Gives each distinct subtree a block position ("base") and writes the units.
    ///
    /// Free slots of the last `window` blocks are kept in a circular list, so the search for a
    /// base visits free slots only; older blocks are closed with their holes, as Darts-clone does.
    static func place(_ trie: Trie, _ shared: [Int32]) throws -> [UInt32] {
        let window = 16
        var used: [Bool] = []
        var usedBase: [Bool] = []
        var units: [UInt32] = []
        var nextFree: [Int32] = []
        var previousFree: [Int32] = []
        var head = -1  // first free slot of the open blocks, or -1
        var closedBlocks = 0
        func unlink(_ slot: Int) {
            let n = Int(nextFree[slot]), p = Int(previousFree[slot])
            if n == slot {
                head = -1
            } else {
                nextFree[p] = Int32(n)
                previousFree[n] = Int32(p)
                if head == slot { head = n }
            }
        }
        func take(_ slot: Int) {
            used[slot] = true
            unlink(slot)
        }
        func grow() {
            let start = used.count
            used.append(contentsOf: repeatElement(false, count: 256))
            usedBase.append(contentsOf: repeatElement(false, count: 256))
            units.append(contentsOf: repeatElement(0, count: 256))
            nextFree.append(contentsOf: repeatElement(0, count: 256))
            previousFree.append(contentsOf: repeatElement(0, count: 256))
            for slot in start..<(start + 256) {
                if head < 0 {
                    head = slot
                    nextFree[slot] = Int32(slot)
                    previousFree[slot] = Int32(slot)
                } else {
                    // Insert before head (at the end of the circular list).
                    let last = Int(previousFree[head])
                    nextFree[last] = Int32(slot)
                    previousFree[slot] = Int32(last)
                    nextFree[slot] = Int32(head)
                    previousFree[head] = Int32(slot)
                }
            }
            if used.count / 256 - closedBlocks > window {
                for slot in (closedBlocks * 256)..<((closedBlocks + 1) * 256) where !used[slot] { unlink(slot) }
                closedBlocks += 1
            }
        }
        grow()
        take(0)  // the root unit
        var base = [Int](repeating: -1, count: trie.labels.count)
        var order: [Int] = [0]
        var next = 0
        while next < order.count {
            let node = order[next]
            next += 1
            var labels = trie.children[node].map { Int(trie.labels[Int($0)]) }
            let terminal = trie.values[node] >= 0
            // The base's own slot is always taken: it holds the value, or stays empty so that
            // no edge can ever point at its own position.
            labels.insert(0, at: 0)
            let first = labels.count > 1 ? labels[1] : 0
            var found = -1
            if head >= 0 {
                var candidate = head
                repeat {
                    let b = candidate ^ first
                    if !usedBase[b] && labels.allSatisfy({ !used[b ^ $0] }) {
                        found = b
                        break
                    }
                    candidate = Int(nextFree[candidate])
                } while candidate != head
            }
            if found < 0 {
                // A fresh block always fits the node.
                let start = used.count
                grow()
                found = start ^ first
            }
            usedBase[found] = true
            for label in labels { take(found ^ label) }
            base[node] = found
            if terminal { units[found] = UInt32(trie.values[node]) | 1 << 31 }
            for child in trie.children[node] {
                let target = Int(shared[Int(child)])
                if base[target] == -1 {
                    base[target] = -2  // queued
                    order.append(target)
                }
            }
        }
        guard units.count <= 1 << 21 else { throw VocabError("charsmap too large for a double array") }
        // Edge units, now that every subtree has its base.
        units[0] = UInt32(base[0]) << 10
        for node in order {
            let b = base[node]
            for child in trie.children[node] {
                let label = Int(trie.labels[Int(child)])
                let target = Int(shared[Int(child)])
                let slot = b ^ label
                var unit = UInt32(label) | UInt32(slot ^ base[target]) << 10
                if trie.values[target] >= 0 { unit |= 1 << 8 }
                units[slot] = unit
            }
        }
        return units
    }
}
