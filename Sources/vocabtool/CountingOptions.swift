import ArgumentParser
import VocabCore
import VocabTraining

/// How `count` and `train` turn text into word counts, and where they write.
struct CountingOptions: ParsableArguments {
    @Option(name: .long, help: """
        Normalization before pre-tokenization: none, nfc, nfkc (ICU, as HF's NFC/NFKC), bert (HF \
        BertNormalizer: clean text, CJK spacing, strip accents, lowercase) or nmt-nfkc (SentencePiece's \
        default rule as a charsmap; the default for Unigram, otherwise none).
        """)
    var normalizer: TrainingNormalizer?

    @Option(name: .long, help: """
        How lines are cut into words: byte-level (GPT-2 style, HF ByteLevel without prefix space; \
        the default for BPE), metaspace (HF Metaspace: ▁ for spaces and in front), sentencepiece \
        (SentencePiece: line end and extra whitespace dropped, ▁ before each word; the default for Unigram), \
        whitespace (HF Whitespace: \\w+|[^\\w\\s]+) or bert (HF BertPreTokenizer: whitespace and each \
        punctuation character; the default for WordPiece).
        """)
    var preTokenizer: TrainingPreTokenizer?

    @Flag(name: .long, help: "Romanize each line (as `vocabtool romanize` without --language) before normalization; recorded in count files.")
    var romanize = false

    @OptionGroup var input: TextInputOptions

    @Flag(name: .long, help: "The inputs are count files (from `vocabtool count`), merged by summing.")
    var fromCounts = false

    @Flag(name: .long, help: "No progress on stderr.")
    var quiet = false

    @OptionGroup var out: OutputOptions

    /// The settings to count with; `preferred` is the pre-tokenizer and `normalizedBy` the
    /// normalizer when none is given.
    func settings(preferring preferred: TrainingPreTokenizer, normalizedBy defaultNormalizer: TrainingNormalizer = .none) -> CountSettings {
        CountSettings(normalizer: normalizer ?? defaultNormalizer, preTokenizer: preTokenizer ?? preferred, romanize: romanize)
    }

    /// The word counts of the inputs: counted from text, or read and merged from count files
    /// (whose recorded settings must agree with each other; they replace the options given).
    func wordCounts(
        _ inputs: [String], preferring preferred: TrainingPreTokenizer = .byteLevel,
        normalizedBy defaultNormalizer: TrainingNormalizer = .none
    ) throws -> (counts: WordCounts, settings: CountSettings) {
        if fromCounts {
            let (recorded, counts) = try CountFile.read(inputs)
            return (counts, recorded)
        }
        let progress = ProgressLine("counting", unit: .bytes, quiet: quiet)
        defer { progress.finish() }
        let counter = WordCounter(settings: settings(preferring: preferred, normalizedBy: defaultNormalizer), policy: input.onInvalid)
        let counts = try counter.count(files: inputs) { progress.update($0, of: $1) }
        return (counts, counter.settings)
    }
}

extension TrainingNormalizer: ExpressibleByArgument {}
extension TrainingPreTokenizer: ExpressibleByArgument {}
