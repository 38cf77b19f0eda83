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
