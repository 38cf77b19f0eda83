import VocabCore

/// Token counts of a corpus encoded with a tokenizer.
public struct CorpusCounts: Sendable {
    /// Occurrences of each id.
    public var counts: [Int]
    /// Lines read.
    public var lines = 0
    /// Tokens produced.
    public var tokens = 0
    /// Tokens that are the unknown token or byte pieces (byte fallback).
    public var fallbackTokens = 0

    /// Counts the ids of every line of `files` (lines as `TextLines` reads them, no special tokens
    /// added), on `pipeline` (the counts are the same for any number).
    /// - Parameter progress: called after each block with the bytes read so far and the total.
    public init(
        tokenizer: any TokenizerBackend, files: [String], policy: InvalidUTF8Policy = .fail,
        pipeline: LinePipeline = LinePipeline(), progress: ((Int, Int) -> Void)? = nil
    ) throws {
        let table = tokenizer.table
        let total = LinePipeline.totalSize(files)
        var done = 0
        let parts = try pipeline.run(
            files,
            state: { (counts: CorpusCounts(vocabularySize: table.count), ids: [Int32]()) },
            process: { part, block in
                try block.forEachLine(policy: policy) { line, _ in
                    part.ids.removeAll(keepingCapacity: true)
                    tokenizer.encode(line, into: &part.ids)
                    part.counts.add(part.ids, table: table)
                }
            },
            consume: { block, _ in
                done += block.bytes.count
                progress?(done, total)
            })
        self.init(vocabularySize: table.count)
        for part in parts { add(part.counts) }
    }

    /// No lines yet, for a vocabulary of `vocabularySize` ids.
    public init(vocabularySize: Int) {
        counts = [Int](repeating: 0, count: vocabularySize)
    }

    /// Counts one line's ids.
    mutating func add(_ ids: [Int32], table: TokenTable) {
        lines += 1
        tokens += ids.count
        for id in ids {
            counts[Int(id)] += 1
            let kind = table.kinds[Int(id)]
            if kind == .unknown || kind == .byte { fallbackTokens += 1 }
        }
    }

    /// Adds the counts of `other` (of the same vocabulary).
    public mutating func add(_ other: CorpusCounts) {
        for id in other.counts.indices { counts[id] += other.counts[id] }
        lines += other.lines
        tokens += other.tokens
        fallbackTokens += other.fallbackTokens
    }

    /// Share of tokens that are not the unknown token or byte pieces (1 for an empty corpus).
    public var coverage: Double { tokens == 0 ? 1 : Double(tokens - fallbackTokens) / Double(tokens) }

    /// Share of tokens whose ids are in `kept` (ids ascending).
    public func share(keptIDs kept: [Int32]) -> Double {
        guard tokens > 0 else { return 1 }
        let covered = kept.reduce(0) { $0 + counts[Int($1)] }
        return Double(covered) / Double(tokens)
    }
}
