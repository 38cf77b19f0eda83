import ArgumentParser
import VocabCore

/// The tokenizer options every subcommand that takes a tokenizer shares.
struct TokenizerOptions: ParsableArguments {
    @Option(name: .long, help: "A tokenizer file or folder (tokenizer.json, SentencePiece .model, vocab.json+merges.txt, vocab.txt, tiktoken ranks, tekken.json, a .gguf model).")
    var tokenizer: String

    @Option(name: .long, help: "Split pattern for a tiktoken rank file: r50k, cl100k, o200k, llama3, qwen2, tekken (known rank files need none).")
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

/// The worker threads of a pass over text; the output is the same for any number.
struct ThreadOptions: ParsableArguments {
    @Option(name: .long, help: "Worker threads (default: the number of cores); the output is the same for any number.")
    var threads: Int?

    @Option(name: .long, help: ArgumentHelp("Bytes per block of lines handed to a thread.", visibility: .hidden))
    var blockSize: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let blockSize, blockSize < 1 { throw ValidationError("--block-size must be at least 1") }
    }

    /// The number of threads to use.
    var count: Int { threads ?? LinePipeline.defaultThreads }

    /// The pipeline every pass over text runs on.
    var pipeline: LinePipeline { LinePipeline(threads: count, blockSize: blockSize ?? LinePipeline.defaultBlockSize) }
}

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
