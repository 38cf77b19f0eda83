import ArgumentParser
import VocabCore

#if canImport(Glibc)
import Glibc
#endif

/// `vocabtool serve`: one loaded tokenizer answering requests on stdin, for programs that call
/// vocabtool many times (the Python package keeps one such process per `Tokenizer`).
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load a tokenizer once and answer encode/decode requests on stdin, one line each.",
        discussion: """
            After loading, writes `ready<TAB>VOCAB_SIZE`; a tokenizer that cannot be loaded is an \
            error on stderr and exit code 1. Then reads requests, one line each, and writes one \
            reply per request, in order: `encode<TAB>TEXT` gives `ok<TAB>ID ID ...` (no special \
            tokens), `encode-special<TAB>TEXT` the same with the post-processor's special tokens, \
            and `decode<TAB>ID ID ...` gives `ok<TAB>TEXT`.

            A request that fails (invalid UTF-8, an id out of range, a malformed line) is answered \
            with `error<TAB>MESSAGE` and the process goes on. TEXT is escaped both ways: two \
            backslashes for one, \\n, \\r and \\t; all other bytes are written as they are (decoded \
            TEXT may hold invalid UTF-8 where byte-level tokens split a character).

            With --ids binary, an encode reply is `ok<TAB>COUNT`, a newline, COUNT ids as 32-bit \
            little-endian integers, and a newline (what the Python package reads: no decimal \
            parsing). Replies are flushed whenever the requests read so far are answered. Exits \
            with code 0 when stdin closes.
            """)

    enum IDFormat: String, ExpressibleByArgument { case text, binary }

    @OptionGroup var tokenizerOptions: TokenizerOptions

    @Option(name: .long, help: "How encode replies carry ids: text (space-separated) or binary (32-bit little-endian).")
    var ids: IDFormat = .text

    func run() throws {
        let tokenizer: any TokenizerBackend
        do {
            tokenizer = try tokenizerOptions.load().tokenizer
        } catch let error as VocabError {
            StandardStreams.error("vocabtool: error: \(error)\n")
            throw ExitCode(1)
        }
        var session = ServeSession(tokenizer: tokenizer, binaryIDs: ids == .binary)
        session.out.append("ready\t\(tokenizer.table.count)\n")
        session.out.flush()
        var pending: [UInt8] = []
        var scanned = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(0, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            pending.append(contentsOf: chunk[0..<n])
            var start = 0
            pending.withUnsafeBufferPointer { all in
                var i = scanned
                while i < all.count {
                    if all[i] == 0x0A {
                        session.answer(UnsafeBufferPointer(rebasing: all[start..<i]))
                        start = i + 1
                    }
                    i += 1
                }
            }
            pending.removeFirst(start)
            scanned = pending.count
            session.out.flush()
        }
        if !pending.isEmpty {
            pending.withUnsafeBufferPointer { session.answer($0) }
            session.out.flush()
        }
    }
}

/// The state of one `serve` run: the tokenizer, the reply buffer and the request count.
private struct ServeSession {
    let tokenizer: any TokenizerBackend
    let binaryIDs: Bool
    var out = OutputBuffer()
    var requests = 0
    var ids: [Int32] = []
    var text: [UInt8] = []

    init(tokenizer: any TokenizerBackend, binaryIDs: Bool) {
        self.tokenizer = tokenizer
        self.binaryIDs = binaryIDs
        ids.reserveCapacity(4096)
    }

    /// Answers one request line (without its `\n`) with one reply line.
    mutating func answer(_ line: UnsafeBufferPointer<UInt8>) {
        requests += 1
        let name = "request \(requests)"
        do {
            guard let tab = line.firstIndex(of: 0x09) else {
                throw VocabError("expected COMMAND<TAB>ARGUMENT (encode, encode-special or decode)", file: name)
            }
            let command = String(decoding: UnsafeBufferPointer(rebasing: line[..<tab]), as: UTF8.self)
            let argument = UnsafeBufferPointer(rebasing: line[(tab + 1)...])
            switch command {
            case "encode", "encode-special":
                try unescape(argument, into: &text, request: name)
                try text.withUnsafeBufferPointer { bytes in
                    if let bad = UTF8Scan.firstInvalidOffset(bytes) {
                        throw VocabError("invalid UTF-8", file: name, at: .byte(bad))
                    }
                    ids.removeAll(keepingCapacity: true)
                    if command == "encode" {
                        tokenizer.encode(bytes, into: &ids)
                    } else {
                        tokenizer.encodeWithSpecialTokens(bytes, into: &ids)
                    }
                }
                out.append("ok\t")
                if binaryIDs {
                    out.append("\(ids.count)\n")
                    for id in ids {
                        let bits = UInt32(bitPattern: id)
                        for shift in stride(from: 0, to: 32, by: 8) { out.append(byte: UInt8(truncatingIfNeeded: bits >> shift)) }
                    }
                } else {
                    for (k, id) in ids.enumerated() {
                        if k > 0 { out.append(byte: 0x20) }
                        out.append(int: id)
                    }
                }
            case "decode":
                let parsed: [Int32]
                do {
                    parsed = try Decode.parseIDs(argument, file: name, line: 1)
                    try tokenizer.checkRange(parsed)
                } catch let error as VocabError {
                    guard case .lineColumn(_, let column) = error.location else { throw error.inFile(name) }
                    throw VocabError(error.message, file: name, at: .byte(column - 1))
                }
                out.append("ok\t")
                out.append(escaped(try tokenizer.decode(parsed)))
            default:
                throw VocabError("unknown command '\(command)' (expected encode, encode-special or decode)", file: name)
            }
        } catch {
            out.append("error\t")
            out.append(escaped(Array("\(error)".utf8)))
        }
        out.append(byte: 0x0A)
        out.flushIfLarge()
    }

    /// Resolves the escapes `\\`, `\n`, `\r`, `\t` of a request argument.
    private func unescape(_ bytes: UnsafeBufferPointer<UInt8>, into result: inout [UInt8], request: String) throws {
        result.removeAll(keepingCapacity: true)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            i += 1
            guard byte == 0x5C else {
                result.append(byte)
                continue
            }
            switch i < bytes.count ? bytes[i] : 0 {
            case UInt8(ascii: "\\"): result.append(0x5C)
            case UInt8(ascii: "n"): result.append(0x0A)
            case UInt8(ascii: "r"): result.append(0x0D)
            case UInt8(ascii: "t"): result.append(0x09)
            default:
                throw VocabError("a backslash must start \\\\, \\n, \\r or \\t", file: request, at: .byte(i - 1))
            }
            i += 1
        }
    }

    /// `bytes` with backslash, LF, CR and TAB escaped.
    private func escaped(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        for byte in bytes {
            switch byte {
            case 0x5C: result.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: result.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: result.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: result.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            default: result.append(byte)
            }
        }
        return result
    }
}
