import Testing
import TestSupport
@testable import VocabCore

/// Mutation fuzzing of every format reader over the real shared tokenizers: flipped, inserted,
/// deleted bytes and truncations must give a `VocabError` or a working tokenizer, never a crash
/// or a hang.
@Suite struct LoaderFuzzTests {
    static let files: [(path: String, format: TokenizerFormat, rounds: Int)] = [
        ("tokenizers/tiktoken/cl100k.tiktoken", .tiktoken, 12),
        ("tokenizers/gpt2/vocab.json", .gpt2VocabMerges, 12),
        ("tokenizers/minilm-wordpiece/vocab.txt", .wordPieceVocab, 12),
        ("tokenizers/minilm-wordpiece/tokenizer.json", .huggingFace, 24),
        ("tokenizers/llama2/tokenizer.model", .sentencePiece, 40),
        ("tokenizers/spm-test/test_model.model", .sentencePiece, 40),
    ]

    static let probes = ["Hello world", "  héllo\tworld  ", "日本語のテキスト", "🧪 <s> [CLS] x", ""]

    @Test(.enabled(if: SharedData.path != nil, "needs ../shared"), arguments: files.indices)
    func mutatedFilesNeverCrash(_ index: Int) throws {
        let entry = Self.files[index]
        let path = try #require(SharedData.file(entry.path))
        let original = try FileIO.read(path)
        var rng = Mutator(seed: 0x5EED_0000 + UInt64(index))
        let source = TokenizerLoader.Source(
            file: path, companion: SharedData.file("tokenizers/gpt2/merges.txt"), format: entry.format)
        for _ in 0..<entry.rounds {
            let bytes = rng.mutate(original)
            _ = try? TokenizerLoader.detect(bytes, file: path)
            guard let tokenizer = try? TokenizerLoader.load(bytes: bytes, source: source, pattern: "cl100k") else {
                continue
            }
            for probe in Self.probes {
                let ids = tokenizer.encode(probe)
                _ = try? tokenizer.decode(ids)
            }
            _ = try? tokenizer.serialized()
        }
    }
}
