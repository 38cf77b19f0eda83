/// Two token ids, e.g. the parts of a BPE merge.
public struct TokenPair: Hashable, Sendable {
    public var left: Int32
    public var right: Int32
    public init(_ left: Int32, _ right: Int32) {
        self.left = left
        self.right = right
    }
}

/// The vocabulary every vocabtool capability reads and writes: id <-> piece bytes, a score and a
/// kind per id, and (for BPE models) the merge list in rank order.
///
/// Pieces are raw bytes exactly as the model stores them (`Ġhello` for byte-level BPE, `▁hello`
/// for SentencePiece, `##ing` for WordPiece): never `String`s, so canonically equivalent pieces
/// stay distinct. All pieces live in one buffer. An id without a piece (a gap in a tiktoken rank
/// file) has an empty piece and kind `.unused`; empty pieces are never indexed.
public struct TokenTable: Sendable {
    @usableFromInline var storage: [UInt8] = []
    @usableFromInline var offsets: [Int32] = [0]
    /// The score of each id (Unigram log-probability, SentencePiece BPE score; 0 where the format
    /// has none). Set one with `setScore(_:of:)`, so every per-id array keeps one entry per id.
    public private(set) var scores: [Double] = []
    /// The kind of each id. Set one with `setKind(_:of:)`.
    public private(set) var kinds: [TokenKind] = []
    /// BPE merges in rank order (rank = index); empty for other models.
    public var merges: [TokenPair] = []
    @usableFromInline var index: PieceIndex

    /// An empty table.
    public init(capacity: Int = 0) {
        index = PieceIndex(capacity: capacity)
        storage.reserveCapacity(capacity * 8)
        offsets.reserveCapacity(capacity + 1)
        scores.reserveCapacity(capacity)
        kinds.reserveCapacity(capacity)
    }

    /// A table with the given pieces as ids 0, 1, 2, ...
    public init(pieces: [[UInt8]], scores: [Double]? = nil, kinds: [TokenKind]? = nil) {
        self.init(capacity: pieces.count)
        for (i, piece) in pieces.enumerated() {
            append(piece, score: scores?[i] ?? 0, kind: kinds?[i] ?? .normal)
        }
    }

    /// The number of ids (the vocabulary size).
    @inlinable public var count: Int { offsets.count - 1 }

    /// Appends a piece as the next id and returns that id. A piece already present keeps
    /// resolving to its first id in `id(of:)`.
    ///
    /// Complexity: amortized O(piece length).
    @discardableResult
    public mutating func append(_ piece: some Collection<UInt8>, score: Double = 0, kind: TokenKind = .normal) -> Int32 {
        let id = Int32(count)
        storage.append(contentsOf: piece)
        offsets.append(Int32(storage.count))
        scores.append(score)
        kinds.append(kind)
        if !piece.isEmpty {
            let start = Int(offsets[Int(id)])
            let end = storage.count
            storage.withUnsafeBytes { all in
                offsets.withUnsafeBufferPointer { off in
                    _ = index.insert(UnsafeRawBufferPointer(rebasing: all[start..<end]), value: id) { v in
                        UnsafeRawBufferPointer(rebasing: all[Int(off[Int(v)])..<Int(off[Int(v) + 1])])
                    }
                }
            }
        }
        checkInvariants()
        return id
    }

    /// Sets the score of an existing id.
    public mutating func setScore(_ score: Double, of id: Int) {
        precondition(id >= 0 && id < count, "token id \(id) is out of range (vocabulary size \(count))")
        scores[id] = score
    }

    /// Sets the kind of an existing id.
    public mutating func setKind(_ kind: TokenKind, of id: Int) {
        precondition(id >= 0 && id < count, "token id \(id) is out of range (vocabulary size \(count))")
        kinds[id] = kind
    }

    /// Debug builds check that the per-id arrays stay in step (one entry per id) and that the
    /// piece offsets only grow; release builds check nothing.
    @inline(__always)
    func checkInvariants() {
        assert(offsets.count == scores.count + 1 && kinds.count == scores.count, "TokenTable arrays out of step")
        assert(offsets.last.map { Int($0) == storage.count } ?? false, "TokenTable offsets do not end at the storage's end")
    }

    /// The bytes of an id's piece.
    @inlinable
    public func piece(_ id: Int) -> [UInt8] {
        Array(storage[Int(offsets[id])..<Int(offsets[id + 1])])
    }

    /// The byte length of an id's piece.
    @inlinable
    public func pieceLength(_ id: Int) -> Int { Int(offsets[id + 1] - offsets[id]) }

    /// Calls `body` with the bytes of an id's piece, without copying.
    @inlinable
    public func withPiece<R>(_ id: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.withUnsafeBytes { all in
            try body(UnsafeRawBufferPointer(rebasing: all[Int(offsets[id])..<Int(offsets[id + 1])]))
        }
    }

    /// The piece as text (invalid UTF-8 shown as U+FFFD), for display only.
    public func pieceText(_ id: Int) -> String {
        String(decoding: storage[Int(offsets[id])..<Int(offsets[id + 1])], as: UTF8.self)
    }

    /// The id of a piece, or nil.
    @inlinable
    public func id(of key: UnsafeRawBufferPointer) -> Int32? {
        storage.withUnsafeBytes { all in
            offsets.withUnsafeBufferPointer { off in
                index.find(key) { v in
                    UnsafeRawBufferPointer(rebasing: all[Int(off[Int(v)])..<Int(off[Int(v) + 1])])
                }
            }
        }
    }

    /// The id of a piece, or nil.
    @inlinable
    public func id(of piece: [UInt8]) -> Int32? {
        piece.withUnsafeBytes { id(of: $0) }
    }

    /// The id of a piece given as text (its UTF-8 bytes), or nil.
    public func id(of piece: String) -> Int32? {
        var copy = piece
        return copy.withUTF8 { id(of: UnsafeRawBufferPointer($0)) }
    }

    /// Counts of ids by kind.
    public var kindCounts: [TokenKind: Int] {
        var counts: [TokenKind: Int] = [:]
        for kind in kinds { counts[kind, default: 0] += 1 }
        return counts
    }
}

extension TokenTable: Equatable {
    /// Tables are equal when ids, pieces, scores, kinds and merges are equal.
    public static func == (a: TokenTable, b: TokenTable) -> Bool {
        a.offsets == b.offsets && a.storage == b.storage && a.kinds == b.kinds
            && a.merges == b.merges
            && zip(a.scores, b.scores).allSatisfy { $0.bitPattern == $1.bitPattern }
            && a.scores.count == b.scores.count
    }
}
