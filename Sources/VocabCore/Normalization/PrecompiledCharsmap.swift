/// A SentencePiece precompiled character map: the normalization rules (`normalizer_spec.
/// precompiled_charsmap` of a `.model`, `precompiled_charsmap` of HF's `Precompiled` normalizer)
/// compiled into a Darts-clone double-array trie over UTF-8 keys plus a table of replacements.
///
/// Blob layout: a little-endian `UInt32` trie size T in bytes, T/4 little-endian `UInt32` units,
/// then the replacement strings, each terminated by NUL. Loading checks the layout as
/// SentencePiece does, and every trie step is bounds-checked, so a hostile blob can never make a
/// lookup read outside the blob: it only yields fewer matches.
public struct PrecompiledCharsmap: Sendable {
    /// One rule whose key is a prefix of the text at the searched position.
    public struct Match: Sendable, Equatable {
        /// The byte length of the key (the text the rule consumes).
        public var length: Int
        /// The byte offset of the replacement in the string area.
        public var valueOffset: Int

        public init(length: Int, valueOffset: Int) {
            self.length = length
            self.valueOffset = valueOffset
        }
    }

    /// The blob this map was read from, unchanged.
    public let blob: [UInt8]
    @usableFromInline let units: [UInt32]
    /// The replacement area: NUL-terminated strings; always ends with NUL.
    @usableFromInline let strings: [UInt8]
    /// For each byte of `strings`, the offset of the next NUL at or after it.
    @usableFromInline let stringEnds: [Int32]

    /// SentencePiece considers at most this many matches when looking for the longest rule.
    public static let maximumMatchesConsidered = 32

    /// Parses a charsmap blob. Throws `VocabError` (with the byte offset) when the layout is not
    /// the one SentencePiece accepts.
    public init(_ blob: [UInt8]) throws {
        guard blob.count >= 4 else {
            throw VocabError("precompiled charsmap is truncated: \(blob.count) bytes, need at least 4", at: .byte(blob.count))
        }
        let trieSize = Int(blob[0]) | Int(blob[1]) << 8 | Int(blob[2]) << 16 | Int(blob[3]) << 24
        guard trieSize >= 1024, trieSize % 1024 == 0 else {
            throw VocabError("precompiled charsmap: trie size \(trieSize) is not a positive multiple of 1024", at: .byte(0))
        }
        guard trieSize < blob.count - 4 else {
            throw VocabError(
                "precompiled charsmap: trie size \(trieSize) does not fit in the \(blob.count)-byte blob with a string area",
                at: .byte(0))
        }
        guard blob[blob.count - 1] == 0 else {
            throw VocabError("precompiled charsmap: the replacement strings do not end with NUL", at: .byte(blob.count - 1))
        }
        var units = [UInt32](repeating: 0, count: trieSize / 4)
        for i in 0..<units.count {
            let o = 4 + 4 * i
            units[i] = UInt32(blob[o]) | UInt32(blob[o + 1]) << 8 | UInt32(blob[o + 2]) << 16 | UInt32(blob[o + 3]) << 24
        }
        if let bad = Self.invalidUnit(units, valueLimit: blob.count - 4 - trieSize) {
            throw VocabError("precompiled charsmap: trie unit \(bad) is invalid", at: .byte(4 + 4 * bad))
        }
        let strings = Array(blob[(4 + trieSize)...])
        var ends = [Int32](repeating: 0, count: strings.count)
        var next = Int32(strings.count - 1)
        for i in stride(from: strings.count - 1, through: 0, by: -1) {
            if strings[i] == 0 { next = Int32(i) }
            ends[i] = next
        }
        self.blob = blob
        self.units = units
        self.strings = strings
        self.stringEnds = ends
    }

    /// The first unit that breaks Darts-clone's `validate` (children in range, leaves under a
    /// node, values inside the string area), or nil. SentencePiece rejects such charsmaps.
    static func invalidUnit(_ units: [UInt32], valueLimit: Int) -> Int? {
        let n = units.count
        let root = units[0]
        if label(root) != 0 || hasLeaf(root) || offset(root) == 0 || (offset(root) | 0xFF) >= n { return 0 }
        for i in 1..<n {
            let u = units[i]
            if label(u) <= 0xFF {
                let child = i ^ offset(u)
                if (child | 0xFF) >= n { return i }
                if hasLeaf(u) && label(units[child]) <= 0xFF { return i }
            } else if value(u) >= valueLimit {
                return i
            }
        }
        return nil
    }

    // Darts-clone unit fields.
    @inlinable static func hasLeaf(_ u: UInt32) -> Bool { (u >> 8) & 1 == 1 }
    @inlinable static func value(_ u: UInt32) -> Int { Int(u & 0x7FFF_FFFF) }
    @inlinable static func label(_ u: UInt32) -> UInt32 { u & 0x8000_00FF }
    @inlinable static func offset(_ u: UInt32) -> Int { Int((u >> 10) << ((u & 0x200) >> 6)) }

    /// Calls `body` for every rule whose key is a prefix of `text[start...]`, shortest first,
    /// until `body` returns false. A NUL byte in the text ends the search.
    @inlinable
    public func forEachPrefixMatch(
        in text: UnsafeBufferPointer<UInt8>, from start: Int, _ body: (Match) -> Bool
    ) {
        units.withUnsafeBufferPointer { u in
            let n = u.count
            var p = Self.offset(u[0])
            var i = start
            while i < text.count {
                let c = text[i]
                if c == 0 { return }
                p ^= Int(c)
                guard p < n else { return }
                let unit = u[p]
                if Self.label(unit) != UInt32(c) { return }
                p ^= Self.offset(unit)
                guard p < n else { return }
                if Self.hasLeaf(unit) {
                    let v = Self.value(u[p])
                    if v < strings.count {
                        if !body(Match(length: i + 1 - start, valueOffset: v)) { return }
                    }
                }
                i += 1
            }
        }
    }

    /// Every rule whose key is a prefix of `text[start...]`, shortest first (what HF's
    /// `Precompiled` normalizer looks at).
    public func prefixMatches(in text: UnsafeBufferPointer<UInt8>, from start: Int) -> [Match] {
        var out: [Match] = []
        forEachPrefixMatch(in: text, from: start) { out.append($0); return true }
        return out
    }

    /// The longest rule whose key is a prefix of `text[start...]` among the first
    /// `maximumMatchesConsidered` matches (what SentencePiece's normalizer applies), or nil.
    @inlinable
    public func longestMatch(in text: UnsafeBufferPointer<UInt8>, from start: Int) -> Match? {
        var best: Match? = nil
        var seen = 0
        forEachPrefixMatch(in: text, from: start) { m in
            best = m
            seen += 1
            return seen < Self.maximumMatchesConsidered
        }
        return best
    }

    /// The replacement bytes of a match (without the terminating NUL).
    @inlinable
    public func replacement(_ match: Match) -> ArraySlice<UInt8> {
        strings[match.valueOffset..<Int(stringEnds[match.valueOffset])]
    }

    /// Calls `body` with the replacement bytes of a match, without copying.
    @inlinable
    public func withReplacement<R>(_ match: Match, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try strings.withUnsafeBufferPointer { s in
            try body(UnsafeBufferPointer(rebasing: s[match.valueOffset..<Int(stringEnds[match.valueOffset])]))
        }
    }
}

extension PrecompiledCharsmap {
    /// The rule whose key is exactly `key` (HF applies such rules character by character), or nil.
    public func exactMatch(_ key: UnsafeBufferPointer<UInt8>) -> Match? {
        var found: Match? = nil
        forEachPrefixMatch(in: key, from: 0) { m in
            if m.length == key.count { found = m; return false }
            return true
        }
        return found
    }
}
