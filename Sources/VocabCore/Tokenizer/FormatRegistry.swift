/// Dispatches a detected format to its codec.
enum FormatRegistry {
    static func load(source: TokenizerLoader.Source, bytes: [UInt8], pattern: String?) throws -> any Tokenizer {
        switch source.format {
        case .huggingFace, .sentencePiece, .tiktoken, .gpt2VocabMerges, .wordPieceVocab:
            throw VocabError("reading \(source.format.rawValue) files is not available yet")
        }
    }
}
