/// Dispatches a detected format to its codec.
enum FormatRegistry {
    static func load(source: TokenizerLoader.Source, bytes: [UInt8], pattern: String?) throws -> any TokenizerBackend {
        switch source.format {
        case .tiktoken:
            return try loadTiktoken(file: source.file, bytes: bytes, pattern: pattern)
        case .sentencePiece:
            return try SentencePieceTokenizer(bytes: bytes)
        case .huggingFace:
            return try HFTokenizer(bytes: bytes)
        case .gpt2VocabMerges:
            guard let merges = source.companion else { throw VocabError("a vocab.json needs merges.txt beside it") }
            return try GPT2VocabMerges.load(vocab: bytes, merges: try FileIO.read(merges), mergesFile: merges)
        case .wordPieceVocab:
            return try WordPieceVocab.load(bytes, file: source.file)
        }
    }

    /// A rank file plus the special tokens of `NAME.special.json` beside it, when present.
    static func loadTiktoken(file: String, bytes: [UInt8], pattern: String?) throws -> any TokenizerBackend {
        let specialsFile = TiktokenSpecialTokens.path(besideRankFile: file)
        var specials: [(token: [UInt8], id: Int32)] = []
        if FileIO.exists(specialsFile) && !FileIO.isDirectory(specialsFile) {
            do {
                specials = try TiktokenSpecialTokens.parse(FileIO.read(specialsFile))
            } catch let error as VocabError {
                throw error.inFile(specialsFile)
            }
        }
        return try TiktokenTokenizer.load(rankFile: bytes, specialTokens: specials, pattern: pattern)
    }
}
