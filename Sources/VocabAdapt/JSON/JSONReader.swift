import VocabCore

/// A JSON value as read from a file, with the byte range it occupies (for error messages that
/// point into the file and for edits that keep the rest of the file byte for byte).
struct JSONNode: Sendable {
    enum Value: Sendable {
        case null
        case bool(Bool)
        /// A number, kept as its source text so integers of any size stay exact.
        case number(String)
        case string(String)
        case array([JSONNode])
        /// Members in file order.
        case object([(key: String, value: JSONNode)])
    }

    var value: Value
    /// Byte offset of the value's first byte in the parsed buffer.
    var start: Int
    /// Byte offset just past the value.
    var end: Int

    /// The members of an object, or nil.
    var members: [(key: String, value: JSONNode)]? {
        if case .object(let m) = value { return m }
        return nil
    }

    /// The elements of an array, or nil.
    var elements: [JSONNode]? {
        if case .array(let a) = value { return a }
        return nil
    }

    /// The string, or nil.
    var string: String? {
        if case .string(let s) = value { return s }
        return nil
    }

    /// The value as a non-negative integer, or nil when it is not one (or does not fit).
    var unsignedInteger: UInt64? {
        guard case .number(let text) = value, !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return nil
        }
        return UInt64(text)
    }

    /// The first member named `key` of an object.
    subscript(key: String) -> JSONNode? {
        members?.first(where: { $0.key == key })?.value
    }
}

/// A strict JSON parser (RFC 8259: no comments, no trailing commas, no leading zeros, valid
/// escapes and UTF-8) over a byte buffer. Errors name the file and the byte offset
/// (`base` + the offset in the buffer).
struct JSONReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let file: String
    private let base: Int
    private var i = 0
    private var depth = 0

    /// Parses one JSON value filling `bytes`, allowing whitespace around it.
    /// - Parameter base: the buffer's offset in the file, added to error positions.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, file: String, base: Int = 0) throws -> JSONNode {
        var reader = JSONReader(bytes: bytes, file: file, base: base)
        reader.skipSpace()
        let node = try reader.value()
        reader.skipSpace()
        if reader.i != bytes.count { throw reader.error("unexpected data after the JSON value") }
        return node
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, file: String, base: Int) {
        self.bytes = bytes
        self.file = file
        self.base = base
    }

    private func error(_ message: String, at offset: Int? = nil) -> VocabError {
        VocabError("invalid JSON: " + message, file: file, at: .byte(base + (offset ?? i)))
    }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private mutating func value() throws -> JSONNode {
        guard i < bytes.count else { throw error("unexpected end of data") }
        let start = i
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return JSONNode(value: .string(try string()), start: start, end: i)
        case UInt8(ascii: "t"): try literal("true"); return JSONNode(value: .bool(true), start: start, end: i)
        case UInt8(ascii: "f"): try literal("false"); return JSONNode(value: .bool(false), start: start, end: i)
        case UInt8(ascii: "n"): try literal("null"); return JSONNode(value: .null, start: start, end: i)
        case UInt8(ascii: "-"), 0x30...0x39: return try number()
        default: throw error("unexpected character")
        }
    }

    private mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { throw error("unexpected end of data") }
        for k in 0..<n where bytes[i + k] != word.utf8Start[k] { throw error("unexpected character", at: i + k) }
        i += n
    }

    private mutating func enter() throws {
        depth += 1
        if depth > 512 { throw error("nesting is too deep") }
    }

    private mutating func object() throws -> JSONNode {
        let start = i
        try enter()
        i += 1
        var members: [(key: String, value: JSONNode)] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
            i += 1
            depth -= 1
            return JSONNode(value: .object(members), start: start, end: i)
        }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try string()
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("expected ':'") }
            i += 1
            skipSpace()
            members.append((key, try value()))
            skipSpace()
            guard i < bytes.count else { throw error("unexpected end of data") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            guard bytes[i] == UInt8(ascii: "}") else { throw error("expected ',' or '}'") }
            i += 1
            depth -= 1
            return JSONNode(value: .object(members), start: start, end: i)
        }
    }

    private mutating func array() throws -> JSONNode {
        let start = i
        try enter()
        i += 1
        var elements: [JSONNode] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
            i += 1
            depth -= 1
            return JSONNode(value: .array(elements), start: start, end: i)
        }
        while true {
            skipSpace()
            elements.append(try value())
            skipSpace()
            guard i < bytes.count else { throw error("unexpected end of data") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            guard bytes[i] == UInt8(ascii: "]") else { throw error("expected ',' or ']'") }
            i += 1
            depth -= 1
            return JSONNode(value: .array(elements), start: start, end: i)
        }
    }

    private mutating func number() throws -> JSONNode {
        let start = i
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count, isDigit(bytes[i]) else { throw error("invalid number", at: start) }
        if bytes[i] == 0x30 {
            i += 1
            if i < bytes.count, isDigit(bytes[i]) { throw error("leading zero in a number", at: start) }
        } else {
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard i < bytes.count, isDigit(bytes[i]) else { throw error("invalid number", at: start) }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, isDigit(bytes[i]) else { throw error("invalid number", at: start) }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        return JSONNode(value: .number(text), start: start, end: i)
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    private mutating func string() throws -> String {
        i += 1
        var out: [UInt8] = []
        while true {
            guard i < bytes.count else { throw error("unterminated string") }
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                break
            }
            if b < 0x20 { throw error("control character in a string") }
            if b == UInt8(ascii: "\\") {
                i += 1
                guard i < bytes.count else { throw error("unterminated string") }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if scalar >= 0xD800 && scalar < 0xDC00 {
                        guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                            throw error("unpaired surrogate escape")
                        }
                        i += 2
                        let low = try hex4()
                        guard low >= 0xDC00 && low < 0xE000 else { throw error("unpaired surrogate escape") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if scalar >= 0xDC00 && scalar < 0xE000 {
                        throw error("unpaired surrogate escape")
                    }
                    guard let s = Unicode.Scalar(scalar) else { throw error("invalid escape") }
                    out.append(contentsOf: String(s).utf8)
                default: throw error("invalid escape", at: i - 1)
                }
                continue
            }
            let start = i
            while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\"), bytes[i] >= 0x20 { i += 1 }
            let run = UnsafeBufferPointer(rebasing: bytes[start..<i])
            if let bad = UTF8Scan.firstInvalidOffset(run) { throw error("invalid UTF-8 in a string", at: start + bad) }
            out.append(contentsOf: run)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func hex4() throws -> UInt32 {
        guard i + 4 <= bytes.count else { throw error("unterminated escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let d: UInt32
            switch b {
            case 0x30...0x39: d = UInt32(b - 0x30)
            case 0x41...0x46: d = UInt32(b - 0x41 + 10)
            case 0x61...0x66: d = UInt32(b - 0x61 + 10)
            default: throw error("invalid \\u escape")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }
}
