import ArgumentParser
import VocabCore

/// The tokenizer options every subcommand that takes a tokenizer shares.
struct TokenizerOptions: ParsableArguments {
    @Option(name: .long, help: "A tokenizer file or folder (tokenizer.json, SentencePiece .model, vocab.json+merges.txt, vocab.txt, tiktoken ranks).")
    var tokenizer: String

    @Option(name: .long, help: "Split pattern for a tiktoken rank file: r50k, cl100k, o200k, llama3, qwen2 (known rank files need none).")
    var pattern: String?

    func load() throws -> (tokenizer: any TokenizerBackend, source: TokenizerLoader.Source) {
        try TokenizerLoader.load(path: tokenizer, pattern: pattern)
    }
}

/// How text input is read.
struct TextInputOptions: ParsableArguments {
    @Option(name: .long, help: "What to do with a line that is not valid UTF-8: fail, skip or replace.")
    var onInvalid: InvalidUTF8Policy = .fail
}

extension InvalidUTF8Policy: ExpressibleByArgument {}

/// Where a command writes its result (a file, or a folder for trim and expand), and whether it
/// may replace what is there. Results are written under a temporary name and renamed, so a
/// failure never leaves half an output.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Where to write the result.")
    var output: String

    @Flag(name: .long, help: "Replace an existing output.")
    var force = false

    /// Fails before any work when the output exists and `--force` is not given.
    func checkWritable() throws {
        if FileIO.exists(output) && !force {
            throw VocabError("the output exists (use --force to replace it)", file: output)
        }
    }
}

/// Runs a command body, turning library errors into a message on stderr and exit code 1.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as VocabError {
        StandardStreams.error("vocabtool: error: \(error)\n")
        throw ExitCode(1)
    }
}
