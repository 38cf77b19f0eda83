import Foundation
import Testing
import TestSupport

/// `vocabtool fertility` run as a user runs it: bad input, option pairing, built-in defaults.
@Suite struct FertilityCLITests {
    /// A tiny byte-level rank file (all 256 bytes plus a few merges), read with `--pattern r50k`.
    static func rankFile(in dir: String, name: String = "tiny.tiktoken", merges: [String] = ["th", "the", " t", " the"]) throws -> String {
        var lines: [String] = []
        for b in 0..<256 { lines.append(Data([UInt8(b)]).base64EncodedString() + " \(b)") }
        for (k, m) in merges.enumerated() { lines.append(Data(m.utf8).base64EncodedString() + " \(256 + k)") }
        let path = dir + "/" + name
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func missingCorpusFileIsNamed() throws {
        let dir = try CLI.temporaryDirectory()
        let ranks = try Self.rankFile(in: dir)
        let result = try CLI.run(["fertility", "--tokenizer", ranks, "--pattern", "r50k", "--corpus", dir + "/nope.txt"])
        #expect(result.status == 1)
        #expect(result.stderr.contains(dir + "/nope.txt"))
    }

    @Test func folderWithoutTextFiles() throws {
        let dir = try CLI.temporaryDirectory()
        let ranks = try Self.rankFile(in: dir)
        let corpus = dir + "/corpus"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        try "a\tb\n".write(toFile: corpus + "/index.tsv", atomically: true, encoding: .utf8)
        let result = try CLI.run(["fertility", "--tokenizer", ranks, "--pattern", "r50k", "--corpus", corpus])
        #expect(result.status == 1)
        #expect(result.stderr.contains("no text files"))
    }

    @Test func emptyFileAloneMeasuresNothing() throws {
        let dir = try CLI.temporaryDirectory()
        let ranks = try Self.rankFile(in: dir)
        try "".write(toFile: dir + "/eng_Latn.dev", atomically: true, encoding: .utf8)
        let result = try CLI.run(["fertility", "--tokenizer", ranks, "--pattern", "r50k", "--corpus", dir + "/eng_Latn.dev"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("nothing to measure"))
    }

    @Test func invalidUTF8NamesFileAndLine() throws {
        let dir = try CLI.temporaryDirectory()
        let ranks = try Self.rankFile(in: dir)
        let bad = dir + "/eng_Latn.dev"
        try Data(Array("the cat\nthe \u{E9}".utf8) + [0xC3, 0x28] + Array("\nthe end\n".utf8)).write(to: URL(fileURLWithPath: bad))
        let failed = try CLI.run(["fertility", "--tokenizer", ranks, "--pattern", "r50k", "--corpus", bad])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains(bad + ": line 2, column 7"))
        let skipped = try CLI.run([
            "fertility", "--tokenizer", ranks, "--pattern", "r50k", "--corpus", bad, "--on-invalid", "skip", "--format", "csv",
        ])
        #expect(skipped.status == 0)
        #expect(skipped.stderr.contains(bad + ": line 2, column 7: invalid UTF-8, line skipped"))
        #expect(skipped.stdout.contains(",eng_Latn,Latn,1,"))
    }

    @Test func eachTokenizerNamesItsOwnPattern() throws {
        let dir = try CLI.temporaryDirectory()
        let a = try Self.rankFile(in: dir, name: "a.tiktoken")
        let b = try Self.rankFile(in: dir, name: "b.tiktoken", merges: ["ca", "cat"])
        try "the cat\n".write(toFile: dir + "/eng_Latn.dev", atomically: true, encoding: .utf8)
        let result = try CLI.run([
            "fertility", "--tokenizer", a + "@r50k", "--corpus", dir + "/eng_Latn.dev", "--tokenizer", b + "@cl100k",
            "--format", "json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let rows = json?["rows"] as? [[String: Any]] ?? []
        #expect(rows.map { $0["tokenizer"] as? String } == ["a", "b"])
        // a: "the", " ", "c", "a", "t"; b: "t", "h", "e", " ", "cat".
        #expect(rows.map { $0["tokens"] as? Int } == [5, 5])
        // --pattern serves every rank file without its own; an @PATTERN wins over it.
        let shared = try CLI.run(["fertility", "--pattern", "r50k", "--tokenizer", a, "--tokenizer", b + "@cl100k",
                                  "--corpus", dir, "--format", "json"])
        #expect(shared.status == 0, "\(shared.stderr)")
        #expect(shared.stdout == result.stdout)
        // A suffix that names no pattern is part of the path.
        let unknown = try CLI.run(["fertility", "--tokenizer", a + "@r51k", "--corpus", dir])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains(a + "@r51k"))
    }

    @Test func chartFiles() throws {
        let dir = try CLI.temporaryDirectory()
        let ranks = try Self.rankFile(in: dir)
        try "the cat\n".write(toFile: dir + "/eng_Latn.dev", atomically: true, encoding: .utf8)
        try "le chat\n".write(toFile: dir + "/fra_Latn.dev", atomically: true, encoding: .utf8)
        for name in ["chart.svg", "chart.html"] {
            let result = try CLI.run([
                "fertility", "--tokenizer", ranks, "--pattern", "r50k", "--corpus", dir, "--chart", dir + "/" + name,
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let text = try String(contentsOfFile: dir + "/" + name, encoding: .utf8)
            #expect(text.contains("<svg"))
            #expect(text.contains("Français"))
        }
        let wrong = try CLI.run(["fertility", "--tokenizer", ranks, "--pattern", "r50k", "--corpus", dir, "--chart", dir + "/c.png"])
        #expect(wrong.status != 0)
    }

    /// With no arguments the command runs on vocabularies/ (found from the executable's location):
    /// GPT-2, XLM-R and the default BPE over the UDHR in hundreds of languages, rows by script.
    @Test func builtInDefaults() throws {
        let result = try CLI.run(["fertility", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(json?["grouping"] as? String == "script")
        let tokenizers = json?["tokenizers"] as? [[String: Any]] ?? []
        #expect(tokenizers.compactMap { $0["name"] as? String } == ["gpt2", "xlm-r", "default-bpe"])
        let rows = (json?["rows"] as? [[String: Any]] ?? []).filter { $0["tokenizer"] as? String == "xlm-r" }
        #expect(Set(rows.compactMap { $0["script"] as? String }).count >= 35)
        #expect(rows.compactMap { $0["languages"] as? Int }.reduce(0, +) >= 400)
    }
}
