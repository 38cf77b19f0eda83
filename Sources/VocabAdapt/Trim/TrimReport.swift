import VocabCore

/// What a trim did: sizes before and after, coverage, and the id map (`trim-report.json`).
public struct TrimReport: Sendable {
    public var tokenizer: String
    public var format: String
    public var model: String
    public var corpus: [String]
    public var corpusLines = 0
    public var corpusTokens = 0
    /// Share of the corpus's tokens (original segmentation) whose ids are kept.
    public var corpusCoverage = 1.0
    public var minFrequency = 2
    public var maxVocabulary: Int?
    public var vocabularyBefore = 0
    public var vocabularyAfter = 0
    public var mined = 0
    public var keptByRule = 0
    public var keptForClosure = 0
    public var mergesBefore = 0
    public var mergesAfter = 0
    public var tensors: [EmbeddingTrim.SlicedTensor] = []
    public var embeddingBytesBefore = 0
    public var embeddingBytesAfter = 0
    public var tokenizerBytesBefore = 0
    public var tokenizerBytesAfter = 0
    /// Held-out coverage, original and trimmed, when held-out text was given.
    public var heldOut: HeldOut?
    /// Lines of the corpus whose tokens changed, when verified.
    public var changedLines: Int?
    public var filesWritten: [String] = []
    /// Files of the input model folder not carried over, each with the reason in parentheses.
    public var filesLeftOut: [String] = []
    public var newToOld: [Int32] = []

    /// Held-out text encoded with both tokenizers.
    public struct HeldOut: Sendable {
        public var files: [String]
        /// Tokens of the original and of the trimmed tokenizer.
        public var tokensBefore: Int
        public var tokensAfter: Int
        /// Share of the original tokens whose ids are kept (so they are still produced as they were).
        public var coverage: Double
        /// Share of tokens that are the unknown token or byte pieces, original and trimmed.
        public var fallbackBefore: Double
        public var fallbackAfter: Double
    }

    public var embeddingParametersBefore: Int { tensors.reduce(0) { $0 + $1.parametersBefore } }
    public var embeddingParametersAfter: Int { tensors.reduce(0) { $0 + $1.parametersAfter } }

    /// The report as JSON (`trim-report.json`).
    public func json() -> String {
        func list(_ items: [String]) -> String { "[" + items.map(JSONText.quoted).joined(separator: ",") + "]" }
        var s = "{\n"
        s += "  \"tokenizer\": \(JSONText.quoted(tokenizer)),\n  \"format\": \(JSONText.quoted(format)),\n"
        s += "  \"model\": \(JSONText.quoted(model)),\n"
        s += "  \"corpus\": {\"files\": \(list(corpus)), \"lines\": \(corpusLines), \"tokens\": \(corpusTokens), \"coverage\": \(corpusCoverage)},\n"
        s += "  \"min_frequency\": \(minFrequency),\n  \"max_vocab\": \(maxVocabulary.map(String.init) ?? "null"),\n"
        s += "  \"vocab_size\": {\"before\": \(vocabularyBefore), \"after\": \(vocabularyAfter)},\n"
        s += "  \"kept\": {\"mined\": \(mined), \"rules\": \(keptByRule), \"closure\": \(keptForClosure)},\n"
        s += "  \"merges\": {\"before\": \(mergesBefore), \"after\": \(mergesAfter)},\n"
        s += "  \"tokenizer_bytes\": {\"before\": \(tokenizerBytesBefore), \"after\": \(tokenizerBytesAfter)},\n"
        s += "  \"embeddings\": {\"parameters_before\": \(embeddingParametersBefore), \"parameters_after\": \(embeddingParametersAfter), "
        s += "\"bytes_before\": \(embeddingBytesBefore), \"bytes_after\": \(embeddingBytesAfter), \"tensors\": ["
        s += tensors.map {
            "{\"name\": \(JSONText.quoted($0.name)), \"rows_before\": \($0.rowsBefore), \"rows_after\": \($0.rowsAfter), "
                + "\"parameters_before\": \($0.parametersBefore), \"parameters_after\": \($0.parametersAfter)}"
        }.joined(separator: ", ")
        s += "]},\n"
        if let h = heldOut {
            s += "  \"held_out\": {\"files\": \(list(h.files)), \"tokens_before\": \(h.tokensBefore), "
            s += "\"tokens_after\": \(h.tokensAfter), \"coverage\": \(h.coverage), "
            s += "\"fallback_before\": \(h.fallbackBefore), \"fallback_after\": \(h.fallbackAfter)},\n"
        }
        if let changedLines { s += "  \"changed_lines\": \(changedLines),\n" }
        s += "  \"files\": \(list(filesWritten)),\n"
        if !filesLeftOut.isEmpty { s += "  \"files_left_out\": \(list(filesLeftOut)),\n" }
        s += "  \"new_to_old\": [" + newToOld.map(String.init).joined(separator: ",") + "]\n}\n"
        return s
    }

    /// A short human summary.
    public func text() -> String {
        var s = "vocabulary: \(vocabularyBefore) -> \(vocabularyAfter) (mined \(mined), by rule \(keptByRule), closure \(keptForClosure))\n"
        if mergesBefore > 0 { s += "merges: \(mergesBefore) -> \(mergesAfter)\n" }
        s += "corpus: \(corpusLines) lines, \(corpusTokens) tokens, \(percent(corpusCoverage)) of tokens kept\n"
        if !tensors.isEmpty {
            s += "embedding parameters: \(embeddingParametersBefore) -> \(embeddingParametersAfter) ("
                + tensors.map { "\($0.name) \($0.rowsBefore) -> \($0.rowsAfter) rows" }.joined(separator: ", ") + ")\n"
        }
        if let h = heldOut {
            s += "held-out: \(percent(h.coverage)) of tokens kept; \(h.tokensBefore) -> \(h.tokensAfter) tokens, "
                + "unknown or byte tokens \(percent(h.fallbackBefore)) -> \(percent(h.fallbackAfter))\n"
        }
        if let changedLines { s += "corpus lines whose tokens changed: \(changedLines)\n" }
        if !filesWritten.isEmpty { s += "wrote: " + filesWritten.joined(separator: ", ") + "\n" }
        if !filesLeftOut.isEmpty {
            s += "left out: " + filesLeftOut.joined(separator: ", ") + "\n"
        }
        return s
    }

    private func percent(_ x: Double) -> String {
        let hundredths = Int((x * 10000).rounded())
        let frac = hundredths % 100
        return "\(hundredths / 100).\(frac < 10 ? "0" : "")\(frac)%"
    }
}
