import VocabCore

/// A corpus file of one language, named FLORES-style: `<language>_<Script>` then anything from
/// the first dot (`eng_Latn.dev`, `hin_Deva.txt`, `amh_Ethi.counts`).
public struct LanguageFile: Sendable, Equatable {
    public var language: String
    public var path: String
}

/// Per-language corpus files for parity-aware training: which file is which language, in which
/// order, and which dev file goes with which training file.
public enum LanguageFiles {
    /// The language a file name names (`eng_Latn` for `dir/eng_Latn.dev`), or nil when the name
    /// does not start with 2-3 lowercase letters, `_`, and a 4-letter script code (`Latn`).
    public static func language(of path: String) -> String? {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        let stem = Array(name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        guard let underscore = stem.firstIndex(of: "_"), (2...3).contains(underscore), stem.count == underscore + 5 else { return nil }
        let code = stem[..<underscore]
        let script = stem[(underscore + 1)...]
        guard code.allSatisfy({ $0.isASCII && $0.isLowercase }),
            script.first!.isASCII && script.first!.isUppercase,
            script.dropFirst().allSatisfy({ $0.isASCII && $0.isLowercase })
        else { return nil }
        return String(stem)
    }

    /// The language files of `paths`: files, or folders whose FLORES-named files are all taken
    /// (other files in a folder, like an `index.tsv`, are left out), ordered by file name (the
    /// order languages are given to HF's trainer). `what` names the inputs in errors ("training",
    /// "dev").
    /// - Throws: `VocabError` for a file given by name that is not FLORES-named, two files of one
    ///   language, or no file at all.
    public static func resolve(_ paths: [String], what: String) throws -> [LanguageFile] {
        var files: [LanguageFile] = []
        for path in paths {
            if FileIO.isDirectory(path) {
                for name in try FileIO.listDirectory(path) {
                    let file = path.hasSuffix("/") ? path + name : path + "/" + name
                    guard !FileIO.isDirectory(file), let language = language(of: name) else { continue }
                    files.append(LanguageFile(language: language, path: file))
                }
            } else {
                guard let language = language(of: path) else {
                    throw VocabError(
                        "a \(what) file must be named by its language, FLORES-style (<lang>_<Script>.*, e.g. eng_Latn.txt)",
                        file: path)
                }
                files.append(LanguageFile(language: language, path: path))
            }
        }
        guard !files.isEmpty else {
            throw VocabError("no \(what) files named by language (<lang>_<Script>.*) in \(paths.joined(separator: ", "))")
        }
        files.sort { Array(fileName($0.path).utf8).lexicographicallyPrecedes(Array(fileName($1.path).utf8)) }
        for (a, b) in zip(files, files.dropFirst()) where a.language == b.language {
            throw VocabError("two \(what) files of \(a.language): \(a.path) and \(b.path)")
        }
        return files
    }

    /// The dev file of each training language, in the training order; dev files of other
    /// languages are left out.
    /// - Throws: `VocabError` naming the training languages without a dev file (none is guessed).
    public static func match(dev: [LanguageFile], to training: [LanguageFile]) throws -> [LanguageFile] {
        var byLanguage: [String: LanguageFile] = [:]
        for file in dev { byLanguage[file.language] = file }
        let missing = training.filter { byLanguage[$0.language] == nil }.map(\.language)
        if missing.count == training.count {
            throw VocabError(
                "the dev files share no language with the training files (training: \(list(training.map(\.language))); dev: \(list(dev.map(\.language))))")
        }
        guard missing.isEmpty else {
            throw VocabError(
                "no dev file for \(missing.count) of \(training.count) training languages: \(list(missing)) (dev files are matched by their language name)")
        }
        return training.map { byLanguage[$0.language]! }
    }

    private static func fileName(_ path: String) -> Substring {
        path.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(path)
    }

    private static func list(_ names: [String]) -> String {
        names.count <= 6 ? names.joined(separator: ", ") : names.prefix(5).joined(separator: ", ") + ", ... (\(names.count))"
    }
}
