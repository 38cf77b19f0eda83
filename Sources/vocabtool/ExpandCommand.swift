import ArgumentParser
import VocabAdapt
import VocabCore

#if canImport(Glibc)
import Glibc
#endif

extension EmbeddingInitMethod: ExpressibleByArgument {}
extension ExpansionMethod: ExpressibleByArgument {}

struct Expand: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add tokens to a vocabulary so the model produces them, and initialize their embedding rows.",
        discussion: """
            --corpus FILE... --add N learns N tokens by continuing BPE training from the base \
            tokenizer's own segmentation of the corpus (characters the vocabulary lacks first); new \
            merges follow all old ones. --method train-merge adds the merges of an auxiliary BPE \
            tokenizer trained on the corpus instead. Only tokens holding a character of the \
            corpus's scripts (or --scripts) are learned, so text without them (English, for a \
            non-Latin target) is segmented exactly as before.

            --tokens lists the tokens to add, one a line, as the vocabulary writes them (Ġword, \
            ▁word, ##ing). BPE gets the merges that build each one from the base tokenizer's \
            segmentation, appended after all old merges (so text that uses no new merge is segmented \
            as before, and no text gets more tokens); SentencePiece BPE pieces get scores below \
            every old piece; Unigram pieces get the log-probability of the base model's best \
            segmentation of their string plus ln 2 per token saved; WordPiece pieces are appended. \
            Tokens already in the vocabulary are skipped and reported.

            New embedding rows (input embeddings and an untied LM head, each from its own old rows) \
            follow the old vocabulary; old rows are copied bit for bit and padding rows past the \
            vocabulary are dropped (re-pad with --pad-to-multiple-of).

            --model DIR takes a Hugging Face model folder and writes a drop-in replacement: every \
            file that depends on the vocabulary is rewritten, every other file copied. Otherwise the \
            output folder gets tokenizer.json (and tokenizer.model for a .model; rank files and \
            vocab.json + merges.txt are expanded as the tokenizer.json that encodes like them), \
            model.safetensors and config.json. Either way it gets expand-report.json.
            """)

    @OptionGroup var inputs: ModelOptions
    @OptionGroup var input: TextInputOptions
    @OptionGroup var threads: ThreadOptions

    @Option(name: .long, help: "A file of tokens to add, one a line, in the vocabulary's notation.")
    var tokens: String?

    @Option(name: .long, parsing: .upToNextOption, help: "Target-language text files (learning, --init align and focus, and measured).")
    var corpus: [String] = []

    @Flag(name: .long, help: "The --corpus files are word counts of this tokenizer (`vocabtool count --tokenizer T`), merged by summing.")
    var fromCounts = false

    @Option(name: .long, help: "Learn this many new tokens from the corpus (continued BPE training on the base segmentation).")
    var add: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The target scripts of --add (ISO 15924 codes, comma-separated: Ethi,Mymr), or all.",
            discussion: "Only tokens holding a character of these scripts are learned, so text without them (English, for a non-Latin target) is segmented exactly as before. Default: the scripts with at least 5% of the corpus's letters."))
    var scripts: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "How --add chooses tokens: continue, train-merge or train-unigram.",
            discussion: "continue: continued BPE training from the base tokenizer's segmentation of the corpus. train-merge: Yamaguchi et al.'s recipe, the merges of an auxiliary BPE tokenizer trained on the corpus, in its order (each kept only when one merge after the old ones reaches it). train-unigram (Unigram vocabularies): the most probable new pieces of a Unigram model trained on the corpus."))
    var method: ExpansionMethod = .continueTraining

    @Option(name: .long, parsing: .upToNextOption, help: "Text files measured before and after only (held-out text, English).")
    var heldOut: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "How new rows are initialized: mean, weighted, twin, merge, align, focus, random.",
            discussion: "focus trains static embeddings (CBOW with character n-grams) on --corpus as the expanded tokenizer segments it, and gives each new token the sparsemax-weighted mean of the rows of the old tokens nearest to it there."))
    var `init`: EmbeddingInitMethod = .mean

    @Option(name: .long, help: "Append zero rows so the row count is a multiple of this.")
    var padToMultipleOf: Int?

    @Option(name: .long, help: "The seed of random rows.")
    var seed: UInt64 = 0

    @Flag(name: .long, help: "Print the report as JSON (as in expand-report.json).")
    var json = false

    @OptionGroup var out: OutputOptions

    func validate() throws {
        switch (tokens, add) {
        case (.some, .some): throw ValidationError("give either --tokens or --add, not both")
        case (nil, nil): throw ValidationError("give --tokens FILE, or --corpus FILE... with --add N")
        case (nil, .some(let add)):
            if add < 1 { throw ValidationError("--add must be at least 1") }
            if corpus.isEmpty { throw ValidationError("--add needs --corpus") }
        case (.some, nil):
            if method != .continueTraining { throw ValidationError("--method \(method.rawValue) needs --add") }
        }
        if (self.`init` == .align || self.`init` == .focus) && corpus.isEmpty { throw ValidationError("--init \(self.`init`) needs --corpus") }
        try inputs.validate(padToMultipleOf: padToMultipleOf)
    }

    func run() throws {
        try reportingErrors {
            try out.checkWritable()
            var request = ExpandRequest(model: inputs.model, tokenizer: inputs.tokenizer, output: out.output)
            request.pattern = inputs.pattern
            request.tokensFile = tokens
            request.corpus = corpus
            request.add = add
            request.fromCounts = fromCounts
            request.heldOut = heldOut
            if let scripts {
                let names = scripts.split(separator: ",").map { String($0.filter { $0 != " " }) }.filter { !$0.isEmpty }
                guard !names.isEmpty else { throw VocabError("--scripts needs script codes (Ethi,Mymr) or all") }
                if names.contains(where: { $0.lowercased() == "all" }) {
                    guard names.count == 1 else { throw VocabError("--scripts takes script codes or all, not both") }
                    request.scripts = []
                } else {
                    request.scripts = names
                }
            }
            request.method = method
            request.embeddings = inputs.embeddings
            request.tensors = inputs.tensors
            request.initMethod = `init`
            request.padToMultipleOf = padToMultipleOf
            request.config = inputs.config
            request.seed = seed
            request.force = out.force
            request.onInvalidUTF8 = input.onInvalid
            request.pipeline = threads.pipeline
            let showProgress = isatty(2) != 0
            let report = try ExpandJob.run(request) { message in
                if showProgress { StandardStreams.error("\u{1B}[2K\r\(message)") }
            }
            if showProgress { StandardStreams.error("\u{1B}[2K\r") }
            var out = OutputBuffer()
            out.append(json ? String(decoding: report.json(), as: UTF8.self) : report.text())
            out.flush()
        }
    }
}
