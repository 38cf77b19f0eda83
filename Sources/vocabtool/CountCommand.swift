import ArgumentParser
import VocabCore
import VocabTraining

struct Count: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Count the pre-tokenized words of text files into a count file (or merge count files).",
        discussion: """
            Lines are read as HF tokenizers' Tokenizer.train(files) reads them (trailing newline \
            included), normalized, pre-tokenized and counted on two threads; only the distinct \
            words are held in memory. Count shards anywhere, then merge them with \
            `vocabtool count --from-counts` or train on them with `vocabtool train --from-counts`.
            """)

    @OptionGroup var counting: CountingOptions

    @Argument(help: "Text files (or count files with --from-counts).")
    var inputs: [String]

    func run() throws {
        try reportingErrors {
            try counting.out.checkWritable()
            let (counts, settings) = try counting.wordCounts(inputs)
            try CountFile.write(counts, settings: settings, to: counting.out.output)
            if !counting.quiet {
                StandardStreams.error("\(counts.count) distinct words, \(counts.totalCount) in all\n")
            }
        }
    }
}
