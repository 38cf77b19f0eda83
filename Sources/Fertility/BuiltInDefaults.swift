import VocabCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The defaults `vocabtool fertility` runs on without arguments, shipped in `vocabularies/`
/// (licences and sources in `vocabularies/README.md`).
public enum BuiltInDefaults {
    /// The corpus folder inside `vocabularies/`: the Universal Declaration of Human Rights, one
    /// translation per language and script, named `<lang>_<Script>.txt`.
    public static let corpusFolder = "udhr"
    /// The tokenizer folders inside `vocabularies/`, in report order: GPT-2's byte-level BPE,
    /// XLM-R's SentencePiece Unigram model, and the small BPE vocabtool trains for the demo.
    public static let tokenizerFolders = ["gpt2", "xlm-r", "default-bpe"]

    /// The `vocabularies/` folder: found by walking up from the executable (a build puts it at
    /// `.build/<triple>/release/vocabtool`, the wheel beside it in `vocabtool/_bin/`) and from the
    /// current directory; nil when absent.
    public static func vocabulariesFolder() -> String? {
        var starts: [String] = []
        if let exe = executablePath(), let slash = exe.lastIndex(of: "/") { starts.append(String(exe[..<slash])) }
        if let cwd = currentDirectory() { starts.append(cwd) }
        for start in starts {
            var dir = start
            for _ in 0..<6 {
                let candidate = dir + "/vocabularies"
                if FileIO.isDirectory(candidate + "/" + corpusFolder) { return candidate }
                guard let slash = dir.lastIndex(of: "/"), slash != dir.startIndex else { break }
                dir = String(dir[..<slash])
            }
        }
        return nil
    }

    /// The default corpus folder and tokenizer folders.
    /// - Throws: when `vocabularies/` cannot be found.
    public static func paths() throws -> (corpus: String, tokenizers: [String]) {
        guard let root = vocabulariesFolder() else {
            throw VocabError(
                "the built-in defaults (vocabularies/\(corpusFolder)) were not found beside the executable or in the current folder; give --tokenizer and --corpus")
        }
        return (root + "/" + corpusFolder, tokenizerFolders.map { root + "/" + $0 })
    }

    private static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func currentDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return nil }
        let length = buffer.firstIndex(of: 0) ?? buffer.count
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
