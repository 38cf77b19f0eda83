/// SentencePiece's Unigram segmentation (`unigram_model.cc`, `EncodeOptimized`): a Viterbi
/// search over UTF-8 positions with float32 scores, exactly as SentencePiece computes them.
struct SentencePieceUnigram: Sendable {
    /// NORMAL, USER_DEFINED and UNUSED pieces; each node's payload is the score (`Float` bit
    /// pattern) the lattice gives the piece ending there, or `skipped` (no piece, or an UNUSED
    /// one, which the walk passes through).
    let trie: DoubleArrayTrie
    let unknownScore: Float
    let unknownID: Int32

    /// The payload of nodes the lattice takes no piece from.
    static let skipped = UInt64.max

    init(pieces: [[UInt8]], types: [SentencePieceModel.PieceType], scores: [Float], unknownID: Int32) throws {
        var keys: [[UInt8]] = []
        var ids: [Int32] = []
        var minScore = Float.greatestFiniteMagnitude
        for (i, piece) in pieces.enumerated() {
            let t = types[i]
            if t == .normal { minScore = min(minScore, scores[i]) }
            guard t == .normal || t == .userDefined || t == .unused else { continue }
            if piece == [0] && t == .unused { continue }
            keys.append(piece)
            ids.append(Int32(i))
        }
        trie = try DoubleArrayTrie(keys: keys, ids: ids, empty: Self.skipped) { id in
            switch types[Int(id)] {
            case .unused: return Self.skipped
            case .userDefined: return UInt64(Float(0.1 * Double(pieces[Int(id)].count - 1)).bitPattern)
            default: return UInt64(scores[Int(id)].bitPattern)
            }
        }
        unknownScore = minScore - Float(10)
        self.unknownID = unknownID
    }

    /// True when no piece can be matched from text (SentencePiece refuses such a model).
    var isEmpty: Bool { trie.isEmpty }

    /// Appends (start, length, id) for each piece of the best segmentation of `text`.
    func encode(_ text: UnsafeBufferPointer<UInt8>, into out: inout [(start: Int32, length: Int32, id: Int32)]) {
        let size = text.count
        if size == 0 { return }
        withUnsafeTemporaryAllocation(of: Float.self, capacity: size + 1) { bestScore in
            // bestStart[i], then bestNode[i] (a trie node, or -2 - id for the unknown piece).
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * (size + 1)) { scratch in
                bestScore.initialize(repeating: 0)
                scratch.initialize(repeating: -1)
                let bestStart = UnsafeMutableBufferPointer(rebasing: scratch[0...size])
                let bestNode = UnsafeMutableBufferPointer(rebasing: scratch[(size + 1)...])
                lattice(text, bestScore, bestStart, bestNode)
                let first = out.count
                var end = size
                while end > 0 {
                    let start = Int(bestStart[end])
                    if start < 0 || start >= end { break }
                    let node = bestNode[end]
                    out.append((Int32(start), Int32(end - start), node >= 0 ? trie.values[Int(node)] : -2 - node))
                    end = start
                }
                out[first...].reverse()
            }
        }
    }

    @inline(__always)
    func lattice(
        _ text: UnsafeBufferPointer<UInt8>, _ bestScore: UnsafeMutableBufferPointer<Float>,
        _ bestStart: UnsafeMutableBufferPointer<Int32>, _ bestNode: UnsafeMutableBufferPointer<Int32>
    ) {
        let size = text.count
        let threshold: Float = 100_000
        var maxFrontier = 0
        var startsAt = 0
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
            trie.walk(text, from: startsAt) { keyPos, node, payload in
                if payload == Self.skipped { return true }
                maxFrontier = max(maxFrontier, keyPos)
                let candidate = Float(bitPattern: UInt32(truncatingIfNeeded: payload)) + here
                if bestStart[keyPos] == -1 || candidate > bestScore[keyPos] {
                    bestScore[keyPos] = candidate
                    bestStart[keyPos] = Int32(startsAt)
                    bestNode[keyPos] = node
                }
                if keyPos - startsAt == charLength { hasSingleNode = true }
                return true
            }
            if !hasSingleNode {
                let end = startsAt + charLength
                maxFrontier = max(maxFrontier, end)
                let candidate = unknownScore + here
                if bestStart[end] == -1 || candidate > bestScore[end] {
                    bestScore[end] = candidate
                    bestStart[end] = Int32(startsAt)
                    bestNode[end] = -2 - unknownID
                }
            }
            startsAt += charLength
        }
    }
}
