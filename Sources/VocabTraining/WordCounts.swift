import VocabCore

/// A multiset of words: distinct byte strings with a count each.
///
/// This is what a trainer learns from. Words are raw bytes (for byte-level pre-tokenization, the
/// bytes before the GPT-2 byte-to-character mapping), kept in one buffer; the map is open
/// addressing over `byteHash`, so memory is the distinct words plus about 40 bytes each.
/// Counts add with wrap-around, as HF's `u64` counts do.
public struct WordCounts: Sendable {
    @usableFromInline var storage: [UInt8] = []
    @usableFromInline var starts: [Int] = []
    @usableFromInline var lengths: [Int32] = []
    /// The count of each word, by index.
    public private(set) var counts: [UInt64] = []
    @usableFromInline var slots: [Int32]
    @usableFromInline var slotHashes: [UInt64]
    @usableFromInline var mask: Int

    /// An empty multiset sized for about `capacity` distinct words.
    public init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: -1, count: size)
        slotHashes = Array(repeating: 0, count: size)
        mask = size - 1
    }

    /// The number of distinct words.
    @inlinable public var count: Int { counts.count }

    /// The sum of all counts.
    public var totalCount: UInt64 { counts.reduce(0, &+) }

    /// True when there are no words.
    @inlinable public var isEmpty: Bool { counts.isEmpty }

    /// Calls `body` with the bytes of the word at `index` (0 ..< count), without copying.
    @inlinable
    public func withWord<R>(_ index: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.withUnsafeBytes { all in
            let start = starts[index]
            return try body(UnsafeRawBufferPointer(rebasing: all[start..<start + Int(lengths[index])]))
        }
    }

    /// Calls `body` with each Unicode scalar of the word at `index` and its byte offset; a word
    /// that is not valid UTF-8 is an error naming it (words are counted from valid text).
    public func forEachScalar(ofWord index: Int, _ body: (_ scalar: UInt32, _ offset: Int) throws -> Void) throws {
        try withWord(index) { word in
            let bytes = word.bindMemory(to: UInt8.self)
            if let bad = UTF8Scan.firstInvalidOffset(bytes) {
                throw VocabError("word \(index + 1) is not valid UTF-8", at: .byte(bad))
            }
            var i = 0
            while i < bytes.count {
                let (cp, length) = UTF8Scan.decode(bytes, at: i)
                try body(cp, i)
                i += length
            }
        }
    }

    /// The bytes of the word at `index`.
    public func word(_ index: Int) -> [UInt8] {
        Array(storage[starts[index]..<starts[index] + Int(lengths[index])])
    }

    /// The count of `word`, or 0 when it is absent.
    public func count(of word: [UInt8]) -> UInt64 {
        word.withUnsafeBytes { key in
            let h = byteHash(key)
            var slot = Int(truncatingIfNeeded: h) & mask
            while true {
                let v = slots[slot]
                if v < 0 { return 0 }
                if slotHashes[slot] == h && withWord(Int(v), { memEqual($0, key) }) { return counts[Int(v)] }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Adds `count` occurrences of `word`; returns its index.
    @discardableResult
    public mutating func add(_ word: UnsafeRawBufferPointer, count: UInt64 = 1) -> Int {
        let h = byteHash(word)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let v = slots[slot]
            if v < 0 { break }
            if slotHashes[slot] == h && withWord(Int(v), { memEqual($0, word) }) {
                counts[Int(v)] &+= count
                return Int(v)
            }
            slot = (slot + 1) & mask
        }
        let index = counts.count
        starts.append(storage.count)
        lengths.append(Int32(word.count))
        storage.append(contentsOf: word)
        counts.append(count)
        slots[slot] = Int32(index)
        slotHashes[slot] = h
        if counts.count * 4 > slots.count * 3 { grow() }
        return index
    }

    /// Adds `count` occurrences of `word`; returns its index.
    @discardableResult
    public mutating func add(_ word: [UInt8], count: UInt64 = 1) -> Int {
        word.withUnsafeBytes { add($0, count: count) }
    }

    /// Adds every word of `other` with its count.
    public mutating func add(contentsOf other: WordCounts) {
        for i in 0..<other.count {
            _ = other.withWord(i) { add($0, count: other.counts[i]) }
        }
    }

    /// Word indices ordered by count (highest first), then bytewise by word: the order count
    /// files are written in, so equal multisets give identical files.
    public func indicesByCount() -> [Int] {
        storage.withUnsafeBytes { all in
            (0..<count).sorted { a, b in
                if counts[a] != counts[b] { return counts[a] > counts[b] }
                let x = UnsafeRawBufferPointer(rebasing: all[starts[a]..<starts[a] + Int(lengths[a])])
                let y = UnsafeRawBufferPointer(rebasing: all[starts[b]..<starts[b] + Int(lengths[b])])
                return x.lexicographicallyPrecedes(y)
            }
        }
    }

    /// The same multiset with its words inserted in count-file order (`indicesByCount`), as a
    /// count file reads back: word order no longer depends on how the text was split up.
    public func sortedByCount() -> WordCounts {
        var sorted = WordCounts(capacity: count)
        for index in indicesByCount() { withWord(index) { sorted.add($0, count: counts[index]) } }
        return sorted
    }

    private mutating func grow() {
        let size = slots.count * 2
        var newSlots = [Int32](repeating: -1, count: size)
        var newHashes = [UInt64](repeating: 0, count: size)
        let newMask = size - 1
        for i in 0..<slots.count where slots[i] >= 0 {
            var slot = Int(truncatingIfNeeded: slotHashes[i]) & newMask
            while newSlots[slot] >= 0 { slot = (slot + 1) & newMask }
            newSlots[slot] = slots[i]
            newHashes[slot] = slotHashes[i]
        }
        slots = newSlots
        slotHashes = newHashes
        mask = newMask
    }
}

extension WordCounts: Equatable {
    /// Equal when both hold the same words with the same counts (insertion order ignored).
    public static func == (a: WordCounts, b: WordCounts) -> Bool {
        guard a.count == b.count else { return false }
        for i in 0..<a.count where a.withWord(i, { b.count(of: Array($0)) }) != a.counts[i] {
            return false
        }
        return true
    }
}

@usableFromInline
func memEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    guard a.count == b.count else { return false }
    if a.count == 0 { return true }
    return memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
