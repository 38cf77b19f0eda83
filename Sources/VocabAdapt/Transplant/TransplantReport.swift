import VocabCore

/// What `vocabtool transplant` did: written as `transplant-report.json` and printed.
public struct TransplantReport: Sendable {
    public var base: String
    public var tokenizer: String
    public var format: String
    public var model: String
    public var initMethod: TransplantInit
    public var vocabularyBefore = 0
    public var vocabularyAfter = 0
    var shared: SharedTokens?
    var newTable = TokenTable()
    var rows: [TransplantRows.Recipe] = []
    var tensors: [TransplantRows.Tensor] = []
    public var filesWritten: [String] = []
    /// Files of the base folder not carried over (weights in formats vocabtool does not rewrite).
    public var filesLeftOut: [String] = []

    init(base: String, tokenizer: String, format: String, model: String, initMethod: TransplantInit) {
        self.base = base
        self.tokenizer = tokenizer
        self.format = format
        self.model = model
        self.initMethod = initMethod
    }

    /// New tokens that keep a base row, by `SharedTokens.Rule`.
    public var copied: [(rule: String, count: Int)] {
        guard let shared else { return [] }
        return SharedTokens.Rule.allCases.compactMap { rule in
            let n = shared.rule.reduce(0) { $0 + ($1 == rule ? 1 : 0) }
            return n > 0 ? (rule.rawValue, n) : nil
        }
    }

    /// How many new rows each rule produced (of the input embeddings).
    public var rowsByRule: [(rule: String, rows: Int)] { tensors.first?.rules ?? [] }

    /// Things the user should know: the new tokenizer shares no token with the base.
    public var warnings: [String] {
        guard let shared, shared.count == 0 else { return [] }
        return ["the new tokenizer shares no token with the base model's: every row is computed (\(initMethod.rawValue)), none copied"]
    }

    /// The report as pretty-printed JSON; `rows` has one entry per new id: its piece, rule, the
    /// base ids combined and their weights.
    public func json() -> [UInt8] {
        func int(_ n: Int) -> JSONValue { .integer(n) }
        var top = JSONObject()
        func put(_ key: String, _ value: JSONValue) { top.members.append((key, value)) }
        put("base", .string(base))
        put("tokenizer", .string(tokenizer))
        put("format", .string(format))
        put("model", .string(model))
        put("init", .string(initMethod.rawValue))
        put("vocab_size", .object(JSONObject([("before", int(vocabularyBefore)), ("after", int(vocabularyAfter))])))
        put("copied", .object(JSONObject(copied.map { ($0.rule, int($0.count)) })))
        put("warnings", .array(warnings.map { .string($0) }))
        put("tensors", .array(tensors.map { t in
            .object(JSONObject([
                ("name", .string(t.name)), ("dtype", .string(t.dtype)), ("rows_before", int(t.rowsBefore)), ("rows_after", int(t.rowsAfter)),
                ("rules", .object(JSONObject(t.rules.map { ($0.rule, int($0.rows)) }))),
            ]))
        }))
        put("rows", .array(rows.enumerated().map { (id, r) in
            .object(JSONObject([
                ("id", int(id)), ("piece", .string(newTable.pieceText(id))), ("rule", .string(r.rule)),
                ("sources", .array(r.sources.map { int(Int($0)) })), ("weights", .array(r.weights.map { .number("\($0)") })),
            ]))
        }))
        put("files", .array(filesWritten.map { .string($0) }))
        if !filesLeftOut.isEmpty { put("files_left_out", .array(filesLeftOut.map { .string($0) })) }
        return JSONWriter.serialize(.object(top), style: .pretty) + [0x0A]
    }

    /// A short human-readable summary.
    public func text() -> String {
        var s = "vocabulary: \(vocabularyBefore) -> \(vocabularyAfter) (\(model), init \(initMethod.rawValue))\n"
        let copiedTotal = copied.reduce(0) { $0 + $1.count }
        s += "copied rows: \(copiedTotal)" + (copied.isEmpty ? "" : " (" + copied.map { "\($0.rule) \($0.count)" }.joined(separator: ", ") + ")") + "\n"
        s += "rows by rule: " + rowsByRule.map { "\($0.rule) \($0.rows)" }.joined(separator: ", ") + "\n"
        for w in warnings { s += "warning: \(w)\n" }
        s += "files: " + filesWritten.joined(separator: ", ") + "\n"
        if !filesLeftOut.isEmpty { s += "left out: " + filesLeftOut.joined(separator: ", ") + "\n" }
        return s
    }
}
