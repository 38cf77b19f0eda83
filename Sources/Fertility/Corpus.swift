import VocabCore

/// One language of a corpus and the files that hold its text.
public struct CorpusLanguage: Sendable, Equatable {
    /// The language key: `eng_Latn` for FLORES-style names, the file's stem otherwise.
    public var lang: String
    /// The ISO 15924 script from the name, or nil to detect it from the text.
    public var script: String?
    /// The files, in the order they are read (several for one language are joined).
    public var files: [String]

    public init(lang: String, script: String?, files: [String]) {
        self.lang = lang
        self.script = script
        self.files = files
    }
}

/// Finds the languages of a corpus given as files and folders.
public enum Corpus {
    /// Resolves corpus paths into languages, sorted by key.
    ///
    /// A file named `<lang>_<Script>.<split>` (FLORES, e.g. `eng_Latn.dev`) gives its language
    /// and script; any other file is the language named by its stem, script detected from the
    /// text. A folder contributes its FLORES-named files and its `*.txt` files (one level, hidden
    /// files ignored). Files of the same language (`eng_Latn.dev` and `eng_Latn.devtest`) are joined.
    /// - Parameter lang: names the language of a single corpus file (`eng_Latn` or any key).
    public static func discover(_ paths: [String], lang: String? = nil) throws -> [CorpusLanguage] {
        if lang != nil, paths.count != 1 || FileIO.isDirectory(paths[0]) {
            throw VocabError("a language key can only be given for a single corpus file, not for a folder or several files")
        }
        var byKey: [String: CorpusLanguage] = [:]
        var order: [String] = []
        func add(_ file: String, key: String, script: String?) {
            if byKey[key] == nil {
                order.append(key)
                byKey[key] = CorpusLanguage(lang: key, script: script, files: [])
            }
            byKey[key]?.files.append(file)
        }
        for path in paths {
            guard FileIO.exists(path) else { throw VocabError("no such file or folder", file: path) }
            if FileIO.isDirectory(path) {
                var found = 0
                for name in try FileIO.listDirectory(path) {
                    let file = path.hasSuffix("/") ? path + name : path + "/" + name
                    if FileIO.isDirectory(file) { continue }
                    if let flores = floresName(name) {
                        add(file, key: flores.lang, script: flores.script)
                        found += 1
                    } else if name.hasSuffix(".txt") {
                        add(file, key: stem(name), script: nil)
                        found += 1
                    }
                }
                if found == 0 {
                    throw VocabError(
                        "no text files in this folder (looked for <lang>_<Script>.<split> and *.txt files)", file: path)
                }
            } else {
                let name = baseName(path)
                if let lang {
                    add(path, key: lang, script: floresKey(lang)?.script)
                } else if let flores = floresName(name) {
                    add(path, key: flores.lang, script: flores.script)
                } else {
                    add(path, key: stem(name), script: nil)
                }
            }
        }
        return order.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.compactMap { byKey[$0] }
    }

    /// `eng_Latn.dev` -> ("eng_Latn", "Latn"); nil for other names.
    public static func floresName(_ name: String) -> (lang: String, script: String)? {
        guard let dot = name.firstIndex(of: "."), name.index(after: dot) < name.endIndex else { return nil }
        return floresKey(String(name[..<dot]))
    }

    /// `eng_Latn` -> ("eng_Latn", "Latn"): a lowercase ISO 639 code, `_`, an ISO 15924 code.
    public static func floresKey(_ key: String) -> (lang: String, script: String)? {
        let parts = key.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let code = parts[0].utf8
        let script = Array(parts[1].utf8)
        guard (2...3).contains(code.count), code.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return nil }
        guard script.count == 4, script[0] >= 0x41, script[0] <= 0x5A,
            script[1...].allSatisfy({ $0 >= 0x61 && $0 <= 0x7A })
        else { return nil }
        return (key, String(parts[1]))
    }

    static func baseName(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        if let slash = trimmed.lastIndex(of: "/") { return String(trimmed[trimmed.index(after: slash)...]) }
        return String(trimmed)
    }

    static func stem(_ name: String) -> String {
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { return String(name[..<dot]) }
        return name
    }
}
