import VocabCore

/// Chooses new tokens from a target corpus by continuing BPE training from the base tokenizer's
/// own segmentation of the corpus ("Teaching Old Tokenizers New Words", arXiv 2512.03989).
///
/// Each corpus word starts as the base model's segmentation; each step joins the most frequent
/// adjacent pair (ties: the smaller left id, then the smaller right id) into a new token,
/// everywhere. Characters the vocabulary lacks (words the base model spells with byte fallback or
/// the unknown token) are first added as pieces, most frequent first: merges never join byte-fallback or unknown pieces. Pairs whose
/// result is already a piece are not chosen.
///
/// - BPE with merges: the new merges follow all old merges in this order, so the expanded model
///   segments every corpus word exactly as training left it, text that uses no new merge is
///   segmented as before, and no text gets more tokens (each merge joins two tokens).
/// - SentencePiece BPE: the pieces get scores below every old piece, decreasing in order.
/// - Unigram and WordPiece (a simpler candidate selection than training a Unigram model): the same
///   pair merging proposes the pieces; Unigram scores follow the rule of `VocabularyExpansion`
///   (the base log-probability of the string plus ln 2 per token saved).
public enum ContinuedTraining {
    /// Adds up to `count` tokens learned from `corpus`.
    /// - Parameters:
    ///   - minimumFrequency: a pair (or missing character) must occur this often.
    ///   - scripts: when given, only tokens it admits are learned (see `TargetScripts`).
    public static func expand(
        _ base: TokenTable, model: ExpansionModel, corpus: CorpusWords, count: Int, minimumFrequency: Int = 2,
        scripts: TargetScripts? = nil
    ) -> ExpansionResult {
        var builder = ExpansionBuilder(base: base, model: model)
        let prefix = builder.prefix
        // Missing characters first.
        for character in builder.missingCharacters(in: corpus, minimumFrequency: minimumFrequency, scripts: scripts).prefix(count) {
            builder.append(character, parts: nil)
        }
        var table: TokenTable { builder.table }

        // Words as symbol sequences under the table with those characters.
        let segmenter = PieceSegmenter(table: table, model: model)
        var words: [[Int32]] = []
        var counts: [Int] = []
        for (k, word) in corpus.words.enumerated() {
            guard let symbols = segmenter.segment(word), symbols.count > 1 else { continue }
            words.append(symbols)
            counts.append(corpus.counts[k])
        }
        func mergeable(_ id: Int32) -> Bool {
            let kind = table.kinds[Int(id)]
            return kind == .normal || kind == .userDefined
        }
        func joined(_ pair: TokenPair) -> [UInt8] {
            let right = table.piece(Int(pair.right))
            if !prefix.isEmpty, right.starts(with: prefix) { return table.piece(Int(pair.left)) + right.dropFirst(prefix.count) }
            return table.piece(Int(pair.left)) + right
        }
        // Pair counts are kept up to date: a merge only touches the words that hold its pair.
        var pairCounts: [TokenPair: Int] = [:]
        var wordsWithPair: [TokenPair: [Int]] = [:]
        // Pairs that can never be chosen: their result is already a piece, or not of a target script.
        var rejected = Set<TokenPair>()
        func register(_ k: Int, _ sign: Int) {
            let symbols = words[k]
            for i in 0..<max(symbols.count - 1, 0) where mergeable(symbols[i]) && mergeable(symbols[i + 1]) {
                let pair = TokenPair(symbols[i], symbols[i + 1])
                if rejected.contains(pair) { continue }
                pairCounts[pair, default: 0] += sign * counts[k]
                if sign > 0 { wordsWithPair[pair, default: []].append(k) }
            }
        }
        for k in words.indices { register(k, 1) }
        while builder.added.count < count {
            var best: (pair: TokenPair, count: Int)? = nil
            var blocked: [TokenPair] = []
            for (pair, c) in pairCounts where c >= minimumFrequency {
                if let b = best {
                    if c < b.count { continue }
                    if c == b.count && (pair.left, pair.right) > (b.pair.left, b.pair.right) { continue }
                }
                let piece = joined(pair)
                if table.id(of: piece) != nil || !(scripts?.admits(piece) ?? true) {
                    blocked.append(pair)
                    continue
                }
                best = (pair, c)
            }
            for pair in blocked {
                pairCounts[pair] = nil
                wordsWithPair[pair] = nil
                rejected.insert(pair)
            }
            guard let chosen = best?.pair else { break }
            let newID = builder.append(joined(chosen), parts: chosen)
            var touched = Set<Int>()
            for k in wordsWithPair[chosen] ?? [] where touched.insert(k).inserted {
                let symbols = words[k]
                guard zip(symbols, symbols.dropFirst()).contains(where: { $0 == chosen.left && $1 == chosen.right }) else { continue }
                register(k, -1)
                var out: [Int32] = []
                out.reserveCapacity(symbols.count)
                var i = 0
                while i < symbols.count {
                    if i + 1 < symbols.count && symbols[i] == chosen.left && symbols[i + 1] == chosen.right {
                        out.append(newID)
                        i += 2
                    } else {
                        out.append(symbols[i])
                        i += 1
                    }
                }
                words[k] = out
                register(k, 1)
            }
            pairCounts[chosen] = nil
            wordsWithPair[chosen] = nil
        }
        return ExpansionResult(table: builder.table, added: builder.added, skipped: [])
    }
}
