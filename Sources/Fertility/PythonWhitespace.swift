/// The characters Python's `str.isspace()` accepts, which `str.split()` splits on: Unicode
/// White_Space plus the four information separators U+001C...U+001F (FLORES has U+00A0,
/// U+2009, U+202F and U+3000 between words, so counts only match with the full set).
public enum PythonWhitespace {
    /// True when `cp` is whitespace for `str.isspace()`.
    @inlinable
    public static func isSpace(_ cp: UInt32) -> Bool {
        switch cp {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F,
            0x3000:
            return true
        default:
            return false
        }
    }

    /// The byte length of the whitespace character encoded at `i` of (possibly partial) UTF-8
    /// `bytes`, or 0 when there is none there. Safe on truncated or invalid sequences.
    @inlinable
    public static func spaceLength(in bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let b0 = bytes[i]
        if b0 < 0x80 { return isSpace(UInt32(b0)) ? 1 : 0 }
        let n = bytes.count - i
        if b0 == 0xC2, n >= 2 {
            let b1 = bytes[i + 1]
            return b1 == 0x85 || b1 == 0xA0 ? 2 : 0
        }
        guard n >= 3, b0 == 0xE1 || b0 == 0xE2 || b0 == 0xE3 else { return 0 }
        let b1 = bytes[i + 1]
        let b2 = bytes[i + 2]
        guard b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80 else { return 0 }
        let cp = (UInt32(b0) & 0x0F) << 12 | (UInt32(b1) & 0x3F) << 6 | (UInt32(b2) & 0x3F)
        return isSpace(cp) ? 3 : 0
    }
}
