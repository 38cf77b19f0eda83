/// The GPT-2 byte-to-character map that byte-level BPE uses to show every byte as a printable
/// character (HF `pre_tokenizers/byte_level.rs` `bytes_char`).
///
/// Bytes `!`…`~`, `¡`…`¬` and `®`…`ÿ` stand for themselves; the other 68 bytes map to U+0100,
/// U+0101, … in byte order (space → `Ġ` U+0120, `\n` → `Ċ` U+010A).
public enum ByteLevelAlphabet {
    /// The code point each byte is shown as.
    public static let codePoints: [UInt32] = {
        var map = [UInt32](repeating: 0, count: 256)
        var next: UInt32 = 256
        for b in 0..<256 {
            if (0x21...0x7E).contains(b) || (0xA1...0xAC).contains(b) || (0xAE...0xFF).contains(b) {
                map[b] = UInt32(b)
            } else {
                map[b] = next
                next += 1
            }
        }
        return map
    }()

    /// All 256 characters (HF `ByteLevel.alphabet()`), as code points in byte order.
    public static var all: [UInt32] { codePoints }

    /// The UTF-8 of the characters standing for `bytes` (a byte-level token as it appears in a
    /// vocabulary).
    public static func mapped(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        for b in bytes { appendUTF8(codePoints[Int(b)], to: &out) }
        return out
    }

    /// Appends the UTF-8 of a code point below U+0800 (all the map produces).
    @inlinable
    static func appendUTF8(_ cp: UInt32, to out: inout [UInt8]) {
        if cp < 0x80 {
            out.append(UInt8(cp))
        } else {
            out.append(UInt8(0xC0 | cp >> 6))
            out.append(UInt8(0x80 | cp & 0x3F))
        }
    }
}
