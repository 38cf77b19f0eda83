import VocabCore

/// How `transplant` computes the rows of new tokens that the base vocabulary does not share.
public enum TransplantInit: String, Sendable, CaseIterable {
    /// The mean of the base rows of the base tokenizer's segmentation of the token's string (FVT).
    case subword
    /// Weights found by orthogonal matching pursuit among the shared tokens in a donor model that
    /// already uses the new tokenizer, applied to the base rows of the same shared tokens.
    case omp
    /// Normal draws with each column's mean and standard deviation over the base rows.
    case random
}

/// What `vocabtool transplant` is asked to do.
public struct TransplantRequest: Sendable {
    /// The base model folder.
    public var model: String
    /// The new tokenizer (a file or a folder, any format vocabtool reads).
    public var tokenizer: String
    public var pattern: String?
    /// A model folder whose tokenizer is the new one (for `omp`).
    public var donor: String?
    public var initMethod: TransplantInit = .subword
    /// The number of atoms of `omp`.
    public var ompK = 64
    public var tensors: [String]?
    public var seed: UInt64 = 0
    public var force = false
    public var output: String

    public init(model: String, tokenizer: String, output: String) {
        self.model = model
        self.tokenizer = tokenizer
        self.output = output
    }
}

/// Runs `vocabtool transplant`: moves a model onto a new tokenizer. Rows of tokens both
/// vocabularies share (`SharedTokens`) are copied bit for bit; every other row is computed by the
/// chosen method from the base's own matrix (input embeddings and an untied head each from their
/// own rows). The output folder — the new tokenizer's files, `tokenizer_config.json` and
/// `special_tokens_map.json` made for it, the weights, the rest of the base folder with its
/// config's ids and `vocab_size` rewritten (ids of special tokens the new tokenizer lacks become
/// null), and `transplant-report.json` — appears only when everything succeeded.
public enum TransplantJob {
    public static func run(_ request: TransplantRequest, progress: ((String) -> Void)? = nil) throws -> TransplantReport {
        guard request.ompK >= 1 else { throw VocabError("OMP needs at least one atom per token, not \(request.ompK)") }
        if request.initMethod == .omp && request.donor == nil {
            throw VocabError("OMP needs a donor model that already uses the new tokenizer")
        }
        if request.donor != nil && request.initMethod != .omp { throw VocabError("a donor model is used by OMP only") }
        let folder = try OutputFolder(destination: request.output, replace: request.force)

        let base = try ModelFolder(model: request.model, tensors: request.tensors)
        guard let checkpoint = base.checkpoint else { throw VocabError("the base model has no weights", file: request.model) }
        let (new, newSource) = try TokenizerLoader.load(path: request.tokenizer, pattern: request.pattern)
        let shared = SharedTokens(new: new, base: base.tokenizer)
        let newTable = new.table
        let baseCount = base.vocabularySize
        guard shared.count > 0 || request.initMethod != .omp else {
            throw VocabError(
                "the new tokenizer shares no token with the base model's, so OMP has no anchors (subword or random still work)",
                file: newSource.file)
        }

        var donor: ModelFolder? = nil
        if let path = request.donor {
            let d = try ModelFolder(model: path)
            try TransplantJob.checkSameVocabulary(donor: d, new: newTable, newFile: newSource.file)
            guard d.checkpoint != nil else { throw VocabError("the donor model has no weights", file: path) }
            donor = d
        }

        // What each row is made of, per new id.
        let unshared = (0..<newTable.count).filter { shared.baseID[$0] < 0 }
        let baseNotation = TokenNotation.of(base.tokenizer)
        let newNotation = TokenNotation.of(new)
        var baseModelTable = base.tokenizer.table
        if base.tokenizerSource.format == .huggingFace && base.tokenizer.modelType == "BPE" && baseModelTable.merges.isEmpty {
            baseModelTable.merges = try HFVocabularySubset.bpeMerges(base.tokenizerBytes, table: baseModelTable, file: base.tokenizerSource.file).merges
        }
        let segmenter = PieceSegmenter(
            table: baseModelTable, model: try ExpansionModel.of(modelType: base.tokenizer.modelType, table: baseModelTable))
        let unknown = base.tokenizer.unknownID
        let origins: [NewTokenOrigin] = unshared.map { id in
            guard let surface = newNotation.surface(of: newTable.piece(id), kind: newTable.kinds[id]) else { return NewTokenOrigin(pieces: []) }
            let pieces = (segmenter.segment(baseNotation.spelling(of: surface)) ?? []).filter { $0 != unknown }
            return NewTokenOrigin(pieces: pieces)
        }

        var report = TransplantReport(
            base: request.model, tokenizer: newSource.file, format: newSource.format.rawValue, model: new.modelType,
            initMethod: request.initMethod)
        report.vocabularyBefore = baseCount
        report.vocabularyAfter = newTable.count
        report.shared = shared
        report.newTable = newTable

        progress?("computing \(unshared.count) rows (\(request.initMethod.rawValue))")
        let rows = try TransplantRows(
            checkpoint: checkpoint, tensorNames: base.vocabularyTensors, baseCount: baseCount, shared: shared, unshared: unshared,
            origins: origins, method: request.initMethod, donor: donor, ompK: request.ompK, seed: request.seed)
        report.rows = rows.recipes
        report.tensors = rows.tensors

        // The new tokenizer and the files transformers reads beside it.
        let json = try TokenizerConversion.toHuggingFace(new).serialized()
        let tokenizerFiles = try TransplantTokenizerFiles.files(
            tokenizerJSON: json, new: new, baseTokenizerConfig: base.path.flatMap { dir in
                base.files.contains("tokenizer_config.json") ? dir + "/tokenizer_config.json" : nil
            })
        for (name, bytes) in tokenizerFiles {
            try FileIO.writeAtomically(bytes, to: folder.file(name))
            report.filesWritten.append(name)
        }
        report.filesWritten += try rows.write(into: folder.path)

        // The base folder's other files; its tokenizer files are replaced, not rewritten.
        var leaving: [String: String] = [:]
        for name in base.files where TransplantTokenizerFiles.isTokenizerFile(name) && !report.filesWritten.contains(name) {
            leaving[name] = "the old tokenizer's file"
        }
        let map = try VocabularyIDMap(newToOld: shared.idMap(), oldCount: baseCount, table: newTable)
        let others = try ModelFolderWriter.write(
            base, map: map, rows: newTable.count, alreadyWritten: report.filesWritten + ["transplant-report.json"], leaving: leaving,
            into: folder, nullingUnmapped: true)
        report.filesWritten += others.written
        report.filesLeftOut = others.leftOut

        report.filesWritten.append("transplant-report.json")
        try FileIO.writeAtomically(report.json(), to: folder.file("transplant-report.json"))
        try folder.commit()
        return report
    }

    /// Checks that the donor's tokenizer is the new one, piece for piece.
    static func checkSameVocabulary(donor: ModelFolder, new: TokenTable, newFile: String) throws {
        let table = donor.tokenizer.table
        let file = donor.tokenizerSource.file
        guard table.count == new.count else {
            throw VocabError("the donor's tokenizer has \(table.count) tokens, the new tokenizer (\(newFile)) \(new.count): the donor must use the new tokenizer", file: file)
        }
        for id in 0..<table.count where table.piece(id) != new.piece(id) {
            throw VocabError(
                "the donor's tokenizer has \"\(table.pieceText(id))\" at id \(id), the new tokenizer (\(newFile)) \"\(new.pieceText(id))\": the donor must use the new tokenizer",
                file: file)
        }
    }
}

extension SharedTokens {
    /// The id map of the transplant: each base id to at most one new id, special tokens matched
    /// by role first (the config's token ids follow them), then in new-id order.
    func idMap() -> [Int32] {
        var newToOld = [Int32](repeating: -1, count: baseID.count)
        var taken = Set<Int32>()
        let order = baseID.indices.filter { rule[$0] == .role || rule[$0] == .special } + baseID.indices.filter { rule[$0] == .text || rule[$0] == .byte }
        for id in order where baseID[id] >= 0 && taken.insert(baseID[id]).inserted { newToOld[id] = baseID[id] }
        return newToOld
    }
}
