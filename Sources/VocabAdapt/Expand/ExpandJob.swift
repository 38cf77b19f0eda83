import VocabCore

/// What `vocabtool expand` is asked to do.
public struct ExpandRequest: Sendable {
    public var tokenizer: String
    public var pattern: String?
    /// A file of tokens to add, one a line, in the vocabulary's notation (`Ġword`, `▁word`, `##ing`).
    public var tokensFile: String?
    /// Target-language text: measured before and after (fertility in the report).
    public var corpus: [String] = []
    public var embeddings: String?
    public var tensors: [String]?
    public var initMethod: EmbeddingInitMethod = .mean
    public var padToMultipleOf: Int?
    public var config: String?
    public var seed: UInt64 = 0
    public var force = false
    public var output: String
    public var onInvalidUTF8: InvalidUTF8Policy = .fail

    public init(tokenizer: String, output: String) {
        self.tokenizer = tokenizer
        self.output = output
    }
}

/// Runs `vocabtool expand`: adds the tokens, writes the expanded tokenizer, the embeddings with
/// initialized new rows, an updated config and `expand-report.json` into a folder that appears
/// only when everything succeeded.
public enum ExpandJob {
    public static func run(_ request: ExpandRequest, progress: ((String) -> Void)? = nil) throws -> ExpandReport {
        guard let tokensFile = request.tokensFile else { throw VocabError("give --tokens FILE") }
        if let p = request.padToMultipleOf, p < 1 { throw VocabError("--pad-to-multiple-of must be at least 1") }
        if request.padToMultipleOf != nil && request.embeddings == nil { throw VocabError("--pad-to-multiple-of needs --embeddings") }
        if request.tensors != nil && request.embeddings == nil { throw VocabError("--tensor needs --embeddings") }
        let folder = try OutputFolder(destination: request.output, replace: request.force)

        let (tokenizer, source) = try TokenizerLoader.load(path: request.tokenizer, pattern: request.pattern)
        guard source.format == .huggingFace || source.format == .sentencePiece else {
            throw VocabError("expand reads tokenizer.json and SentencePiece .model files, not \(source.format.rawValue)", file: source.file)
        }
        let original = try FileIO.read(source.file)
        var table = tokenizer.table
        if source.format == .huggingFace && tokenizer.modelType == "BPE" && table.merges.isEmpty {
            table.merges = try HFVocabularySubset.bpeMerges(original, table: table, file: source.file).merges
        }
        let model = try ExpansionModel.of(modelType: tokenizer.modelType, table: table)
        let pieces = try readTokens(tokensFile)
        let result = VocabularyExpansion.addTokens(pieces, to: table, model: model)
        guard !result.added.isEmpty else {
            let reasons = result.skipped.prefix(3).map { "\"\(String(decoding: $0.piece, as: UTF8.self))\": \($0.reason)" }
            throw VocabError("no token was added (\(result.skipped.count) skipped; \(reasons.joined(separator: "; ")))", file: tokensFile)
        }

        var report = ExpandReport(tokenizer: source.file, format: source.format.rawValue, model: tokenizer.modelType)
        report.vocabularyBefore = table.count
        report.vocabularyAfter = result.table.count
        report.mergesAdded = result.table.merges.count - table.merges.count
        report.initMethod = request.embeddings == nil ? nil : request.initMethod
        report.result = result
        report.baseTable = table

        for (name, bytes) in try ExpandedTokenizerFiles.files(source: source, original: original, result: result, baseCount: table.count) {
            try FileIO.writeAtomically(bytes, to: folder.file(name))
            report.filesWritten.append(name)
        }

        var rows = result.table.count
        if let embeddings = request.embeddings {
            progress?("initializing \(result.added.count) embedding rows (\(request.initMethod))")
            let checkpoint = try SafetensorsCheckpoint(path: embeddings)
            let expansion = try EmbeddingExpansion(
                checkpoint: checkpoint, vocabularySize: table.count, origins: result.origins(baseCount: table.count, model: model),
                method: request.initMethod, seed: request.seed, tensorNames: request.tensors, padToMultipleOf: request.padToMultipleOf)
            report.tensors = expansion.expanded
            report.rowMethods = expansion.rowMethods
            rows = expansion.rowsAfter ?? rows
            report.filesWritten += try expansion.write(into: folder.path)
        }
        if let config = request.config {
            try FileIO.writeAtomically(try TrimJob.updatedConfig(config, vocabularySize: rows), to: folder.file("config.json"))
            report.filesWritten.append("config.json")
        }

        // Reload the written tokenizer: it must load, and it measures the corpus.
        let (expanded, _) = try TokenizerLoader.load(path: folder.path)
        guard expanded.table.count == result.table.count else {
            throw VocabError("the written tokenizer has \(expanded.table.count) ids, expected \(result.table.count)")
        }
        if !request.corpus.isEmpty {
            progress?("measuring the corpus before and after")
            let before = try CorpusCounts(tokenizer: tokenizer, files: request.corpus, policy: request.onInvalidUTF8)
            let after = try CorpusCounts(tokenizer: expanded, files: request.corpus, policy: request.onInvalidUTF8)
            report.corpus = ExpandReport.CorpusFigures(files: request.corpus, lines: before.lines, tokensBefore: before.tokens, tokensAfter: after.tokens)
        }
        report.filesWritten.append("expand-report.json")
        try FileIO.writeAtomically(report.json(), to: folder.file("expand-report.json"))
        try folder.commit()
        return report
    }

    /// The non-empty lines of a tokens file (a trailing CR is dropped; spaces are kept).
    static func readTokens(_ file: String) throws -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        try TextLines.forEach(in: try FileIO.read(file), file: file, policy: .fail) { line, _ in
            var end = line.count
            if end > 0, line[end - 1] == 0x0D { end -= 1 }
            if end > 0 { pieces.append(Array(line[0..<end])) }
        }
        return pieces
    }
}
