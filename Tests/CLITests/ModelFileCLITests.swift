import Foundation
import Testing
import TestSupport

/// tekken.json and GGUF files through the command line: encode, inspect, convert, the errors of
/// malformed files, and trim/expand refusing formats they cannot write back.
@Suite struct ModelFileCLITests {
    @Test func encodeInspectAndConvertBothFormats() throws {
        let dir = try CLI.temporaryDirectory()
        let files = [(dir + "/tekken.json", TekkenFixture.json(), "5 262\n"), (dir + "/m.gguf", GGUFBuilder.llama().bytes(), "261\n")]
        for (path, bytes, ids) in files {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            #expect(try CLI.run(["encode", "--tokenizer", path], input: Array("<unk>the\n".utf8)).stdout != "")
            #expect(try CLI.run(["encode", "--tokenizer", path], input: Array((path.hasSuffix("json") ? "\u{0}the\n" : "the\n").utf8)).stdout == ids)
            let inspect = try CLI.run(["inspect", "--tokenizer", path])
            #expect(inspect.status == 0)
            #expect(inspect.stdout.contains(path.hasSuffix("json") ? "format: tekken.json" : "format: gguf"))
            let converted = dir + "/converted.json"
            #expect(try CLI.run(["convert", "--tokenizer", path, "--output", converted, "--force"]).status == 0)
            #expect(try CLI.run(["encode", "--tokenizer", converted], input: Array("the the\n".utf8)).stdout
                == CLI.run(["encode", "--tokenizer", path], input: Array("the the\n".utf8)).stdout)
        }
    }

    @Test func malformedFilesNameFileAndByteOffset() throws {
        let dir = try CLI.temporaryDirectory()
        var wrongType = GGUFBuilder.gpt2()
        wrongType.entries[1].value = .uint32(1)
        let gguf = GGUFBuilder.gpt2().bytes()
        let cases: [(name: String, bytes: [UInt8], message: String)] = [
            ("truncated.gguf", Array(gguf.prefix(30)), "byte 16: the header claims 7 key/values, more than the 30-byte file can hold"),
            ("truncated-key.gguf", Array(gguf.prefix(120)), "byte 112: the key of key/value 2: a string of 18 bytes runs past the end of the file"),
            ("wrong-type.gguf", wrongType.bytes(), "tokenizer.ggml.model is uint32, expected a string"),
            ("no-tokenizer.gguf", GGUFBuilder([("general.architecture", .string("llama"))]).bytes(), "has no tokenizer"),
            ("tekken.json", TekkenFixture.json(rankOf: { $0 == 260 ? 3 : $0 }), "vocab entry 260 has rank 3"),
        ]
        // The text is a file, not standard input: vocabtool fails before reading it.
        let text = dir + "/text.txt"
        try Data("hi\n".utf8).write(to: URL(fileURLWithPath: text))
        for c in cases {
            let path = dir + "/" + c.name
            try Data(c.bytes).write(to: URL(fileURLWithPath: path))
            let result = try CLI.run(["encode", "--tokenizer", path, text])
            #expect(result.status == 1, "\(c.name)")
            #expect(result.stderr.contains(path + ": byte ") && result.stderr.contains(c.message), "\(c.name): \(result.stderr)")
        }
    }

    @Test func trimAndExpandRefuseTheReadOnlyFormats() throws {
        let dir = try CLI.temporaryDirectory()
        let corpus = dir + "/corpus.txt"
        try Data("the the\n".utf8).write(to: URL(fileURLWithPath: corpus))
        for (name, bytes) in [("tekken.json", TekkenFixture.json()), ("m.gguf", GGUFBuilder.gpt2().bytes())] {
            let path = dir + "/" + name
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            for command in [["trim", "--corpus", corpus], ["expand", "--corpus", corpus, "--add", "2"]] {
                let result = try CLI.run(command + ["--tokenizer", path, "--output", dir + "/out-\(command[0])"])
                #expect(result.status == 1)
                #expect(result.stderr.contains("vocabtool convert") && result.stderr.contains("tokenizer.json, sentencepiece"), "\(result.stderr)")
                #expect(!FileManager.default.fileExists(atPath: dir + "/out-\(command[0])"))
            }
        }
    }
}
