/// Typed reads of tokenizer.json component fields, with errors pointing at the component.
extension JSONObject {
    func fieldError(_ message: String) -> VocabError { VocabError(message, at: .byte(offset)) }

    /// The `type` tag of a component.
    func typeTag(_ what: String) throws -> String {
        guard let t = self["type"]?.string else { throw fieldError("\(what) without a \"type\"") }
        return t
    }

    func string(_ key: String) throws -> String {
        guard let v = self[key]?.string else { throw fieldError("\"\(key)\" must be a string") }
        return v
    }

    /// A string field that may be absent or null.
    func optionalString(_ key: String) throws -> String? {
        guard let v = self[key], !v.isNull else { return nil }
        guard let s = v.string else { throw fieldError("\"\(key)\" must be a string or null") }
        return s
    }

    /// A boolean that may be absent or null (then `fallback`).
    func bool(_ key: String, default fallback: Bool) throws -> Bool {
        guard let v = self[key], !v.isNull else { return fallback }
        guard let b = v.bool else { throw fieldError("\"\(key)\" must be true or false") }
        return b
    }

    /// A boolean that may be absent or null (then nil).
    func optionalBool(_ key: String) throws -> Bool? {
        guard let v = self[key], !v.isNull else { return nil }
        guard let b = v.bool else { throw fieldError("\"\(key)\" must be true, false or null") }
        return b
    }

    /// A non-negative integer that may be absent or null.
    func optionalInt(_ key: String) throws -> Int? {
        guard let v = self[key], !v.isNull else { return nil }
        guard let n = v.integer, n >= 0 else { throw fieldError("\"\(key)\" must be a non-negative integer") }
        return n
    }

    /// An array of component objects.
    func objects(_ key: String) throws -> [JSONObject] {
        guard let a = self[key]?.array else { throw fieldError("\"\(key)\" must be an array") }
        return try a.map { v in
            guard let o = v.object else { throw fieldError("\"\(key)\" must hold objects") }
            return o
        }
    }
}
