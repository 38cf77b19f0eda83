import Testing
import VocabCore
@testable import VocabTraining

#if canImport(Glibc)
import Glibc
#endif

/// A fresh file path under /tmp.
func temporaryPath(_ name: String) -> String {
    "/tmp/vocabtool-training-tests-\(getpid())-\(name)"
}

@Suite struct WordCountingTests {
    @Test func linesKeepTheirNewlineAsHFReadsThem() throws {
        let path = temporaryPath("lines.txt")
        try FileIO.writeAtomically(Array("Hello world\nHello  there\nlast".utf8), to: path)
        defer { unlink(path) }
        let counts = try WordCounter(settings: CountSettings()).count(files: [path])
        #expect(counts.count(of: Array("Hello".utf8)) == 2)
        #expect(counts.count(of: Array(" world".utf8)) == 1)
        #expect(counts.count(of: Array("\n".utf8)) == 2)
        #expect(counts.count(of: Array(" ".utf8)) == 1)
        #expect(counts.count(of: Array(" there".utf8)) == 1)
        #expect(counts.count(of: Array("last".utf8)) == 1)
        #expect(counts.count == 6)
    }

    @Test func chunkingAndThreadsDoNotChangeCounts() throws {
        var text = ""
        for i in 0..<2000 { text += "line \(i % 37) with words, numbers \(i) and   spaces\n" }
        let path = temporaryPath("chunks.txt")
        try FileIO.writeAtomically(Array(text.utf8), to: path)
        defer { unlink(path) }
        let whole = try WordCounter(settings: CountSettings(), threads: 1, chunkSize: 1 << 24).count(files: [path])
        let small = try WordCounter(settings: CountSettings(), threads: 2, chunkSize: 100).count(files: [path])
        let tiny = try WordCounter(settings: CountSettings(), threads: 3, chunkSize: 7).count(files: [path])
        #expect(whole == small)
        #expect(whole == tiny)
    }

    @Test func invalidUTF8NamesTheLine() throws {
        let path = temporaryPath("bad.txt")
        var bytes = Array("good\nalso good\nbad ".utf8)
        bytes.append(0xFF)
        bytes.append(0x0A)
        try FileIO.writeAtomically(bytes, to: path)
        defer { unlink(path) }
        do {
            _ = try WordCounter(settings: CountSettings(), chunkSize: 5).count(files: [path])
            Issue.record("expected an error")
        } catch let error as VocabError {
            #expect(error.location == .lineColumn(3, 5))
            #expect(error.file == path)
        }
        let skipped = try WordCounter(settings: CountSettings(), policy: .skip).count(files: [path])
        #expect(skipped.count(of: Array("bad".utf8)) == 0)
        let replaced = try WordCounter(settings: CountSettings(), policy: .replace).count(files: [path])
        #expect(replaced.count(of: Array(" \u{FFFD}".utf8)) == 1)
    }

    @Test func metaspaceSplitsAsHF() throws {
        // HF: "  hello  world\n" -> ▁ | ▁hello | ▁ | ▁world\n (no ▁ put in front: one is there).
        let path = temporaryPath("metaspace.txt")
        try FileIO.writeAtomically(Array("  hello  world\nhi ▁x\n".utf8), to: path)
        defer { unlink(path) }
        let counts = try WordCounter(settings: CountSettings(preTokenizer: .metaspace)).count(files: [path])
        #expect(counts.count(of: Array("▁".utf8)) == 3)  // "hi ▁x" -> ▁hi | ▁ | ▁x
        #expect(counts.count(of: Array("▁hello".utf8)) == 1)
        #expect(counts.count(of: Array("▁world\n".utf8)) == 1)
        #expect(counts.count(of: Array("▁hi".utf8)) == 1)
        #expect(counts.count(of: Array("▁x\n".utf8)) == 1)
        #expect(counts.count == 5)
    }

    @Test func sentencePieceWordsDropLineEndsAndExtraSpace() throws {
        let path = temporaryPath("spm.txt")
        try FileIO.writeAtomically(Array("  hello \t world \r\nhello\n".utf8), to: path)
        defer { unlink(path) }
        // Identity, as SentencePiece's identity normalizer: only U+0020 separates words.
        let counts = try WordCounter(settings: CountSettings(preTokenizer: .sentencePiece)).count(files: [path])
        #expect(counts == wordCounts([("▁hello", 2), ("▁\t", 1), ("▁world", 1), ("▁\r", 1)]))
        // nmt-nfkc makes tab and CR spaces, and full-width letters ASCII.
        try FileIO.writeAtomically(Array("  hello \t ｗｏｒｌｄ \r\nhello\u{200B}\n".utf8), to: path)
        let nmt = try WordCounter(settings: CountSettings(normalizer: .nmtNFKC, preTokenizer: .sentencePiece)).count(files: [path])
        #expect(nmt == wordCounts([("▁hello", 2), ("▁world", 1)]))
    }

    @Test func nfkcNormalizesBeforeSplitting() throws {
        let path = temporaryPath("nfkc.txt")
        try FileIO.writeAtomically(Array("ﬁne\n".utf8), to: path)
        defer { unlink(path) }
        let counts = try WordCounter(settings: CountSettings(normalizer: .nfkc)).count(files: [path])
        #expect(counts.count(of: Array("fine".utf8)) == 1)
    }

    @Test func countFileRoundTripsAnyBytes() throws {
        var counts = WordCounts()
        counts.add([0x20, 0x68, 0x69], count: 7)
        counts.add([0x09, 0x0A, 0x0D, 0x5C, 0x00, 0x7F], count: 3)
        counts.add([0xFF, 0xC3, 0xA9, 0xC3], count: 1)
        counts.add(Array("#x".utf8), count: 12_345_678_901)
        let settings = CountSettings(normalizer: .nfc)
        let bytes = CountFile.encode(counts, settings: settings)
        var back = WordCounts()
        let recorded = try CountFile.decode(bytes, file: "mem", into: &back)
        #expect(recorded == settings)
        #expect(back == counts)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("# vocabtool word counts 1\n# normalizer: nfc\n# pre-tokenizer: byte-level\n12345678901\t#x\n7\t hi\n"))
        #expect(text.contains("3\t\\t\\n\\r\\\\\\x00\\x7f\n"))
        #expect(text.contains("1\t\\xffé\\xc3\n"))
    }

    @Test func countFilesMergeBySumming() throws {
        let a = temporaryPath("a.counts"), b = temporaryPath("b.counts")
        defer { unlink(a); unlink(b) }
        try CountFile.write(wordCounts([("x", 2), ("y", 1)]), settings: CountSettings(), to: a)
        try CountFile.write(wordCounts([("x", 3), ("z", 4)]), settings: CountSettings(), to: b)
        let (settings, merged) = try CountFile.read([a, b])
        #expect(settings == CountSettings())
        #expect(merged == wordCounts([("x", 5), ("y", 1), ("z", 4)]))
    }

    @Test func countFilesWithDifferentSettingsDoNotMerge() throws {
        let a = temporaryPath("c.counts"), b = temporaryPath("d.counts")
        defer { unlink(a); unlink(b) }
        try CountFile.write(wordCounts([("x", 2)]), settings: CountSettings(), to: a)
        try CountFile.write(wordCounts([("x", 3)]), settings: CountSettings(normalizer: .nfkc), to: b)
        #expect(throws: VocabError.self) { try CountFile.read([a, b]) }
    }

    @Test func malformedCountLinesNameTheirLine() throws {
        let header = "# vocabtool word counts 1\n# normalizer: none\n# pre-tokenizer: byte-level\n"
        let cases: [(String, InputLocation)] = [
            ("5\tok\nx\tbad\n", .lineColumn(5, 1)),
            ("5\tok\n7 nospace\n", .lineColumn(5, 2)),
            ("5\tok\n0\tzero\n", .lineColumn(5, 1)),
            ("5\tbad\\q\n", .lineColumn(4, 6)),
            ("5\tbad\\x4\n", .lineColumn(4, 6)),
            ("99999999999999999999\tbig\n", .lineColumn(4, 1)),
            ("5\t\n", .lineColumn(4, 3)),
            ("5\tno newline", .line(4)),
        ]
        for (body, location) in cases {
            var counts = WordCounts()
            do {
                _ = try CountFile.decode(Array((header + body).utf8), file: "f", into: &counts)
                Issue.record("expected an error for \(body.debugDescription)")
            } catch let error as VocabError {
                #expect(error.location == location, "\(body.debugDescription): \(error)")
            }
        }
        var counts = WordCounts()
        #expect(throws: VocabError.self) {
            try CountFile.decode(Array("# vocabtool word counts 1\n# normalizer: what\n# pre-tokenizer: byte-level\n".utf8), file: "f", into: &counts)
        }
        #expect(throws: VocabError.self) { try CountFile.decode(Array("hello\n".utf8), file: "f", into: &counts) }
    }

    @Test func trainingOnMergedShardsEqualsTrainingOnTheWholeFile() throws {
        var lines: [String] = []
        for i in 0..<600 {
            lines.append("The quick brown fox \(i % 13) jumps over the lazy dog's back; née café \(i % 7)\n")
        }
        let whole = temporaryPath("whole.txt"), first = temporaryPath("s1.txt"), second = temporaryPath("s2.txt")
        let c1 = temporaryPath("s1.counts"), c2 = temporaryPath("s2.counts")
        defer { for p in [whole, first, second, c1, c2] { unlink(p) } }
        try FileIO.writeAtomically(Array(lines.joined().utf8), to: whole)
        try FileIO.writeAtomically(Array(lines[..<250].joined().utf8), to: first)
        try FileIO.writeAtomically(Array(lines[250...].joined().utf8), to: second)
        let counter = WordCounter(settings: CountSettings())
        try CountFile.write(try counter.count(files: [first]), settings: counter.settings, to: c1)
        try CountFile.write(try counter.count(files: [second]), settings: counter.settings, to: c2)
        let (_, merged) = try CountFile.read([c1, c2])
        var options = BPETrainingOptions(vocabSize: 400)
        options.initialAlphabet = ByteLevelAlphabet.characters
        let fromShards = try BPETrainer(options: options).train(merged)
        let fromWhole = try BPETrainer(options: options).train(try counter.count(files: [whole]))
        #expect(fromShards.table == fromWhole.table)
        #expect(fromWhole.table.merges.count > 20)
    }
}
