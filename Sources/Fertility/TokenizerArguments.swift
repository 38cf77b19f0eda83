import VocabCore

/// A tokenizer to measure, as the fertility command line names it: `PATH` or `PATH@PATTERN`,
/// where PATTERN is the split pattern of a tiktoken rank file vocabtool does not recognize
/// (`r50k`, `cl100k`, `o200k`, `llama3`, `qwen2`).
public struct TokenizerArgument: Sendable, Equatable {
    public var path: String
    public var pattern: String?

    public init(path: String, pattern: String? = nil) {
        self.path = path
        self.pattern = pattern
    }

    /// Reads `PATH` or `PATH@PATTERN`. A suffix after the last `@` counts as a pattern only when
    /// it names one, so a path that itself holds an `@` stays whole.
    public init(parsing text: String) {
        if let at = text.lastIndex(of: "@"), SplitPattern(rawValue: String(text[text.index(after: at)...])) != nil {
            self.init(path: String(text[..<at]), pattern: String(text[text.index(after: at)...]))
        } else {
            self.init(path: text)
        }
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
