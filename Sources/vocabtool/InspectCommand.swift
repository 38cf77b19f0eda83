import ArgumentParser
import VocabCore

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Describe a tokenizer: model, vocabulary, kinds, special tokens, pipeline, scripts.")

    enum OutputFormat: String, ExpressibleByArgument { case text, json }

    @OptionGroup var tokenizerOptions: TokenizerOptions

    @Option(name: .long, help: "text or json.")
    var format: OutputFormat = .text

    func run() throws {
        try reportingErrors {
            let (tokenizer, source) = try tokenizerOptions.load()
            let report = TokenizerReport(tokenizer, source: source)
            var out = OutputBuffer()
            out.append(format == .json ? report.json() : report.text())
            out.flush()
        }
    }
}
