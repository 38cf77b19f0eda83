import ArgumentParser
import VocabCore
import VocabTraining

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a tokenizer on text files (or count files) and write a tokenizer.json or a SentencePiece .model.",
        discussion: """
            --model bpe with --pre-tokenizer byte-level trains exactly as HF tokenizers' BpeTrainer \
            with initial_alphabet=ByteLevel.alphabet() and ByteLevel(add_prefix_space=False): the \
            same vocabulary and the same merges in the same order. --model wordpiece trains as HF's \
            WordPieceTrainer (the BPE trainer with the ## continuing-subword prefix; [UNK] must be \
            among the special tokens, and is the only one when none are given); its default \
            pre-tokenizer is bert (HF BertPreTokenizer); add --normalizer bert for BERT's lowercasing \
            normalizer. --byte-fallback adds the 256 <0xNN> byte tokens after the special tokens \
            (BPE with a character pre-tokenizer: metaspace, sentencepiece, whitespace or bert; Unigram, \
            as SentencePiece's byte_fallback). --model unigram trains as SentencePiece does, normalizing \
            with SentencePiece's nmt_nfkc rule (built from ICU) unless --normalizer none; both outputs \
            carry the rule. --to spm writes a .model (Unigram, and BPE over metaspace or sentencepiece \
            words); byte-level BPE cannot be one.
            """)

    enum Target: String, ExpressibleByArgument { case hf, spm }

    enum Model: String, ExpressibleByArgument {
        case bpe
        case unigram
        case wordpiece
    }

    @Option(name: .long, help: "The model to train: bpe (HF BpeTrainer), unigram (SentencePiece-style EM) or wordpiece (HF WordPieceTrainer).")
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

    @Flag(name: .long, help: "BPE and Unigram: add the 256 byte tokens <0x00>…<0xFF> after the special tokens; the model falls back to them for characters it lacks.")
    var byteFallback = false

    @Option(name: .long, help: "hf (tokenizer.json, the default) or spm (SentencePiece .model).")
    var to: Target = .hf

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
        if byteFallback && model == .wordpiece { throw ValidationError("--byte-fallback is available for --model bpe and unigram") }
        if to == .spm && model == .wordpiece { throw ValidationError("WordPiece cannot be a SentencePiece model (use --to hf)") }
    }

    func run() throws {
        try reportingErrors {
            try counting.out.checkWritable()
            let specials = specialTokens.map { $0.split(separator: ",").map(String.init) } ?? []
            switch model {
            case .bpe: try trainBPE(specials, wordPiece: false)
            case .wordpiece: try trainBPE(specials.isEmpty ? [TrainedBPE.wordPieceUnknownToken] : specials, wordPiece: true)
            case .unigram: try trainUnigram(specials)
            }
        }
    }

    /// BPE, or WordPiece (HF's WordPieceTrainer: BPE with the `##` prefix).
    private func trainBPE(_ specials: [String], wordPiece: Bool) throws {
        if wordPiece && !specials.contains(TrainedBPE.wordPieceUnknownToken) {
            throw VocabError("WordPiece needs its unknown token \(TrainedBPE.wordPieceUnknownToken) among --special-tokens")
        }
        let byteFallbackNeedsCharacters =
            "--byte-fallback needs a character pre-tokenizer (metaspace, sentencepiece, whitespace or bert): byte-level BPE already covers every byte"
        if byteFallback && !counting.fromCounts && (counting.preTokenizer ?? .byteLevel).isByteLevel {
            throw VocabError(byteFallbackNeedsCharacters)
        }
        let (counts, settings) = try counting.wordCounts(inputs, preferring: wordPiece ? .bert : .byteLevel)
        var options = BPETrainingOptions(vocabSize: vocabSize)
        options.minFrequency = minFrequency
        options.maxTokenLength = maxTokenLength
        options.specialTokens = specials
        if wordPiece { options.continuingSubwordPrefix = "##" }
        options.byteFallback = byteFallback
        if settings.preTokenizer.isByteLevel {
            guard !byteFallback else { throw VocabError(byteFallbackNeedsCharacters) }
            options.symbols = .bytes
            // HF's WordPieceTrainer has no initial alphabet.
            if !wordPiece { options.initialAlphabet = ByteLevelAlphabet.characters }
        } else {
            options.symbols = .characters
        }
        let progress = ProgressLine("merging", unit: .tokens, quiet: counting.quiet)
        let trained = try BPETrainer(options: options).train(counts) { progress.update($0, of: $1) }
        progress.finish()
        switch to {
        case .hf:
            try FileIO.writeAtomically(try trained.tokenizerJSON(settings: settings), to: counting.out.output)
        case .spm:
            guard settings.preTokenizer == .metaspace || settings.preTokenizer == .sentencePiece else {
                throw VocabError(
                    "a SentencePiece model has \u{2581}-prefixed words: train BPE with --pre-tokenizer metaspace or sentencepiece (\(settings.preTokenizer.rawValue) BPE cannot be one; use --to hf)")
            }
            guard settings.normalizer == .none || settings.normalizer == .nmtNFKC else {
                throw VocabError("a SentencePiece model normalizes with a charsmap: use --normalizer nmt-nfkc or none")
            }
            guard specials.contains("<unk>") else {
                throw VocabError("a SentencePiece model needs an unknown piece: add <unk> to --special-tokens")
            }
            let model = try trained.sentencePieceModel(settings: settings)
            try FileIO.writeAtomically(try SentencePieceTokenizer(model: model).serialized(), to: counting.out.output)
        }
    }

    private func trainUnigram(_ specials: [String]) throws {
        let (counts, settings) = try counting.wordCounts(inputs, preferring: .sentencePiece, normalizedBy: .nmtNFKC)
        guard settings.preTokenizer == .sentencePiece || settings.preTokenizer == .metaspace else {
            throw VocabError("Unigram trains on ▁-prefixed words: use --pre-tokenizer sentencepiece or metaspace")
        }
        guard settings.normalizer == .none || settings.normalizer == .nmtNFKC else {
            throw VocabError(
                "Unigram normalizes as SentencePiece does, with a charsmap: use --normalizer nmt-nfkc (the default) or none")
        }
        var options = UnigramTrainingOptions(vocabSize: vocabSize)
        options.characterCoverage = characterCoverage
        options.specialTokens = specials
        options.byteFallback = byteFallback
        let progress = ProgressLine("pruning", unit: .tokens, quiet: counting.quiet)
        let trained = try UnigramTrainer(options: options).train(counts) { left, target in
            progress.update(target, of: max(left, target))
        }
        progress.finish()
        let model = try SentencePieceTokenizer(model: try trained.sentencePieceModel(settings: settings))
        let output: any TokenizerBackend = to == .spm ? model : try TokenizerConversion.toHuggingFace(model)
        try FileIO.writeAtomically(try output.serialized(), to: counting.out.output)
    }
}
