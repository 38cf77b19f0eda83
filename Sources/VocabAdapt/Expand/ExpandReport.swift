import VocabCore

/// What `vocabtool expand` did: written as `expand-report.json` and printed.
public struct ExpandReport: Sendable {
    /// Token counts of the target corpus with the base and the expanded tokenizer.
    public struct CorpusFigures: Sendable {
        public var files: [String]
        public var lines: Int
        public var tokensBefore: Int
        public var tokensAfter: Int
    }

    public var tokenizer: String
    public var format: String
    public var model: String
    public var vocabularyBefore = 0
    public var vocabularyAfter = 0
    public var mergesAdded = 0
    public var initMethod: EmbeddingInitMethod?
    public var result: ExpansionResult?
    /// The base table (to name the pieces of each new token's decomposition).
    public var baseTable: TokenTable?
    public var tensors: [EmbeddingExpansion.ExpandedTensor] = []
    public var rowMethods: [EmbeddingInitMethod] = []
    public var corpus: CorpusFigures?
    /// One entry per held-out file.
    public var heldOut: [CorpusFigures] = []
    /// `--add N`, when tokens were learned from the corpus.
    public var requestedCount: Int?
    /// Corpus words (counted with repeats) holding characters the vocabulary can write only as
    /// the unknown token (a model without byte fallback).
    public var unrepresentableWords = 0
    /// Of those, the words whose text was lost while reading the corpus (a SentencePiece model
    /// without byte fallback encodes them as the unknown token), so nothing is learned from them.
    public var lostWords = 0
    /// How `--add` chose the tokens.
    public var method: ExpansionMethod?
    /// The scripts every learned token holds a character of (nil: no restriction).
    public var targetScripts: [String]?
    /// Whether `targetScripts` were detected in the corpus (rather than given).
    public var scriptsDetected = false
    public var filesWritten: [String] = []
    /// Files of the input model folder not carried over, each with the reason in parentheses.
    public var filesLeftOut: [String] = []

    public init(tokenizer: String, format: String, model: String) {
        self.tokenizer = tokenizer
        self.format = format
        self.model = model
    }

    func pieceText(_ piece: [UInt8]) -> JSONValue { .string(String(decoding: piece, as: UTF8.self)) }

    /// The report as pretty-printed JSON.
    public func json() -> [UInt8] {
        var top = JSONObject()
        func put(_ key: String, _ value: JSONValue) { top.members.append((key, value)) }
        func int(_ n: Int) -> JSONValue { .number(String(n)) }
        put("tokenizer", .string(tokenizer))
        put("format", .string(format))
        put("model", .string(model))
        put("vocab_size", .object(JSONObject([("before", int(vocabularyBefore)), ("after", int(vocabularyAfter))])))
        put("merges_added", int(mergesAdded))
        put("add", requestedCount.map(int) ?? .null)
        if requestedCount != nil {
            put("method", method.map { .string($0.rawValue) } ?? .null)
            put("target_scripts", targetScripts.map { .array($0.map { .string($0) }) } ?? .null)
            put("target_scripts_detected", .bool(scriptsDetected))
            put("unrepresentable_words", int(unrepresentableWords))
            put("lost_words", int(lostWords))
        }
        put("init", initMethod.map { .string($0.rawValue) } ?? .null)
        if let result {
            let requested = result.added.filter(\.requested).count
            put("added", .object(JSONObject([("requested", int(requested)), ("merge_steps", int(result.added.count - requested))])))
            put("skipped", .array(result.skipped.map { .object(JSONObject([("piece", pieceText($0.piece)), ("reason", .string($0.reason))])) }))
            let table = result.table
            put("new_tokens", .array(result.added.enumerated().map { (k, token) in
                var entry = JSONObject()
                entry.members.append(("id", int(Int(token.id))))
                entry.members.append(("piece", pieceText(token.piece)))
                entry.members.append(("requested", .bool(token.requested)))
                entry.members.append(("score", .number(token.score.isFinite ? "\(token.score)" : "0.0")))
                entry.members.append(("base_pieces", .array(token.basePieces.map { pieceText(table.piece(Int($0))) })))
                entry.members.append(("base_ids", .array(token.basePieces.map { int(Int($0)) })))
                entry.members.append((
                    "parts",
                    token.parts.map { .array([pieceText(table.piece(Int($0.left))), pieceText(table.piece(Int($0.right)))]) } ?? .null
                ))
                if k < rowMethods.count { entry.members.append(("init", .string(rowMethods[k].rawValue))) }
                return .object(entry)
            }))
        }
        put("tensors", .array(tensors.map { t in
            .object(JSONObject([
                ("name", .string(t.name)), ("dtype", .string(t.dtype)), ("rows_before", int(t.rowsBefore)), ("rows_after", int(t.rowsAfter)),
                ("init", .object(JSONObject(t.methods.map { ($0.method.rawValue, int($0.rows)) }))),
            ]))
        }))
        func figures(_ f: CorpusFigures?) -> JSONValue {
            guard let c = f else { return .null }
            return .object(JSONObject([
                ("files", .array(c.files.map { .string($0) })), ("lines", int(c.lines)), ("tokens_before", int(c.tokensBefore)),
                ("tokens_after", int(c.tokensAfter)),
                ("change", .number(c.tokensBefore == 0 ? "0" : "\(Double(c.tokensAfter - c.tokensBefore) / Double(c.tokensBefore))")),
            ]))
        }
        put("corpus", figures(corpus))
        put("held_out", .array(heldOut.map { figures($0) }))
        put("files", .array(filesWritten.map { .string($0) }))
        if !filesLeftOut.isEmpty { put("files_left_out", .array(filesLeftOut.map { .string($0) })) }
        return JSONWriter.serialize(.object(top), style: .pretty) + [0x0A]
    }

    /// A short human-readable summary.
    public func text() -> String {
        var s = "vocabulary: \(vocabularyBefore) -> \(vocabularyAfter)"
        if mergesAdded > 0 { s += " (\(mergesAdded) merges appended)" }
        s += "\n"
        if let result {
            let requested = result.added.filter(\.requested).count
            if requestedCount != nil {
                if let method { s += "method: \(method.rawValue)\n" }
                if let targetScripts {
                    s += "target scripts: \(targetScripts.joined(separator: ", "))\(scriptsDetected ? " (detected in the corpus)" : "")"
                    s += "; only tokens holding their characters are learned\n"
                } else {
                    s += "target scripts: all (tokens of any script are learned)\n"
                }
            }
            if unrepresentableWords > 0 {
                s += "note: \(unrepresentableWords) corpus words hold characters this vocabulary cannot represent (no byte fallback: "
                s += "they encode as the unknown token); "
                s += lostWords > 0
                    ? "\(lostWords) of them were read as the unknown token and left out\n"
                    : "those of their characters that occur at least twice (of the target scripts) were added as pieces first\n"
            }
            if let n = requestedCount, n > result.added.count {
                s += "the corpus supplied \(result.added.count) of the \(n) tokens asked for\n"
            }
            s += "added: \(requested) \(requestedCount == nil ? "requested " : "")tokens"
            if result.added.count > requested { s += " + \(result.added.count - requested) merge steps" }
            s += "; skipped: \(result.skipped.count)\n"
            for skip in result.skipped.prefix(10) { s += "  skipped \"\(String(decoding: skip.piece, as: UTF8.self))\": \(skip.reason)\n" }
            if result.skipped.count > 10 { s += "  ... (all in expand-report.json)\n" }
        }
        for t in tensors {
            s += "\(t.name): \(t.rowsBefore) -> \(t.rowsAfter) rows; init "
            s += t.methods.map { "\($0.method) \($0.rows)" }.joined(separator: ", ") + "\n"
        }
        for (label, f) in [("corpus", corpus)] + heldOut.map({ ("held-out \($0.files.joined(separator: " "))", $0) }) {
            guard let c = f else { continue }
            let change = c.tokensBefore == 0 ? 0 : 100 * Double(c.tokensAfter - c.tokensBefore) / Double(c.tokensBefore)
            s += "\(label): \(c.tokensBefore) -> \(c.tokensAfter) tokens (\(String(format1: change))%)\n"
        }
        s += "wrote: \(filesWritten.joined(separator: ", "))\n"
        if !filesLeftOut.isEmpty {
            s += "left out: " + filesLeftOut.joined(separator: ", ") + "\n"
        }
        return s
    }
}

extension String {
    /// A number with one decimal.
    init(format1 value: Double) {
        let scaled = (value * 10).rounded()
        let sign = scaled < 0 ? "-" : ""
        let a = abs(Int(scaled))
        self = "\(sign)\(a / 10).\(a % 10)"
    }
}
