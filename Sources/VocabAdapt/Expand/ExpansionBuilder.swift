import VocabCore

/// A table being expanded by learned tokens (`ContinuedTraining`, `AuxiliaryMerges`): appends
/// pieces with the score and merge their model needs, and records each new token.
struct ExpansionBuilder {
    let base: TokenTable
    let model: ExpansionModel
    let baseSegmenter: PieceSegmenter
    private(set) var table: TokenTable
    private(set) var added: [ExpandedToken] = []
    /// SentencePiece BPE scores: below every old piece, decreasing.
    private var lowScores: DescendingScores

    init(base: TokenTable, model: ExpansionModel) {
        self.base = base
        self.model = model
        baseSegmenter = PieceSegmenter(table: base, model: model)
        table = base
        lowScores = DescendingScores(below: base)
    }

    /// The continuation prefix of WordPiece pieces (empty for other models).
    var prefix: [UInt8] {
        if case .wordPiece(let p) = model { return p }
        return []
    }

    /// Appends `piece`; for ranked BPE, `parts` becomes the last merge.
    /// SentencePiece BPE pieces score below every earlier one; Unigram pieces score as
    /// `VocabularyExpansion` says, minus k·10⁻⁶ for the k-th; others score 0.
    @discardableResult
    mutating func append(_ piece: [UInt8], parts: TokenPair?) -> Int32 {
        let segmented = baseSegmenter.segment(piece) ?? []
        let baseIDs = segmented.filter { base.kinds[Int($0)] != .unknown }
        let score: Double
        switch model {
        case .scoredBPE:
            score = lowScores.take()
        case .unigram:
            score = VocabularyExpansion.unigramScore(baseIDs: segmented, base: base) - Double(added.count) * 1e-6
        case .rankedBPE, .wordPiece:
            score = 0
        }
        let id = table.append(piece, score: score, kind: .normal)
        if let parts, model == .rankedBPE { table.merges.append(parts) }
        added.append(ExpandedToken(id: id, piece: piece, basePieces: baseIDs, parts: parts, score: score, requested: true))
        return id
    }

    /// The characters of corpus words the base spells only with byte fallback or the unknown
    /// token, that occur at least `minimumFrequency` times (and that `scripts` admits), most
    /// frequent first (ties: first seen).
    func missingCharacters(in corpus: CorpusWords, minimumFrequency: Int, scripts: TargetScripts?) -> [[UInt8]] {
        var missing: [[UInt8]: Int] = [:]
        var order: [[UInt8]] = []
        for (k, word) in corpus.words.enumerated() {
            if let ids = baseSegmenter.segment(word),
                !ids.contains(where: { base.kinds[Int($0)] == .byte || base.kinds[Int($0)] == .unknown })
            {
                continue
            }
            var body = word[...]
            if !prefix.isEmpty, word.starts(with: prefix), word.count > prefix.count { body = word[prefix.count...] }
            for r in PieceSegmenter.characters(Array(body)) {
                let character = Array(body[body.startIndex + r.lowerBound..<body.startIndex + r.upperBound])
                guard baseSegmenter.lookup(character[...]) == nil, scripts?.admits(character) ?? true else { continue }
                if missing[character] == nil { order.append(character) }
                missing[character, default: 0] += corpus.counts[k]
            }
        }
        return order.filter { missing[$0, default: 0] >= minimumFrequency }
            .enumerated().sorted { (missing[$0.element] ?? 0, -$0.offset) > (missing[$1.element] ?? 0, -$1.offset) }.map(\.element)
    }
}

/// Scores for new SentencePiece BPE pieces: below every old normal piece's and strictly
/// decreasing as 32-bit floats, which is how a `.model` stores them (at Llama-2's lowest score,
/// -1e9, consecutive integers would collapse into one float and the new pieces would tie).
struct DescendingScores {
    /// The next score to hand out.
    private(set) var next: Double

    init(below table: TokenTable) {
        let lowest = table.scores.indices.filter { table.kinds[$0] == .normal }.map { table.scores[$0] }.min() ?? 0
        next = Double(Float(lowest).nextDown)
    }

    /// The next score; each is the float just below the previous one.
    mutating func take() -> Double {
        defer { next = Double(Float(next).nextDown) }
        return next
    }
}
