import ArgumentParser
import VocabAdapt
import VocabCore
import VocabTraining

#if canImport(Glibc)
import Glibc
#endif

struct StaticEmbeddingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "static-embeddings",
        abstract: "Train static token embeddings on a corpus (CBOW with character n-grams, one core), as expand --init focus does.",
        discussion:
            "The corpus is segmented by the tokenizer (normal tokens only); each token is its own row plus the rows of its "
            + "character n-grams (hashed into shared buckets), and each position predicts its token from the mean of its "
            + "context (negative sampling, linearly decaying learning rate), as fastText's cbow does. Writes the vectors of "
            + "the tokens the corpus holds in fastText's .vec text format (a header line \"count dimension\", then a token "
            + "and its values per line), and prints how long training took.")

    @OptionGroup var tokenizerOptions: TokenizerOptions
    @OptionGroup var input: TextInputOptions

    @Option(name: .long, parsing: .upToNextOption, help: "Text files to train on.")
    var corpus: [String]

    @Option(name: .long, help: "The .vec file to write.")
    var output: String

    @Option(name: .long, help: "Vector width.") var dimension = 100
    @Option(name: .long, help: "Largest context window on each side.") var window = 5
    @Option(name: .long, help: "Negative samples per prediction.") var negatives = 5
    @Option(name: .long, help: "Passes over the corpus.") var epochs = 5
    @Option(name: .long, help: "Shortest character n-gram.") var minN = 3
    @Option(name: .long, help: "Longest character n-gram.") var maxN = 6
    @Option(name: .long, help: "Hash buckets for n-grams.") var buckets = 200_000
    @Option(name: .long, help: "Seed of initialization and sampling.") var seed: UInt64 = 0

    func run() throws {
        try reportingErrors {
            guard !corpus.isEmpty else { throw VocabError("give --corpus FILE...") }
            let (tokenizer, _) = try tokenizerOptions.load()
            let sentences = try CorpusStaticSpace.sentences(tokenizer: tokenizer, files: corpus, policy: input.onInvalid)
            var settings = StaticEmbeddingSettings()
            settings.dimension = dimension
            settings.window = window
            settings.negatives = negatives
            settings.epochs = epochs
            settings.minN = minN
            settings.maxN = maxN
            settings.buckets = buckets
            settings.seed = seed
            let pieces = CorpusStaticSpace.pieces(of: tokenizer.table)
            let start = monotonicSeconds()
            let model = try StaticEmbeddings(sentences: sentences, pieces: pieces, settings: settings)
            let seconds = monotonicSeconds() - start
            var text = "\(model.tokens.count) \(dimension)\n"
            for id in model.tokens {
                guard let v = model.vector(of: id) else { continue }
                text += String(decoding: pieces[Int(id)], as: UTF8.self)
                for x in v { text += " \(x)" }
                text += "\n"
            }
            try FileIO.writeAtomically(Array(text.utf8), to: output)
            let tokens = sentences.reduce(0) { $0 + $1.count }
            var out = OutputBuffer()
            out.append("trained on \(tokens) tokens (\(model.tokens.count) distinct, \(sentences.count) lines) in \(seconds) s; wrote \(output)\n")
            out.flush()
        }
    }

    private func monotonicSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
