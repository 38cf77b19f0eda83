/// Writes `JSONValue`s the way serde_json does, so files written by HF `tokenizers` re-save
/// byte-identically: `compact` (no whitespace) or `pretty` (serde's `PrettyFormatter`: two-space
/// indent, `": "` after keys, one element a line, `[]`/`{}` when empty). Numbers are written as
/// their stored text; strings are escaped as serde escapes them (`JSONText.appendEscaped`).
public enum JSONWriter {
    /// Layout of the output.
    public enum Style: Sendable {
        case compact
        case pretty
    }

    /// The serialized bytes of `value` (no trailing newline, as serde writes).
    public static func serialize(_ value: JSONValue, style: Style) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        write(value, style: style, indent: 0, to: &out)
        return out
    }

    /// Appends the serialized bytes of `value` at nesting level `indent`.
    public static func write(_ value: JSONValue, style: Style, indent: Int, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        case .bool(let b): out.append(contentsOf: b ? Array("true".utf8) : Array("false".utf8))
        case .number(let text): out.append(contentsOf: text.utf8)
        case .string(let s): JSONText.appendQuoted(s, to: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            if elements.isEmpty {
                out.append(UInt8(ascii: "]"))
                return
            }
            for (k, element) in elements.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                newline(style, indent + 1, &out)
                write(element, style: style, indent: indent + 1, to: &out)
            }
            newline(style, indent, &out)
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            if object.members.isEmpty {
                out.append(UInt8(ascii: "}"))
                return
            }
            for (k, member) in object.members.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                newline(style, indent + 1, &out)
                JSONText.appendQuoted(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                if style == .pretty { out.append(0x20) }
                write(member.value, style: style, indent: indent + 1, to: &out)
            }
            newline(style, indent, &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    @inline(__always)
    static func newline(_ style: Style, _ indent: Int, _ out: inout [UInt8]) {
        guard style == .pretty else { return }
        out.append(0x0A)
        for _ in 0..<indent { out.append(0x20); out.append(0x20) }
    }

    /// `value` written the way `original` was: compact or pretty, with its trailing newline
    /// when it had one (for rewriting a file in place of the original).
    public static func serialize(_ value: JSONValue, inLayoutOf original: [UInt8]) -> [UInt8] {
        var out = serialize(value, style: detectStyle(original))
        if original.last == 0x0A { out.append(0x0A) }
        return out
    }

    /// The style a JSON text was written in: pretty when a newline follows its first `{` or `[`.
    public static func detectStyle(_ bytes: [UInt8]) -> Style {
        var i = 0
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0D || bytes[i] == 0x0A { i += 1 }
        guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "{") || bytes[i] == UInt8(ascii: "[") else {
            return .compact
        }
        return bytes[i + 1] == 0x0A || bytes[i + 1] == 0x0D ? .pretty : .compact
    }
}
