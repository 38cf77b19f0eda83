import Testing
import TestSupport
@testable import VocabCore

/// Mutation fuzzing of every format reader over the real shared tokenizers: flipped, inserted,
/// deleted bytes and truncations must give a `VocabError` or a working tokenizer, never a crash
/// or a hang.
@Suite struct LoaderFuzzTests {
    /// A small deterministic generator (splitmix64), so failures reproduce.
    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    }

    static let files: [(path: String, format: TokenizerFormat, rounds: Int)] = [
        ("tokenizers/tiktoken/cl100k.tiktoken", .tiktoken, 12),
        ("tokenizers/gpt2/vocab.json", .gpt2VocabMerges, 12),
        ("tokenizers/minilm-wordpiece/vocab.txt", .wordPieceVocab, 12),
        ("tokenizers/minilm-wordpiece/tokenizer.json", .huggingFace, 24),
        ("tokenizers/llama2/tokenizer.model", .sentencePiece, 40),
        ("tokenizers/spm-test/test_model.model", .sentencePiece, 40),
    ]

    static let probes = ["Hello world", "  héllo\tworld  ", "日本語のテキスト", "🧪 <s> [CLS] x", ""]

    func mutate(_ bytes: [UInt8], _ rng: inout Rng) -> [UInt8] {
        var out = bytes
        switch rng.below(4) {
        case 0:  // truncate
            out.removeLast(rng.below(out.count))
        case 1:  // flip bytes
            for _ in 0..<(1 + rng.below(8)) where !out.isEmpty {
                out[rng.below(out.count)] ^= UInt8(truncatingIfNeeded: 1 + rng.below(255))
            }
        case 2:  // insert random bytes
            let at = rng.below(out.count)
            out.insert(contentsOf: (0..<(1 + rng.below(16))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, at: at)
        default:  // delete a run
            let at = rng.below(out.count)
            out.removeSubrange(at..<min(out.count, at + 1 + rng.below(64)))
        }
        return out
    }

    @Test(arguments: files.indices)
    func mutatedFilesNeverCrash(_ index: Int) throws {
        let entry = Self.files[index]
        guard let path = SharedData.file(entry.path) else {
            print("skipped: ../shared is absent")
            return
        }
        let original = try FileIO.read(path)
        var rng = Rng(state: 0x5EED_0000 + UInt64(index))
        let source = TokenizerLoader.Source(
            file: path, companion: SharedData.file("tokenizers/gpt2/merges.txt"), format: entry.format)
        for _ in 0..<entry.rounds {
            let bytes = mutate(original, &rng)
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
