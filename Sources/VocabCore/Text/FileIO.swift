#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and atomic writes, without Foundation.
public enum FileIO {
    /// Reads a whole file. Errors name the file and the system's reason.
    public static func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        if fd < 0 { throw VocabError(systemMessage("cannot open"), file: path) }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) != 0 { throw VocabError(systemMessage("cannot stat"), file: path) }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw VocabError("is a directory, not a file", file: path) }
        var out = [UInt8]()
        out.reserveCapacity(Int(st.st_size) + 1)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw VocabError(systemMessage("cannot read"), file: path)
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }

    /// Reads all of standard input.
    public static func readStandardInput() throws -> [UInt8] {
        var out = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(0, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw VocabError(systemMessage("cannot read"), file: "<stdin>")
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }

    /// True when `path` exists and is a directory.
    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// True when `path` exists (file, directory or other).
    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    /// The names of the entries of a directory, sorted bytewise; hidden entries left out unless
    /// `includingHidden` (`.` and `..` never listed).
    public static func listDirectory(_ path: String, includingHidden: Bool = false) throws -> [String] {
        guard let dir = opendir(path) else { throw VocabError(systemMessage("cannot list"), file: path) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." || (name.hasPrefix(".") && !includingHidden) { continue }
            names.append(name)
        }
        return names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// Writes `bytes` to `path` atomically: to a temporary file beside it, then renamed into
    /// place, so a failure never leaves a half-written file at `path`.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        try writeAtomically(to: path) { write in try write(bytes) }
    }

    /// Writes a file atomically from pieces: `produce` calls the given writer as often as it
    /// likes; the file appears at `path` only if `produce` returns without throwing.
    public static func writeAtomically(
        to path: String,
        _ produce: (_ write: ([UInt8]) throws -> Void) throws -> Void
    ) throws {
        let temp = path + ".tmp-\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if fd < 0 { throw VocabError(systemMessage("cannot create"), file: temp) }
        var ok = false
        defer {
            if !ok {
                close(fd)
                unlink(temp)
            }
        }
        try produce { bytes in
            var done = 0
            while done < bytes.count {
                let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, bytes.count - done) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw VocabError(systemMessage("cannot write"), file: path)
                }
                done += n
            }
        }
        if fsync(fd) != 0 && errno != EINVAL { throw VocabError(systemMessage("cannot sync"), file: path) }
        close(fd)
        ok = true
        if rename(temp, path) != 0 {
            let message = systemMessage("cannot rename into place")
            unlink(temp)
            throw VocabError(message, file: path)
        }
    }

    static func systemMessage(_ what: String) -> String {
        "\(what): \(String(cString: strerror(errno)))"
    }
}
