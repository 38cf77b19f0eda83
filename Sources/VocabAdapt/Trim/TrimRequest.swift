import VocabCore

/// Everything `vocabtool trim` is asked to do.
public struct TrimRequest: Sendable {
    /// A Hugging Face model folder: tokenizer, weights and config at once (each overridden by
    /// `tokenizer`, `embeddings`, `config`); the output is a drop-in replacement for it.
    public var model: String?
    /// A tokenizer file or folder (needed without `model`).
    public var tokenizer: String?
    /// Split pattern for a tiktoken rank file.
    public var pattern: String?
    /// The text whose tokens are kept.
    public var corpus: [String]
    /// Text encoded with both tokenizers to measure coverage (tokens not falling to unknown or byte pieces).
    public var heldOut: [String] = []
    public var minFrequency = 2
    public var maxVocabulary: Int?
    public var keepTokensFile: String?
    /// ISO 15924 codes whose single-character pieces are kept.
    public var keepScripts: [String] = []
    public var embeddings: String?
    /// Vocabulary tensors by name; nil to find them.
    public var tensors: [String]?
    public var padToMultipleOf: Int?
    public var config: String?
    public var output: String
    public var force = false
    public var dryRun = false
    /// Re-encode the corpus with the trimmed tokenizer and count lines whose tokens changed.
    public var verify = false
    public var onInvalidUTF8: InvalidUTF8Policy = .fail

    public init(model: String? = nil, tokenizer: String?, corpus: [String], output: String) {
        self.model = model
        self.tokenizer = tokenizer
        self.corpus = corpus
        self.output = output
    }
}
