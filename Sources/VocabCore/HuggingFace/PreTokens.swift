/// The pre-tokens of one split: pieces of a byte buffer, each remembering whether it starts at
/// the very beginning of the original input (what Metaspace's `first` scheme looks at).
public struct PreTokens: Sendable {
    /// One pre-token: `bytes[start..<end]`.
    public struct Piece: Sendable, Equatable {
        public var start: Int
        public var end: Int
        /// True when the piece starts at offset 0 of the original input.
        public var atOrigin: Bool
    }

    public var bytes: [UInt8] = []
    public var pieces: [Piece] = []

    public init() {}

    /// One piece covering `bytes` (none when `bytes` is empty).
    public init(_ bytes: [UInt8], atOrigin: Bool) {
        self.bytes = bytes
        if !bytes.isEmpty { pieces = [Piece(start: 0, end: bytes.count, atOrigin: atOrigin)] }
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        pieces.removeAll(keepingCapacity: true)
    }

    /// Appends a piece; empty pieces are dropped (as HF drops empty splits).
    @inline(__always)
    mutating func add(_ start: Int, _ end: Int, _ atOrigin: Bool) {
        if end > start { pieces.append(Piece(start: start, end: end, atOrigin: atOrigin)) }
    }

    /// The bytes of each piece (for tests and inspection).
    public var strings: [[UInt8]] { pieces.map { Array(bytes[$0.start..<$0.end]) } }
}

/// How a split pre-tokenizer treats the delimiters it finds (HF `SplitDelimiterBehavior`).
public enum SplitBehavior: String, Sendable {
    case removed = "Removed"
    case isolated = "Isolated"
    case mergedWithPrevious = "MergedWithPrevious"
    case mergedWithNext = "MergedWithNext"
    case contiguous = "Contiguous"

    /// The pieces of `0..<count` given a partition into (range, isMatch) segments, exactly as
    /// HF's `NormalizedString::split` combines them.
    func apply(_ segments: [(Range<Int>, Bool)]) -> [Range<Int>] {
        switch self {
        case .isolated:
            return segments.map(\.0)
        case .removed:
            return segments.filter { !$0.1 }.map(\.0)
        case .contiguous:
            var out: [Range<Int>] = []
            var previous = false
            for (r, isMatch) in segments {
                if isMatch == previous, let last = out.last {
                    out[out.count - 1] = last.lowerBound..<r.upperBound
                } else {
                    out.append(r)
                }
                previous = isMatch
            }
            return out
        case .mergedWithPrevious:
            var out: [Range<Int>] = []
            var previous = false
            for (r, isMatch) in segments {
                if isMatch && !previous, let last = out.last {
                    out[out.count - 1] = last.lowerBound..<r.upperBound
                } else {
                    out.append(r)
                }
                previous = isMatch
            }
            return out
        case .mergedWithNext:
            var out: [Range<Int>] = []
            var previous = false
            for (r, isMatch) in segments.reversed() {
                if isMatch && !previous, let last = out.last {
                    out[out.count - 1] = r.lowerBound..<last.upperBound
                } else {
                    out.append(r)
                }
                previous = isMatch
            }
            return out.reversed()
        }
    }

    /// Segments from match ranges (sorted, non-overlapping) over `0..<count`; `invert` flips
    /// which segments count as matches.
    static func segments(matches: [Range<Int>], count: Int, invert: Bool) -> [(Range<Int>, Bool)] {
        var out: [(Range<Int>, Bool)] = []
        out.reserveCapacity(matches.count * 2 + 1)
        var previous = 0
        for m in matches {
            if previous != m.lowerBound { out.append((previous..<m.lowerBound, invert)) }
            out.append((m, !invert))
            previous = m.upperBound
        }
        if previous != count { out.append((previous..<count, invert)) }
        return out
    }

    /// Segments where every character satisfying `isDelimiter` is its own match.
    static func segments(
        _ text: UnsafeBufferPointer<UInt8>, isDelimiter: (UInt32) -> Bool
    ) -> [(Range<Int>, Bool)] {
        var out: [(Range<Int>, Bool)] = []
        var last = 0
        var i = 0
        while i < text.count {
            let (cp, n) = UTF8Scan.decode(text, at: i)
            if isDelimiter(cp) {
                if last < i { out.append((last..<i, false)) }
                out.append((i..<i + n, true))
                last = i + n
            }
            i += n
        }
        if last < text.count { out.append((last..<text.count, false)) }
        return out
    }
}
