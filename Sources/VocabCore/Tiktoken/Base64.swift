/// Strict standard base64 (RFC 4648 alphabet `A–Z a–z 0–9 + /`, `=` padding), as tiktoken rank
/// files write their tokens.
public enum Base64 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The 6-bit value of each byte, or 0xFF.
    static let values: [UInt8] = {
        var v = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { v[Int(c)] = UInt8(i) }
        return v
    }()

    /// Appends the bytes `text` encodes to `out`; false when `text` is not canonical padded base64
    /// (length not a multiple of 4, a byte outside the alphabet, misplaced `=`, or nonzero bits in
    /// the padding).
    static func decode(_ text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> Bool {
        let n = text.count
        guard n % 4 == 0 else { return false }
        var i = 0
        while i < n {
            let last = i + 4 == n
            let c0 = values[Int(text[i])], c1 = values[Int(text[i + 1])]
            guard c0 != 0xFF, c1 != 0xFF else { return false }
            let p2 = text[i + 2] == UInt8(ascii: "="), p3 = text[i + 3] == UInt8(ascii: "=")
            if p2 || p3 {
                guard last, p3 else { return false }
                if p2 {
                    guard c1 & 0x0F == 0 else { return false }
                    out.append(c0 << 2 | c1 >> 4)
                } else {
                    let c2 = values[Int(text[i + 2])]
                    guard c2 != 0xFF, c2 & 0x03 == 0 else { return false }
                    out.append(c0 << 2 | c1 >> 4)
                    out.append(c1 << 4 | c2 >> 2)
                }
                return true
            }
            let c2 = values[Int(text[i + 2])], c3 = values[Int(text[i + 3])]
            guard c2 != 0xFF, c3 != 0xFF else { return false }
            out.append(c0 << 2 | c1 >> 4)
            out.append(c1 << 4 | c2 >> 2)
            out.append(c2 << 6 | c3)
            i += 4
        }
        return true
    }

    /// Appends the padded base64 text of `bytes` to `out`.
    public static func encode(_ bytes: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        var i = 0
        let n = bytes.count
        while i + 3 <= n {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out.append(alphabet[Int(v >> 18 & 63)])
            out.append(alphabet[Int(v >> 12 & 63)])
            out.append(alphabet[Int(v >> 6 & 63)])
            out.append(alphabet[Int(v & 63)])
            i += 3
        }
        if n - i == 1 {
            let v = UInt32(bytes[i]) << 16
            out.append(alphabet[Int(v >> 18 & 63)])
            out.append(alphabet[Int(v >> 12 & 63)])
            out.append(UInt8(ascii: "="))
            out.append(UInt8(ascii: "="))
        } else if n - i == 2 {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out.append(alphabet[Int(v >> 18 & 63)])
            out.append(alphabet[Int(v >> 12 & 63)])
            out.append(alphabet[Int(v >> 6 & 63)])
            out.append(UInt8(ascii: "="))
        }
    }
}
