/// The file formats vocabtool reads and writes tokenizers in.
public enum TokenizerFormat: String, Sendable, CaseIterable {
    /// HF `tokenizers` `tokenizer.json`.
    case huggingFace = "tokenizer.json"
    /// SentencePiece `ModelProto` (`.model`).
    case sentencePiece = "sentencepiece"
    /// A tiktoken rank file (base64 token, space, rank per line).
    case tiktoken = "tiktoken"
    /// GPT-2 `vocab.json` + `merges.txt`.
    case gpt2VocabMerges = "vocab.json+merges.txt"
    /// A WordPiece `vocab.txt` (one token a line, id = line index).
    case wordPieceVocab = "vocab.txt"
}

/// A tokenizer ready to encode and decode: its token table plus the pipeline that turns text into
/// ids, as read from one of the `TokenizerFormat`s.
///
/// Implementations are immutable values and safe to share between threads.
public protocol TokenizerBackend: Sendable {
    /// The vocabulary.
    var table: TokenTable { get }
    /// The format this tokenizer was read from (and is saved in by default).
    var format: TokenizerFormat { get }
    /// The model family, e.g. "BPE", "Unigram", "WordPiece".
    var modelType: String { get }
    /// The id of the unknown token, when the model has one.
    var unknownID: Int32? { get }
    /// One line per pipeline stage (normalizer, pre-tokenizer, model, post-processor, decoder).
    var pipelineSummary: [(stage: String, value: String)] { get }

    /// Appends the ids of `text` (valid UTF-8) to `ids`, adding no special tokens: what HF
    /// `encode(add_special_tokens=False)`, tiktoken `encode_ordinary` and sentencepiece `encode` give.
    ///
    /// Complexity: linear in the text for normalizing and pre-tokenizing; then O(k log k) per
    /// pre-token of k characters for BPE, O(k · longest piece) for Unigram and WordPiece.
    func encode(_ text: UnsafeBufferPointer<UInt8>, into ids: inout [Int32])

    /// Appends the ids of `text` with the special tokens the model's post-processor adds
    /// (`[CLS] ... [SEP]`, `<s> ... </s>`); the same as `encode` for models that add none.
    func encodeWithSpecialTokens(_ text: UnsafeBufferPointer<UInt8>, into ids: inout [Int32])

    /// The text of `ids` (bytes, since byte-level pieces may split a character).
    /// Throws when an id is out of range.
    func decode(_ ids: [Int32]) throws -> [UInt8]

    /// The serialized file, in `format`. Saving an unchanged tokenizer reproduces its source.
    func serialized() throws -> [UInt8]
}

extension TokenizerBackend {
    public func encodeWithSpecialTokens(_ text: UnsafeBufferPointer<UInt8>, into ids: inout [Int32]) {
        encode(text, into: &ids)
    }

    /// The ids of a string (convenience for tests and small inputs).
    public func encode(_ text: String) -> [Int32] {
        var copy = text
        var ids: [Int32] = []
        copy.withUTF8 { encode($0, into: &ids) }
        return ids
    }

    /// Checks that every id is within the vocabulary.
    public func checkRange(_ ids: [Int32]) throws {
        for id in ids where id < 0 || Int(id) >= table.count {
            throw VocabError("token id \(id) is out of range (vocabulary size \(table.count))")
        }
    }
}
