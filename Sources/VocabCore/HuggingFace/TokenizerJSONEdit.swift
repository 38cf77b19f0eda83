/// A `tokenizer.json` parsed for rewriting parts of it (trimming, expansion): the top-level object
/// and its `model` object, with errors naming the file; written back in the file's own layout.
public struct TokenizerJSONEdit {
    /// The top-level object (its `model` member is stale until `serialized()`).
    public var top: JSONObject
    /// The `model` object.
    public var model: JSONObject
    /// The original text (its layout and trailing newline are kept).
    public let original: [UInt8]
    /// The file the text came from (named in errors).
    public let file: String

    /// Parses `bytes`; a syntax error or a document without a `model` object names `file`.
    public init(parsing bytes: [UInt8], file: String) throws {
        guard let top = try JSONParser.parse(bytes, file: file).object, let model = top["model"]?.object else {
            throw VocabError("not a tokenizer.json (no model object)", file: file)
        }
        self.top = top
        self.model = model
        self.original = bytes
        self.file = file
    }

    /// The document with `model` put back, in the original's layout (compact or pretty) and with
    /// its trailing newline when it had one.
    public func serialized() -> [UInt8] {
        var document = top
        document["model"] = .object(model)
        return JSONWriter.serialize(.object(document), inLayoutOf: original)
    }
}
