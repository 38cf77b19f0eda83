import VocabCore

/// The `align` initialization's statistics: for each new token, the tuples of base pieces that
/// its occurrences in the corpus cover.
public enum CorpusAlignment {
    /// For each new token (id `baseCount + k`), the distinct tuples of base ids whose spans overlap
    /// an occurrence of it, with counts. Each corpus word is segmented by the base and by the
    /// expanded model; spans are byte offsets in the word's text.
    public static func alignments(
        corpus: CorpusWords, base: TokenTable, expanded: TokenTable, model: ExpansionModel
    ) -> [[AlignedPieces]] {
        let baseCount = base.count
        let newCount = expanded.count - baseCount
        guard newCount > 0 else { return [] }
        let before = PieceSegmenter(table: base, model: model)
        let after = PieceSegmenter(table: expanded, model: model)
        var prefix: [UInt8] = []
        if case .wordPiece(let p) = model { prefix = p }
        func textLength(_ id: Int32, _ table: TokenTable) -> Int? {
            switch table.kinds[Int(id)] {
            case .byte: return 1
            case .unknown: return nil
            default:
                let n = table.pieceLength(Int(id))
                if !prefix.isEmpty, n > prefix.count, table.piece(Int(id)).starts(with: prefix) { return n - prefix.count }
                return n
            }
        }
        var tuples = [[ [Int32]: Int ]](repeating: [:], count: newCount)
        for (k, word) in corpus.words.enumerated() {
            guard let new = after.segment(word), new.contains(where: { Int($0) >= baseCount }),
                let old = before.segment(word)
            else { continue }
            var oldSpans: [(start: Int, end: Int, id: Int32)] = []
            var offset = 0
            var complete = true
            for id in old {
                guard let n = textLength(id, base) else { complete = false; break }
                oldSpans.append((offset, offset + n, id))
                offset += n
            }
            guard complete else { continue }
            offset = 0
            for id in new {
                guard let n = textLength(id, expanded) else { break }
                if Int(id) >= baseCount {
                    let covered = oldSpans.filter { $0.start < offset + n && $0.end > offset }.map(\.id)
                    if !covered.isEmpty { tuples[Int(id) - baseCount][covered, default: 0] += corpus.counts[k] }
                }
                offset += n
            }
        }
        return tuples.map { counts in
            counts.map { AlignedPieces(pieces: $0.key, count: $0.value) }
                .sorted { $0.count != $1.count ? $0.count > $1.count : $0.pieces.lexicographicallyPrecedes($1.pieces) }
        }
    }
}
