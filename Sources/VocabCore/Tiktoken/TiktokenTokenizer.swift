/// A tiktoken encoding: a rank file (ranks are the ids), a split pattern, and optional special
/// tokens; encodes exactly as tiktoken's `encode_ordinary` (`specs/ENCODERS.md` §6).
///
/// The vocabulary size is the largest id (rank or special) + 1; ids that are neither are gaps:
/// `.unused` entries with an empty piece. Special tokens are `.control` entries and are never
/// produced from text.
public struct TiktokenTokenizer: TokenizerBackend {
    public let table: TokenTable
    /// The split pattern the text is cut with before merging.
    public let pattern: SplitPattern
    /// What the rank file was recognised as ("cl100k_base"), or nil when the pattern was given.
    public let recognisedAs: String?
    let ranks: RankMap
    /// The id of each single byte.
    let byteRanks: [Int32]

    public var format: TokenizerFormat { .tiktoken }
    public var modelType: String { "BPE (tiktoken)" }
    public var unknownID: Int32? { nil }

    public var pipelineSummary: [(stage: String, value: String)] {
        var split = "split \(pattern.rawValue)"
        if let recognisedAs { split += " (recognised as \(recognisedAs))" }
        return [
            ("pre-tokenizer", split + ": " + pattern.regex),
            ("model", "byte-pair merge by rank (tiktoken), \(table.count - table.kinds.filter { $0 != .normal }.count) ranks"),
            ("decoder", "concatenated bytes"),
        ]
    }

    /// A tokenizer over `table`, whose `.normal` ids are the ranks. Every single byte must be a rank.
    public init(table: TokenTable, pattern: SplitPattern, recognisedAs: String? = nil) throws {
        var byteRanks = [Int32](repeating: -1, count: 256)
        for id in 0..<table.count where table.kinds[id] == .normal && table.pieceLength(id) == 1 {
            let b = table.withPiece(id) { Int($0[0]) }
            if byteRanks[b] < 0 { byteRanks[b] = Int32(id) }
        }
        if let missing = byteRanks.firstIndex(of: -1) {
            throw VocabError(
                "the rank file has no token for the single byte 0x\(String(missing, radix: 16, uppercase: true)) (tiktoken needs all 256)")
        }
        self.table = table
        self.pattern = pattern
        self.recognisedAs = recognisedAs
        self.byteRanks = byteRanks
        self.ranks = RankMap(table)
    }

    /// Reads a rank file and adds special tokens.
    /// - Parameters:
    ///   - rankFile: the rank file's bytes.
    ///   - specialTokens: the special tokens (from `TiktokenSpecialTokens.parse`).
    ///   - pattern: the split pattern's name; nil to recognise a published rank file.
    public static func load(
        rankFile: [UInt8], specialTokens specials: [(token: [UInt8], id: Int32)] = [], pattern: String?
    ) throws -> TiktokenTokenizer {
        let ranks = try TiktokenRankFile(parsing: rankFile)
        let split: SplitPattern
        var recognisedAs: String? = nil
        if let pattern {
            guard let named = SplitPattern(name: pattern) else {
                throw VocabError(
                    "unknown split pattern '\(pattern)' (known: \(SplitPattern.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            split = named
        } else if let known = KnownRankFiles.recognise(ranks) {
            split = known.pattern
            recognisedAs = known.name
        } else {
            throw VocabError(
                "not a known rank file (r50k, cl100k, o200k, Llama-3, Qwen2): give its split pattern with --pattern \(SplitPattern.allCases.map(\.rawValue).joined(separator: "|"))")
        }
        return try TiktokenTokenizer(table: makeTable(ranks, specials: specials), pattern: split, recognisedAs: recognisedAs)
    }

    /// The token table of a rank file plus special tokens: ids 0 ... largest id, gaps `.unused`.
    static func makeTable(_ ranks: TiktokenRankFile, specials: [(token: [UInt8], id: Int32)]) throws -> TokenTable {
        var size = Int(ranks.tokens.last?.rank ?? -1) + 1
        for special in specials { size = max(size, Int(special.id) + 1) }
        var specialAt = [Int32: Int](minimumCapacity: specials.count)
        for (k, special) in specials.enumerated() { specialAt[special.id] = k }
        var table = TokenTable(capacity: size)
        var next = 0  // index into ranks.tokens
        for id in 0..<size {
            if next < ranks.tokens.count && ranks.tokens[next].rank == Int32(id) {
                if let k = specialAt[Int32(id)] {
                    throw VocabError(
                        "special token \(JSONText.quoted(String(decoding: specials[k].token, as: UTF8.self))) has id \(id), which is already a rank")
                }
                let t = ranks.tokens[next]
                table.append(ranks.storage[Int(t.start)..<Int(t.end)], kind: .normal)
                next += 1
            } else if let k = specialAt[Int32(id)] {
                table.append(specials[k].token, kind: .control)
            } else {
                table.append([UInt8](), kind: .unused)
            }
        }
        return table
    }

    /// Complexity: O(n) to scan, and per piece O(k²) below 32 bytes (linear scans for the lowest
    /// rank) or O(k log k) above (a rank heap), for a piece of k bytes.
    public func encode(_ text: UnsafeBufferPointer<UInt8>, into ids: inout [Int32]) {
        guard let base = text.baseAddress else { return }
        byteRanks.withUnsafeBufferPointer { byteRanksBuffer in
            guard let byteRanks = byteRanksBuffer.baseAddress else { return }
            pattern.forEachPiece(in: text) { start, end in
                let n = end - start
                let p = base + start
                if n == 1 {
                    ids.append(byteRanks[Int(p[0])])
                    return
                }
                let whole = ranks.rank(p, n)
                if whole != RankMap.absent {
                    ids.append(whole)
                } else {
                    ranks.appendMerged(p, n, byteRanks: byteRanks, into: &ids)
                }
            }
        }
    }

    public func decode(_ ids: [Int32]) throws -> [UInt8] {
        try checkRange(ids)
        var out: [UInt8] = []
        for id in ids {
            guard table.kinds[Int(id)] != .unused else {
                throw VocabError("token id \(id) is a gap in the rank file (no token has it)")
            }
            table.withPiece(Int(id)) { out.append(contentsOf: $0) }
        }
        return out
    }

    /// The rank file (canonical form: rank order, `\n` line ends).
    public func serialized() throws -> [UInt8] {
        TiktokenRankFile.serialize(table)
    }

    /// The `NAME.special.json` companion file, or nil when there are no special tokens.
    public func serializedSpecialTokens() -> [UInt8]? {
        table.kinds.contains(.control) ? TiktokenSpecialTokens.serialize(table) : nil
    }
}
