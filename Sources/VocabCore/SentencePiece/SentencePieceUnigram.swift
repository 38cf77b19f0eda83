/// SentencePiece's Unigram segmentation (`unigram_model.cc`, `EncodeOptimized`): a Viterbi
/// search over UTF-8 positions with float32 scores, exactly as SentencePiece computes them.
struct SentencePieceUnigram: Sendable {
    /// NORMAL, USER_DEFINED and UNUSED pieces.
    let trie: PieceTrie
    let types: [SentencePieceModel.PieceType]
    let scores: [Float]
    let unknownScore: Float
    let unknownID: Int32

    init(pieces: [[UInt8]], types: [SentencePieceModel.PieceType], scores: [Float], unknownID: Int32) {
        var entries: [(key: [UInt8], id: Int32)] = []
        var minScore = Float.greatestFiniteMagnitude
        for (i, piece) in pieces.enumerated() {
            let t = types[i]
            if t == .normal { minScore = min(minScore, scores[i]) }
            guard t == .normal || t == .userDefined || t == .unused else { continue }
            if piece == [0] && t == .unused { continue }
            entries.append((piece, Int32(i)))
        }
        trie = PieceTrie(entries)
        self.types = types
        self.scores = scores
        unknownScore = minScore - Float(10)
        self.unknownID = unknownID
    }

    /// True when no piece can be matched from text (SentencePiece refuses such a model).
    var isEmpty: Bool { trie.isEmpty }

    /// Appends (start, length, id) for each piece of the best segmentation of `text`.
    func encode(_ text: UnsafeBufferPointer<UInt8>, into out: inout [(start: Int32, length: Int32, id: Int32)]) {
        let size = text.count
        if size == 0 { return }
        var bestScore = [Float](repeating: 0, count: size + 1)
        var bestStart = [Int32](repeating: -1, count: size + 1)
        var bestID = [Int32](repeating: -1, count: size + 1)
        let threshold: Float = 100_000
        var maxFrontier = 0
        var startsAt = 0
        types.withUnsafeBufferPointer { types in
            scores.withUnsafeBufferPointer { scores in
                while startsAt < size {
                    var here = bestScore[startsAt]
                    if here < -threshold || here > threshold {
                        let offset = here
                        var i = startsAt
                        while i <= maxFrontier {
                            if i == startsAt || bestStart[i] != -1 { bestScore[i] -= offset }
                            i += 1
                        }
                        here = 0
                    }
                    var hasSingleNode = false
                    let charLength = min(oneCharLength(text[startsAt]), size - startsAt)
                    var node: Int32 = 0
                    var keyPos = startsAt
                    while keyPos < size {
                        node = trie.step(node, text[keyPos])
                        if node < 0 { break }
                        keyPos += 1
                        let id = trie.value(node)
                        if id < 0 { continue }
                        let type = types[Int(id)]
                        if type == .unused { continue }
                        maxFrontier = max(maxFrontier, keyPos)
                        let length = keyPos - startsAt
                        let score = type == .userDefined ? Float(0.1 * Double(length - 1)) : scores[Int(id)]
                        let candidate = score + here
                        if bestStart[keyPos] == -1 || candidate > bestScore[keyPos] {
                            bestScore[keyPos] = candidate
                            bestStart[keyPos] = Int32(startsAt)
                            bestID[keyPos] = id
                        }
                        if length == charLength { hasSingleNode = true }
                    }
                    if !hasSingleNode {
                        let end = startsAt + charLength
                        maxFrontier = max(maxFrontier, end)
                        let candidate = unknownScore + here
                        if bestStart[end] == -1 || candidate > bestScore[end] {
                            bestScore[end] = candidate
                            bestStart[end] = Int32(startsAt)
                            bestID[end] = unknownID
                        }
                    }
                    startsAt += charLength
                }
            }
        }
        let first = out.count
        var end = size
        while end > 0 {
            let start = Int(bestStart[end])
            if start < 0 || start >= end { break }
            out.append((Int32(start), Int32(end - start), bestID[end]))
            end = start
        }
        out[first...].reverse()
    }
}
