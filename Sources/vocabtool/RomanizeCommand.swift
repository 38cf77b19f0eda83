import ArgumentParser
import Romanization
import VocabCore

struct Romanize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Romanize text in any script to ASCII Latin, line by line (uroman-style).")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        /// One romanized line per input line.
        case text
        /// The input line, a tab, and its romanization.
        case tsv
    }

    @Option(name: .shortAndLong, help: "ISO 639-3 language code selecting language-specific rules (e.g. rus, hin, zho); any code is accepted.")
    var language: String?

    @Option(name: .long, help: "Output format: text (romanized lines) or tsv (input<TAB>romanization).")
    var format: Format = .text

    @OptionGroup var input: TextInputOptions

    @Argument(help: "Text files (standard input when none).")
    var files: [String] = []

    @OptionGroup var threads: ThreadOptions

    func run() throws {
        try reportingErrors {
            let (language, tsv, policy) = (language, format == .tsv, input.onInvalid)
            var out = OutputBuffer()
            _ = try threads.pipeline.run(
                files.isEmpty ? [LinePipeline.standardInput] : files,
                state: { Romanizer(language: language) },
                process: { romanizer, block in
                    var text: [UInt8] = []
                    text.reserveCapacity(block.bytes.count + block.bytes.count / 2)
                    try block.forEachLine(policy: policy) { line, _ in
                        if tsv {
                            text.append(contentsOf: line)
                            text.append(0x09)
                        }
                        romanizer.romanize(line, into: &text)
                        text.append(0x0A)
                    }
                    return text
                },
                consume: { _, text in out.append(text) })
            out.flush()
        }
    }
}
