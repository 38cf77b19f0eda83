import ArgumentParser
import VocabCore

/// The inputs of every subcommand that changes a vocabulary (trim, expand, ...): a Hugging Face
/// model folder, or its parts one by one (each part given also overrides the folder's).
struct ModelOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A Hugging Face model folder (tokenizer, safetensors weights, config); the output is a drop-in replacement for it.",
            discussion: "Every file that depends on the vocabulary is rewritten (tokenizer.json, tokenizer_config.json, vocab.txt, tokenizer.model, vocab.json + merges.txt, config.json and generation_config.json ids); every other file is copied."))
    var model: String?

    @Option(name: .long, help: "A tokenizer file or folder (tokenizer.json, SentencePiece .model, vocab.json+merges.txt, vocab.txt, tiktoken ranks); overrides --model's.")
    var tokenizer: String?

    @Option(name: .long, help: "Split pattern for a tiktoken rank file: r50k, cl100k, o200k, llama3, qwen2 (known rank files need none).")
    var pattern: String?

    @Option(name: .long, help: "A safetensors file, shard index or folder whose vocabulary rows change; overrides --model's.")
    var embeddings: String?

    @Option(name: .long, parsing: .upToNextOption, help: "Vocabulary tensors (default: found by name).")
    var tensor: [String] = []

    @Option(name: .long, help: "A model config.json to write with the new vocab_size and token ids; overrides --model's.")
    var config: String?

    func validate() throws {
        if model == nil && tokenizer == nil { throw ValidationError("give --model DIR or --tokenizer FILE") }
        if !tensor.isEmpty && !hasWeights { throw ValidationError("--tensor needs --embeddings or --model") }
    }

    /// Whether embedding rows come with the tokenizer (from --embeddings or the model folder).
    var hasWeights: Bool { embeddings != nil || model != nil }

    /// Checks a --pad-to-multiple-of value against these inputs.
    func validate(padToMultipleOf: Int?) throws {
        guard let padToMultipleOf else { return }
        if padToMultipleOf < 1 { throw ValidationError("--pad-to-multiple-of must be at least 1") }
        if !hasWeights { throw ValidationError("--pad-to-multiple-of needs --embeddings or --model") }
    }

    /// The names given with --tensor, or nil to find the vocabulary tensors by name.
    var tensors: [String]? { tensor.isEmpty ? nil : tensor }
}
