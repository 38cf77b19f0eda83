#if canImport(Glibc)
import Glibc
#endif

/// Buffered writes to stdout and unbuffered messages to stderr.
enum StandardStreams {
    /// Writes a message to stderr.
    static func error(_ text: String) {
        var copy = text
        copy.withUTF8 { writeAll(2, UnsafeRawBufferPointer($0)) }
    }
}

/// Writes all of `bytes` to a file descriptor, retrying short writes; stops quietly when the
/// reader has gone away (a closed pipe).
func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) {
    var done = 0
    while done < bytes.count {
        let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
        if n < 0 {
            if errno == EINTR { continue }
            return
        }
        done += n
    }
}

/// A buffer that collects output bytes and flushes them to stdout in large writes.
struct OutputBuffer {
    private(set) var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(1 << 20) }

    mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        flushIfLarge()
    }

    mutating func append(_ raw: [UInt8]) {
        bytes.append(contentsOf: raw)
        flushIfLarge()
    }

    mutating func append(byte: UInt8) { bytes.append(byte) }

    /// Appends an integer in decimal.
    mutating func append(int value: Int32) { appendDecimal(value, to: &bytes) }

    mutating func flushIfLarge() {
        if bytes.count >= 1 << 20 { flush() }
    }

    mutating func flush() {
        bytes.withUnsafeBytes { writeAll(1, $0) }
        bytes.removeAll(keepingCapacity: true)
    }
}

/// Appends a non-negative or negative integer in decimal.
func appendDecimal(_ value: Int32, to bytes: inout [UInt8]) {
    var v = Int64(value)
    if v < 0 {
        bytes.append(UInt8(ascii: "-"))
        v = -v
    }
    if v == 0 {
        bytes.append(UInt8(ascii: "0"))
        return
    }
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var n = 0
    withUnsafeMutableBytes(of: &digits) { d in
        while v > 0 {
            d[n] = UInt8(48 + v % 10)
            v /= 10
            n += 1
        }
        while n > 0 {
            n -= 1
            bytes.append(d[n])
        }
    }
}
