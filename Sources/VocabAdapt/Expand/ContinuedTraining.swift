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
    /// - Parameter minimumFrequency: a pair (or missing character) must occur this often.
    public static func expand(
        _ base: TokenTable, model: ExpansionModel, corpus: CorpusWords, count: Int, minimumFrequency: Int = 2
    ) -> ExpansionResult {
        var table = base
        var added: [ExpandedToken] = []
        let baseSegmenter = PieceSegmenter(table: base, model: model)
        let normalScores = base.scores.indices.filter { base.kinds[$0] == .normal }.map { base.scores[$0] }
        var lowScore = (normalScores.min() ?? 0) - 1
        var prefix: [UInt8] = []
        if case .wordPiece(let p) = model { prefix = p }

        func score(for piece: [UInt8], baseIDs: [Int32]) -> Double {
            switch model {
            case .scoredBPE:
                defer { lowScore -= 1 }
                return lowScore
            case .unigram:
                // Minus k·10⁻⁶ for the k-th piece: paths through different new pieces never tie.
                return VocabularyExpansion.unigramScore(baseIDs: baseSegmenter.segment(piece) ?? baseIDs, base: base)
                    - Double(added.count) * 1e-6
            case .rankedBPE, .wordPiece:
                return 0
            }
        }
        func append(_ piece: [UInt8], parts: TokenPair?) {
            let baseIDs = (baseSegmenter.segment(piece) ?? []).filter { base.kinds[Int($0)] != .unknown }
            let s = score(for: piece, baseIDs: baseIDs)
            let id = table.append(piece, score: s, kind: .normal)
            if let parts, model == .rankedBPE { table.merges.append(parts) }
            added.append(ExpandedToken(id: id, piece: piece, basePieces: baseIDs, parts: parts, score: s, requested: true))
        }

        // Missing characters first.
        var missing: [[UInt8]: Int] = [:]
        var order: [[UInt8]] = []
        let lookup = PieceSegmenter(table: base, model: model)
        for (k, word) in corpus.words.enumerated() {
            // Only words the base model cannot spell without byte fallback or the unknown token.
            if let ids = baseSegmenter.segment(word), !ids.contains(where: { base.kinds[Int($0)] == .byte || base.kinds[Int($0)] == .unknown }) {
                continue
            }
            var body = word[...]
            if !prefix.isEmpty, word.starts(with: prefix), word.count > prefix.count { body = word[prefix.count...] }
            for r in PieceSegmenter.characters(Array(body)) {
                let character = Array(body[body.startIndex + r.lowerBound..<body.startIndex + r.upperBound])
                guard lookup.lookup(character[...]) == nil else { continue }
                if missing[character] == nil { order.append(character) }
                missing[character, default: 0] += corpus.counts[k]
            }
        }
        let characters = order.filter { missing[$0, default: 0] >= minimumFrequency }
            .enumerated().sorted { (missing[$0.element] ?? 0, -$0.offset) > (missing[$1.element] ?? 0, -$1.offset) }.map(\.element)
        for character in characters.prefix(count) { append(character, parts: nil) }

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
        func register(_ k: Int, _ sign: Int) {
            let symbols = words[k]
            for i in 0..<max(symbols.count - 1, 0) where mergeable(symbols[i]) && mergeable(symbols[i + 1]) {
                let pair = TokenPair(symbols[i], symbols[i + 1])
                pairCounts[pair, default: 0] += sign * counts[k]
                if sign > 0 { wordsWithPair[pair, default: []].append(k) }
            }
        }
        for k in words.indices { register(k, 1) }
        while added.count < count {
            var best: (pair: TokenPair, count: Int)? = nil
            var blocked: [TokenPair] = []
            for (pair, c) in pairCounts where c >= minimumFrequency {
                if let b = best {
                    if c < b.count { continue }
                    if c == b.count && (pair.left, pair.right) > (b.pair.left, b.pair.right) { continue }
                }
                if table.id(of: joined(pair)) != nil {
                    blocked.append(pair)
                    continue
                }
                best = (pair, c)
            }
            for pair in blocked { pairCounts[pair] = nil }
            guard let chosen = best?.pair else { break }
            append(joined(chosen), parts: chosen)
            let newID = Int32(table.count - 1)
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
        return ExpansionResult(table: table, added: added, skipped: [])
    }
}
