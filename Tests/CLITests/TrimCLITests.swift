import Foundation
import Testing

/// `vocabtool trim` on bad input: clear errors, exit 1, and no output (or partial) folder left.
@Suite struct TrimCLITests {
    /// A tiny tiktoken rank file (256 bytes, then "th", "the", "he") and a one-line corpus.
    static func fixture() throws -> (dir: String, tokenizer: String, corpus: String) {
        let dir = try CLI.temporaryDirectory()
        var ranks = ""
        var pieces: [Data] = (0..<256).map { Data([UInt8($0)]) }
        pieces += ["th", "the", "he"].map { Data($0.utf8) }
        for (rank, piece) in pieces.enumerated() { ranks += piece.base64EncodedString() + " \(rank)\n" }
        let tokenizer = dir + "/tiny.tiktoken"
        try ranks.write(toFile: tokenizer, atomically: true, encoding: .utf8)
        let corpus = dir + "/corpus.txt"
        try "the the then\nhe the\n".write(toFile: corpus, atomically: true, encoding: .utf8)
        return (dir, tokenizer, corpus)
    }

    /// Safetensors bytes with one F16 tensor `wte.weight` of `rows` x 2 and the given header edits.
    static func safetensors(rows: Int, dtype: String = "F16", declaredEnd: Int? = nil, corruptJSON: Bool = false) -> Data {
        let size = rows * 2 * 2
        var json = #"{"wte.weight":{"dtype":"\#(dtype)","shape":[\#(rows),2],"data_offsets":[0,\#(declaredEnd ?? size)]}}"#
        if corruptJSON { json.removeLast(2) }
        var out = Data()
        var length = UInt64(json.utf8.count).littleEndian
        withUnsafeBytes(of: &length) { out.append(contentsOf: $0) }
        out.append(contentsOf: Array(json.utf8))
        out.append(Data(repeating: 7, count: size))
        return out
    }

    func trim(_ f: (dir: String, tokenizer: String, corpus: String), _ extra: [String]) throws -> CLI.Result {
        try CLI.run(["trim", "--tokenizer", f.tokenizer, "--pattern", "r50k", "--corpus", f.corpus, "--output", f.dir + "/out"] + extra)
    }

    func expectNothingWritten(_ dir: String) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(!names.contains { $0.hasPrefix("out") }, "left behind: \(names)")
    }

    @Test(arguments: [
        ("corrupt", TrimCLITests.safetensors(rows: 259, corruptJSON: true), "corrupt safetensors header"),
        ("past end", TrimCLITests.safetensors(rows: 259, declaredEnd: 5000), "past the end"),
        ("few rows", TrimCLITests.safetensors(rows: 100), "fewer than the vocabulary"),
        ("dtype", TrimCLITests.safetensors(rows: 259, dtype: "Q4_K"), "Q4_K"),
    ])
    func badEmbeddingsAreRefused(_ label: String, _ bytes: Data, _ message: String) throws {
        let f = try Self.fixture()
        let embeddings = f.dir + "/model.safetensors"
        try bytes.write(to: URL(fileURLWithPath: embeddings))
        let result = try trim(f, ["--embeddings", embeddings])
        #expect(result.status == 1, "\(label)")
        #expect(result.stderr.contains(message), "\(label): \(result.stderr)")
        try expectNothingWritten(f.dir)
    }

    @Test func existingOutputNeedsForce() throws {
        let f = try Self.fixture()
        try FileManager.default.createDirectory(atPath: f.dir + "/out", withIntermediateDirectories: false)
        try "keep me".write(toFile: f.dir + "/out/old.txt", atomically: true, encoding: .utf8)
        let refused = try trim(f, [])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("--force"))
        #expect(FileManager.default.fileExists(atPath: f.dir + "/out/old.txt"))
        let embeddings = f.dir + "/model.safetensors"
        try Self.safetensors(rows: 259).write(to: URL(fileURLWithPath: embeddings))
        let forced = try trim(f, ["--force", "--min-frequency", "1", "--embeddings", embeddings])
        #expect(forced.status == 0, "\(forced.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: f.dir + "/out").sorted()
        #expect(names == ["model.safetensors", "tiny.tiktoken", "trim-report.json"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: f.dir).filter { $0.hasPrefix("out") } == ["out"])
    }

    @Test func corpusThatKeepsNothingIsAnError() throws {
        let f = try Self.fixture()
        let result = try trim(f, ["--min-frequency", "1000"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("keeps no token"))
        try expectNothingWritten(f.dir)
    }

    @Test func dryRunWritesNothing() throws {
        let f = try Self.fixture()
        let result = try trim(f, ["--dry-run", "--min-frequency", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("vocabulary: 259 -> "))
        try expectNothingWritten(f.dir)
    }
}
