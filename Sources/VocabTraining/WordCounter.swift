import VocabCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Counts the words of text files, streaming: files are read in blocks of whole lines on
/// `LinePipeline`, each worker thread counts its blocks into its own `WordCounts`, and the
/// workers' counts are summed; only the distinct words stay in memory, so a corpus larger than
/// RAM can be counted as long as its distinct words fit. The result is the same for any number
/// of threads and block size: the summed counts are put in count-file order (`sortedByCount`).
///
/// Lines are read as HF's `Tokenizer.train(files)` reads them: split after each `\n`, the `\n`
/// (and any `\r`) kept as part of the line; a last line without `\n` counts as it is.
public struct WordCounter: Sendable {
    public var settings: CountSettings
    /// What to do with a line that is not valid UTF-8.
    public var policy: InvalidUTF8Policy
    /// Worker threads.
    public var threads: Int
    /// Bytes per block (a line longer than this makes a longer block).
    public var chunkSize: Int

    public init(settings: CountSettings, policy: InvalidUTF8Policy = .fail, threads: Int = LinePipeline.defaultThreads, chunkSize: Int = 1 << 20) {
        self.settings = settings
        self.policy = policy
        self.threads = max(1, threads)
        self.chunkSize = max(1, chunkSize)
    }

    /// Counts the words of `files` (`-` is standard input).
    /// - Parameter progress: called after each block with (bytes counted, total bytes of all files).
    /// - Throws: `VocabError` for an unreadable file, or a line that is not valid UTF-8 under `.fail`
    ///   (the first such line in input order).
    public func count(files: [String], progress: ((Int, Int) -> Void)? = nil) throws -> WordCounts {
        let total = LinePipeline.totalSize(files)
        var done = 0
        let (settings, policy) = (settings, policy)
        let workers = try LinePipeline(threads: threads, blockSize: chunkSize).run(
            files,
            state: { try CountingWorker(settings: settings, policy: policy) },
            process: { worker, block in try worker.countLines(of: block) },
            consume: { block, _ in
                done += block.bytes.count
                progress?(done, total)
            })
        var result = workers[0].counts
        for worker in workers.dropFirst() { result.add(contentsOf: worker.counts) }
        return result.sortedByCount()
    }
}

/// One worker's counts and scratch; touched by one thread at a time.
private struct CountingWorker {
    var counts = WordCounts(capacity: 1 << 16)
    var splitter: WordSplitter
    let policy: InvalidUTF8Policy

    init(settings: CountSettings, policy: InvalidUTF8Policy) throws {
        splitter = try WordSplitter(settings: settings)
        self.policy = policy
    }

    /// Counts the words of the lines of `block`.
    mutating func countLines(of block: LineBlock) throws {
        try block.bytes.withUnsafeBufferPointer { part in
            var start = 0
            var lineNumber = block.firstLine
            let n = part.count
            guard let base = part.baseAddress else { return }
            while start < n {
                var end = n
                if let found = memchr(base + start, 0x0A, n - start) {
                    end = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                }
                let line = UnsafeBufferPointer(rebasing: part[start..<end])
                do {
                    if let bad = UTF8Scan.firstInvalidOffset(line) {
                        switch policy {
                        case .fail:
                            throw VocabError(
                                "invalid UTF-8 (use --on-invalid skip or replace)", file: block.file,
                                at: .lineColumn(lineNumber, bad + 1))
                        case .skip:
                            break
                        case .replace:
                            let repaired = UTF8Scan.repairing(line)
                            try repaired.withUnsafeBufferPointer { try countWords($0) }
                        }
                    } else {
                        try countWords(line)
                    }
                } catch let error as VocabError where error.file == nil {
                    throw VocabError(error.message, file: block.file, at: .line(lineNumber))
                }
                start = end
                lineNumber += 1
            }
        }
    }

    private mutating func countWords(_ line: UnsafeBufferPointer<UInt8>) throws {
        try splitter.forEachWord(in: line) { counts.add($0) }
    }
}
