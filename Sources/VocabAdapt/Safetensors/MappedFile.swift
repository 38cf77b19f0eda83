#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VocabCore

/// A whole file mapped read-only into memory: pages are read from disk when touched, so slicing
/// a few rows of a large tensor reads only those rows and never holds a second copy.
public final class MappedFile: @unchecked Sendable {
    // Safe to share: the mapping is read-only and lives until deinit.
    /// The file's path.
    public let path: String
    private let base: UnsafeRawPointer?
    /// The file's size in bytes.
    public let count: Int

    /// Maps the file at `path`. Errors name the file and the system's reason.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        if fd < 0 { throw VocabError("cannot open: \(String(cString: strerror(errno)))", file: path) }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) != 0 { throw VocabError("cannot stat: \(String(cString: strerror(errno)))", file: path) }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw VocabError("is a directory, not a file", file: path) }
        count = Int(st.st_size)
        if count == 0 {
            base = nil
            return
        }
        let p = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0)
        if p == MAP_FAILED || p == nil {
            throw VocabError("cannot map into memory: \(String(cString: strerror(errno)))", file: path)
        }
        base = UnsafeRawPointer(p)
    }

    deinit {
        if let base { munmap(UnsafeMutableRawPointer(mutating: base), count) }
    }

    /// The mapped bytes; valid while this object is alive.
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
}
