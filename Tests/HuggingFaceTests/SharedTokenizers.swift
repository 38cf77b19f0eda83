import TestSupport
@testable import VocabCore

/// The shared tokenizer.json files, each read once per test run (loading the 17 MB XLM-R file
/// dominates a debug run otherwise).
enum SharedTokenizers {
    static let gpt2 = load("gpt2/tokenizer.json")
    static let minilm = load("minilm-wordpiece/tokenizer.json")
    static let xlmr = load("xlmr-unigram/tokenizer.json")

    static func load(_ name: String) -> (bytes: [UInt8], tokenizer: HFTokenizer)? {
        guard let path = SharedData.file("tokenizers/" + name), let bytes = try? FileIO.read(path),
            let tokenizer = try? HFTokenizer(bytes: bytes)
        else { return nil }
        return (bytes, tokenizer)
    }

    /// The loaded tokenizer for a tokenizers/ path, or nil.
    static func named(_ name: String) -> (bytes: [UInt8], tokenizer: HFTokenizer)? {
        switch name {
        case "gpt2/tokenizer.json": return gpt2
        case "minilm-wordpiece/tokenizer.json": return minilm
        case "xlmr-unigram/tokenizer.json": return xlmr
        default: return load(name)
        }
    }
}
