import ArgumentParser
import VocabAdapt
import VocabCore
import VocabTraining

struct Count: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Count the pre-tokenized words (or a tokenizer's words or token ids) of text files into a count file, or merge count files.",
        discussion: """
            Lines are read as HF tokenizers' Tokenizer.train(files) reads them (trailing newline \
            included), normalized, pre-tokenized and counted on --threads threads (default: all \
            cores; the file is the same for any number); only the distinct words are held in \
            memory. Count shards anywhere, then merge them with `vocabtool count --from-counts` or \
            train on them with `vocabtool train --from-counts`. With --tokenizer T, the lines are \
            cut into words by T's own normalizer and pre-tokenizer (what `expand --add` learns \
            from), or with --ids encoded into token ids (what `trim` mines); use the file with \
            `expand --from-counts` or `trim --from-counts`. Every count file records what made it \
            (settings, or a fingerprint of the tokenizer's files); files made differently cannot be \
            merged. `-` reads standard input.
            """)

    @OptionGroup var counting: CountingOptions

    @Option(name: .long, help: "Count words under this tokenizer's normalizer and pre-tokenizer (for expand --add), or its token ids with --ids (for trim).")
    var tokenizer: String?

    @Option(name: .long, help: "Split pattern for a tiktoken rank file given to --tokenizer (known rank files need none).")
    var pattern: String?

    @Flag(name: .long, help: "With --tokenizer: count token ids (for trim --from-counts) instead of words.")
    var ids = false

    @Argument(help: "Text files, - for standard input (or count files with --from-counts).")
    var inputs: [String]

    func validate() throws {
        if ids && tokenizer == nil { throw ValidationError("--ids counts the ids of a tokenizer: give --tokenizer") }
        if pattern != nil && tokenizer == nil { throw ValidationError("--pattern applies to --tokenizer") }
        if tokenizer != nil && (counting.normalizer != nil || counting.preTokenizer != nil || counting.romanize) {
            throw ValidationError(
                "--tokenizer counts with the tokenizer's own normalizer and pre-tokenizer: drop --normalizer, --pre-tokenizer and --romanize")
        }
    }

    func run() throws {
        try reportingErrors {
            try counting.out.checkWritable()
            let tokenizerCounts = try tokenizer != nil
                || (counting.fromCounts && TokenizerCounts.isTokenizerCountFile(FileIO.read(inputs[0])))
            if tokenizerCounts {
                try countWithTokenizer()
                return
            }
            let (counts, settings) = try counting.wordCounts(inputs)
            try CountFile.write(counts, settings: settings, to: counting.out.output)
            if !counting.quiet {
                StandardStreams.error("\(counts.count) distinct words, \(counts.totalCount) in all\n")
            }
        }
    }

    /// `--tokenizer`: token ids or words under the tokenizer; `--from-counts`: merged such files.
    private func countWithTokenizer() throws {
        let loaded = try tokenizer.map { try TokenizerLoader.load(path: $0, pattern: pattern) }
        let counts: TokenizerCounts
        if counting.fromCounts {
            counts = try TokenizerCounts.read(inputs)
            if let (tokenizer, source) = loaded {
                try counts.check(
                    kind: ids ? .ids : .words, tokenizer: TokenizerCounts.fingerprint(of: tokenizer, source: source),
                    file: inputs[0], expected: "--tokenizer \(source.file)")
            }
        } else if let (tokenizer, source) = loaded {
            let pipeline = counting.threads.pipeline
            counts =
                ids
                ? try TokenizerCounts.countingIDs(of: inputs, tokenizer: tokenizer, source: source, policy: counting.input.onInvalid, pipeline: pipeline)
                : try TokenizerCounts.countingWords(of: inputs, tokenizer: tokenizer, source: source, policy: counting.input.onInvalid, pipeline: pipeline)
        } else {
            throw VocabError("give --tokenizer")
        }
        try counts.write(to: counting.out.output)
        if !counting.quiet {
            let what =
                counts.kind == .ids
                ? "\(counts.idCounts.filter { $0 > 0 }.count) distinct ids, \(counts.idCounts.reduce(0, +)) in all"
                : "\(counts.words.words.count) distinct words, \(counts.words.counts.reduce(0, +)) in all"
            StandardStreams.error("\(what), \(counts.lines) lines\n")
        }
    }
}
