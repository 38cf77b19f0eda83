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

    @OptionGroup var threads: ThreadOptions

    func run() throws {
        try reportingErrors {
            let (tokenizer, _) = try tokenizerOptions.load()
            let truncation = try applyTruncation ? (tokenizer as? HFTokenizer).map { try HFTruncationPadding($0) } : nil
            let (addSpecialTokens, format, policy) = (addSpecialTokens, format, input.onInvalid)
            var out = OutputBuffer()
            _ = try threads.pipeline.run(
                files.isEmpty ? [LinePipeline.standardInput] : files,
                state: { [Int32]() },
                process: { ids, block in
                    var text: [UInt8] = []
                    text.reserveCapacity(block.bytes.count * 2)
                    try block.forEachLine(policy: policy) { line, _ in
                        ids.removeAll(keepingCapacity: true)
                        if let truncation, let hf = tokenizer as? HFTokenizer {
                            truncation.encode(line, with: hf, addSpecialTokens: addSpecialTokens, into: &ids)
                        } else if addSpecialTokens {
                            tokenizer.encodeWithSpecialTokens(line, into: &ids)
                        } else {
                            tokenizer.encode(line, into: &ids)
                        }
                        Self.write(ids, table: tokenizer.table, format: format, to: &text)
                    }
                    return text
                },
                consume: { _, text in out.append(text) })
            out.flush()
        }
    }

    private static func write(_ ids: [Int32], table: TokenTable, format: OutputFormat, to out: inout [UInt8]) {
        switch format {
        case .ids:
            for (k, id) in ids.enumerated() {
                if k > 0 { out.append(0x20) }
                appendDecimal(id, to: &out)
            }
        case .tokens:
            out.append(contentsOf: ids.map { JSONText.escapedContent(table.piece(Int($0))) }.joined(separator: " ").utf8)
        case .json:
            out.append(contentsOf: "{\"ids\":[".utf8)
            for (k, id) in ids.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                appendDecimal(id, to: &out)
            }
            out.append(contentsOf: "],\"tokens\":[".utf8)
            out.append(contentsOf: ids.map { "\"" + JSONText.escapedContent(table.piece(Int($0))) + "\"" }.joined(separator: ",").utf8)
            out.append(contentsOf: "]}".utf8)
        }
        out.append(0x0A)
    }
}
