import VocabCore

/// One token appended to a vocabulary.
public struct ExpandedToken: Sendable, Equatable {
    /// Its id in the expanded table.
    public var id: Int32
    /// Its piece, in the vocabulary's notation.
    public var piece: [UInt8]
    /// The base tokenizer's segmentation of its string (old ids).
    public var basePieces: [Int32]
    /// The merge (BPE) or best two-piece split (Unigram, WordPiece) that makes it; nil when there is none.
    public var parts: TokenPair?
    /// Its score (Unigram log-probability, SentencePiece BPE score; 0 otherwise).
    public var score: Double
    /// False for a token added only so a requested BPE token can be reached by merges.
    public var requested: Bool
}

/// The result of adding tokens to a vocabulary.
public struct ExpansionResult: Sendable {
    /// The base table with the new pieces (and, for BPE, merges) appended.
    public var table: TokenTable
    /// The appended tokens, in id order.
    public var added: [ExpandedToken]
    /// Requested pieces that were not added, with the reason.
    public var skipped: [(piece: [UInt8], reason: String)]

    /// What each new row of the embeddings is computed from, in id order.
    public func origins(baseCount: Int, model: ExpansionModel) -> [NewTokenOrigin] {
        let prefix: [UInt8]
        if case .wordPiece(let p) = model { prefix = p } else { prefix = [] }
        return added.map { token in
            let weights = token.basePieces.map { id -> Float in
                var piece = table.piece(Int(id))
                if !prefix.isEmpty, piece.count > prefix.count, piece.starts(with: prefix) { piece.removeFirst(prefix.count) }
                return Float(max(PieceSegmenter.characters(piece).count, 1))
            }
            return NewTokenOrigin(
                pieces: token.basePieces, pieceWeights: weights, merges: token.parts.map { [$0] } ?? [],
                twin: twin(of: token.piece, baseCount: baseCount, model: model))
        }
    }

    /// The old token with the same string in the other word position: `x` for `▁x` / `Ġx` and the
    /// reverse; WordPiece `x` for `##x` and the reverse.
    func twin(of piece: [UInt8], baseCount: Int, model: ExpansionModel) -> Int32? {
        let space: [UInt8] = [0xE2, 0x96, 0x81]  // ▁
        let markers: [[UInt8]]
        switch model {
        case .wordPiece(let p): markers = [p]
        case .unigram, .scoredBPE: markers = [space]
        case .rankedBPE: markers = [space, [0xC4, 0xA0]]  // byte-level BPE writes the space as Ġ
        }
        var candidates: [[UInt8]] = []
        if let marker = markers.first(where: { piece.count > $0.count && piece.starts(with: $0) }) {
            candidates = [Array(piece.dropFirst(marker.count))]
        } else {
            candidates = markers.map { $0 + piece }
        }
        for candidate in candidates {
            if let id = table.id(of: candidate), Int(id) < baseCount, table.kinds[Int(id)] == .normal { return id }
        }
        return nil
    }
}

/// Adds tokens to a vocabulary so that the model can produce them.
///
/// - BPE with merges: each token gets the merges that build it from the base tokenizer's
///   segmentation of its string, folded left to right (`t1 t2`, then `t1t2 t3`, ...), appended
///   after all old merges; intermediate results are added as tokens too. Old merges keep their
///   ranks, so text where no new merge applies is segmented as before, and each new merge only
///   joins two tokens, so no text gets more tokens.
/// - SentencePiece BPE: the same pieces are appended with scores below every old piece's, in
///   order, which gives the same guarantees under score-ordered merging.
/// - Unigram: the piece is appended with score `s + (k - 1)·ln 2`, where `s` is the log-probability
///   of the base model's best segmentation of its string into `k` pieces: the new piece is
///   2^(k-1) times as likely as that segmentation (twice per token saved), so it replaces it where
///   that segmentation was the best path, and a longer new piece beats a path through a shorter
///   new piece plus old ones. The k-th new piece loses k·10⁻⁶ more, so two new pieces that
///   cover the same text with the same base score do not tie (the earlier wins). Paths through
///   two new pieces each can still tie (k₁ + k₂ = k₃ + k₄ on equal base sums), and in a `.model`
///   (32-bit scores) 10⁻⁶ is below the resolution of scores past 8: there the implementations
///   break the tie each their own way.
/// - WordPiece: the piece is appended (greedy longest match then prefers it).
public enum VocabularyExpansion {
    /// Appends `pieces` (in the vocabulary's notation, in order) to `table`.
    /// Pieces already in the vocabulary, repeated, empty, or not representable are skipped.
    public static func addTokens(_ pieces: [[UInt8]], to base: TokenTable, model: ExpansionModel) -> ExpansionResult {
        var table = base
        var added: [ExpandedToken] = []
        var skipped: [(piece: [UInt8], reason: String)] = []
        let baseSegmenter = PieceSegmenter(table: base, model: model)
        var lowScores = DescendingScores(below: base)
        var seen = Set<[UInt8]>()

        for piece in pieces {
            guard !piece.isEmpty else { continue }
            guard seen.insert(piece).inserted else {
                skipped.append((piece, "listed more than once"))
                continue
            }
            if let id = table.id(of: piece) {
                skipped.append((piece, id < base.count ? "already in the vocabulary (id \(id))" : "already added as a merge step (id \(id))"))
                continue
            }
            guard let segmented = baseSegmenter.segment(piece), !segmented.isEmpty else {
                skipped.append((piece, "its characters cannot be represented by the base vocabulary"))
                continue
            }
            // The unknown token says nothing about the meaning: such pieces do not count.
            let baseIDs = segmented.filter { base.kinds[Int($0)] != .unknown }
            switch model {
            case .rankedBPE, .scoredBPE:
                var steps: [ExpandedToken] = []
                var merges: [TokenPair] = []
                var scratch = table
                var scratchScores = lowScores
                // Characters the vocabulary lacks (byte fallback) become pieces first: merges join
                // characters, never byte-fallback pieces.
                for r in PieceSegmenter.characters(piece) where PieceSegmenter(table: scratch, model: model).lookup(piece[r]) == nil {
                    let character = Array(piece[r])
                    let score = model == .scoredBPE ? scratchScores.take() : 0
                    let id = scratch.append(character, score: score, kind: .normal)
                    steps.append(
                        ExpandedToken(
                            id: id, piece: character, basePieces: (baseSegmenter.segment(character) ?? []).filter { base.kinds[Int($0)] != .unknown },
                            parts: nil, score: score, requested: false))
                }
                guard var symbols = PieceSegmenter(table: scratch, model: model).segment(piece), symbols.count >= 2 else {
                    skipped.append((piece, "its characters cannot be represented by the base vocabulary"))
                    continue
                }
                var left = symbols.removeFirst()
                for right in symbols {
                    let joined = scratch.piece(Int(left)) + scratch.piece(Int(right))
                    let id: Int32
                    if let existing = scratch.id(of: joined) {
                        id = existing
                    } else {
                        let score = model == .scoredBPE ? scratchScores.take() : 0
                        id = scratch.append(joined, score: score, kind: .normal)
                        let stepBase = baseSegmenter.segment(joined) ?? []
                        steps.append(
                            ExpandedToken(
                                id: id, piece: joined, basePieces: stepBase, parts: TokenPair(left, right), score: score,
                                requested: joined == piece))
                    }
                    if model == .rankedBPE { merges.append(TokenPair(left, right)) }
                    left = id
                }
                scratch.merges += merges
                // The fold must produce the piece from its own string; otherwise leave the table alone.
                guard PieceSegmenter(table: scratch, model: model).segment(piece) == [left] else {
                    skipped.append((piece, "no merge sequence after the old merges reaches it"))
                    continue
                }
                table = scratch
                lowScores = scratchScores
                added += steps
            case .unigram:
                let score = unigramScore(baseIDs: segmented, base: base) - Double(added.count) * 1e-6
                let id = table.append(piece, score: score, kind: .normal)
                added.append(ExpandedToken(id: id, piece: piece, basePieces: baseIDs, parts: nil, score: score, requested: true))
            case .wordPiece:
                let id = table.append(piece, score: 0, kind: .normal)
                added.append(ExpandedToken(id: id, piece: piece, basePieces: baseIDs, parts: nil, score: 0, requested: true))
            }
        }
        if model != .rankedBPE && model != .scoredBPE {
            for k in added.indices { added[k].parts = bestSplit(of: added[k].piece, id: added[k].id, in: table, model: model) }
        }
        return ExpansionResult(table: table, added: added, skipped: skipped)
    }

    /// The Unigram score of a new piece whose base segmentation is `baseIDs`: their log-probability
    /// plus ln 2 per token saved.
    static func unigramScore(baseIDs: [Int32], base: TokenTable) -> Double {
        baseIDs.reduce(0.0) { $0 + base.scores[Int($1)] } + Double(max(baseIDs.count - 1, 1)) * 0.693_147_180_559_945_3
    }

    /// The best two-piece split `l r` of a Unigram or WordPiece piece into other tokens of `table`:
    /// Unigram: the highest score(l) + score(r), i.e. the most probable two-piece segmentation;
    /// WordPiece: the longest left part (what greedy longest-match-first takes), with `r` carrying
    /// the continuation prefix. Nil when no split into two tokens exists.
    static func bestSplit(of piece: [UInt8], id: Int32, in table: TokenTable, model: ExpansionModel) -> TokenPair? {
        let segmenter = PieceSegmenter(table: table, model: model)
        var prefix: [UInt8] = []
        var body = piece
        var lead: [UInt8] = []
        if case .wordPiece(let p) = model {
            prefix = p
            if piece.count > p.count, piece.starts(with: p) {
                lead = p
                body = Array(piece[p.count...])
            }
        }
        let chars = PieceSegmenter.characters(body)
        var best: (pair: TokenPair, value: Double)? = nil
        for cut in 1..<max(chars.count, 1) {
            let split = chars[cut].lowerBound
            guard let l = segmenter.lookup((lead + body[..<split])[...]), l != id,
                let r = segmenter.lookup((prefix + body[split...])[...]), r != id
            else { continue }
            let value: Double
            if model == .unigram {
                value = table.scores[Int(l)] + table.scores[Int(r)]
            } else {
                value = Double(split)
            }
            if value > best?.value ?? -.infinity { best = (TokenPair(l, r), value) }
        }
        return best?.pair
    }
}
