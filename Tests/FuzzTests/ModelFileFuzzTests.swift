import Testing
import TestSupport
@testable import VocabCore

/// Mutation fuzzing of the tekken.json and GGUF readers on files the tests build: flipped,
/// inserted and deleted bytes and truncations must give a `VocabError` or a working tokenizer,
/// never a crash, a hang or an allocation the file cannot back.
@Suite struct ModelFileFuzzTests {
    static let probes = ["the thin thing", "  héllo\tworld  ", "日本語 <|endoftext|> [INST]", ""]

    static func fuzz(_ original: [UInt8], format: TokenizerFormat, seed: UInt64, rounds: Int) {
        let source = TokenizerLoader.Source(file: "fuzz/model", format: format)
        var rng = Mutator(seed: seed)
        for _ in 0..<rounds {
            let bytes = rng.mutate(original)
            _ = try? TokenizerLoader.detect(bytes, file: "fuzz/model")
            guard let tokenizer = try? TokenizerLoader.load(bytes: bytes, source: source) else { continue }
            for probe in probes {
                _ = try? tokenizer.decode(tokenizer.encode(probe))
            }
            _ = try? TokenizerConversion.toHuggingFace(tokenizer)
        }
    }

    @Test func mutatedTekkenFilesNeverCrash() throws {
        let original = TekkenFixture.json()
        #expect(try TokenizerLoader.load(bytes: original, source: .init(file: "t", format: .tekken)).encode("the") == [5 + 257])
        Self.fuzz(original, format: .tekken, seed: 0x7E44_0001, rounds: 300)
    }

    @Test(arguments: ["gpt2", "llama"])
    func mutatedGGUFFilesNeverCrash(_ model: String) throws {
        let original = (model == "gpt2" ? GGUFBuilder.gpt2() : GGUFBuilder.llama()).bytes()
        #expect(try !TokenizerLoader.load(bytes: original, source: .init(file: "m", format: .gguf)).encode("the").isEmpty)
        Self.fuzz(original, format: .gguf, seed: model == "gpt2" ? 0x66_0001 : 0x66_0002, rounds: 300)
    }

    /// Counts and lengths set to huge values at every 8-byte-aligned position of the header.
    @Test func hugeCountsAndLengthsAreErrors() throws {
        let original = GGUFBuilder.gpt2().bytes()
        for position in stride(from: 8, to: min(original.count - 8, 4096), by: 4) {
            for value: UInt64 in [.max, 1 << 40, UInt64(original.count)] {
                var bytes = original
                withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange(position..<(position + 8), with: $0) }
                _ = try? TokenizerLoader.load(bytes: bytes, source: .init(file: "m", format: .gguf))
            }
        }
    }
}
