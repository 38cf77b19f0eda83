import VocabCore
import VocabTraining

/// The auxiliary space of `focus`: static embeddings (`StaticEmbeddings`, CBOW with character
/// n-grams) trained on the target corpus as the new tokenizer segments it.
public enum CorpusStaticSpace {
    /// Trains on `sentences` (ids of the new vocabulary) and returns the space whose anchors are
    /// the new vocabulary's tokens that are old tokens and occur in the corpus, and whose new
    /// vectors are those of `newTokens` (from their n-grams when the corpus lacks them).
    /// - Parameters:
    ///   - pieces: the text of every token of the new vocabulary (n-grams are over it).
    ///   - oldID: the old id of a token of the new vocabulary, nil for a new token.
    ///   - newTokens: the ids (new vocabulary) of the tokens being initialized, in `origins` order.
    public static func train(
        sentences: [[Int32]], pieces: [[UInt8]], oldID: (Int32) -> Int32?, newTokens: [Int32],
        settings: StaticEmbeddingSettings = StaticEmbeddingSettings()
    ) throws -> AuxiliarySpace {
        let model = try StaticEmbeddings(sentences: sentences, pieces: pieces, settings: settings)
        var anchors: [Int32] = []
        var anchorVectors: [Float] = []
        for id in model.tokens {
            guard let old = oldID(id), let v = model.vector(of: id) else { continue }
            anchors.append(old)
            anchorVectors += v
        }
        return try AuxiliarySpace(
            dimension: settings.dimension, anchors: anchors, anchorVectors: anchorVectors, newVectors: newTokens.map { model.vector(of: $0) })
    }

    /// The lines of `files` as `tokenizer` segments them, normal tokens only (special, control,
    /// unknown and byte tokens say nothing a static embedding could learn); empty lines are left out.
    public static func sentences(tokenizer: any TokenizerBackend, files: [String], policy: InvalidUTF8Policy) throws -> [[Int32]] {
        let table = tokenizer.table
        var sentences: [[Int32]] = []
        var ids: [Int32] = []
        for file in files {
            try TextLines.forEach(in: try FileIO.read(file), file: file, policy: policy) { line, _ in
                ids.removeAll(keepingCapacity: true)
                tokenizer.encode(line, into: &ids)
                let kept = ids.filter { table.kinds[Int($0)] == .normal }
                if !kept.isEmpty { sentences.append(kept) }
            }
        }
        return sentences
    }

    /// The text of each token of `table` for its n-grams (empty for tokens that are not normal).
    public static func pieces(of table: TokenTable) -> [[UInt8]] {
        (0..<table.count).map { table.kinds[$0] == .normal ? table.piece($0) : [] }
    }
}
