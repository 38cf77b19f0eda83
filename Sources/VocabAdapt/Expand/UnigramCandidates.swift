import VocabCore
import VocabTraining

/// New pieces for a Unigram vocabulary: the most probable pieces of a Unigram model trained on
/// the corpus words (VocabTraining's `UnigramTrainer`, SentencePiece's algorithm) that the base
/// lacks, highest score first, each scored by `VocabularyExpansion`'s rule (the base
/// log-probability of its string plus ln 2 per token saved).
public enum UnigramCandidates {
    /// Adds up to `count` pieces learned from `corpus` to a Unigram table.
    /// - Parameter scripts: when given, only pieces it admits are added (see `TargetScripts`).
    public static func expand(
        _ base: TokenTable, corpus: CorpusWords, count: Int, scripts: TargetScripts? = nil
    ) throws -> ExpansionResult {
        var words = WordCounts()
        var characters = Set<[UInt8]>()
        for (k, word) in corpus.words.enumerated() {
            words.add(word, count: UInt64(corpus.counts[k]))
            for r in PieceSegmenter.characters(word) { characters.insert(Array(word[r])) }
        }
        // Room for several times `count` pieces beyond the characters.
        var options = UnigramTrainingOptions(vocabSize: 3 + characters.count + 4 * count)
        options.characterCoverage = 1
        let trained = try UnigramTrainer(options: options).train(words).table
        let order = trained.scores.indices.filter { trained.kinds[$0] == .normal }.sorted {
            trained.scores[$0] != trained.scores[$1] ? trained.scores[$0] > trained.scores[$1] : $0 < $1
        }
        var candidates: [[UInt8]] = []
        for id in order where candidates.count < count {
            let piece = trained.piece(id)
            guard base.id(of: piece) == nil, scripts?.admits(piece) ?? true else { continue }
            candidates.append(piece)
        }
        return VocabularyExpansion.addTokens(candidates, to: base, model: .unigram)
    }
}
