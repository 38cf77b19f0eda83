/// Locates `../shared` (the real tokenizers, corpora and reference outputs) for conformance
/// tests. Tests that need it carry `.enabled(if: SharedData.path != nil, "needs ../shared")`, so the
/// test runner reports them as skipped (never as passed) when it is absent.
public enum SharedData {
    /// The repository root, derived from this file's path.
    public static let repositoryRoot: String = {
        var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // Tests/Support/SharedData.swift
        return parts.joined(separator: "/")
    }()

    /// `../shared` beside the repository, or nil when it is absent.
    public static let path: String? = {
        let candidate = repositoryRoot + "/../shared"
        return isDirectory(candidate + "/reference") ? candidate : nil
    }()

    /// The path of a file under `../shared`, or nil when `../shared` is absent.
    public static func file(_ relative: String) -> String? {
        path.map { $0 + "/" + relative }
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDir = false
        #if canImport(Glibc)
        var st = stat()
        isDir = stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
        #endif
        return isDir
    }
}

#if canImport(Glibc)
import Glibc
#endif
