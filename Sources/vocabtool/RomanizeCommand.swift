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

    func run() throws {
        try reportingErrors {
            var romanizer = Romanizer(language: language)
            var out = OutputBuffer()
            var line: [UInt8] = []
            let sources: [String?] = files.isEmpty ? [nil] : files.map { $0 }
            for file in sources {
                let name = file ?? "<stdin>"
                let bytes = try file.map { try FileIO.read($0) } ?? FileIO.readStandardInput()
                try TextLines.forEach(in: bytes, file: name, policy: input.onInvalid) { text, _ in
                    line.removeAll(keepingCapacity: true)
                    if format == .tsv {
                        line.append(contentsOf: text)
                        line.append(0x09)
                    }
                    romanizer.romanize(text, into: &line)
                    line.append(0x0A)
                    out.append(line)
                }
            }
            out.flush()
        }
    }
}
