extension SentencePieceModel {
    /// This model with only the pieces of `newToOld` (entry `i` = original id of new id `i`),
    /// every piece keeping its score and type, and `trainer_spec.vocab_size` set to the new size;
    /// everything else (normalizer, other fields) is unchanged. Used to trim a vocabulary.
    /// - Throws: when an id is out of range.
    public func keepingPieces(_ newToOld: [Int32]) throws -> SentencePieceModel {
        var copy = self
        copy.pieces = try newToOld.map { old in
            guard old >= 0, Int(old) < pieces.count else {
                throw VocabError("piece id \(old) is out of range (\(pieces.count) pieces)")
            }
            return pieces[Int(old)]
        }
        copy.trainerSpec.vocabSize = Int32(newToOld.count)
        return copy
    }
}
