import VocabCore
import VocabTraining

/// `--method train-merge`: the recipe of Yamaguchi et al. 2024 (ADAPTATION.md section 2), for
/// comparison with `ContinuedTraining`. An auxiliary BPE tokenizer is trained on the corpus words
/// (HF `BpeTrainer` rules, minimum frequency 2), and the results of its merges are added in its
/// merge order, skipping those already in the vocabulary.
///
/// Reachability: in the original recipe the auxiliary merges go before the old ones, which
/// changes how existing text is segmented. Here each new token gets the merge (or, for
/// SentencePiece BPE, the lowest score) after all old ones, so it is added only when the
/// expanded tokenizer splits its string into exactly two tokens (arXiv 2509.26124): then that
/// last merge makes it, text without it is segmented as before, and no text gets more tokens.
/// Auxiliary tokens split into more pieces are skipped and reported. Characters the vocabulary
/// lacks are added first, as in `ContinuedTraining`. Unigram and WordPiece take the new
/// auxiliary tokens as pieces (see `VocabularyExpansion`).
public enum AuxiliaryMerges {
    /// Adds up to `count` tokens from an auxiliary BPE model trained on `corpus`.
    /// - Parameter scripts: when given, only tokens it admits are learned (see `TargetScripts`).
    public static func expand(
        _ base: TokenTable, model: ExpansionModel, corpus: CorpusWords, count: Int, minimumFrequency: Int = 2,
        scripts: TargetScripts? = nil
    ) throws -> ExpansionResult {
        var builder = ExpansionBuilder(base: base, model: model)
        let prefix = builder.prefix
        let auxiliary = try train(corpus: corpus, count: count, minimumFrequency: minimumFrequency, prefix: prefix)
        // The new tokens in auxiliary merge order.
        var candidates: [[UInt8]] = []
        var seen = Set<[UInt8]>()
        for pair in auxiliary.merges {
            let left = auxiliary.piece(Int(pair.left))
            var right = auxiliary.piece(Int(pair.right))
            if !prefix.isEmpty, right.starts(with: prefix) { right.removeFirst(prefix.count) }
            let piece = left + right
            guard base.id(of: piece) == nil, scripts?.admits(piece) ?? true, seen.insert(piece).inserted else { continue }
            candidates.append(piece)
        }

        switch model {
        case .unigram, .wordPiece:
            var result = VocabularyExpansion.addTokens(Array(candidates.prefix(count)), to: base, model: model)
            result.skipped = []
            return result
        case .rankedBPE, .scoredBPE:
            for character in builder.missingCharacters(in: corpus, minimumFrequency: minimumFrequency, scripts: scripts).prefix(count) {
                builder.append(character, parts: nil)
            }
            var segmenter = PieceSegmenter(table: builder.table, model: model)
            var skipped: [(piece: [UInt8], reason: String)] = []
            for piece in candidates where builder.added.count < count {
                guard builder.table.id(of: piece) == nil else { continue }
                guard let ids = segmenter.segment(piece), ids.count == 2,
                    ids.allSatisfy({ builder.table.kinds[Int($0)] == .normal || builder.table.kinds[Int($0)] == .userDefined })
                else {
                    let n = segmenter.segment(piece)?.count ?? 0
                    skipped.append((piece, "the expanded tokenizer splits it into \(n) tokens; one merge after the old ones cannot reach it"))
                    continue
                }
                let pair = TokenPair(ids[0], ids[1])
                let id = builder.append(piece, parts: pair)
                segmenter.append(piece, score: builder.table.scores[Int(id)], merge: pair)
            }
            return ExpansionResult(table: builder.table, added: builder.added, skipped: skipped)
        }
    }

    /// The auxiliary tokenizer: BPE over the characters of the corpus words (in the vocabulary's
    /// notation), with enough merges to offer several times `count` new tokens.
    static func train(corpus: CorpusWords, count: Int, minimumFrequency: Int, prefix: [UInt8]) throws -> TokenTable {
        var words = WordCounts()
        var alphabet = Set<[UInt8]>()
        for (k, word) in corpus.words.enumerated() {
            words.add(word, count: UInt64(corpus.counts[k]))
            for r in PieceSegmenter.characters(word) { alphabet.insert(Array(word[r])) }
        }
        var options = BPETrainingOptions(vocabSize: alphabet.count * (prefix.isEmpty ? 1 : 2) + 8 * count)
        options.minFrequency = UInt64(max(minimumFrequency, 0))
        options.symbols = .characters
        if !prefix.isEmpty { options.continuingSubwordPrefix = String(decoding: prefix, as: UTF8.self) }
        return try BPETrainer(options: options).train(words).table
    }
}
