/// A set of code points as one bit per scalar value (136 KiB), for membership tests in hot loops
/// where a binary search over a range table costs too much.
struct CodePointSet: Sendable {
    private let words: [UInt64]

    /// The code points of sorted inclusive ranges (first, last, first, last, …), as
    /// `HFMarkTables` gives them.
    init(ranges: [UInt32]) {
        var words = [UInt64](repeating: 0, count: 0x110000 / 64)
        var k = 0
        while k + 1 < ranges.count {
            var cp = ranges[k]
            while cp <= ranges[k + 1] && cp < 0x110000 {
                words[Int(cp >> 6)] |= 1 << UInt64(cp & 63)
                cp += 1
            }
            k += 2
        }
        self.words = words
    }

    /// Whether `cp` is in the set (false past U+10FFFF).
    @inline(__always)
    func contains(_ cp: UInt32) -> Bool {
        cp < 0x110000 && words[Int(cp >> 6)] & (1 << UInt64(cp & 63)) != 0
    }
}

extension HFMarkTables {
    /// `bertNonspacingMarks` as a bitset.
    static let bertNonspacingMarkSet = CodePointSet(ranges: bertNonspacingMarks)
}
