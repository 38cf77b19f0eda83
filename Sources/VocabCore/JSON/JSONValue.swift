/// A parsed JSON document, kept losslessly enough to write it back unchanged.
///
/// Objects keep their members in file order (duplicates included); numbers keep their source
/// text, so re-saving never reformats a score; strings are decoded (escapes resolved) and hold
/// exactly the bytes the file encodes, never normalized. Equality compares strings and keys
/// byte by byte (not by Swift's canonical equivalence) and numbers by their text.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    /// A number as written in the source (`0.0`, `-20.3647518157959`, `1e-5`).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// A number value from an integer.
    public static func integer(_ value: Int) -> JSONValue { .number(String(value)) }

    /// The string, or nil when this is not a string.
    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The boolean, or nil when this is not a boolean.
    public var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The elements, or nil when this is not an array.
    public var array: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The object, or nil when this is not an object.
    public var object: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// True for `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The number's source text, or nil when this is not a number.
    public var numberText: String? {
        if case .number(let n) = self { return n }
        return nil
    }

    /// The value as an integer when it is a number written without fraction or exponent that
    /// fits in `Int`.
    public var integer: Int? {
        guard case .number(let text) = self else { return nil }
        return Int(text)
    }

    /// The value as a `Double` when it is a number.
    public var double: Double? {
        guard case .number(let text) = self else { return nil }
        return Double(text)
    }
}

/// A JSON object: members in source order, plus the byte offset of its `{` in the source (0 for
/// objects built in code), used to point errors at the right place.
public struct JSONObject: Sendable {
    /// The members in order. Keys may repeat; lookups return the last one (as serde maps do).
    public var members: [(key: String, value: JSONValue)]
    /// Byte offset of the opening brace in the parsed text.
    public var offset: Int

    public init(_ members: [(key: String, value: JSONValue)] = [], offset: Int = 0) {
        self.members = members
        self.offset = offset
    }

    /// The value of the last member named `key`, or nil.
    public subscript(key: String) -> JSONValue? {
        get {
            var i = members.count - 1
            while i >= 0 {
                if bytesEqual(members[i].key, key) { return members[i].value }
                i -= 1
            }
            return nil
        }
        set {
            if let i = members.lastIndex(where: { bytesEqual($0.key, key) }) {
                if let newValue {
                    members[i].value = newValue
                } else {
                    members.remove(at: i)
                }
            } else if let newValue {
                members.append((key, newValue))
            }
        }
    }

    /// The keys in order.
    public var keys: [String] { members.map(\.key) }
}

/// Byte equality of two strings (Swift's `==` would treat NFC and NFD forms as equal).
@inlinable
func bytesEqual(_ a: String, _ b: String) -> Bool {
    a.utf8.count == b.utf8.count && a.utf8.elementsEqual(b.utf8)
}

extension JSONValue: Equatable {
    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return bytesEqual(x, y)
        case (.string(let x), .string(let y)): return bytesEqual(x, y)
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)): return x == y
        default: return false
        }
    }
}

extension JSONObject: Equatable {
    /// Objects are equal when their members are equal in order; source offsets are ignored.
    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        guard a.members.count == b.members.count else { return false }
        for (x, y) in zip(a.members, b.members) where !bytesEqual(x.key, y.key) || x.value != y.value {
            return false
        }
        return true
    }
}
