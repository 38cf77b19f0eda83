#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file mapped read-only into memory: pages are read only when touched, so a reader
/// that looks at a file's header costs the header, not the file (a GGUF model's tensors).
public final class MappedFile: @unchecked Sendable {
    /// The file's bytes (empty for an empty file).
    public let bytes: UnsafeRawBufferPointer

    /// Maps `path`. Errors name the file and the system's reason.
    public init(_ path: String) throws {
        let fd = open(path, O_RDONLY)
        if fd < 0 { throw VocabError(FileIO.systemMessage("cannot open"), file: path) }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) != 0 { throw VocabError(FileIO.systemMessage("cannot stat"), file: path) }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw VocabError("is a directory, not a file", file: path) }
        let size = Int(st.st_size)
        if size == 0 {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw VocabError(FileIO.systemMessage("cannot map"), file: path)
        }
        bytes = UnsafeRawBufferPointer(start: base, count: size)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }
}
