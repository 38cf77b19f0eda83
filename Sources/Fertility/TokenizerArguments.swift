import VocabCore

/// A `--tokenizer PATH [--pattern NAME]` pair of the fertility command line.
public struct TokenizerArgument: Sendable, Equatable {
    public var path: String
    public var pattern: String?

    public init(path: String, pattern: String? = nil) {
        self.path = path
        self.pattern = pattern
    }

    /// Pairs each `--pattern` with the `--tokenizer` before it, from the raw arguments in order
    /// (the argument parser collects repeated options into separate arrays and loses that order).
    /// Accepts `--tokenizer X` and `--tokenizer=X`, likewise for `--pattern`; other arguments are
    /// ignored, as is everything after `--`.
    /// - Throws: when a `--pattern` comes before any `--tokenizer`, or two follow the same one.
    public static func pairs(from arguments: [String]) throws -> [TokenizerArgument] {
        var result: [TokenizerArgument] = []
        var i = 0
        func value(_ name: String) throws -> String? {
            let argument = arguments[i]
            if argument == name {
                guard i + 1 < arguments.count else { throw VocabError("\(name) needs a value") }
                i += 1
                return arguments[i]
            }
            if argument.hasPrefix(name + "=") { return String(argument.dropFirst(name.count + 1)) }
            return nil
        }
        while i < arguments.count {
            if arguments[i] == "--" { break }
            if let path = try value("--tokenizer") {
                result.append(TokenizerArgument(path: path))
            } else if let pattern = try value("--pattern") {
                guard !result.isEmpty else { throw VocabError("--pattern \(pattern) must follow the --tokenizer it applies to") }
                guard result[result.count - 1].pattern == nil else {
                    throw VocabError("two --pattern options follow --tokenizer \(result[result.count - 1].path)")
                }
                result[result.count - 1].pattern = pattern
            }
            i += 1
        }
        return result
    }

    /// Report names for tokenizers: the file's stem, or its folder's name when the file name is
    /// generic (`tokenizer.json`, `tokenizer.model`, `vocab.json`, `vocab.txt`); repeated names get `-2`, `-3`...
    public static func names(for sources: [String]) -> [String] {
        let generic: Set<String> = ["tokenizer.json", "tokenizer.model", "vocab.json", "vocab.txt", "spiece.model", "sentencepiece.bpe.model"]
        var seen: [String: Int] = [:]
        return sources.map { path in
            let parts = path.split(separator: "/").map(String.init)
            var name = parts.last ?? path
            if generic.contains(name), parts.count >= 2 {
                name = parts[parts.count - 2]
            } else {
                name = Corpus.stem(name)
            }
            seen[name, default: 0] += 1
            let n = seen[name] ?? 1
            return n == 1 ? name : "\(name)-\(n)"
        }
    }
}
