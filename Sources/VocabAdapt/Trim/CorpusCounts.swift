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

    /// Counts the ids of every line of `files` (lines as `TextLines` reads them, no special tokens added).
    /// - Parameter progress: called after each file with the bytes read so far and the total.
    public init(
        tokenizer: any TokenizerBackend, files: [String], policy: InvalidUTF8Policy = .fail,
        progress: ((Int, Int) -> Void)? = nil
    ) throws {
        let table = tokenizer.table
        counts = [Int](repeating: 0, count: table.count)
        var ids: [Int32] = []
        ids.reserveCapacity(4096)
        var contents: [(String, [UInt8])] = []
        for file in files { contents.append((file, try FileIO.read(file))) }
        let total = contents.reduce(0) { $0 + $1.1.count }
        var done = 0
        for (file, bytes) in contents {
            try TextLines.forEach(in: bytes, file: file, policy: policy) { line, _ in
                ids.removeAll(keepingCapacity: true)
                tokenizer.encode(line, into: &ids)
                lines += 1
                tokens += ids.count
                for id in ids {
                    counts[Int(id)] += 1
                    let kind = table.kinds[Int(id)]
                    if kind == .unknown || kind == .byte { fallbackTokens += 1 }
                }
            }
            done += bytes.count
            progress?(done, total)
        }
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
