import VocabCore

extension TrainedUnigram {
    /// The model as a SentencePiece `ModelProto`, as SentencePiece's trainer writes it: the
    /// pieces (`<unk>` UNKNOWN, control tokens CONTROL, byte pieces BYTE), a Unigram trainer spec
    /// (vocabulary size, character coverage, byte fallback, control symbols, the ids of `<unk>`,
    /// `<s>`, `</s>`, no `<pad>`) and the normalizer the words were counted with: the `nmt_nfkc`
    /// charsmap (`--normalizer nmt-nfkc`) or identity (`none`); a dummy `▁` prefix and escaped
    /// spaces; extra whitespace removed for the `sentencepiece` pre-tokenizer, kept for
    /// `metaspace` (HF's Metaspace keeps every space).
    ///
    /// `TokenizerConversion.toHuggingFace` turns it into the matching tokenizer.json.
    /// - Throws: `VocabError` for settings a `.model` cannot express (ICU NFC/NFKC, BERT's normalizer, pre-tokenizers other than sentencepiece and metaspace).
    public func sentencePieceModel(settings: CountSettings) throws -> SentencePieceModel {
        let charsmap: [UInt8]
        switch settings.normalizer {
        case .none: charsmap = []
        case .nmtNFKC: charsmap = try CharsmapBuilder.blob(for: .nmtNFKC)
        case .nfc, .nfkc, .bert:
            throw VocabError(
                "a Unigram model normalizes as SentencePiece does, with a charsmap: use --normalizer nmt-nfkc (the default) or none, not \(settings.normalizer.rawValue)"
            )
        }
        guard settings.preTokenizer == .sentencePiece || settings.preTokenizer == .metaspace else {
            throw VocabError("Unigram trains on ▁-prefixed words (the sentencepiece or metaspace pre-tokenizer)")
        }
        var pieces: [SentencePieceModel.Piece] = []
        pieces.reserveCapacity(table.count)
        var controlSymbols: [[UInt8]] = []
        for id in 0..<table.count {
            let type = SentencePieceModel.PieceType(table.kinds[id])
            if type == .control && id > 2 { controlSymbols.append(table.piece(id)) }
            pieces.append(SentencePieceModel.Piece(piece: table.piece(id), score: Float(table.scores[id]), type: type))
        }
        var trainer = SentencePieceModel.TrainerSpec()
        trainer.modelType = .unigram
        trainer.vocabSize = Int32(table.count)
        trainer.message.set(10, .fixed32(Float(characterCoverage).bitPattern))
        for symbol in controlSymbols { trainer.message.fields.append(ProtoField(30, .bytes(symbol))) }
        trainer.byteFallback = byteFallback
        for (field, id) in [(UInt32(40), Int64(0)), (41, 1), (42, 2), (43, -1)] {
            trainer.message.set(field, .varint(UInt64(bitPattern: id)))
        }
        var normalizer = WordSplitter.sentencePieceSpec(charsmap: charsmap)
        normalizer.removeExtraWhitespaces = settings.preTokenizer == .sentencePiece
        return SentencePieceModel(pieces: pieces, trainerSpec: trainer, normalizerSpec: normalizer)
    }
}
