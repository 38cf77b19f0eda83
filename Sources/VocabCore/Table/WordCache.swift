import Synchronization

/// A bounded, thread-safe cache from a pre-token's bytes to its ids, so words that repeat are
/// encoded once (HF keeps a similar per-model cache; it never changes results). When full it
/// is emptied and refilled, which keeps the words of the current text.
public final class WordCache: Sendable {
    /// Words this long or longer are not cached.
    public static let maximumWordLength = 256

    struct Table {
        var slots: [Int32]
        var hashes: [UInt64] = []
        var keyOffsets: [Int32] = [0]
        var idOffsets: [Int32] = [0]
        var keyBytes: [UInt8] = []
        var ids: [Int32] = []
        let capacity: Int

        init(capacity: Int) {
            self.capacity = capacity
            var size = 16
            while size < capacity * 2 { size <<= 1 }
            slots = Array(repeating: -1, count: size)
        }

        mutating func clear() {
            for i in slots.indices { slots[i] = -1 }
            hashes.removeAll(keepingCapacity: true)
            keyOffsets.removeAll(keepingCapacity: true)
            keyOffsets.append(0)
            idOffsets.removeAll(keepingCapacity: true)
            idOffsets.append(0)
            keyBytes.removeAll(keepingCapacity: true)
            ids.removeAll(keepingCapacity: true)
        }

        func find(_ word: UnsafeBufferPointer<UInt8>, _ h: UInt64) -> Int? {
            let mask = slots.count - 1
            var s = Int(truncatingIfNeeded: h) & mask
            while true {
                let e = slots[s]
                if e < 0 { return nil }
                if hashes[Int(e)] == h {
                    let a = Int(keyOffsets[Int(e)])
                    let b = Int(keyOffsets[Int(e) + 1])
                    if b - a == word.count && keyBytes[a..<b].elementsEqual(word) { return Int(e) }
                }
                s = (s + 1) & mask
            }
        }
    }

    let table: Mutex<Table>

    /// A cache holding up to `capacity` words.
    public init(capacity: Int = 1 << 16) {
        table = Mutex(Table(capacity: capacity))
    }

    /// Appends the cached ids of `word` to `ids` and returns true, or returns false.
    public func lookup(_ word: UnsafeBufferPointer<UInt8>, into ids: inout [Int32]) -> Bool {
        if word.count >= Self.maximumWordLength { return false }
        let h = byteHash(UnsafeRawBufferPointer(word))
        return table.withLock { t in
            guard let e = t.find(word, h) else { return false }
            ids.append(contentsOf: t.ids[Int(t.idOffsets[e])..<Int(t.idOffsets[e + 1])])
            return true
        }
    }

    /// Remembers the ids of `word`.
    public func insert(_ word: UnsafeBufferPointer<UInt8>, ids: ArraySlice<Int32>) {
        if word.count >= Self.maximumWordLength { return }
        let h = byteHash(UnsafeRawBufferPointer(word))
        table.withLock { t in
            if t.find(word, h) != nil { return }
            if t.hashes.count >= t.capacity { t.clear() }
            let e = Int32(t.hashes.count)
            t.hashes.append(h)
            t.keyBytes.append(contentsOf: word)
            t.keyOffsets.append(Int32(t.keyBytes.count))
            t.ids.append(contentsOf: ids)
            t.idOffsets.append(Int32(t.ids.count))
            let mask = t.slots.count - 1
            var s = Int(truncatingIfNeeded: h) & mask
            while t.slots[s] >= 0 { s = (s + 1) & mask }
            t.slots[s] = e
        }
    }
}
