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
}
