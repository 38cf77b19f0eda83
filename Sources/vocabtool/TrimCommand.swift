import ArgumentParser
import VocabAdapt
import VocabCore

#if canImport(Glibc)
import Glibc
#endif

struct Trim: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Cut a vocabulary (and its embeddings) down to the tokens a corpus uses, keeping its segmentation.",
        discussion: """
            Encodes the corpus, keeps ids seen at least --min-frequency times (most frequent first, \
            up to --max-vocab), plus special, unknown, byte and requested tokens; for BPE, also the \
            pieces and merges that build every kept token. With --min-frequency 1 the corpus \
            encodes to the same tokens as before.

            Embedding rows are sliced with the same id map; rows past the vocabulary are padding \
            and are dropped, or --pad-to-multiple-of appends zero rows.

            --model DIR takes a Hugging Face model folder (tokenizer, weights, config) and writes a \
            drop-in replacement: every file that depends on the vocabulary is rewritten, every other \
            file copied. Otherwise the output folder gets tokenizer.json, model.safetensors (or the \
            shards and their index) and config.json. Either way it gets trim-report.json \
            (new_to_old: entry i is the original id of new id i).
            """)

    @OptionGroup var inputs: ModelOptions
    @OptionGroup var input: TextInputOptions

    @Option(name: .long, parsing: .upToNextOption, help: "Text files in the target languages (one or more).")
    var corpus: [String] = []

    @Option(name: .long, parsing: .upToNextOption, help: "Text files to measure coverage on (not used for mining).")
    var heldOut: [String] = []

    @Option(name: .long, help: "Keep tokens seen at least this many times.")
    var minFrequency = 2

    @Option(name: .long, help: "At most this many tokens in the trimmed vocabulary.")
    var maxVocab: Int?

    @Option(name: .long, help: "A file of tokens to keep, one piece a line as the vocabulary writes it.")
    var keepTokens: String?

    @Option(name: .long, help: "Keep every single-character piece of these scripts (ISO 15924, e.g. Latn,Cyrl).")
    var keepScripts: String?

    @Option(name: .long, help: "Append zero rows so the row count is a multiple of this.")
    var padToMultipleOf: Int?

    @Flag(name: .long, help: "Print the report without writing anything.")
    var dryRun = false

    @Flag(name: .long, help: "Re-encode the corpus with the trimmed tokenizer and report lines whose tokens changed.")
    var verify = false

    @Flag(name: .long, help: "Print the report as JSON (as in trim-report.json).")
    var json = false

    @OptionGroup var out: OutputOptions

    func validate() throws {
        if corpus.isEmpty { throw ValidationError("give at least one --corpus file") }
        if minFrequency < 1 { throw ValidationError("--min-frequency must be at least 1") }
        if let maxVocab, maxVocab < 1 { throw ValidationError("--max-vocab must be at least 1") }
        try inputs.validate(padToMultipleOf: padToMultipleOf)
    }

    func run() throws {
        try reportingErrors {
            if !dryRun { try out.checkWritable() }
            var request = TrimRequest(model: inputs.model, tokenizer: inputs.tokenizer, corpus: corpus, output: out.output)
            request.pattern = inputs.pattern
            request.heldOut = heldOut
            request.minFrequency = minFrequency
            request.maxVocabulary = maxVocab
            request.keepTokensFile = keepTokens
            request.keepScripts = keepScripts.map { $0.split(separator: ",").map { String($0) } } ?? []
            request.embeddings = inputs.embeddings
            request.tensors = inputs.tensors
            request.padToMultipleOf = padToMultipleOf
            request.config = inputs.config
            request.force = out.force
            request.dryRun = dryRun
            request.verify = verify
            request.onInvalidUTF8 = input.onInvalid
            let showProgress = isatty(2) != 0
            let report = try TrimJob.run(request) { message in
                if showProgress { StandardStreams.error("\u{1B}[2K\r\(message)") }
            }
            if showProgress { StandardStreams.error("\u{1B}[2K\r") }
            var out = OutputBuffer()
            out.append(json ? report.json() : report.text())
            out.flush()
        }
    }
}
