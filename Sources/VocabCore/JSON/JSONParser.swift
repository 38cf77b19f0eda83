/// A strict JSON parser (RFC 8259, as serde_json reads it) over raw bytes.
///
/// Works directly on the UTF-8 bytes: strings without escapes become `String`s in one copy,
/// numbers keep their text. Rejected, with the byte offset of the problem: invalid UTF-8,
/// control characters inside strings, bad escapes, unpaired UTF-16 surrogate escapes (serde_json
/// rejects them too when reading text), trailing commas, leading zeros, anything after the
/// top-level value, and nesting deeper than `maximumDepth`.
public enum JSONParser {
    /// The deepest nesting of arrays and objects accepted (serde_json's default limit).
    public static let maximumDepth = 128

    /// Parses a whole JSON text.
    public static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        try bytes.withUnsafeBufferPointer { try parse($0) }
    }

    /// Parses a whole JSON text read from `file`, whose name errors carry.
    public static func parse(_ bytes: [UInt8], file: String) throws -> JSONValue {
        do {
            return try parse(bytes)
        } catch let error as VocabError {
            throw error.inFile(file)
        }
    }

    /// Parses a whole JSON text.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws -> JSONValue {
        var scanner = JSONScanner(bytes)
        scanner.skipWhitespace()
        let value = try scanner.value(depth: 0)
        scanner.skipWhitespace()
        if scanner.i < bytes.count { throw scanner.error("trailing characters after the JSON value") }
        return value
    }
}

/// The parser's cursor over the input.
struct JSONScanner {
    let p: UnsafeBufferPointer<UInt8>
    var i = 0
    var scratch: [UInt8] = []

    init(_ p: UnsafeBufferPointer<UInt8>) { self.p = p }

    func error(_ message: String, at offset: Int? = nil) -> VocabError {
        VocabError("malformed JSON: " + message, at: .byte(offset ?? i))
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while i < p.count {
            let b = p[i]
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { i += 1 } else { return }
        }
    }

    mutating func value(depth: Int) throws -> JSONValue {
        guard i < p.count else { throw error("unexpected end of input, expected a value") }
        switch p[i] {
        case UInt8(ascii: "{"): return .object(try object(depth: depth + 1))
        case UInt8(ascii: "["): return .array(try array(depth: depth + 1))
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("expected a value")
        }
    }

    mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        let start = i
        for k in 0..<n {
            guard i < p.count else { throw error("unexpected end of input in a literal", at: start) }
            if p[i] != word.utf8Start[k] { throw error("invalid literal, expected \(word)", at: start) }
            i += 1
        }
    }

    mutating func object(depth: Int) throws -> JSONObject {
        if depth > JSONParser.maximumDepth { throw error("nesting deeper than \(JSONParser.maximumDepth) levels") }
        let start = i
        i += 1
        var members: [(key: String, value: JSONValue)] = []
        skipWhitespace()
        if i < p.count, p[i] == UInt8(ascii: "}") {
            i += 1
            return JSONObject(members, offset: start)
        }
        while true {
            guard i < p.count else { throw error("unexpected end of input in an object") }
            guard p[i] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try string()
            skipWhitespace()
            guard i < p.count else { throw error("unexpected end of input in an object") }
            guard p[i] == UInt8(ascii: ":") else { throw error("expected ':' after an object key") }
            i += 1
            skipWhitespace()
            let v = try value(depth: depth)
            members.append((key, v))
            skipWhitespace()
            guard i < p.count else { throw error("unexpected end of input in an object") }
            if p[i] == UInt8(ascii: ",") {
                i += 1
                skipWhitespace()
                if i < p.count, p[i] == UInt8(ascii: "}") { throw error("trailing comma in an object") }
            } else if p[i] == UInt8(ascii: "}") {
                i += 1
                return JSONObject(members, offset: start)
            } else {
                throw error("expected ',' or '}' in an object")
            }
        }
    }

    mutating func array(depth: Int) throws -> [JSONValue] {
        if depth > JSONParser.maximumDepth { throw error("nesting deeper than \(JSONParser.maximumDepth) levels") }
        i += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if i < p.count, p[i] == UInt8(ascii: "]") {
            i += 1
            return elements
        }
        while true {
            elements.append(try value(depth: depth))
            skipWhitespace()
            guard i < p.count else { throw error("unexpected end of input in an array") }
            if p[i] == UInt8(ascii: ",") {
                i += 1
                skipWhitespace()
                if i < p.count, p[i] == UInt8(ascii: "]") { throw error("trailing comma in an array") }
            } else if p[i] == UInt8(ascii: "]") {
                i += 1
                return elements
            } else {
                throw error("expected ',' or ']' in an array")
            }
        }
    }

    /// A number; returns its text after checking the JSON grammar.
    mutating func number() throws -> String {
        let start = i
        if p[i] == UInt8(ascii: "-") { i += 1 }
        guard i < p.count, isDigit(p[i]) else { throw error("invalid number", at: start) }
        if p[i] == UInt8(ascii: "0") {
            i += 1
            if i < p.count, isDigit(p[i]) { throw error("invalid number (leading zero)", at: start) }
        } else {
            while i < p.count, isDigit(p[i]) { i += 1 }
        }
        if i < p.count, p[i] == UInt8(ascii: ".") {
            i += 1
            guard i < p.count, isDigit(p[i]) else { throw error("invalid number (no digit after '.')", at: start) }
            while i < p.count, isDigit(p[i]) { i += 1 }
        }
        if i < p.count, p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") {
            i += 1
            if i < p.count, p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") { i += 1 }
            guard i < p.count, isDigit(p[i]) else { throw error("invalid number (bad exponent)", at: start) }
            while i < p.count, isDigit(p[i]) { i += 1 }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: p[start..<i]), as: UTF8.self)
    }

    @inline(__always)
    func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// A string starting at the opening quote; returns its decoded content.
    mutating func string() throws -> String {
        let open = i
        i += 1
        let start = i
        // Fast path: no escapes.
        while i < p.count {
            let b = p[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: UnsafeBufferPointer(rebasing: p[start..<i - 1]), as: UTF8.self)
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw error("control character in a string (must be escaped)") }
            if b >= 0x80 { try skipMultibyte() } else { i += 1 }
        }
        guard i < p.count else { throw error("unterminated string", at: open) }
        // Slow path: copy what was scanned, then decode escapes.
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: p[start..<i]))
        while i < p.count {
            let b = p[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: scratch, as: UTF8.self)
            }
            if b < 0x20 { throw error("control character in a string (must be escaped)") }
            if b != UInt8(ascii: "\\") {
                let from = i
                if b >= 0x80 { try skipMultibyte() } else { i += 1 }
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: p[from..<i]))
                continue
            }
            let escape = i
            i += 1
            guard i < p.count else { break }
            let c = p[i]
            i += 1
            switch c {
            case UInt8(ascii: "\""): scratch.append(0x22)
            case UInt8(ascii: "\\"): scratch.append(0x5C)
            case UInt8(ascii: "/"): scratch.append(0x2F)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                var cp = try hex4(escape: escape)
                if cp >= 0xDC00 && cp <= 0xDFFF {
                    throw error("unpaired UTF-16 surrogate escape", at: escape)
                }
                if cp >= 0xD800 && cp <= 0xDBFF {
                    guard i + 1 < p.count, p[i] == UInt8(ascii: "\\"), p[i + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired UTF-16 surrogate escape", at: escape)
                    }
                    i += 2
                    let low = try hex4(escape: i - 2)
                    guard low >= 0xDC00 && low <= 0xDFFF else {
                        throw error("unpaired UTF-16 surrogate escape", at: escape)
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00)
                }
                UTF8Scan.append(cp, to: &scratch)
            default:
                throw error("invalid escape", at: escape)
            }
        }
        throw error("unterminated string", at: open)
    }

    /// Checks the UTF-8 sequence of a non-ASCII lead byte at `i` (no overlongs, surrogates or
    /// values past U+10FFFF) and moves past it.
    @inline(__always)
    mutating func skipMultibyte() throws {
        guard let length = UTF8Scan.validLength(p, at: i) else { throw error("invalid UTF-8") }
        i += length
    }

    /// Four hex digits after `\u`.
    mutating func hex4(escape: Int) throws -> UInt32 {
        guard i + 4 <= p.count else { throw error("unterminated \\u escape", at: escape) }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = p[i]
            let d: UInt32
            switch b {
            case 0x30...0x39: d = UInt32(b - 0x30)
            case 0x41...0x46: d = UInt32(b - 0x41 + 10)
            case 0x61...0x66: d = UInt32(b - 0x61 + 10)
            default: throw error("invalid \\u escape", at: escape)
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }
}
