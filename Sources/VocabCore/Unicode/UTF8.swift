/// Small UTF-8 helpers over raw bytes.
public enum UTF8Scan {
    /// The byte length of the sequence a lead byte starts (1 for ASCII and for invalid lead bytes).
    @inlinable
    public static func sequenceLength(lead: UInt8) -> Int {
        if lead < 0x80 { return 1 }
        if lead < 0xC0 { return 1 }
        if lead < 0xE0 { return 2 }
        if lead < 0xF0 { return 3 }
        if lead < 0xF8 { return 4 }
        return 1
    }

    /// Decodes the scalar at `i` of valid UTF-8 and returns it with its byte length.
    /// Input must be valid UTF-8 (check with `validate` first).
    @inlinable
    public static func decode(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> (scalar: UInt32, length: Int) {
        let b0 = UInt32(p[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F), 2) }
        if b0 < 0xF0 {
            return ((b0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F), 3)
        }
        return (
            (b0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6
                | UInt32(p[i + 3] & 0x3F), 4
        )
    }

    /// Appends the UTF-8 encoding of a scalar.
    @inlinable
    public static func append(_ cp: UInt32, to out: inout [UInt8]) {
        if cp < 0x80 {
            out.append(UInt8(cp))
        } else if cp < 0x800 {
            out.append(UInt8(0xC0 | cp >> 6))
            out.append(UInt8(0x80 | cp & 0x3F))
        } else if cp < 0x10000 {
            out.append(UInt8(0xE0 | cp >> 12))
            out.append(UInt8(0x80 | (cp >> 6) & 0x3F))
            out.append(UInt8(0x80 | cp & 0x3F))
        } else {
            out.append(UInt8(0xF0 | cp >> 18))
            out.append(UInt8(0x80 | (cp >> 12) & 0x3F))
            out.append(UInt8(0x80 | (cp >> 6) & 0x3F))
            out.append(UInt8(0x80 | cp & 0x3F))
        }
    }

    /// The length of the well-formed UTF-8 sequence starting at `i` (no overlongs, surrogates or
    /// values past U+10FFFF), or nil when the bytes there are not one.
    @inline(__always)
    public static func validLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        let b0 = bytes[i]
        if b0 < 0x80 { return 1 }
        let len: Int
        var lo: UInt8 = 0x80
        var hi: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: len = 2
        case 0xE0: len = 3; lo = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: len = 3
        case 0xED: len = 3; hi = 0x9F
        case 0xF0: len = 4; lo = 0x90
        case 0xF1...0xF3: len = 4
        case 0xF4: len = 4; hi = 0x8F
        default: return nil
        }
        guard i + len <= bytes.count, bytes[i + 1] >= lo, bytes[i + 1] <= hi else { return nil }
        var k = 2
        while k < len {
            if bytes[i + k] & 0xC0 != 0x80 { return nil }
            k += 1
        }
        return len
    }

    /// The byte offset of the first invalid UTF-8 sequence, or nil when all of `bytes` is valid
    /// (no overlongs, no surrogates, nothing past U+10FFFF).
    public static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            if bytes[i] < 0x80 {
                i += 1
                continue
            }
            guard let len = validLength(bytes, at: i) else { return i }
            i += len
        }
        return nil
    }

    /// Replaces every invalid sequence by U+FFFD (one per maximal invalid subpart, as Python does).
    public static func repairing(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        // String(decoding:) applies the WHATWG/Unicode "maximal subpart" replacement.
        Array(String(decoding: bytes, as: UTF8.self).utf8)
    }
}
