import VocabCore

/// The model family of a vocabulary, as far as segmenting one piece is concerned.
public enum ExpansionModel: Sendable, Equatable {
    /// BPE with a merge list (HF `tokenizers`, byte-level or not): merges apply by rank.
    case rankedBPE
    /// SentencePiece BPE: the adjacent pair whose concatenation is the highest-scoring piece merges first.
    case scoredBPE
    /// Unigram: the segmentation with the highest total score (Viterbi).
    case unigram
    /// WordPiece: greedy longest match first; pieces after the first carry `prefix` (`##`).
    case wordPiece(prefix: [UInt8])

    /// The model of a tokenizer from its model type and table (BPE with merges is ranked).
    public static func of(modelType: String, table: TokenTable) throws -> ExpansionModel {
        switch modelType {
        case "BPE": return table.merges.isEmpty ? .scoredBPE : .rankedBPE
        case "Unigram": return .unigram
        case "WordPiece": return .wordPiece(prefix: Array("##".utf8))
        default: throw VocabError("expanding a \(modelType) vocabulary is not supported (BPE, Unigram and WordPiece are)")
        }
    }
}

/// Segments a piece's string (in the vocabulary's own notation: `Ġhello`, `▁hello`, `##ing`) into
/// tokens of a table the way the model would segment that string as one pre-tokenized word.
///
/// This is the "base tokenizer's tokens for the new token's string" of the initialization methods,
/// and the check that an added token is reachable (it segments to itself).
public struct PieceSegmenter {
    public private(set) var table: TokenTable
    public let model: ExpansionModel
    private var ranks: [TokenPair: Int32] = [:]
    private let unknownID: Int32?
    /// The Unigram score of a character only the unknown token (or byte fallback) covers.
    private let unknownScore: Double

    public init(table: TokenTable, model: ExpansionModel) {
        self.table = table
        self.model = model
        unknownID = table.kinds.firstIndex(of: .unknown).map { Int32($0) }
        unknownScore = (table.scores.min() ?? 0) - 10
        if model == .rankedBPE {
            for (rank, pair) in table.merges.enumerated() where ranks[pair] == nil { ranks[pair] = Int32(rank) }
        }
    }

    /// Appends a piece to the segmenter's table, with its merge after all others for ranked BPE
    /// (keeps it in step with a table that grows the same way).
    mutating func append(_ piece: [UInt8], score: Double, merge: TokenPair?) {
        table.append(piece, score: score, kind: .normal)
        if let merge, model == .rankedBPE {
            table.merges.append(merge)
            if ranks[merge] == nil { ranks[merge] = Int32(table.merges.count - 1) }
        }
    }

    /// Whether an id may be produced by the model from text.
    func usable(_ id: Int32) -> Bool {
        let kind = table.kinds[Int(id)]
        return kind == .normal || kind == .byte || kind == .userDefined
    }

    func lookup(_ bytes: ArraySlice<UInt8>) -> Int32? {
        guard let id = Array(bytes).withUnsafeBytes({ table.id(of: $0) }), usable(id) else { return nil }
        return id
    }

    /// The UTF-8 character ranges of `piece`.
    static func characters(_ piece: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = 0
        while i < piece.count {
            let n = max(1, min(UTF8Scan.sequenceLength(lead: piece[i]), piece.count - i))
            out.append(i..<i + n)
            i += n
        }
        return out
    }

    /// The ids of one character: its piece, else its byte-fallback pieces (`<0xAB>`), else nil.
    func characterIDs(_ bytes: ArraySlice<UInt8>) -> [Int32]? {
        if let id = lookup(bytes) { return [id] }
        var ids: [Int32] = []
        for b in bytes {
            let hex = Array("0123456789ABCDEF".utf8)
            let name: [UInt8] = Array("<0x".utf8) + [hex[Int(b >> 4)], hex[Int(b & 15)], UInt8(ascii: ">")]
            guard let id = table.id(of: name), table.kinds[Int(id)] == .byte else { return nil }
            ids.append(id)
        }
        return ids
    }

    /// The ids of `piece`'s string, or nil when a character cannot be represented (no piece, no
    /// byte fallback; Unigram and WordPiece then give the unknown token if they have one).
    public func segment(_ piece: [UInt8]) -> [Int32]? {
        guard !piece.isEmpty else { return [] }
        switch model {
        case .rankedBPE, .scoredBPE: return segmentBPE(piece)
        case .unigram: return segmentUnigram(piece)
        case .wordPiece(let prefix): return segmentWordPiece(piece, prefix: prefix)
        }
    }

    func segmentBPE(_ piece: [UInt8]) -> [Int32]? {
        var symbols: [Int32] = []
        for r in PieceSegmenter.characters(piece) {
            guard let ids = characterIDs(piece[r]) else { return nil }
            symbols += ids
        }
        while symbols.count > 1 {
            var best = -1
            var bestRank = Int32.max
            var bestScore = -Double.infinity
            var bestID: Int32 = 0
            for i in 0..<symbols.count - 1 {
                if model == .rankedBPE {
                    guard let rank = ranks[TokenPair(symbols[i], symbols[i + 1])], rank < bestRank else { continue }
                    let joined = table.piece(Int(symbols[i])) + table.piece(Int(symbols[i + 1]))
                    guard let id = table.id(of: joined) else { continue }
                    best = i
                    bestRank = rank
                    bestID = id
                } else {
                    let joined = table.piece(Int(symbols[i])) + table.piece(Int(symbols[i + 1]))
                    guard let id = lookup(joined[...]), table.kinds[Int(id)] == .normal else { continue }
                    let score = table.scores[Int(id)]
                    if score > bestScore {
                        best = i
                        bestScore = score
                        bestID = id
                    }
                }
            }
            guard best >= 0 else { break }
            symbols.replaceSubrange(best...best + 1, with: [bestID])
        }
        return symbols
    }

    func segmentUnigram(_ piece: [UInt8]) -> [Int32]? {
        let chars = PieceSegmenter.characters(piece)
        // best[k]: the best score of the first k characters; back[k]: (start character, ids).
        var best = [Double](repeating: -.infinity, count: chars.count + 1)
        var back = [(start: Int, ids: [Int32])](repeating: (0, []), count: chars.count + 1)
        best[0] = 0
        for start in 0..<chars.count where best[start] > -.infinity {
            var matched = false
            for end in start + 1...chars.count {
                let bytes = piece[chars[start].lowerBound..<chars[end - 1].upperBound]
                guard let id = lookup(bytes) else { continue }
                if table.kinds[Int(id)] == .byte { continue }
                matched = matched || end == start + 1
                let s = best[start] + (table.kinds[Int(id)] == .userDefined ? 0 : table.scores[Int(id)])
                if s > best[end] {
                    best[end] = s
                    back[end] = (start, [id])
                }
            }
            if !matched {
                let fallback = characterIDs(piece[chars[start]]).flatMap { ids in ids.allSatisfy { table.kinds[Int($0)] == .byte } ? ids : nil }
                guard let ids = fallback ?? unknownID.map({ [$0] }) else { continue }
                let s = best[start] + unknownScore
                if s > best[start + 1] {
                    best[start + 1] = s
                    back[start + 1] = (start, ids)
                }
            }
        }
        guard best[chars.count] > -.infinity else { return nil }
        var out: [[Int32]] = []
        var k = chars.count
        while k > 0 {
            out.append(back[k].ids)
            k = back[k].start
        }
        return out.reversed().flatMap { $0 }
    }

    func segmentWordPiece(_ piece: [UInt8], prefix: [UInt8]) -> [Int32]? {
        var continuation = false
        var body = piece[...]
        if !prefix.isEmpty, piece.count > prefix.count, piece.starts(with: prefix) {
            continuation = true
            body = piece[prefix.count...]
        }
        let chars = PieceSegmenter.characters(Array(body))
        let base = body.startIndex
        var out: [Int32] = []
        var start = 0
        while start < chars.count {
            var found: (end: Int, id: Int32)? = nil
            var end = chars.count
            while end > start {
                var key = continuation || start > 0 ? prefix : []
                key += body[(base + chars[start].lowerBound)..<(base + chars[end - 1].upperBound)]
                if let id = lookup(key[...]) {
                    found = (end, id)
                    break
                }
                end -= 1
            }
            guard let found else { return unknownID.map { [$0] } }
            out.append(found.id)
            start = found.end
        }
        return out
    }
}
