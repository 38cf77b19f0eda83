import VocabCore

extension TrainedBPE {
    /// The model as a SentencePiece BPE `.model`: the tokenizer.json of `tokenizerJSON(settings:)`
    /// converted as `TokenizerConversion` converts (pieces, scores from merge ranks, normalizer),
    /// with `<unk>` made the UNKNOWN piece that SentencePiece requires (HF's BPE trainer leaves
    /// the unknown token unset).
    /// - Throws: `VocabError` when the words were not `▁`-prefixed (sentencepiece or metaspace
    ///   pre-tokenizer), the normalizer is not a charsmap one (none or nmt_nfkc), or no `<unk>`
    ///   special token was trained.
    public func sentencePieceModel(settings: CountSettings) throws -> SentencePieceModel {
        guard settings.preTokenizer == .metaspace || settings.preTokenizer == .sentencePiece else {
            throw VocabError(
                "a SentencePiece model has \u{2581}-prefixed words; BPE over \(settings.preTokenizer.rawValue) words can only be a tokenizer.json")
        }
        guard settings.normalizer == .none || settings.normalizer == .nmtNFKC else {
            throw VocabError("a SentencePiece model normalizes with a charsmap (nmt_nfkc) or not at all, not \(settings.normalizer.rawValue)")
        }
        var model = try TokenizerConversion.sentencePieceModel(try HFTokenizer(bytes: try tokenizerJSON(settings: settings)))
        guard let unknown = model.pieces.firstIndex(where: { $0.piece == Array("<unk>".utf8) }) else {
            throw VocabError("a SentencePiece model needs an unknown piece: train with <unk> among the special tokens")
        }
        model.pieces[unknown].type = .unknown
        model.trainerSpec.unkID = Int32(unknown)
        model.trainerSpec.unkPiece = Array("<unk>".utf8)
        return model
    }
}
