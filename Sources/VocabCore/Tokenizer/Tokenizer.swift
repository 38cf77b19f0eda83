/// A tokenizer read from any format vocabtool knows, for encoding and decoding strings.
///
/// ```swift
/// let tokenizer = try Tokenizer(contentsOf: "llama2/tokenizer.model")  // a file or a folder
/// let ids = tokenizer.encode("Hello world")                         // [15043, 3186]
/// let text = try tokenizer.decode(ids)                              // "Hello world"
/// ```
///
/// The format is detected by content: HF `tokenizer.json` (BPE, Unigram, WordPiece), a
/// SentencePiece `.model`, a tiktoken rank file, GPT-2 `vocab.json` + `merges.txt`, or a WordPiece
/// `vocab.txt`. A folder is searched for those files in that order. The ids are exactly the
/// reference library's for that format (HF `tokenizers`, `sentencepiece`, `tiktoken`).
///
/// A `Tokenizer` is an immutable value: share it freely between threads.
public struct Tokenizer: Sendable {
    /// The model family of a tokenizer.
    public enum Model: String, Sendable, CaseIterable {
        /// Byte-pair encoding (HF BPE, SentencePiece BPE, tiktoken ranks, GPT-2 merges).
        case bpe = "BPE"
        /// SentencePiece's unigram language model (HF Unigram, SentencePiece Unigram).
        case unigram = "Unigram"
        /// BERT's greedy longest-match WordPiece.
        case wordPiece = "WordPiece"
    }

    /// The encoding pipeline and vocabulary this tokenizer runs on (the lower-level interface that
    /// works on UTF-8 buffers and `Int32` ids without copies).
    public let backend: any TokenizerBackend
    /// The format the tokenizer was read from.
    public var format: TokenizerFormat { backend.format }
    /// The model family.
    public let model: Model
    /// The special tokens the tokenizer defines, by role (see `SpecialTokenRole`).
    public let specialTokens: [SpecialTokenRole: Int]

    /// Reads the tokenizer at `path`: a file in any supported format, or a folder holding one
    /// (from a Foundation `URL`, pass `url.path`; the library itself does not link Foundation).
    /// - Parameter pattern: the split pattern of a tiktoken rank file that vocabtool does not
    ///   recognize (`r50k`, `cl100k`, `o200k`, `llama3`, `qwen2`); not needed otherwise.
    /// - Throws: `VocabError` naming the file (and the position, for malformed files).
    public init(contentsOf path: String, pattern: String? = nil) throws {
        self.init(try TokenizerLoader.load(path: path, pattern: pattern).tokenizer)
    }

    /// Wraps a backend that is already loaded.
    public init(_ backend: any TokenizerBackend) {
        self.backend = backend
        let type = backend.modelType
        model = type.hasPrefix("Unigram") ? .unigram : type.hasPrefix("WordPiece") ? .wordPiece : .bpe
        specialTokens = SpecialTokenRole.roles(of: backend)
    }

    /// The number of ids in the vocabulary.
    public var vocabularySize: Int { backend.table.count }

    /// The ids of `text`. Without `addSpecialTokens` no special token is added (HF
    /// `add_special_tokens=False`, tiktoken `encode_ordinary`, sentencepiece `encode`); with it the
    /// model's post-processor adds its tokens (`[CLS] ... [SEP]`, `<s> ... </s>`).
    ///
    /// Complexity: O(n log n) in the length of `text` for BPE, O(n · longest piece) for Unigram and
    /// WordPiece.
    public func encode(_ text: String, addSpecialTokens: Bool = false) -> [Int] {
        var copy = text
        var ids: [Int32] = []
        copy.withUTF8 { bytes in
            if addSpecialTokens {
                backend.encodeWithSpecialTokens(bytes, into: &ids)
            } else {
                backend.encode(bytes, into: &ids)
            }
        }
        return ids.map(Int.init)
    }

    /// The text of `ids`. Byte-level pieces that do not end on a character boundary decode to
    /// U+FFFD, as in the reference libraries' string decoders.
    /// - Parameter skipSpecialTokens: leave out control tokens (`<s>`, `[CLS]`, `<|endoftext|>`).
    /// - Throws: `VocabError` when an id is outside the vocabulary.
    public func decode(_ ids: [Int], skipSpecialTokens: Bool = false) throws -> String {
        var narrow: [Int32] = []
        narrow.reserveCapacity(ids.count)
        for id in ids {
            guard id >= 0, id < vocabularySize else {
                throw VocabError("token id \(id) is out of range (vocabulary size \(vocabularySize))")
            }
            if skipSpecialTokens && backend.table.kinds[id] == .control { continue }
            narrow.append(Int32(id))
        }
        return String(decoding: try backend.decode(narrow), as: UTF8.self)
    }

    /// The id of a token given as its vocabulary string (`"▁the"`, `"Ġthe"`, `"##ing"`), or nil.
    public func id(of token: String) -> Int? {
        backend.table.id(of: token).map(Int.init)
    }

    /// The vocabulary string of `id`, or nil when `id` is out of range.
    public func token(of id: Int) -> String? {
        guard id >= 0, id < vocabularySize else { return nil }
        return backend.table.pieceText(id)
    }

    /// The id and string of the special token that plays `role`, or nil when there is none.
    public func specialToken(_ role: SpecialTokenRole) -> (id: Int, token: String)? {
        specialTokens[role].map { ($0, backend.table.pieceText($0)) }
    }
}
