import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A block of whole lines of one input, as `LinePipeline` hands it to a worker: cut just after a
/// `\n` (or at the end of the input), so never inside a line, a UTF-8 character or a `\r\n` pair.
public struct LineBlock: Sendable {
    /// The input's name in messages (`<stdin>` for standard input).
    public let file: String
    /// The 1-based number of the block's first line in its input.
    public let firstLine: Int
    /// The block's position among all blocks of all inputs (0-based).
    public let index: Int
    /// The lines, each with its `\n` (the input's last line may lack one).
    public let bytes: [UInt8]

    /// Calls `body` with each line (without its `\n`) and its line number in the input, as
    /// `TextLines.forEach` reads a whole file.
    public func forEachLine(
        policy: InvalidUTF8Policy, _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void
    ) throws {
        try bytes.withUnsafeBufferPointer {
            try TextLines.forEach(in: $0, file: file, firstLine: firstLine, policy: policy, body)
        }
    }
}

/// The one way vocabtool passes over a corpus: inputs are read in blocks of whole lines, the
/// blocks are processed on several threads, and their results are handed back in input order
/// on the calling thread. Memory is bounded by a few blocks per thread, whatever the input size,
/// and the result is the same for every thread count (each worker sees whole blocks, results are
/// consumed in order, so the first error in input order is the one reported).
public struct LinePipeline: Sendable {
    /// Worker threads (1: everything runs on the calling thread).
    public var threads: Int
    /// Bytes per block (a line longer than this makes a longer block).
    public var blockSize: Int

    public init(threads: Int = LinePipeline.defaultThreads, blockSize: Int = LinePipeline.defaultBlockSize) {
        self.threads = max(1, threads)
        self.blockSize = max(1, blockSize)
    }

    /// 1 MiB.
    public static let defaultBlockSize = 1 << 20

    /// The number of cores online: the default of every `--threads` option.
    public static var defaultThreads: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// The name `-` stands for standard input.
    public static let standardInput = "-"

    /// The total size of the regular files among `inputs` (standard input counts 0).
    public static func totalSize(_ inputs: [String]) -> Int {
        inputs.reduce(0) { total, path in
            var st = stat()
            return total + (path != standardInput && stat(path, &st) == 0 ? Int(st.st_size) : 0)
        }
    }

    /// Runs `process` on every block of `inputs` and `consume` on each result, in input order.
    ///
    /// - Parameters:
    ///   - inputs: files, read one after the other; `-` is standard input.
    ///   - makeState: makes one worker's state (scratch buffers, accumulators); called once per
    ///     thread on the calling thread. A state is used by one block at a time.
    ///   - process: turns a block into its result; runs on a worker thread.
    ///   - consume: receives each block and its result in input order, on the calling thread.
    /// - Returns: the workers' states (accumulators are summed from these).
    /// - Throws: the first error in input order: a reading error, or what `process` or `consume`
    ///   threw for the earliest block. Blocks already handed out are finished before it returns.
    public func run<State, Output>(
        _ inputs: [String],
        state makeState: () throws -> State,
        process: @escaping @Sendable (inout State, LineBlock) throws -> Output,
        consume: (LineBlock, Output) throws -> Void = { _, _ in }
    ) throws -> [State] {
        // Every input must open before any work starts.
        for input in inputs where input != Self.standardInput { try BlockReader(input, blockSize: 1).close() }
        let states = try (0..<threads).map { _ in UncheckedBox(try makeState()) }
        var blockIndex = 0
        if threads == 1 {
            for input in inputs {
                let reader = try BlockReader(input, blockSize: blockSize)
                defer { reader.close() }
                while let block = try reader.next(index: blockIndex) {
                    blockIndex += 1
                    try consume(block, try process(&states[0].value, block))
                }
            }
            return states.map(\.value)
        }

        let free = FreeList(threads)
        let running = DispatchSemaphore(value: threads)
        var pending: [Pending<Output>] = []
        var head = 0
        defer {
            // Let blocks still being processed finish before their states are given back.
            for entry in pending[head...] { entry.done.wait() }
        }
        func consumeOldest() throws {
            let entry = pending[head]
            head += 1
            entry.done.wait()
            let result = entry.result.value!
            entry.result.value = nil
            try consume(entry.block, try result.get())
            if head > 64 {
                pending.removeFirst(head)
                head = 0
            }
        }
        let window = 2 * threads
        for input in inputs {
            let reader = try BlockReader(input, blockSize: blockSize)
            defer { reader.close() }
            while true {
                let next: LineBlock?
                do {
                    next = try reader.next(index: blockIndex)
                } catch {
                    // An earlier block's error comes first.
                    while head < pending.count { try consumeOldest() }
                    throw error
                }
                guard let block = next else { break }
                blockIndex += 1
                if pending.count - head >= window { try consumeOldest() }
                running.wait()
                let entry = Pending<Output>(block: block)
                pending.append(entry)
                DispatchQueue.global().async {
                    let k = free.take()
                    let result = Result { try process(&states[k].value, block) }
                    free.give(k)
                    entry.result.value = result
                    entry.done.signal()
                    running.signal()
                }
            }
        }
        while head < pending.count { try consumeOldest() }
        return states.map(\.value)
    }
}

/// A value handed between threads that only one thread touches at a time (the pipeline's
/// semaphores order the accesses).
private final class UncheckedBox<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}

/// The indices of the worker states not in use.
private final class FreeList: Sendable {
    let indices: Mutex<[Int]>
    init(_ count: Int) { indices = Mutex(Array(0..<count)) }
    func take() -> Int { indices.withLock { $0.removeLast() } }
    func give(_ k: Int) { indices.withLock { $0.append(k) } }
}

/// A block handed to a worker, and its result once `done` is signalled.
private final class Pending<Output>: @unchecked Sendable {
    let block: LineBlock
    let result = UncheckedBox<Result<Output, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    init(block: LineBlock) { self.block = block }
}

/// Reads one input in blocks of whole lines.
private final class BlockReader {
    let fd: Int32
    let name: String
    let blockSize: Int
    var carry: [UInt8] = []
    var atEnd = false
    var nextLine = 1
    let ownsDescriptor: Bool

    init(_ path: String, blockSize: Int) throws {
        self.blockSize = blockSize
        if path == LinePipeline.standardInput {
            fd = 0
            name = "<stdin>"
            ownsDescriptor = false
            return
        }
        name = path
        fd = open(path, O_RDONLY)
        if fd < 0 { throw VocabError(FileIO.systemMessage("cannot open"), file: path) }
        ownsDescriptor = true
        var st = stat()
        if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
            Glibc.close(fd)
            throw VocabError("is a directory, not a file", file: path)
        }
    }

    func close() {
        if ownsDescriptor { Glibc.close(fd) }
    }

    /// The next block, or nil at the end of the input.
    func next(index: Int) throws -> LineBlock? {
        var bytes = carry
        carry = []
        bytes.reserveCapacity(blockSize + (1 << 16))
        var scanned = 0
        while !atEnd {
            if bytes.count >= blockSize, let cut = lastNewline(bytes, after: scanned) {
                carry = Array(bytes[(cut + 1)...])
                bytes.removeSubrange((cut + 1)...)
                break
            }
            scanned = bytes.count
            // Up to the block size; past it (a line longer than a block) 64 KiB at a time.
            let want = bytes.count < blockSize ? blockSize - bytes.count : 1 << 16
            let old = bytes.count
            bytes.reserveCapacity(old + want)
            var n = 0
            // Read straight into the array's spare capacity.
            bytes.append(contentsOf: repeatElement(0, count: want))
            while true {
                n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + old, want) }
                if n < 0 && errno == EINTR { continue }
                break
            }
            if n < 0 { throw VocabError(FileIO.systemMessage("cannot read"), file: name) }
            bytes.removeSubrange((old + n)...)
            if n == 0 { atEnd = true }
        }
        if bytes.isEmpty { return nil }
        let block = LineBlock(file: name, firstLine: nextLine, index: index, bytes: bytes)
        nextLine += bytes.withUnsafeBufferPointer { Self.newlines(in: $0) }
        return block
    }

    /// The offset of the last `\n` at or after `from`, searching backwards from the end.
    private func lastNewline(_ bytes: [UInt8], after from: Int) -> Int? {
        var i = bytes.count - 1
        while i >= from {
            if bytes[i] == 0x0A { return i }
            i -= 1
        }
        // Scanned parts held no newline; a line longer than a block continues.
        return nil
    }

    static func newlines(in text: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = text.baseAddress else { return 0 }
        var count = 0
        var start = 0
        while start < text.count, let found = memchr(base + start, 0x0A, text.count - start) {
            count += 1
            start = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return count
    }
}
