import ArgumentParser
import VocabAdapt
import VocabCore

#if canImport(Glibc)
import Glibc
#endif

extension TransplantInit: ExpressibleByArgument {}

struct Transplant: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Move a model onto a whole new tokenizer, initializing every embedding row.",
        discussion: """
            Tokens both vocabularies hold keep their rows bit for bit, matched across notations (Ġword, ▁word and WordPiece \
            word are one token; ##ing, ing; <0xE3> and the byte-level byte; special tokens by role: the new [CLS] takes the \
            base's <s> row). Every other row: --init subword (the mean of the base rows of the base tokenizer's segmentation \
            of the token's string), omp (sparse weights over the shared tokens found by orthogonal matching pursuit in \
            --donor, a model that already uses the new tokenizer and may be of another width, applied to the base rows), or \
            random. Input embeddings and an untied head each from their own matrix. The output folder gets the new \
            tokenizer.json with a tokenizer_config.json and special_tokens_map.json made for it, the weights, the base folder's \
            other files (config.json with the new vocab_size and special-token ids) and transplant-report.json (per new id: \
            rule, base ids and weights).
            """)

    @Option(name: .long, help: "The base model folder (Hugging Face layout, safetensors weights).")
    var model: String

    @Option(name: .long, help: "The new tokenizer: a file or folder in any format vocabtool reads.")
    var tokenizer: String

    @Option(name: .long, help: "The split pattern of a tiktoken rank file.")
    var pattern: String?

    @Option(name: .long, help: "A model folder that already uses the new tokenizer (for --init omp).")
    var donor: String?

    @Option(name: .long, help: "How rows of tokens the base lacks are computed: subword, omp, random.")
    var `init`: TransplantInit = .subword

    @Option(name: .long, help: "The number of atoms of --init omp.")
    var ompK = 64

    @Option(name: .long, parsing: .upToNextOption, help: "Vocabulary tensors (default: found by name).")
    var tensor: [String] = []

    @Option(name: .long, help: "The seed of random rows.")
    var seed: UInt64 = 0

    @Flag(name: .long, help: "Print the report as JSON (as in transplant-report.json).")
    var json = false

    @OptionGroup var out: OutputOptions

    func validate() throws {
        if ompK < 1 { throw ValidationError("--omp-k must be at least 1") }
        if self.`init` == .omp && donor == nil {
            throw ValidationError("--init omp needs --donor DIR, a model that already uses the new tokenizer")
        }
        if donor != nil && self.`init` != .omp { throw ValidationError("--donor is used by --init omp only") }
    }

    func run() throws {
        try reportingErrors {
            try out.checkWritable()
            var request = TransplantRequest(model: model, tokenizer: tokenizer, output: out.output)
            request.pattern = pattern
            request.donor = donor
            request.initMethod = self.`init`
            request.ompK = ompK
            request.tensors = tensor.isEmpty ? nil : tensor
            request.seed = seed
            request.force = out.force
            let showProgress = isatty(2) != 0
            let report = try TransplantJob.run(request) { message in
                if showProgress { StandardStreams.error("\u{1B}[2K\r\(message)") }
            }
            if showProgress { StandardStreams.error("\u{1B}[2K\r") }
            for w in report.warnings { StandardStreams.error("warning: \(w)\n") }
            var buffer = OutputBuffer()
            buffer.append(json ? String(decoding: report.json(), as: UTF8.self) : report.text())
            buffer.flush()
        }
    }
}
