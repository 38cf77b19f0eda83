/// What `vocabtool inspect` reports about a tokenizer.
public struct TokenizerReport: Sendable {
    public var file: String
    public var format: TokenizerFormat
    public var modelType: String
    public var vocabularySize: Int
    public var kindCounts: [(kind: TokenKind, count: Int)]
    public var specialTokens: [(id: Int32, piece: String)]
    public var pipeline: [(stage: String, value: String)]
    /// Share of pieces per script (ISO 15924), largest first; pieces whose decoded text has no
    /// letter count as "Zyyy".
    public var scriptShares: [(script: String, share: Double)]

    public init(_ tokenizer: any TokenizerBackend, source: TokenizerLoader.Source) {
        let table = tokenizer.table
        file = source.file
        format = source.format
        modelType = tokenizer.modelType
        vocabularySize = table.count
        let counts = table.kindCounts
        kindCounts = TokenKind.allCases.compactMap { kind in counts[kind].map { (kind, $0) } }
        specialTokens = (0..<table.count).compactMap { id in
            table.kinds[id] == .control || table.kinds[id] == .unknown || table.kinds[id] == .userDefined
                ? (Int32(id), table.pieceText(id)) : nil
        }
        pipeline = tokenizer.pipelineSummary
        var scriptCounts: [String: Int] = [:]
        for id in 0..<table.count where table.kinds[id] == .normal {
            let text = (try? tokenizer.decode([Int32(id)])) ?? []
            let script = text.withUnsafeBufferPointer { Scripts.dominant(in: $0) }
            scriptCounts[script, default: 0] += 1
        }
        let total = max(1, scriptCounts.values.reduce(0, +))
        scriptShares = scriptCounts.map { ($0.key, Double($0.value) / Double(total)) }
            .sorted { $0.share > $1.share || ($0.share == $1.share && $0.script < $1.script) }
    }

    /// A human-readable report.
    public func text() -> String {
        var s = "file: \(file)\nformat: \(format.rawValue)\nmodel: \(modelType)\nvocabulary size: \(vocabularySize)\n"
        s += "kinds: " + kindCounts.map { "\($0.kind) \($0.count)" }.joined(separator: ", ") + "\n"
        let shown = specialTokens.prefix(20).map { "\($0.piece)=\($0.id)" }.joined(separator: " ")
        s += "special tokens (\(specialTokens.count)): \(shown)\(specialTokens.count > 20 ? " ..." : "")\n"
        for stage in pipeline { s += "\(stage.stage): \(stage.value)\n" }
        s += "scripts: "
            + scriptShares.prefix(12).map { "\($0.script) \(percent($0.share))" }.joined(separator: ", ") + "\n"
        return s
    }

    /// The report as one JSON object.
    public func json() -> String {
        var s = "{\"file\":\(JSONText.quoted(file)),\"format\":\(JSONText.quoted(format.rawValue)),"
        s += "\"model\":\(JSONText.quoted(modelType)),\"vocab_size\":\(vocabularySize),\"kinds\":{"
        s += kindCounts.map { "\(JSONText.quoted($0.kind.description)):\($0.count)" }.joined(separator: ",")
        s += "},\"special_tokens\":["
        s += specialTokens.map { "{\"id\":\($0.id),\"piece\":\(JSONText.quoted($0.piece))}" }.joined(separator: ",")
        s += "],\"pipeline\":{"
        s += pipeline.map { "\(JSONText.quoted($0.stage)):\(JSONText.quoted($0.value))" }.joined(separator: ",")
        s += "},\"scripts\":{"
        s += scriptShares.map { "\(JSONText.quoted($0.script)):\($0.share)" }.joined(separator: ",")
        s += "}}\n"
        return s
    }

    private func percent(_ x: Double) -> String {
        let tenths = Int((x * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
