/// HF's Unigram model (`specs/ENCODERS.md` §4.2): a Viterbi search over every vocabulary piece
/// in float64; characters no piece covers become unknown nodes scored `min_score - 10`, and
/// runs of them are fused into one token; strings outside the vocabulary fall back to
/// `<0xNN>` byte pieces (when `byte_fallback`) or the unknown id.
public struct UnigramModel: Sendable {
    let trie: ByteTrie
    let scores: [Double]
    public let unknownID: Int32?
    public let byteFallback: Bool
    /// Minimum score over all pieces (specials included), as HF computes it.
    public let minScore: Double
    let byteIDs: [Int32]

    /// The payload of trie nodes where no piece ends (a NaN no score equals).
    static let noPiece: UInt64 = 0x7FF8_DEAD_0000_0001

    /// The penalty below the minimum score given to unknown characters.
    public static let unknownPenalty = 10.0

    public init(pieces: [(piece: String, score: Double)], unknownID: Int32?, byteFallback: Bool) throws {
        var trie = ByteTrie(capacity: pieces.count * 4)
        var minScore = Double.infinity
        var scores: [Double] = []
        scores.reserveCapacity(pieces.count)
        guard trie.insertAll(pieces.map(\.piece), replace: true) else { throw VocabError("the vocabulary is too large") }
        for p in pieces {
            scores.append(p.score)
            if p.score < minScore { minScore = p.score }
        }
        let values = trie.values
        trie.setPayloads { node in
            let v = values[Int(node)]
            return v >= 0 ? scores[Int(v)].bitPattern : Self.noPiece
        }
        if let unknownID, unknownID < 0 || Int(unknownID) >= pieces.count {
            throw VocabError("Unigram unk_id \(unknownID) is not in the vocabulary")
        }
        self.trie = trie
        self.scores = scores
        self.unknownID = unknownID
        self.byteFallback = byteFallback
        self.minScore = minScore
        byteIDs = (0..<256).map { b in WordPieceModel.lookup(trie, ByteFallback.piece(UInt8(b))) ?? -1 }
    }

    /// Appends the ids of one pre-token (valid UTF-8).
    public func encode(_ text: UnsafeBufferPointer<UInt8>, into ids: inout [Int32]) {
        let n = text.count
        if n == 0 { return }
        let unkScore = minScore - Self.unknownPenalty
        var best = [Double](repeating: 0, count: n + 1)
        var from = [Int32](repeating: -1, count: n + 1)
        var token = [Int32](repeating: 0, count: n + 1)
        do {
            var s = 0
            while s < n {
                let charLength = min(UTF8Scan.sequenceLength(lead: text[s]), n - s)
                // Only reachable positions (char starts) have a path; position 0 always does.
                let base = best[s]
                var hasSingle = false
                var node: Int32 = 0
                var i = s
                while i < n {
                    let (next, payload) = trie.childAndPayload(node, text[i])
                    if next < 0 { break }
                    node = next
                    i += 1
                    if payload != Self.noPiece {
                        let candidate = base + Double(bitPattern: payload)
                        if from[i] < 0 || candidate > best[i] {
                            best[i] = candidate
                            from[i] = Int32(s)
                            token[i] = -2 - node
                        }
                        if i - s == charLength { hasSingle = true }
                    }
                }
                if !hasSingle, let unknownID {
                    let e = s + charLength
                    let candidate = base + unkScore
                    if from[e] < 0 || candidate > best[e] {
                        best[e] = candidate
                        from[e] = Int32(s)
                        token[e] = unknownID
                    }
                }
                s += charLength
            }
        }
        // Backtrack; fuse consecutive unknown nodes.
        var pieces: [(Int, Int, Int32)] = []
        var end = n
        while end > 0 {
            let start = Int(from[end])
            if start < 0 { return }  // no path (no unk id): HF errors; emit nothing.
            var id = token[end]
            if id <= -2 { id = trie.values[Int(-2 - id)] }
            if id == unknownID, let last = pieces.last, last.2 == id {
                pieces[pieces.count - 1] = (start, last.1, id)
            } else {
                pieces.append((start, end, id))
            }
            end = start
        }
        for (start, end, id) in pieces.reversed() {
            guard id == unknownID else {
                ids.append(id)
                continue
            }
            let slice = UnsafeBufferPointer(rebasing: text[start..<end])
            if let known = lookup(slice) {
                ids.append(known)
                continue
            }
            if byteFallback, slice.allSatisfy({ byteIDs[Int($0)] >= 0 }) {
                for b in slice { ids.append(byteIDs[Int(b)]) }
                continue
            }
            ids.append(id)
        }
    }

    func lookup(_ key: UnsafeBufferPointer<UInt8>) -> Int32? {
        var node: Int32 = 0
        for b in key {
            node = trie.child(node, b)
            if node < 0 { return nil }
        }
        let v = trie.values[Int(node)]
        return v >= 0 ? v : nil
    }
}

/// The `<0xNN>` byte pieces of byte-fallback vocabularies.
public enum ByteFallback {
    static let hex = Array("0123456789ABCDEF".utf8)

    /// `<0xNN>` (uppercase hex) for a byte.
    public static func piece(_ b: UInt8) -> [UInt8] {
        [0x3C, 0x30, 0x78, hex[Int(b >> 4)], hex[Int(b & 0xF)], 0x3E]
    }

    /// The byte a `<0xNN>` piece stands for, or nil.
    public static func byte(of piece: some Collection<UInt8>) -> UInt8? {
        guard piece.count == 6 else { return nil }
        let p = Array(piece)
        guard p[0] == 0x3C, p[1] == 0x30, p[2] == 0x78, p[5] == 0x3E else { return nil }
        func digit(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x41...0x46: return c - 0x41 + 10
            case 0x61...0x66: return c - 0x61 + 10
            default: return nil
            }
        }
        guard let hi = digit(p[3]), let lo = digit(p[4]) else { return nil }
        return hi << 4 | lo
    }
}
