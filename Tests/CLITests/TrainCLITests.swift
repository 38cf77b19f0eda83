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

    @Test func unigramWritesBothFormatsThatEncodeAlike() throws {
        let dir = try CLI.temporaryDirectory()
        let corpus = dir + "/corpus.txt", sample = dir + "/sample.txt"
        let text = String(repeating: "the cat sat on the mat\nthe dog sat  on the log\na cat and a dog\n", count: 10)
        try write(text, to: corpus)
        try write("cats and dogs\nｃａｔｓ ａｎｄ ｄｏｇｓ ☃\n", to: sample)
        for extra in [[], ["--normalizer", "none", "--byte-fallback"]] {
            let model = dir + "/u.model", json = dir + "/u\(extra.count).json", converted = dir + "/c.json"
            let common = ["train", "--model", "unigram", "--vocab-size", extra.isEmpty ? "40" : "300", "--quiet", "--force"] + extra
            let spm = try CLI.run(common + ["--to", "spm", "--output", model, corpus])
            #expect(spm.status == 0, "\(spm.stderr)")
            #expect(try CLI.run(["convert", "--tokenizer", model, "--to", "hf", "--force", "--output", converted]).status == 0)
            if extra.isEmpty {
                // (Building the nmt-nfkc charsmap is slow in a debug build: train once.)
                try FileManager.default.copyItem(atPath: converted, toPath: json)
            } else {
                // --to hf writes what `convert` makes of the .model.
                let hf = try CLI.run(common + ["--output", json, corpus])
                #expect(hf.status == 0, "\(hf.stderr)")
                #expect(try Data(contentsOf: URL(fileURLWithPath: json)) == Data(contentsOf: URL(fileURLWithPath: converted)))
            }
            let fromModel = try CLI.run(["encode", "--tokenizer", model, sample])
            let fromJSON = try CLI.run(["encode", "--tokenizer", json, sample])
            #expect(fromModel.status == 0 && fromModel.stdout == fromJSON.stdout)
            let lines = fromModel.stdout.split(separator: "\n").map(String.init)
            let lastLine = lines.last ?? ""
            if extra.isEmpty {
                // nmt-nfkc: the full-width letters are the trained ASCII ones, the snowman is unknown.
                #expect(lines.count == 2 && lastLine.hasPrefix(lines[0] + " ") && lastLine.hasSuffix(" 0"), "\(lines)")
            } else {
                // Byte fallback: the snowman is its three UTF-8 bytes (ids 3 + byte), no unknown.
                #expect(lastLine.hasSuffix("\(3 + 0xE2) \(3 + 0x98) \(3 + 0x83)"), "\(lastLine)")
            }
        }
    }

    @Test func badUnigramInputFailsWithoutWritingOutput() throws {
        let dir = try CLI.temporaryDirectory()
        let empty = dir + "/empty.txt", corpus = dir + "/corpus.txt"
        try write("", to: empty)
        try write("abc def\n", to: corpus)
        let out = dir + "/out.model"
        let unigram = ["train", "--model", "unigram", "--normalizer", "none", "--to", "spm", "--output", out]
        let cases: [([String], String)] = [
            (unigram + ["--vocab-size", "300", empty], "empty"),
            (unigram + ["--vocab-size", "10", corpus], "too small"),
            (unigram + ["--vocab-size", "262", "--byte-fallback", corpus], "too small"),
            (unigram + ["--vocab-size", "300", dir], "is a directory"),
            (unigram + ["--vocab-size", "300", dir + "/missing.txt"], "cannot open"),
            (["train", "--model", "unigram", "--normalizer", "nfkc", "--vocab-size", "30", "--output", out, corpus], "nmt-nfkc"),
            (["train", "--pre-tokenizer", "byte-level", "--vocab-size", "300", "--to", "spm", "--output", out, corpus], "byte-level"),
        ]
        for (arguments, message) in cases {
            let result = try CLI.run(arguments)
            #expect(result.status != 0)
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }

    @Test func metaspaceBPEWritesAModelThatEncodesLikeItsTokenizerJSON() throws {
        let dir = try CLI.temporaryDirectory()
        let corpus = dir + "/corpus.txt", sample = dir + "/sample.txt"
        try write(String(repeating: "lower lowest newer newest wider\nthe low road\n", count: 8), to: corpus)
        try write("lowest newest road\nwidest lower\n", to: sample)
        let model = dir + "/b.model", json = dir + "/b.json"
        #expect(try CLI.run(["train", "--pre-tokenizer", "metaspace", "--vocab-size", "40", "--to", "spm", "--output", model, corpus]).stderr.contains("<unk>"))
        let common = ["train", "--pre-tokenizer", "metaspace", "--special-tokens", "<unk>", "--vocab-size", "40", "--quiet"]
        let spm = try CLI.run(common + ["--to", "spm", "--output", model, corpus])
        #expect(spm.status == 0, "\(spm.stderr)")
        #expect(try CLI.run(common + ["--output", json, corpus]).status == 0)
        let fromModel = try CLI.run(["encode", "--format", "tokens", "--tokenizer", model, sample])
        let fromJSON = try CLI.run(["encode", "--format", "tokens", "--tokenizer", json, sample])
        #expect(fromModel.status == 0 && !fromModel.stdout.isEmpty && fromModel.stdout == fromJSON.stdout, "\(fromModel.stdout) vs \(fromJSON.stdout)")
    }
}
