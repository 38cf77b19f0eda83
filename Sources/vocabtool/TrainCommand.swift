import ArgumentParser
import VocabCore
import VocabTraining

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a tokenizer on text files (or count files) and write a tokenizer.json.",
        discussion: """
            --model bpe with --pre-tokenizer byte-level trains exactly as HF tokenizers' BpeTrainer \
            with initial_alphabet=ByteLevel.alphabet() and ByteLevel(add_prefix_space=False): the \
            same vocabulary and the same merges in the same order.
            """)

    enum Model: String, ExpressibleByArgument {
        case bpe
        case unigram
    }

    @Option(name: .long, help: "The model to train: bpe (HF BpeTrainer) or unigram (SentencePiece-style EM).")
    var model: Model = .bpe

    @Option(name: .long, help: "The vocabulary size: special tokens + alphabet + merges.")
    var vocabSize: Int

    @Option(name: .long, help: "Merge a pair only when it occurs at least this often.")
    var minFrequency: UInt64 = 0

    @Option(name: .long, help: "Special tokens (comma-separated), given the first ids.")
    var specialTokens: String?

    @Option(name: .long, help: "HF's max_token_length: tokens stay shorter than this many characters.")
    var maxTokenLength: Int?

    @Option(name: .long, help: "Unigram: the share of character occurrences kept characters cover (SentencePiece's character_coverage).")
    var characterCoverage: Double = 0.9995

    @OptionGroup var counting: CountingOptions

    @Argument(help: "Text files (or count files with --from-counts).")
    var inputs: [String]

    func validate() throws {
        if vocabSize < 1 { throw ValidationError("--vocab-size must be positive") }
        if let maxTokenLength, maxTokenLength < 1 { throw ValidationError("--max-token-length must be positive") }
        if inputs.isEmpty { throw ValidationError("give at least one input file") }
        if !(characterCoverage > 0 && characterCoverage <= 1) {
            throw ValidationError("--character-coverage must be in (0, 1]")
        }
        if model == .unigram && (maxTokenLength != nil || minFrequency != 0) {
            throw ValidationError("--max-token-length and --min-frequency are BPE settings")
        }
    }

    func run() throws {
        try reportingErrors {
            try counting.checkOutput()
            let specials = specialTokens.map { $0.split(separator: ",").map(String.init) } ?? []
            switch model {
            case .bpe: try trainBPE(specials)
            case .unigram: try trainUnigram(specials)
            }
        }
    }

    private func trainBPE(_ specials: [String]) throws {
        let (counts, settings) = try counting.wordCounts(inputs, preferring: .byteLevel)
        var options = BPETrainingOptions(vocabSize: vocabSize)
        options.minFrequency = minFrequency
        options.maxTokenLength = maxTokenLength
        options.specialTokens = specials
        switch settings.preTokenizer {
        case .byteLevel:
            options.symbols = .bytes
            options.initialAlphabet = ByteLevelAlphabet.characters
        case .metaspace, .sentencePiece:
            options.symbols = .characters
        }
        let progress = ProgressLine("merging", unit: .tokens, quiet: counting.quiet)
        let trained = try BPETrainer(options: options).train(counts) { progress.update($0, of: $1) }
        progress.finish()
        try FileIO.writeAtomically(trained.tokenizerJSON(settings: settings), to: counting.output)
    }

    private func trainUnigram(_ specials: [String]) throws {
        let (counts, settings) = try counting.wordCounts(inputs, preferring: .sentencePiece)
        guard settings.preTokenizer != .byteLevel else {
            throw VocabError("Unigram trains on character words: use --pre-tokenizer sentencepiece or metaspace")
        }
        var options = UnigramTrainingOptions(vocabSize: vocabSize)
        options.characterCoverage = characterCoverage
        options.specialTokens = specials
        let progress = ProgressLine("pruning", unit: .tokens, quiet: counting.quiet)
        let trained = try UnigramTrainer(options: options).train(counts) { left, target in
            progress.update(target, of: max(left, target))
        }
        progress.finish()
        try FileIO.writeAtomically(trained.tokenizerJSON(settings: settings), to: counting.output)
    }
}
