import Foundation
import Testing

/// `vocabtool expand` on bad or awkward input: clear messages, a non-zero exit where nothing
/// sensible can be produced, and no output folder left behind then.
@Suite struct ExpandCLITests {
    /// Character BPE over a-d with the merge a b -> ab, split on whitespace.
    static let bpeJSON = """
        {"version":"1.0","added_tokens":[],"normalizer":null,"pre_tokenizer":{"type":"WhitespaceSplit"},
        "post_processor":null,"decoder":null,"model":{"type":"BPE","dropout":null,"unk_token":null,
        "continuing_subword_prefix":null,"end_of_word_suffix":null,"fuse_unk":false,"byte_fallback":false,
        "vocab":{"a":0,"b":1,"c":2,"d":3,"ab":4},"merges":["a b"]}}
        """

    /// Unigram over a, b without byte fallback: other characters are the unknown token.
    static let unigramJSON = """
        {"version":"1.0","truncation":null,"padding":null,"added_tokens":[{"id":0,"content":"<unk>","single_word":false,
        "lstrip":false,"rstrip":false,"normalized":false,"special":true}],"normalizer":null,
        "pre_tokenizer":{"type":"Metaspace","replacement":"▁","prepend_scheme":"always","split":true},
        "post_processor":null,"decoder":null,"model":{"type":"Unigram","unk_id":0,
        "vocab":[["<unk>",0.0],["▁",-2.0],["a",-3.0],["b",-3.0],["▁a",-2.5]],"byte_fallback":false}}
        """

    static func fixture(_ json: String = bpeJSON, corpus: String = "abcd cd ab\ndab cd\n") throws -> String {
        let dir = try CLI.temporaryDirectory()
        try json.write(toFile: dir + "/tokenizer.json", atomically: true, encoding: .utf8)
        try corpus.write(toFile: dir + "/corpus.txt", atomically: true, encoding: .utf8)
        return dir
    }

    func expectNoOutput(_ dir: String) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(!names.contains { $0.hasPrefix("out") }, "left behind: \(names)")
    }

    @Test func addZeroIsAnError() throws {
        let dir = try Self.fixture()
        let result = try CLI.run(["expand", "--tokenizer", dir + "/tokenizer.json", "--corpus", dir + "/corpus.txt", "--add", "0",
                                  "--output", dir + "/out"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--add must be at least 1"))
        try expectNoOutput(dir)
    }

    @Test func askingForMoreThanTheCorpusSuppliesSaysHowManyWereAdded() throws {
        let dir = try Self.fixture()
        let result = try CLI.run(["expand", "--tokenizer", dir + "/tokenizer.json", "--corpus", dir + "/corpus.txt", "--add", "50",
                                  "--scripts", "all", "--output", dir + "/out"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("the corpus supplied 1 of the 50 tokens asked for"), "\(result.stdout)")
    }

    @Test func aCorpusThatSuppliesNothingIsAnError() throws {
        let dir = try Self.fixture(corpus: "ab\n")
        let result = try CLI.run(["expand", "--tokenizer", dir + "/tokenizer.json", "--corpus", dir + "/corpus.txt", "--add", "5",
                                  "--output", dir + "/out"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("the corpus supplies no new token"))
        try expectNoOutput(dir)
    }

    @Test func tokensAlreadyPresentAreSkippedAndReported() throws {
        let dir = try Self.fixture()
        try "abcd\nab\nabcd\n".write(toFile: dir + "/tokens.txt", atomically: true, encoding: .utf8)
        let result = try CLI.run(["expand", "--tokenizer", dir + "/tokenizer.json", "--tokens", dir + "/tokens.txt",
                                  "--output", dir + "/out"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("skipped \"ab\": already in the vocabulary (id 4)"), "\(result.stdout)")
        #expect(result.stdout.contains("skipped \"abcd\": listed more than once"))
        let onlyPresent = dir + "/present.txt"
        try "ab\nc\n".write(toFile: onlyPresent, atomically: true, encoding: .utf8)
        let none = try CLI.run(["expand", "--tokenizer", dir + "/tokenizer.json", "--tokens", onlyPresent, "--output", dir + "/out2"])
        #expect(none.status != 0)
        #expect(none.stderr.contains("no token was added") && none.stderr.contains("already in the vocabulary"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/out2"))
    }

    @Test func embeddingsWithFewerRowsThanTheVocabularyAreRejected() throws {
        let dir = try Self.fixture()
        try "abcd\n".write(toFile: dir + "/tokens.txt", atomically: true, encoding: .utf8)
        try TrimCLITests.safetensors(rows: 3).write(to: URL(fileURLWithPath: dir + "/model.safetensors"))
        let result = try CLI.run(["expand", "--tokenizer", dir + "/tokenizer.json", "--tokens", dir + "/tokens.txt",
                                  "--embeddings", dir + "/model.safetensors", "--output", dir + "/out"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("wte.weight") && result.stderr.contains("3"), "\(result.stderr)")
        try expectNoOutput(dir)
    }

    @Test func unigramWithoutByteFallbackSaysWhichWordsItCannotRepresent() throws {
        let dir = try Self.fixture(Self.unigramJSON, corpus: "ab ሰሰ\nሰሰ ab\n")
        let result = try CLI.run(["expand", "--tokenizer", dir + "/tokenizer.json", "--corpus", dir + "/corpus.txt", "--add", "2",
                                  "--output", dir + "/out"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("2 corpus words hold characters this vocabulary cannot represent"), "\(result.stdout)")
        let encoded = try CLI.run(["encode", "--tokenizer", dir + "/out", "--format", "json"], input: Array("ሰሰ".utf8))
        #expect(encoded.status == 0 && !encoded.stdout.contains("[0"), "\(encoded.stdout)")

        // The same vocabulary as a SentencePiece model: reading the corpus loses those words' text.
        let converted = try CLI.run(["convert", "--tokenizer", dir + "/tokenizer.json", "--to", "spm", "--output", dir + "/u.model"])
        #expect(converted.status == 0, "\(converted.stderr)")
        try "ሰሰ ሰሰ\nሰሰ\n".write(toFile: dir + "/ethiopic.txt", atomically: true, encoding: .utf8)
        let lost = try CLI.run(["expand", "--tokenizer", dir + "/u.model", "--corpus", dir + "/ethiopic.txt", "--add", "2",
                                "--output", dir + "/out-model"])
        #expect(lost.status != 0)
        #expect(lost.stderr.contains("3 corpus words hold characters this model cannot represent"), "\(lost.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out-model"))
    }

    @Test func methodAndScriptsAreChecked() throws {
        let dir = try Self.fixture()
        let bad = try CLI.run(["expand", "--tokenizer", dir + "/tokenizer.json", "--corpus", dir + "/corpus.txt", "--add", "2",
                               "--scripts", "Nope", "--output", dir + "/out"])
        #expect(bad.status != 0 && bad.stderr.contains("unknown script \"Nope\""))
        let common = try CLI.run(["expand", "--tokenizer", dir + "/tokenizer.json", "--corpus", dir + "/corpus.txt", "--add", "2",
                                  "--scripts", "Zyyy", "--output", dir + "/out"])
        #expect(common.status != 0 && common.stderr.contains("cannot be a target script"), "\(common.stderr)")
        try "12 12 ,, 12\n".write(toFile: dir + "/digits.txt", atomically: true, encoding: .utf8)
        let digits = try CLI.run(["expand", "--tokenizer", dir + "/tokenizer.json", "--corpus", dir + "/digits.txt", "--add", "2",
                                  "--output", dir + "/out"])
        #expect(digits.status != 0 && digits.stderr.contains("no letters of any script"), "\(digits.stderr)")
        let method = try CLI.run(["expand", "--tokenizer", dir + "/tokenizer.json", "--corpus", dir + "/corpus.txt", "--add", "2",
                                  "--method", "nope", "--output", dir + "/out"])
        #expect(method.status != 0)
        try expectNoOutput(dir)
    }

    @Test func trainUnigramAddsPiecesOfAUnigramModelOfTheCorpus() throws {
        let dir = try Self.fixture(Self.unigramJSON, corpus: String(repeating: "abab ba abab bab\n", count: 20))
        let result = try CLI.run(["expand", "--tokenizer", dir + "/tokenizer.json", "--corpus", dir + "/corpus.txt", "--add", "3",
                                  "--method", "train-unigram", "--json", "--output", dir + "/out"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"method\": \"train-unigram\""), "\(result.stdout)")
        let before = try CLI.run(["encode", "--tokenizer", dir + "/tokenizer.json", dir + "/corpus.txt"])
        let after = try CLI.run(["encode", "--tokenizer", dir + "/out", dir + "/corpus.txt"])
        #expect(after.stdout.split(separator: " ").count < before.stdout.split(separator: " ").count)
        let bpe = try Self.fixture()
        let refused = try CLI.run(["expand", "--tokenizer", bpe + "/tokenizer.json", "--corpus", bpe + "/corpus.txt", "--add", "2",
                                   "--method", "train-unigram", "--output", bpe + "/out"])
        #expect(refused.status != 0 && refused.stderr.contains("needs a Unigram vocabulary"))
        try expectNoOutput(bpe)
    }
}
