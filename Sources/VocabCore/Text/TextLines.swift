/// What to do with a line that is not valid UTF-8.
public enum InvalidUTF8Policy: String, Sendable, CaseIterable {
    /// Stop with an error naming the file and line.
    case fail
    /// Leave the line out (it produces no output line).
    case skip
    /// Replace each invalid sequence by U+FFFD.
    case replace
}

/// Lines of text as vocabtool reads them everywhere: split on `\n` only, nothing trimmed (`\r`
/// and trailing spaces are part of a line), a final empty piece after the last `\n` dropped.
public enum TextLines {
    /// Calls `body` with each line of `text` and its 1-based line number, applying `policy` to
    /// lines that are not valid UTF-8. Lines skipped by the policy are not passed to `body`.
    /// - Parameters:
    ///   - file: the name used in error messages.
    ///   - warn: told about each line `skip` leaves out or `replace` repairs (file, line, column).
    public static func forEach(
        in text: [UInt8],
        file: String,
        policy: InvalidUTF8Policy,
        warn: (VocabError) -> Void = { _ in },
        _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void
    ) throws {
        try text.withUnsafeBufferPointer { try forEach(in: $0, file: file, firstLine: 1, policy: policy, warn: warn, body) }
    }

    /// The same over a buffer whose first line is line `firstLine` of `file` (a block of a
    /// larger input, cut after a `\n`), so errors and `body` get the line numbers of the file.
    public static func forEach(
        in all: UnsafeBufferPointer<UInt8>,
        file: String,
        firstLine: Int,
        policy: InvalidUTF8Policy,
        warn: (VocabError) -> Void = { _ in },
        _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void
    ) throws {
        var start = 0
        var lineNumber = firstLine - 1
        let n = all.count
        guard let base = all.baseAddress else { return }
        while start < n {
            var end = n
            if let found = memchr(base + start, 0x0A, n - start) {
                end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            lineNumber += 1
            let line = UnsafeBufferPointer(rebasing: all[start..<end])
            if let bad = UTF8Scan.firstInvalidOffset(line) {
                switch policy {
                case .fail:
                    throw VocabError(
                        "invalid UTF-8 (use --on-invalid skip or replace)", file: file,
                        at: .lineColumn(lineNumber, bad + 1))
                case .skip:
                    warn(VocabError("invalid UTF-8, line skipped", file: file, at: .lineColumn(lineNumber, bad + 1)))
                case .replace:
                    warn(
                        VocabError("invalid UTF-8 replaced by U+FFFD", file: file, at: .lineColumn(lineNumber, bad + 1)))
                    let repaired = UTF8Scan.repairing(line)
                    try repaired.withUnsafeBufferPointer { try body($0, lineNumber) }
                }
            } else {
                try body(line, lineNumber)
            }
            start = end + 1
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
