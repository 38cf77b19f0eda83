import ArgumentParser
import VocabCore

struct Encode: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Encode lines of text to token ids, one output line per input line.")

    enum OutputFormat: String, ExpressibleByArgument { case ids, tokens, json }

    @OptionGroup var tokenizerOptions: TokenizerOptions
    @OptionGroup var input: TextInputOptions

    @Flag(name: .long, help: "Add the special tokens of the model's post-processor.")
    var addSpecialTokens = false

    @Flag(name: .long, help: "Apply the truncation and padding a tokenizer.json carries (ignored by default).")
    var applyTruncation = false

    @Option(name: .long, help: "ids (space-separated), tokens (pieces) or json.")
    var format: OutputFormat = .ids

    @Argument(help: "Text files (standard input when none).")
    var files: [String] = []

    func run() throws {
        try reportingErrors {
            let (tokenizer, _) = try tokenizerOptions.load()
            let truncation = try applyTruncation ? (tokenizer as? HFTokenizer).map { try HFTruncationPadding($0) } : nil
            var out = OutputBuffer()
            var ids: [Int32] = []
            ids.reserveCapacity(4096)
            let sources: [String?] = files.isEmpty ? [nil] : files.map { $0 }
            for file in sources {
                let bytes = try file.map { try FileIO.read($0) } ?? FileIO.readStandardInput()
                try TextLines.forEach(in: bytes, file: file ?? "<stdin>", policy: input.onInvalid) { line, _ in
                    ids.removeAll(keepingCapacity: true)
                    if let truncation, let hf = tokenizer as? HFTokenizer {
                        truncation.encode(line, with: hf, addSpecialTokens: addSpecialTokens, into: &ids)
                    } else if addSpecialTokens {
                        tokenizer.encodeWithSpecialTokens(line, into: &ids)
                    } else {
                        tokenizer.encode(line, into: &ids)
                    }
                    write(ids, table: tokenizer.table, to: &out)
                }
            }
            out.flush()
        }
    }

    private func write(_ ids: [Int32], table: TokenTable, to out: inout OutputBuffer) {
        switch format {
        case .ids:
            for (k, id) in ids.enumerated() {
                if k > 0 { out.append(byte: 0x20) }
                out.append(int: id)
            }
        case .tokens:
            out.append(ids.map { JSONText.escapedContent(table.piece(Int($0))) }.joined(separator: " "))
        case .json:
            out.append("{\"ids\":[")
            for (k, id) in ids.enumerated() {
                if k > 0 { out.append(byte: UInt8(ascii: ",")) }
                out.append(int: id)
            }
            out.append("],\"tokens\":[")
            out.append(ids.map { "\"" + JSONText.escapedContent(table.piece(Int($0))) + "\"" }.joined(separator: ","))
            out.append("]}")
        }
        out.append(byte: 0x0A)
        out.flushIfLarge()
    }
}
