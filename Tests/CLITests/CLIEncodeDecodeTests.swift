import Foundation
import Testing
import TestSupport

/// encode / decode / convert through the binary, on the shared tokenizers.
@Suite(.enabled(if: SharedData.path != nil, "needs ../shared")) struct CLIEncodeDecodeTests {
    let minilm = SharedData.file("tokenizers/minilm-wordpiece/tokenizer.json") ?? ""
    let llama = SharedData.file("tokenizers/llama2/tokenizer.model") ?? ""

    @Test func truncationAndPaddingOnlyOnRequest() throws {
        let words = Array((Array(repeating: "word", count: 200).joined(separator: " ") + "\nhello\n").utf8)
        let plain = try CLI.run(["encode", "--tokenizer", minilm], input: words)
        #expect(plain.status == 0)
        let plainLines = plain.stdout.split(separator: "\n").map { $0.split(separator: " ") }
        #expect(plainLines.map(\.count) == [200, 1])
        // As HF `encode` applies the file's truncation and padding (Fixed 128, pad id 0).
        let applied = try CLI.run(["encode", "--tokenizer", minilm, "--apply-truncation", "--add-special-tokens"], input: words)
        let lines = applied.stdout.split(separator: "\n").map { $0.split(separator: " ").map { Int($0)! } }
        #expect(lines.map(\.count) == [128, 128])
        #expect(lines[0].first == 101 && lines[0].last == 102)
        #expect(Array(lines[1].prefix(4)) == [101, 7592, 102, 0])
    }

    @Test func decodeInvertsEncode() throws {
        let text = "  Hello  wörld 🧪 日本語\nsecond line \n"
        let ids = try CLI.run(["encode", "--tokenizer", llama], input: Array(text.utf8))
        #expect(ids.status == 0)
        let back = try CLI.run(["decode", "--tokenizer", llama], input: Array(ids.stdout.utf8))
        #expect(back.status == 0)
        #expect(back.stdout == text)
    }

    @Test func invalidUTF8NamesTheLine() throws {
        let result = try CLI.run(["encode", "--tokenizer", llama], input: [0x61, 0x0A, 0x62, 0xC3, 0x28, 0x0A])
        #expect(result.status == 1)
        #expect(result.stderr.contains("<stdin>") && result.stderr.contains("line 2"))
        let skipped = try CLI.run(["encode", "--tokenizer", llama, "--on-invalid", "skip"], input: [0x61, 0x0A, 0x62, 0xC3, 0x28, 0x0A])
        #expect(skipped.status == 0 && skipped.stdout.split(separator: "\n").count == 1)
    }

    @Test func badIdsNameTheLine() throws {
        let nonNumeric = try CLI.run(["decode", "--tokenizer", llama], input: Array("1 2 3\n4 x 5\n".utf8))
        #expect(nonNumeric.status == 1 && nonNumeric.stderr.contains("line 2"))
        let outOfRange = try CLI.run(["decode", "--tokenizer", llama], input: Array("1 99999999\n".utf8))
        #expect(outOfRange.status == 1 && outOfRange.stderr.contains("out of range"))
    }

    @Test func convertRefusesToOverwriteAndLeavesNothingOnFailure() throws {
        let dir = try CLI.temporaryDirectory()
        let existing = dir + "/exists.json"
        FileManager.default.createFile(atPath: existing, contents: Data("keep".utf8))
        let refused = try CLI.run(["convert", "--tokenizer", llama, "--output", existing])
        #expect(refused.status == 1 && refused.stderr.contains("--force"))
        #expect(FileManager.default.contents(atPath: existing) == Data("keep".utf8))
        let gpt2 = SharedData.file("tokenizers/gpt2/tokenizer.json")!
        let failed = try CLI.run(["convert", "--tokenizer", gpt2, "--to", "spm", "--output", dir + "/gpt2.model"])
        #expect(failed.status == 1 && failed.stderr.contains("byte-level"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["exists.json"])
        let converted = try CLI.run(["convert", "--tokenizer", llama, "--output", dir + "/llama.json"])
        #expect(converted.status == 0)
        let inspect = try CLI.run(["inspect", "--tokenizer", dir + "/llama.json", "--format", "json"])
        #expect(inspect.status == 0 && inspect.stdout.contains("\"vocab_size\":32000"))
    }
}

@Suite(.enabled(if: SharedData.path != nil, "needs ../shared")) struct CLIInspectTests {
    /// Every shared tokenizer, including byte-level vocabularies whose pieces split characters.
    @Test(arguments: ["gpt2", "gpt2/vocab.json", "tiktoken/cl100k.tiktoken", "llama2", "xlmr-unigram", "minilm-wordpiece/vocab.txt"])
    func inspectDescribesEveryFormat(_ path: String) throws {
        let result = try CLI.run(["inspect", "--tokenizer", SharedData.file("tokenizers/" + path)!])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("vocabulary size:") && result.stdout.contains("scripts:"))
    }
}
