import CICUShim

/// Character classes the split patterns test, as bit flags of one byte.
@usableFromInline
enum CharFlags {
    /// `\p{L}`.
    @usableFromInline static let letter: UInt8 = 1
    /// `\p{N}`.
    @usableFromInline static let number: UInt8 = 2
    /// `\s` (White_Space).
    @usableFromInline static let space: UInt8 = 4
    /// `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]` (o200k's "upper" class).
    @usableFromInline static let upper: UInt8 = 8
    /// `[\p{Ll}\p{Lm}\p{Lo}\p{M}]` (o200k's "lower" class).
    @usableFromInline static let lower: UInt8 = 16
    /// `\r` or `\n`.
    @usableFromInline static let newline: UInt8 = 32

    /// Flags for each value of `UnicodeProperties.table` (category in the low 5 bits, White_Space in bit 7).
    @usableFromInline static let byProperty: [UInt8] = (0..<256).map { raw in
        var f: UInt8 = 0
        let category = GeneralCategory(rawValue: UInt8(raw) & 0x1F) ?? .unassigned
        if category.isLetter { f |= letter }
        if category.isNumber { f |= number }
        if UInt8(raw) & UnicodeProperties.whiteSpaceBit != 0 { f |= space }
        switch category {
        case .uppercaseLetter, .titlecaseLetter: f |= upper
        case .lowercaseLetter: f |= lower
        case .modifierLetter, .otherLetter, .nonspacingMark, .enclosingMark, .spacingMark: f |= upper | lower
        default: break
        }
        return f
    }

    /// Flags of the 128 ASCII characters.
    @usableFromInline static let ascii: [UInt8] = (0..<128).map { cp in
        var f = byProperty[Int(UnicodeProperties.table[cp])]
        if cp == 0x0A || cp == 0x0D { f |= newline }
        return f
    }
}

/// Reads characters of a UTF-8 buffer with their `CharFlags`, for the hand-written scanners.
///
/// Input is expected to be valid UTF-8; malformed bytes never read out of bounds (a truncated or
/// invalid sequence counts as one character of no class).
@usableFromInline
struct PieceCursor {
    @usableFromInline let text: UnsafeBufferPointer<UInt8>
    @usableFromInline let count: Int
    @usableFromInline let properties: UnsafeBufferPointer<UInt8>
    @usableFromInline let flagsByProperty: UnsafeBufferPointer<UInt8>
    @usableFromInline let asciiFlags: UnsafeBufferPointer<UInt8>

    @inlinable
    init(
        text: UnsafeBufferPointer<UInt8>, properties: UnsafeBufferPointer<UInt8>,
        flagsByProperty: UnsafeBufferPointer<UInt8>, asciiFlags: UnsafeBufferPointer<UInt8>
    ) {
        self.text = text
        self.count = text.count
        self.properties = properties
        self.flagsByProperty = flagsByProperty
        self.asciiFlags = asciiFlags
    }

    /// Runs `body` with a cursor over `text`.
    @inlinable
    static func with<R>(_ text: UnsafeBufferPointer<UInt8>, _ body: (PieceCursor) -> R) -> R {
        UnicodeProperties.table.withUnsafeBufferPointer { props in
            CharFlags.byProperty.withUnsafeBufferPointer { byProp in
                CharFlags.ascii.withUnsafeBufferPointer { ascii in
                    body(PieceCursor(text: text, properties: props, flagsByProperty: byProp, asciiFlags: ascii))
                }
            }
        }
    }

    /// The flags and byte length of the character at `i` (`i < count`).
    @inlinable @inline(__always)
    func char(at i: Int) -> (flags: UInt8, length: Int) {
        let b0 = text[i]
        if b0 < 0x80 { return (asciiFlags[Int(b0)], 1) }
        let (cp, length) = scalar(at: i)
        if cp >= 0x110000 { return (0, length) }
        return (flagsByProperty[Int(properties[Int(cp)])], length)
    }

    /// The scalar value and byte length of the character at `i` (`i < count`).
    @inlinable @inline(__always)
    func scalar(at i: Int) -> (scalar: UInt32, length: Int) {
        let b0 = UInt32(text[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xC0 { return (0x110000, 1) }
        if b0 < 0xE0 {
            guard i + 1 < count else { return (0x110000, 1) }
            return ((b0 & 0x1F) << 6 | UInt32(text[i + 1] & 0x3F), 2)
        }
        if b0 < 0xF0 {
            guard i + 2 < count else { return (0x110000, 1) }
            return ((b0 & 0x0F) << 12 | UInt32(text[i + 1] & 0x3F) << 6 | UInt32(text[i + 2] & 0x3F), 3)
        }
        guard i + 3 < count, b0 < 0xF8 else { return (0x110000, 1) }
        return (
            (b0 & 0x07) << 18 | UInt32(text[i + 1] & 0x3F) << 12 | UInt32(text[i + 2] & 0x3F) << 6
                | UInt32(text[i + 3] & 0x3F), 4
        )
    }

    /// The end of the run of characters from `i` whose flags intersect `mask`.
    @inlinable @inline(__always)
    func run(from i: Int, _ mask: UInt8) -> Int {
        var j = i
        while j < count {
            let (f, len) = char(at: j)
            if f & mask == 0 { break }
            j += len
        }
        return j
    }

    /// The end of the run of characters from `i` whose flags do not intersect `mask`.
    @inlinable @inline(__always)
    func run(from i: Int, without mask: UInt8) -> Int {
        var j = i
        while j < count {
            let (f, len) = char(at: j)
            if f & mask != 0 { break }
            j += len
        }
        return j
    }

    /// The end of at most `limit` characters from `i` whose flags intersect `mask`.
    @inlinable @inline(__always)
    func run(from i: Int, _ mask: UInt8, limit: Int) -> Int {
        var j = i
        var n = 0
        while j < count && n < limit {
            let (f, len) = char(at: j)
            if f & mask == 0 { break }
            j += len
            n += 1
        }
        return j
    }

    /// The end of ` ?[^\s\p{L}\p{N}]+[\r\n]*` at `i` (with `/` among the trailing characters when
    /// `slashTrails`, as o200k has it), or nil when the text at `i` does not match it. `f` and
    /// `length` are the flags and length of the character at `i`.
    @inlinable @inline(__always)
    func punctuationEnd(at i: Int, _ f: UInt8, _ length: Int, slashTrails: Bool) -> Int? {
        let other = CharFlags.letter | CharFlags.number | CharFlags.space
        var start = i
        var (g, glength) = (f, length)
        if text[i] == 0x20 && i + 1 < count {
            let (next, nextLength) = char(at: i + 1)
            if next & other == 0 { (start, g, glength) = (i + 1, next, nextLength) }
        }
        if g & other != 0 { return nil }
        var end = run(from: start + glength, without: other)
        while end < count && (text[end] == 0x0A || text[end] == 0x0D || (slashTrails && text[end] == UInt8(ascii: "/"))) {
            end += 1
        }
        return end
    }

    /// Whether the character at `i` folds (Unicode simple case folding) to the ASCII lowercase
    /// letter `letter`; false at the end of the text.
    @inlinable @inline(__always)
    func folds(at i: Int, to letter: UInt8) -> Bool {
        guard i < count else { return false }
        let b = text[i]
        if b < 0x80 { return b | 0x20 == letter }
        let (cp, _) = scalar(at: i)
        return cp < 0x110000 && vt_fold_case(cp) == UInt32(letter)
    }

    /// The end of an English contraction (`'s 't 're 've 'm 'll 'd`) starting at `i`, or nil.
    /// `ignoringCase` matches with Unicode simple case folding (`'S`, `'ſ`).
    @inlinable @inline(__always)
    func contraction(at i: Int, ignoringCase: Bool) -> Int? {
        guard i + 1 < count, text[i] == UInt8(ascii: "'") else { return nil }
        if !ignoringCase {
            switch text[i + 1] {
            case UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "m"), UInt8(ascii: "d"): return i + 2
            case UInt8(ascii: "l"): return i + 2 < count && text[i + 2] == UInt8(ascii: "l") ? i + 3 : nil
            case UInt8(ascii: "v"), UInt8(ascii: "r"):
                return i + 2 < count && text[i + 2] == UInt8(ascii: "e") ? i + 3 : nil
            default: return nil
            }
        }
        let j = i + 1
        let jEnd = j + char(at: j).length
        if folds(at: j, to: UInt8(ascii: "s")) || folds(at: j, to: UInt8(ascii: "t"))
            || folds(at: j, to: UInt8(ascii: "m")) || folds(at: j, to: UInt8(ascii: "d"))
        {
            return jEnd
        }
        let second: UInt8
        if folds(at: j, to: UInt8(ascii: "l")) {
            second = UInt8(ascii: "l")
        } else if folds(at: j, to: UInt8(ascii: "v")) || folds(at: j, to: UInt8(ascii: "r")) {
            second = UInt8(ascii: "e")
        } else {
            return nil
        }
        guard jEnd < count, folds(at: jEnd, to: second) else { return nil }
        return jEnd + char(at: jEnd).length
    }

    /// The end of the whitespace piece starting at `i` (a `\s` character).
    ///
    /// The run of whitespace from `i` is taken whole when it reaches the end of the text
    /// (`\s++$`) and `wholeRunAtEndFirst`; else up to its last `\r`/`\n` when `newlineRule`
    /// (`\s*[\r\n]+`); else whole at the end of the text; else all but its last character when that
    /// leaves one (`\s+(?!\S)`); else one character.
    @inlinable @inline(__always)
    func whitespaceEnd(at i: Int, newlineRule: Bool, wholeRunAtEndFirst: Bool) -> Int {
        var j = i
        var lastStart = i
        var afterNewline = -1
        while j < count {
            let (f, len) = char(at: j)
            if f & CharFlags.space == 0 { break }
            if f & CharFlags.newline != 0 { afterNewline = j + len }
            lastStart = j
            j += len
        }
        if j == count && wholeRunAtEndFirst { return j }
        if newlineRule && afterNewline >= 0 { return afterNewline }
        if j == count { return j }
        if lastStart > i { return lastStart }
        return j
    }
}
