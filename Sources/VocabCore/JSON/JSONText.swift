/// JSON string escaping for output written by hand (reports, `--format json`).
public enum JSONText {
    /// The JSON string content for `bytes` (without the quotes): `"`, `\` and control characters
    /// escaped, invalid UTF-8 replaced by U+FFFD.
    public static func escapedContent(_ bytes: [UInt8]) -> String {
        escapedContent(String(decoding: bytes, as: UTF8.self))
    }

    /// The JSON string content for `text` (without the quotes).
    public static func escapedContent(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// A quoted JSON string.
    public static func quoted(_ text: String) -> String { "\"" + escapedContent(text) + "\"" }
}

extension JSONText {
    /// Appends `text` as a quoted JSON string escaped exactly as serde_json escapes: `"` and `\`
    /// with a backslash, `\b \f \n \r \t` by name, other bytes below 0x20 as `\u00xx`
    /// (lowercase hex); everything else, non-ASCII included, verbatim.
    public static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(0x22)
        var copy = text
        copy.withUTF8 { appendEscaped($0, to: &out) }
        out.append(0x22)
    }

    /// Appends the serde_json-escaped content of UTF-8 `bytes` (no quotes).
    public static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        var runStart = 0
        for (k, b) in bytes.enumerated() where b < 0x20 || b == 0x22 || b == 0x5C {
            if runStart < k { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<k])) }
            runStart = k + 1
            out.append(0x5C)
            switch b {
            case 0x22: out.append(0x22)
            case 0x5C: out.append(0x5C)
            case 0x08: out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(UInt8(ascii: "f"))
            case 0x0A: out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "t"))
            default:
                out.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            }
        }
        if runStart < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
    }
}
