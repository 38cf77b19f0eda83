#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VocabCore

/// An output folder built beside its final place and renamed into it at the end, so a failure
/// never leaves a half-written folder at the destination.
public final class OutputFolder {
    /// The final path.
    public let destination: String
    /// The folder being filled.
    public let path: String
    private var finished = false

    /// Creates the working folder beside `destination`.
    /// - Throws: when `destination` exists and `replace` is false, or the folder cannot be made.
    public init(destination: String, replace: Bool) throws {
        var trimmed = destination
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.destination = trimmed
        if FileIO.exists(trimmed) && !replace {
            throw VocabError("the output folder exists (and replacing it was not asked for)", file: trimmed)
        }
        path = trimmed + ".partial-\(getpid())"
        if FileIO.exists(path) { try OutputFolder.removeTree(path) }
        if mkdir(path, 0o755) != 0 {
            throw VocabError("cannot create folder: \(String(cString: strerror(errno)))", file: path)
        }
    }

    /// The path of a file in the working folder.
    public func file(_ name: String) -> String { path + "/" + name }

    /// Creates the subfolders of `relative` (a path inside the folder) that do not exist yet.
    public func createParents(of relative: String) throws {
        var parent = path
        for part in relative.split(separator: "/").dropLast() {
            parent += "/" + part
            if !FileIO.isDirectory(parent) && mkdir(parent, 0o755) != 0 {
                throw VocabError("cannot create folder: \(String(cString: strerror(errno)))", file: parent)
            }
        }
    }

    /// Moves the working folder into place, replacing an existing destination.
    public func commit() throws {
        if FileIO.exists(destination) {
            let old = destination + ".old-\(getpid())"
            if rename(destination, old) != 0 {
                throw VocabError("cannot move the old folder aside: \(String(cString: strerror(errno)))", file: destination)
            }
            if rename(path, destination) != 0 {
                let message = String(cString: strerror(errno))
                _ = rename(old, destination)
                throw VocabError("cannot rename into place: \(message)", file: destination)
            }
            try OutputFolder.removeTree(old)
        } else if rename(path, destination) != 0 {
            throw VocabError("cannot rename into place: \(String(cString: strerror(errno)))", file: destination)
        }
        finished = true
    }

    /// Removes the working folder and what was written in it.
    public func discard() {
        try? OutputFolder.removeTree(path)
        finished = true
    }

    deinit {
        if !finished { try? OutputFolder.removeTree(path) }
    }

    /// Removes a file or a folder and everything under it (symbolic links are removed, not followed).
    static func removeTree(_ path: String) throws {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            guard let dir = opendir(path) else {
                throw VocabError("cannot list: \(String(cString: strerror(errno)))", file: path)
            }
            var names: [String] = []
            while let entry = readdir(dir) {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                }
                if name != "." && name != ".." { names.append(name) }
            }
            closedir(dir)
            for name in names { try removeTree(path + "/" + name) }
            if rmdir(path) != 0 { throw VocabError("cannot remove: \(String(cString: strerror(errno)))", file: path) }
        } else if unlink(path) != 0 {
            throw VocabError("cannot remove: \(String(cString: strerror(errno)))", file: path)
        }
    }
}
