/// Small builders for the JSON forms of tokenizer.json components, as HF `tokenizers` writes them.
enum HFDocumentParts {
    static func string(_ s: String) -> JSONValue { .string(s) }
    static func text(_ bytes: [UInt8]) -> JSONValue { .string(String(decoding: bytes, as: UTF8.self)) }
    static func object(_ members: [(String, JSONValue)]) -> JSONValue {
        .object(JSONObject(members.map { (key: $0.0, value: $0.1) }))
    }

    /// `Replace` (normalizer or decoder) of a literal.
    static func replace(literal: String, with content: String) -> JSONValue {
        object([("type", string("Replace")), ("pattern", object([("String", string(literal))])), ("content", string(content))])
    }

    /// `Replace` of a regex.
    static func replace(regex: String, with content: String) -> JSONValue {
        object([("type", string("Replace")), ("pattern", object([("Regex", string(regex))])), ("content", string(content))])
    }

    /// A `Sequence` normalizer, pre-tokenizer or decoder (`key` names its list).
    static func sequence(_ key: String, _ items: [JSONValue]) -> JSONValue {
        object([("type", string("Sequence")), (key, .array(items))])
    }

    /// One `added_tokens` entry for a special token matched on the raw text.
    static func specialToken(id: Int, content: [UInt8]) -> JSONValue {
        addedToken(id: id, content: content, special: true)
    }

    /// One `added_tokens` entry matched on the raw text, special or not.
    static func addedToken(id: Int, content: [UInt8], special: Bool) -> JSONValue {
        object([
            ("id", .integer(id)), ("content", text(content)), ("single_word", .bool(false)),
            ("lstrip", .bool(false)), ("rstrip", .bool(false)), ("normalized", .bool(false)),
            ("special", .bool(special)),
        ])
    }

    /// The top-level object, members in the order HF writes them.
    static func document(
        addedTokens: [JSONValue], normalizer: JSONValue, preTokenizer: JSONValue, postProcessor: JSONValue,
        decoder: JSONValue, model: JSONValue
    ) -> JSONObject {
        JSONObject([
            (key: "version", value: string("1.0")), (key: "truncation", value: .null), (key: "padding", value: .null),
            (key: "added_tokens", value: .array(addedTokens)), (key: "normalizer", value: normalizer),
            (key: "pre_tokenizer", value: preTokenizer), (key: "post_processor", value: postProcessor),
            (key: "decoder", value: decoder), (key: "model", value: model),
        ])
    }

    /// A number as the shortest decimal text that reads back as exactly `value`.
    static func number(_ value: Double) -> JSONValue { .number("\(value)") }
}
