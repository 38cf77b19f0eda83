import VocabCore
import VocabTraining

/// How `--add` chooses tokens from the corpus.
public enum ExpansionMethod: String, Sendable, CaseIterable {
    /// Continued BPE training from the base segmentation (`ContinuedTraining`).
    case continueTraining = "continue"
    /// An auxiliary BPE tokenizer's merges, in its order (`AuxiliaryMerges`).
    case trainMerge = "train-merge"
    /// For Unigram vocabularies: the most probable new pieces of a Unigram model trained on the
    /// corpus (`UnigramCandidates`).
    case trainUnigram = "train-unigram"
}

/// What `vocabtool expand` is asked to do.
public struct ExpandRequest: Sendable {
    /// A Hugging Face model folder: tokenizer, weights and config at once (each overridden by
    /// `tokenizer`, `embeddings`, `config`); the output is a drop-in replacement for it.
    public var model: String?
    /// A tokenizer file or folder (needed without `model`).
    public var tokenizer: String?
    public var pattern: String?
    /// A file of tokens to add, one a line, in the vocabulary's notation (`Ġword`, `▁word`, `##ing`).
    public var tokensFile: String?
    /// Target-language text: where new tokens are learned (`add`), `align` statistics come from,
    /// and what is measured before and after.
    public var corpus: [String] = []
    /// How many tokens to learn from the corpus (instead of `tokensFile`).
    public var add: Int?
    /// How `add` chooses them.
    public var method: ExpansionMethod = .continueTraining
    /// Text measured before and after only (e.g. a held-out half, or English to show it is unchanged).
    public var heldOut: [String] = []
    /// The target scripts (ISO 15924 codes) whose characters every token learned by `add` must
    /// hold; nil detects them in the corpus; empty allows every token.
    public var scripts: [String]?
    public var embeddings: String?
    public var tensors: [String]?
    public var initMethod: EmbeddingInitMethod = .mean
    public var padToMultipleOf: Int?
    public var config: String?
    public var seed: UInt64 = 0
    public var force = false
    public var output: String
    public var onInvalidUTF8: InvalidUTF8Policy = .fail
    /// `corpus` holds word counts of the tokenizer (`TokenizerCounts`), not text: learning and
    /// script detection use them, and the corpus is not measured before and after.
    public var fromCounts = false
    /// How the corpus passes run (threads, block size); the result is the same for any.
    public var pipeline: LinePipeline = LinePipeline()

    public init(model: String? = nil, tokenizer: String?, output: String) {
        self.model = model
        self.tokenizer = tokenizer
        self.output = output
    }
}

/// Runs `vocabtool expand`: adds the tokens, writes the expanded tokenizer, the embeddings with
/// initialized new rows, the rest of the model folder (`ModelFolderWriter`) and
/// `expand-report.json` into a folder that appears only when everything succeeded.
public enum ExpandJob {
    public static func run(_ request: ExpandRequest, progress: ((String) -> Void)? = nil) throws -> ExpandReport {
        if request.tokensFile != nil && request.add != nil { throw VocabError("a tokens file and a number of tokens to learn exclude each other") }
        if request.tokensFile == nil && request.add == nil { throw VocabError("nothing to add: give a tokens file or a number of tokens to learn") }
        if let add = request.add {
            guard add >= 1 else { throw VocabError("the number of tokens to learn must be at least 1") }
            guard !request.corpus.isEmpty else { throw VocabError("learning tokens needs a corpus") }
        }
        if request.method != .continueTraining && request.add == nil { throw VocabError("method \(request.method.rawValue) learns tokens: it needs a number to learn") }
        if (request.initMethod == .align || request.initMethod == .focus) && request.corpus.isEmpty {
            throw VocabError("the \(request.initMethod) initialization needs a corpus")
        }
        if let p = request.padToMultipleOf, p < 1 { throw VocabError("the row padding multiple must be at least 1") }
        let weights = request.embeddings != nil || request.model != nil
        if request.padToMultipleOf != nil && !weights { throw VocabError("padding rows needs embeddings (or a model folder)") }
        if request.tensors != nil && !weights { throw VocabError("naming tensors needs embeddings (or a model folder)") }
        if request.fromCounts && request.corpus.isEmpty { throw VocabError("counts instead of text need count files as the corpus") }
        let folder = try OutputFolder(destination: request.output, replace: request.force)

        let input = try ModelFolder(
            model: request.model, tokenizer: request.tokenizer, pattern: request.pattern, embeddings: request.embeddings,
            config: request.config, tensors: request.tensors)
        var (tokenizer, source) = (input.tokenizer, input.tokenizerSource)
        let fingerprint = request.fromCounts ? try TokenizerCounts.fingerprint(of: tokenizer, source: source) : ""
        let inputFormat = source.format
        let original: [UInt8]
        switch source.format {
        case .tekken, .gguf:
            throw source.format.notWritable(file: source.file)
        case .huggingFace, .sentencePiece:
            original = input.tokenizerBytes
        case .tiktoken, .gpt2VocabMerges, .wordPieceVocab:
            // Rank files, vocab.json + merges.txt and vocab.txt are expanded as the tokenizer.json
            // that encodes like them (same ids), and written as one, which transformers loads directly.
            let converted = try wordTokenizer(tokenizer, format: source.format)
            original = try converted.serialized()
            tokenizer = converted
            source = TokenizerLoader.Source(file: source.file, format: .huggingFace)
        }
        var table = tokenizer.table
        if source.format == .huggingFace && tokenizer.modelType == "BPE" && table.merges.isEmpty {
            table.merges = try HFVocabularySubset.bpeMerges(original, table: table, file: source.file).merges
        }
        let model = try ExpansionModel.of(modelType: tokenizer.modelType, table: table)
        var words: CorpusWords? = nil
        var countedLetters: [Int32: Int]? = nil
        if !request.corpus.isEmpty && (request.add != nil || request.initMethod == .align) {
            progress?("reading the words of \(request.corpus.count) corpus file(s)")
            if request.fromCounts {
                let merged = try TokenizerCounts.read(request.corpus)
                try merged.check(kind: .words, tokenizer: fingerprint, file: request.corpus[0], expected: "the tokenizer \(source.file)")
                words = merged.words
                countedLetters = merged.letters
            } else {
                words = try CorpusWords(tokenizer: tokenizer, files: request.corpus, policy: request.onInvalidUTF8, pipeline: request.pipeline)
            }
        }
        // Count-file order, so text and its counts (merged from shards in any order) learn alike.
        words = words?.sortedByCount()
        var report = ExpandReport(tokenizer: source.file, format: inputFormat.rawValue, model: tokenizer.modelType)
        if let words {
            // Words only the unknown token spells (no byte fallback), and words lost to it while reading.
            let segmenter = PieceSegmenter(table: table, model: model)
            var unknown = words.unknownWords
            for (k, word) in words.words.enumerated() {
                let ids = segmenter.segment(word)
                if ids == nil || ids?.contains(where: { table.kinds[Int($0)] == .unknown }) == true { unknown += words.counts[k] }
            }
            report.unrepresentableWords = unknown
            report.lostWords = words.unknownWords
        }
        let result: ExpansionResult
        if let tokensFile = request.tokensFile {
            result = VocabularyExpansion.addTokens(try readTokens(tokensFile), to: table, model: model)
            guard !result.added.isEmpty else {
                let reasons = result.skipped.prefix(3).map { "\"\(String(decoding: $0.piece, as: UTF8.self))\": \($0.reason)" }
                throw VocabError("no token was added (\(result.skipped.count) skipped; \(reasons.joined(separator: "; ")))", file: tokensFile)
            }
        } else {
            guard let add = request.add, let words else { throw VocabError("learning tokens needs a corpus") }
            let byteLevel = TrimRules.isByteLevel(tokenizer)
            var scripts: TargetScripts? = nil
            if let names = request.scripts {
                if !names.isEmpty { scripts = try TargetScripts(names: names, byteLevel: byteLevel) }
            } else {
                let detected =
                    try countedLetters.map { TargetScripts(letters: $0, byteLevel: byteLevel) }
                    ?? TargetScripts(detectingIn: request.corpus, byteLevel: byteLevel, policy: request.onInvalidUTF8, pipeline: request.pipeline)
                guard !detected.codes.isEmpty else {
                    throw VocabError(
                        "the corpus has no letters of any script to learn tokens for (--scripts all learns tokens of digits and punctuation too)",
                        file: request.corpus.first)
                }
                scripts = detected
            }
            report.targetScripts = scripts?.names
            report.scriptsDetected = request.scripts == nil
            progress?("learning \(add) tokens (\(request.method.rawValue))")
            switch request.method {
            case .trainUnigram:
                guard model == .unigram else {
                    throw VocabError("the train-unigram method needs a Unigram vocabulary, not \(tokenizer.modelType)", file: source.file)
                }
                result = try UnigramCandidates.expand(table, corpus: words, count: add, scripts: scripts)
            case .continueTraining:
                result = ContinuedTraining.expand(table, model: model, corpus: words, count: add, scripts: scripts)
            case .trainMerge:
                result = try AuxiliaryMerges.expand(table, model: model, corpus: words, count: add, scripts: scripts)
            }
            report.method = request.method
            guard !result.added.isEmpty else {
                var why = ""
                if report.lostWords > 0 {
                    why += "\(report.lostWords) corpus words hold characters this model cannot represent and were left out "
                    why += "(it has no byte fallback, so their text reads as the unknown token); among the rest, "
                }
                why += "no pair of tokens occurs twice"
                if let scripts = report.targetScripts { why += " among tokens holding a character of \(scripts.joined(separator: ", ")) (--scripts all allows every token)" }
                throw VocabError("the corpus supplies no new token (\(why))", file: request.corpus.first)
            }
        }
        var origins = result.origins(baseCount: table.count, model: model)
        if request.initMethod == .align, let words {
            progress?("aligning the corpus")
            for (k, tuples) in CorpusAlignment.alignments(corpus: words, base: table, expanded: result.table, model: model).enumerated() {
                origins[k].alignments = tuples
            }
        }

        report.requestedCount = request.add
        report.vocabularyBefore = table.count
        report.vocabularyAfter = result.table.count
        report.mergesAdded = result.table.merges.count - table.merges.count
        report.initMethod = input.checkpoint == nil ? nil : request.initMethod
        report.result = result
        report.baseTable = table

        let tokenizerFiles = try ExpandedTokenizerFiles.files(source: source, original: original, result: result, baseCount: table.count)
        for (name, bytes) in tokenizerFiles {
            try FileIO.writeAtomically(bytes, to: folder.file(name))
            report.filesWritten.append(name)
        }

        // Reload the written tokenizer: it must load, it segments the corpus for `focus`, and it measures the corpus.
        // The first file is the tokenizer in the input's format (a .model before its tokenizer.json).
        let (expanded, _) = try TokenizerLoader.load(path: folder.file(tokenizerFiles.first?.name ?? "tokenizer.json"))
        guard expanded.table.count == result.table.count else {
            throw VocabError("the written tokenizer has \(expanded.table.count) ids, expected \(result.table.count)")
        }

        var rows = result.table.count
        if let checkpoint = input.checkpoint {
            var auxiliary: AuxiliarySpace? = nil
            if request.initMethod == .focus {
                progress?("training static embeddings on the corpus")
                auxiliary = try focusSpace(request, expanded: expanded, baseCount: table.count)
            }
            progress?("initializing \(result.added.count) embedding rows (\(request.initMethod))")
            let expansion = try EmbeddingExpansion(
                checkpoint: checkpoint, vocabularySize: table.count, origins: origins,
                method: request.initMethod, seed: request.seed, tensorNames: request.tensors, padToMultipleOf: request.padToMultipleOf,
                auxiliary: auxiliary)
            report.tensors = expansion.expanded
            report.rowMethods = expansion.rowMethods
            rows = expansion.rowsAfter ?? rows
            report.filesWritten += try expansion.write(into: folder.path)
        }
        let others = try ModelFolderWriter.write(
            input, map: try VocabularyIDMap.expansion(oldCount: table.count, table: result.table), rows: rows,
            alreadyWritten: report.filesWritten + ["expand-report.json"], into: folder)
        report.filesWritten += others.written
        report.filesLeftOut = others.leftOut

        func measure(_ files: [String]) throws -> ExpandReport.CorpusFigures? {
            guard !files.isEmpty else { return nil }
            progress?("measuring \(files.count) file(s) before and after")
            let before = try CorpusCounts(tokenizer: tokenizer, files: files, policy: request.onInvalidUTF8, pipeline: request.pipeline)
            let after = try CorpusCounts(tokenizer: expanded, files: files, policy: request.onInvalidUTF8, pipeline: request.pipeline)
            return ExpandReport.CorpusFigures(files: files, lines: before.lines, tokensBefore: before.tokens, tokensAfter: after.tokens)
        }
        report.corpus = request.fromCounts ? nil : try measure(request.corpus)
        report.heldOut = try request.heldOut.compactMap { try measure([$0]) }
        report.filesWritten.append("expand-report.json")
        try FileIO.writeAtomically(report.json(), to: folder.file("expand-report.json"))
        try folder.commit()
        return report
    }

    /// The tokenizer whose words `--add` learns from: a rank file, vocab.json + merges.txt or
    /// vocab.txt as the tokenizer.json that encodes like it (same ids); others as they are.
    public static func wordTokenizer(_ tokenizer: any TokenizerBackend, format: TokenizerFormat) throws -> any TokenizerBackend {
        switch format {
        case .tiktoken, .gpt2VocabMerges, .wordPieceVocab: return try TokenizerConversion.toHuggingFace(tokenizer)
        default: return tokenizer
        }
    }

    /// The `focus` space: static embeddings of the corpus as the expanded tokenizer segments it,
    /// anchored on the old tokens.
    static func focusSpace(_ request: ExpandRequest, expanded: any TokenizerBackend, baseCount: Int) throws -> AuxiliarySpace {
        let table = expanded.table
        let sentences = try CorpusStaticSpace.sentences(tokenizer: expanded, files: request.corpus, policy: request.onInvalidUTF8)
        var settings = StaticEmbeddingSettings()
        settings.seed = request.seed
        return try CorpusStaticSpace.train(
            sentences: sentences, pieces: CorpusStaticSpace.pieces(of: table), oldID: { Int($0) < baseCount ? $0 : nil },
            newTokens: (baseCount..<table.count).map { Int32($0) }, settings: settings)
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
