import Dispatch
import VocabCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Counts the words of text files, streaming: files are read in chunks of whole lines, each
/// chunk is split between the worker threads at line boundaries, and each worker counts into its
/// own `WordCounts`; only the distinct words stay in memory, so a corpus larger than RAM can be
/// counted as long as its distinct words fit.
///
/// Lines are read as HF's `Tokenizer.train(files)` reads them: split after each `\n`, the `\n`
/// (and any `\r`) kept as part of the line; a last line without `\n` counts as it is.
public struct WordCounter: Sendable {
    public var settings: CountSettings
    /// What to do with a line that is not valid UTF-8.
    public var policy: InvalidUTF8Policy
    /// Worker threads.
    public var threads: Int
    /// Bytes read at a time (a line longer than this is read whole).
    public var chunkSize: Int

    public init(settings: CountSettings, policy: InvalidUTF8Policy = .fail, threads: Int = 2, chunkSize: Int = 4 << 20) {
        self.settings = settings
        self.policy = policy
        self.threads = max(1, threads)
        self.chunkSize = max(1, chunkSize)
    }

    /// Counts the words of `files`.
    /// - Parameter progress: called after each chunk with (bytes counted, total bytes of all files).
    /// - Throws: `VocabError` for an unreadable file, or a line that is not valid UTF-8 under `.fail`.
    public func count(files: [String], progress: ((Int, Int) -> Void)? = nil) throws -> WordCounts {
        var total = 0
        for file in files { total += try FileReader.size(of: file) }
        let workers = try (0..<threads).map { _ in try CountingWorker(settings: settings, policy: policy) }
        var done = 0
        for file in files {
            let reader = try FileReader(path: file)
            defer { reader.close() }
            var pending: [UInt8] = []
            var linesBefore = 0
            var atEnd = false
            while !atEnd {
                var chunk = pending
                let before = chunk.count
                atEnd = try reader.read(appendingTo: &chunk, count: chunkSize)
                done += chunk.count - before
                // Whole lines only, except at the end of the file.
                var cut = chunk.count
                if !atEnd {
                    while cut > 0 && chunk[cut - 1] != 0x0A { cut -= 1 }
                    if cut == 0 {
                        pending = chunk
                        continue
                    }
                }
                pending = Array(chunk[cut...])
                try countLines(chunk, upTo: cut, workers: workers, file: file, linesBefore: linesBefore)
                linesBefore += chunk[..<cut].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                progress?(done, total)
            }
        }
        var result = workers[0].counts
        for worker in workers.dropFirst() { result.add(contentsOf: worker.counts) }
        return result
    }

    /// Counts the lines of `chunk[0..<end]` on all workers.
    private func countLines(_ chunk: [UInt8], upTo end: Int, workers: [CountingWorker], file: String, linesBefore: Int) throws {
        try chunk.withUnsafeBufferPointer { all in
            let text = UnsafeBufferPointer(rebasing: all[0..<end])
            // Part boundaries just after a newline.
            var bounds = [0]
            for k in 1..<workers.count {
                var b = max(bounds[k - 1], end * k / workers.count)
                while b < end && b > 0 && text[b - 1] != 0x0A { b += 1 }
                bounds.append(b)
            }
            bounds.append(end)
            let shared = SharedText(text: text, bounds: bounds, workers: workers)
            if workers.count == 1 {
                shared.run(0)
            } else {
                DispatchQueue.concurrentPerform(iterations: workers.count) { shared.run($0) }
            }
            for worker in workers {
                guard let failure = worker.failure else { continue }
                worker.failure = nil
                let line = linesBefore + text[0..<failure.lineStart].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
                if let column = failure.column {
                    throw VocabError(failure.message, file: file, at: .lineColumn(line, column))
                }
                throw VocabError(failure.message, file: file, at: .line(line))
            }
        }
    }
}

/// A chunk of text shared read-only by the workers, each counting its own part.
private struct SharedText: @unchecked Sendable {
    let text: UnsafeBufferPointer<UInt8>
    let bounds: [Int]
    let workers: [CountingWorker]

    func run(_ k: Int) {
        workers[k].countLines(UnsafeBufferPointer(rebasing: text[bounds[k]..<bounds[k + 1]]), offset: bounds[k])
    }
}

/// One worker's counts and scratch; touched by one thread at a time.
private final class CountingWorker: @unchecked Sendable {
    struct Failure {
        var message: String
        /// Offset of the failing line's start in the chunk.
        var lineStart: Int
        var column: Int?
    }

    var counts = WordCounts(capacity: 1 << 16)
    var splitter: WordSplitter
    let policy: InvalidUTF8Policy
    var failure: Failure?

    init(settings: CountSettings, policy: InvalidUTF8Policy) throws {
        splitter = try WordSplitter(settings: settings)
        self.policy = policy
    }

    /// Counts the words of the lines of `part`, which starts at `offset` in its chunk.
    func countLines(_ part: UnsafeBufferPointer<UInt8>, offset: Int) {
        var start = 0
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
                        failure = Failure(
                            message: "invalid UTF-8 (use --on-invalid skip or replace)", lineStart: offset + start,
                            column: bad + 1)
                        return
                    case .skip:
                        break
                    case .replace:
                        let repaired = UTF8Scan.repairing(line)
                        try repaired.withUnsafeBufferPointer { try countWords($0) }
                    }
                } else {
                    try countWords(line)
                }
            } catch let error as VocabError {
                failure = Failure(message: error.message, lineStart: offset + start, column: nil)
                return
            } catch {
                failure = Failure(message: "\(error)", lineStart: offset + start, column: nil)
                return
            }
            start = end
        }
    }

    private func countWords(_ line: UnsafeBufferPointer<UInt8>) throws {
        try splitter.forEachWord(in: line) { counts.add($0) }
    }
}

/// Sequential reads of a file by descriptor.
private final class FileReader {
    let fd: Int32
    let path: String

    init(path: String) throws {
        self.path = path
        fd = open(path, O_RDONLY)
        if fd < 0 { throw VocabError("cannot open: \(String(cString: strerror(errno)))", file: path) }
        var st = stat()
        if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
            Glibc.close(fd)
            throw VocabError("is a directory, not a file", file: path)
        }
    }

    static func size(of path: String) throws -> Int {
        var st = stat()
        if stat(path, &st) != 0 { throw VocabError("cannot open: \(String(cString: strerror(errno)))", file: path) }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw VocabError("is a directory, not a file", file: path) }
        return Int(st.st_size)
    }

    /// Appends up to `count` bytes; returns true at the end of the file.
    func read(appendingTo buffer: inout [UInt8], count: Int) throws -> Bool {
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: count))
        var filled = 0
        while filled < count {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + old + filled, count - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                buffer.removeLast(count)
                throw VocabError("cannot read: \(String(cString: strerror(errno)))", file: path)
            }
            if n == 0 {
                buffer.removeLast(count - filled)
                return true
            }
            filled += n
        }
        return false
    }

    func close() { Glibc.close(fd) }
}
