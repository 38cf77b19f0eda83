import Foundation
import Testing
import TestSupport

@Suite struct TrainCLITests {
    func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    @Test func trainsAndCountsEndToEnd() throws {
        let dir = try CLI.temporaryDirectory()
        let corpus = dir + "/corpus.txt"
        try write(String(repeating: "hello world, hello there\nthe low lower lowest\n", count: 20), to: corpus)
        let counts = dir + "/c.counts"
        let counted = try CLI.run(["count", "--quiet", "--output", counts, corpus])
        #expect(counted.status == 0, "\(counted.stderr)")
        let fromText = dir + "/a.json", fromCounts = dir + "/b.json"
        #expect(try CLI.run(["train", "--vocab-size", "270", "--quiet", "--output", fromText, corpus]).status == 0)
        #expect(try CLI.run(["train", "--vocab-size", "270", "--from-counts", "--quiet", "--output", fromCounts, counts]).status == 0)
        let a = try Data(contentsOf: URL(fileURLWithPath: fromText))
        #expect(a == (try Data(contentsOf: URL(fileURLWithPath: fromCounts))))
        #expect(String(decoding: a, as: UTF8.self).contains("\"type\": \"ByteLevel\""))
        let unigram = dir + "/u.json"
        let trained = try CLI.run(["train", "--model", "unigram", "--vocab-size", "40", "--quiet", "--output", unigram, corpus])
        #expect(trained.status == 0, "\(trained.stderr)")
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: unigram)), as: UTF8.self).contains("\"type\": \"Unigram\""))
    }

    @Test func badInputFailsWithoutWritingOutput() throws {
        let dir = try CLI.temporaryDirectory()
        let empty = dir + "/empty.txt", corpus = dir + "/corpus.txt", bad = dir + "/bad.counts"
        try write("", to: empty)
        try write("abc def\n", to: corpus)
        try write("# vocabtool word counts 1\n# normalizer: none\n# pre-tokenizer: byte-level\n3\tab\nnope\n", to: bad)
        let out = dir + "/out.json"
        let cases: [([String], String)] = [
            (["train", "--vocab-size", "300", "--output", out, empty], "empty"),
            (["train", "--vocab-size", "100", "--output", out, corpus], "too small"),
            (["train", "--vocab-size", "300", "--output", out, dir + "/missing.txt"], "cannot open"),
            (["train", "--vocab-size", "300", "--from-counts", "--output", out, bad], "line 5"),
        ]
        for (arguments, message) in cases {
            let result = try CLI.run(arguments)
            #expect(result.status != 0)
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
        try write("{}", to: out)
        let existing = try CLI.run(["train", "--vocab-size", "300", "--output", out, corpus])
        #expect(existing.status != 0)
        #expect(existing.stderr.contains("--force"))
    }

    @Test func wordPieceByteFallbackAndRomanizeOptions() throws {
        let dir = try CLI.temporaryDirectory()
        let corpus = dir + "/corpus.txt"
        try write(String(repeating: "Hello, world! Привет мир\n", count: 5), to: corpus)
        let wordPiece = dir + "/wp.json"
        let trained = try CLI.run(["train", "--model", "wordpiece", "--normalizer", "bert", "--vocab-size", "60", "--quiet", "--output", wordPiece, corpus])
        #expect(trained.status == 0, "\(trained.stderr)")
        let json = String(decoding: try Data(contentsOf: URL(fileURLWithPath: wordPiece)), as: UTF8.self)
        #expect(json.contains("\"type\": \"WordPiece\"") && json.contains("\"type\": \"BertNormalizer\"") && json.contains("\"##"))
        let out = dir + "/out.json"
        let failures: [([String], String)] = [
            (["train", "--byte-fallback", "--pre-tokenizer", "byte-level", "--vocab-size", "300", "--output", out, corpus], "byte-level"),
            (["train", "--byte-fallback", "--vocab-size", "300", "--output", out, corpus], "byte-level"),
            (["train", "--model", "wordpiece", "--special-tokens", "[CLS]", "--vocab-size", "300", "--output", out, corpus], "[UNK]"),
        ]
        for (arguments, message) in failures {
            let result = try CLI.run(arguments)
            #expect(result.status != 0)
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
        let fallback = try CLI.run(["train", "--byte-fallback", "--pre-tokenizer", "metaspace", "--vocab-size", "300", "--quiet", "--output", out, corpus])
        #expect(fallback.status == 0, "\(fallback.stderr)")
        let romanized = dir + "/r.counts"
        #expect(try CLI.run(["count", "--romanize", "--quiet", "--output", romanized, corpus]).status == 0)
        let counts = String(decoding: try Data(contentsOf: URL(fileURLWithPath: romanized)), as: UTF8.self)
        #expect(counts.contains("# romanize: yes\n") && counts.contains(" Privet") && !counts.contains("Привет"))
    }
}
