/// A tiktoken rank file: one `BASE64-TOKEN SPACE RANK` line per token (`o200k_base.tiktoken`).
///
/// Reading is strict: every problem is a `VocabError` naming the line. Blank lines are skipped
/// and a `\r` before a line's `\n` is accepted, as tiktoken's `load_tiktoken_bpe` does; writing
/// produces the canonical form (lines in rank order, `\n` endings), which is what every published
/// rank file is, so re-saving an unchanged file reproduces it byte for byte.
public struct TiktokenRankFile: Sendable, Equatable {
    /// The largest rank accepted (the vocabulary size is the largest id + 1, so this bounds memory).
    public static let maximumRank = 1 << 24

    /// The bytes of every token, concatenated in rank order.
    public var storage: [UInt8] = []
    /// `(rank, start, end)` of each token in `storage`, sorted by rank.
    public var tokens: [(rank: Int32, start: Int32, end: Int32)] = []

    public static func == (a: TiktokenRankFile, b: TiktokenRankFile) -> Bool {
        a.storage == b.storage && a.tokens.elementsEqual(b.tokens, by: { $0 == $1 })
    }

    public init() {}

    /// Parses a rank file.
    public init(parsing bytes: [UInt8]) throws {
        var entries: [(rank: Int32, start: Int32, end: Int32, line: Int32)] = []
        entries.reserveCapacity(bytes.count / 10)
        storage.reserveCapacity(bytes.count / 2)
        try bytes.withUnsafeBufferPointer { all in
            var start = 0
            var line = 0
            let n = all.count
            while start < n {
                var end = start
                while end < n && all[end] != 0x0A { end += 1 }
                line += 1
                var stop = end
                if stop > start && all[stop - 1] == 0x0D { stop -= 1 }
                if stop > start {
                    let entry = try Self.parseLine(
                        UnsafeBufferPointer(rebasing: all[start..<stop]), line: line, into: &storage)
                    entries.append((entry.rank, entry.start, entry.end, Int32(line)))
                }
                start = end + 1
            }
        }
        guard !entries.isEmpty else { throw VocabError("the rank file has no tokens") }
        entries.sort { $0.rank < $1.rank }
        for k in 1..<max(1, entries.count) where entries[k].rank == entries[k - 1].rank {
            let (first, second) = (min(entries[k].line, entries[k - 1].line), max(entries[k].line, entries[k - 1].line))
            throw VocabError("rank \(entries[k].rank) appears twice (first on line \(first))", at: .line(Int(second)))
        }
        tokens = entries.map { ($0.rank, $0.start, $0.end) }
        try checkDistinctTokens(lines: entries.map(\.line))
    }

    private static func parseLine(
        _ text: UnsafeBufferPointer<UInt8>, line: Int, into storage: inout [UInt8]
    ) throws -> (rank: Int32, start: Int32, end: Int32) {
        guard let space = text.firstIndex(of: 0x20) else {
            throw VocabError("expected 'BASE64-TOKEN RANK', found no space", at: .line(line))
        }
        let digits = UnsafeBufferPointer(rebasing: text[(space + 1)...])
        guard !digits.isEmpty else { throw VocabError("missing rank after the token", at: .line(line)) }
        var rank = 0
        for d in digits {
            guard d >= 0x30 && d <= 0x39 else {
                throw VocabError("the rank is not a non-negative integer", at: .line(line))
            }
            rank = rank * 10 + Int(d - 0x30)
            guard rank <= maximumRank else {
                throw VocabError("rank is larger than \(maximumRank)", at: .line(line))
            }
        }
        let start = storage.count
        guard Base64.decode(UnsafeBufferPointer(rebasing: text[..<space]), into: &storage) else {
            throw VocabError("the token is not valid base64", at: .line(line))
        }
        guard storage.count > start else { throw VocabError("the token is empty", at: .line(line)) }
        return (Int32(rank), Int32(start), Int32(storage.count))
    }

    /// Rejects a token given twice (tiktoken would silently drop one of its ranks).
    private func checkDistinctTokens(lines: [Int32]) throws {
        var index = PieceIndex(capacity: tokens.count)
        try storage.withUnsafeBytes { all in
            for (k, token) in tokens.enumerated() {
                let key = UnsafeRawBufferPointer(rebasing: all[Int(token.start)..<Int(token.end)])
                let stored = index.insert(key, value: Int32(k)) { v in
                    UnsafeRawBufferPointer(rebasing: all[Int(tokens[Int(v)].start)..<Int(tokens[Int(v)].end)])
                }
                if stored != Int32(k) {
                    throw VocabError(
                        "the token of rank \(token.rank) is also the token of rank \(tokens[Int(stored)].rank) (line \(lines[Int(stored)]))",
                        at: .line(Int(lines[k])))
                }
            }
        }
    }

    /// The canonical rank file of a table: one line per `.normal` id, in id order (ids of other
    /// kinds, such as special tokens and gaps, are not ranks).
    public static func serialize(_ table: TokenTable) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(table.count * 16)
        for id in 0..<table.count where table.kinds[id] == .normal {
            table.withPiece(id) { Base64.encode($0, into: &out) }
            out.append(0x20)
            out.append(contentsOf: String(id).utf8)
            out.append(0x0A)
        }
        return out
    }
}
