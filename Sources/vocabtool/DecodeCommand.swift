import ArgumentParser
import VocabCore

struct Decode: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decode lines of space-separated token ids to lines of text.")

    @OptionGroup var tokenizerOptions: TokenizerOptions

    @Argument(help: "Files of ids (standard input when none).")
    var files: [String] = []

    @OptionGroup var threads: ThreadOptions

    func run() throws {
        try reportingErrors {
            let (tokenizer, _) = try tokenizerOptions.load()
            var out = OutputBuffer()
            _ = try threads.pipeline.run(
                files.isEmpty ? [LinePipeline.standardInput] : files,
                state: { () },
                process: { _, block in
                    var text: [UInt8] = []
                    try block.forEachLine(policy: .fail) { line, number in
                        let ids = try Self.parseIDs(line, file: block.file, line: number)
                        do {
                            try tokenizer.checkRange(ids)
                        } catch let error as VocabError {
                            throw VocabError(error.message, file: block.file, at: .line(number))
                        }
                        text.append(contentsOf: try tokenizer.decode(ids))
                        text.append(0x0A)
                    }
                    return text
                },
                consume: { _, text in out.append(text) })
            out.flush()
        }
    }

    /// The ids of a line of space- or tab-separated decimal ids; errors name `file`, the line and column.
    static func parseIDs(_ line: UnsafeBufferPointer<UInt8>, file: String, line number: Int) throws -> [Int32] {
        var ids: [Int32] = []
        var i = 0
        while i < line.count {
            while i < line.count, line[i] == 0x20 || line[i] == 0x09 || line[i] == 0x0D { i += 1 }
            if i == line.count { break }
            let start = i
            var value: Int64 = 0
            while i < line.count, line[i] >= 0x30, line[i] <= 0x39 {
                value = value * 10 + Int64(line[i] - 0x30)
                if value > Int64(Int32.max) {
                    throw VocabError("token id is out of range", file: file, at: .lineColumn(number, start + 1))
                }
                i += 1
            }
            if i == start || (i < line.count && line[i] != 0x20 && line[i] != 0x09 && line[i] != 0x0D) {
                throw VocabError("expected a token id (a non-negative integer)", file: file, at: .lineColumn(number, i + 1))
            }
            ids.append(Int32(value))
        }
        return ids
    }
}
