/// HF's Unigram model (`specs/ENCODERS.md` §4.2): a Viterbi search over every vocabulary piece
/// in float64; characters no piece covers become unknown nodes scored `min_score - 10`, and
/// runs of them are fused into one token; strings outside the vocabulary fall back to
/// `<0xNN>` byte pieces (when `byte_fallback`) or the unknown id.
public struct UnigramModel: Sendable {
    /// The pieces; each node's payload is the score (bit pattern) of the piece ending there,
    /// or `noPiece`.
    let trie: DoubleArrayTrie
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
        var minScore = Double.infinity
        for p in pieces where p.score < minScore { minScore = p.score }
        if let unknownID, unknownID < 0 || Int(unknownID) >= pieces.count {
            throw VocabError("Unigram unk_id \(unknownID) is not in the vocabulary")
        }
        // A piece listed twice keeps its last id (the trie keeps first occurrences: list backwards).
        var bytes: [UInt8] = []
        var offsets: [Int] = [0]
        offsets.reserveCapacity(pieces.count + 1)
        for p in pieces.reversed() {
            bytes.append(contentsOf: p.piece.utf8)
            offsets.append(bytes.count)
        }
        let ids = (0..<Int32(pieces.count)).reversed().map { $0 }
        trie = try DoubleArrayTrie(bytes: bytes, offsets: offsets, ids: Array(ids), empty: Self.noPiece) {
            pieces[Int($0)].score.bitPattern
        }
        self.unknownID = unknownID
        self.byteFallback = byteFallback
        self.minScore = minScore
        byteIDs = (0..<256).map { [trie] b in trie.lookup(ByteFallback.piece(UInt8(b))) ?? -1 }
    }

    /// Appends the ids of one pre-token (valid UTF-8).
    public func encode(_ text: UnsafeBufferPointer<UInt8>, into ids: inout [Int32]) {
        let n = text.count
        if n == 0 { return }
        withUnsafeTemporaryAllocation(of: Double.self, capacity: n + 1) { best in
            // from[i], token[i] (an id, or -2 - node), then the path's (start, end, id) triples.
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * (n + 1) + 3 * n) { scratch in
                best.initialize(repeating: 0)
                scratch.initialize(repeating: -1)
                let from = UnsafeMutableBufferPointer(rebasing: scratch[0...n])
                let token = UnsafeMutableBufferPointer(rebasing: scratch[(n + 1)...(2 * n + 1)])
                let path = UnsafeMutableBufferPointer(rebasing: scratch[(2 * n + 2)...])
                lattice(text, best, from, token)
                let count = backtrack(from, token, path)
                emit(text, path, count, into: &ids)
            }
        }
    }

    /// Fills the best path ending at each position (`specs/ENCODERS.md` §4.2).
    @inline(__always)
    func lattice(
        _ text: UnsafeBufferPointer<UInt8>, _ best: UnsafeMutableBufferPointer<Double>,
        _ from: UnsafeMutableBufferPointer<Int32>, _ token: UnsafeMutableBufferPointer<Int32>
    ) {
        let n = text.count
        let unkScore = minScore - Self.unknownPenalty
        var s = 0
        while s < n {
            let charLength = min(UTF8Scan.sequenceLength(lead: text[s]), n - s)
            // Only reachable positions (char starts) have a path; position 0 always does.
            let base = best[s]
            var hasSingle = false
            trie.walk(text, from: s) { i, node, payload in
                if payload != Self.noPiece {
                    let candidate = base + Double(bitPattern: payload)
                    if from[i] < 0 || candidate > best[i] {
                        best[i] = candidate
                        from[i] = Int32(s)
                        token[i] = -2 - node
                    }
                    if i - s == charLength { hasSingle = true }
                }
                return true
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

    /// Writes the best path's pieces as (start, end, id) triples, last piece first, with
    /// consecutive unknown pieces fused; returns their number (0 when there is no path: HF
    /// errors then, and nothing is emitted).
    @inline(__always)
    func backtrack(
        _ from: UnsafeMutableBufferPointer<Int32>, _ token: UnsafeMutableBufferPointer<Int32>,
        _ path: UnsafeMutableBufferPointer<Int32>
    ) -> Int {
        var count = 0
        var end = from.count - 1
        while end > 0 {
            let start = from[end]
            if start < 0 { return 0 }
            var id = token[end]
            if id <= -2 { id = trie.values[Int(-2 - id)] }
            if id == unknownID, count > 0, path[3 * count - 1] == id {
                path[3 * count - 3] = start
            } else {
                path[3 * count] = start
                path[3 * count + 1] = Int32(end)
                path[3 * count + 2] = id
                count += 1
            }
            end = Int(start)
        }
        return count
    }

    /// Appends the ids of the path's pieces in text order; an unknown run that is a piece gets
    /// its id, else its bytes' `<0xNN>` pieces (with byte fallback) or the unknown id.
    @inline(__always)
    func emit(_ text: UnsafeBufferPointer<UInt8>, _ path: UnsafeMutableBufferPointer<Int32>, _ count: Int, into ids: inout [Int32]) {
        for k in stride(from: count - 1, through: 0, by: -1) {
            let id = path[3 * k + 2]
            guard id == unknownID else {
                ids.append(id)
                continue
            }
            let slice = UnsafeBufferPointer(rebasing: text[Int(path[3 * k])..<Int(path[3 * k + 1])])
            if let known = trie.lookup(slice) {
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
