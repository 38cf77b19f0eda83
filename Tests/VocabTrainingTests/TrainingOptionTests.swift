import Testing
import VocabCore
@testable import VocabTraining

#if canImport(Glibc)
import Glibc
#endif

/// WordPiece, byte fallback, the Whitespace and Bert pre-tokenizers and romanization in counting.
@Suite struct TrainingOptionTests {
    /// HF `WordPieceTrainer(vocab_size=25, special_tokens=["[UNK]"])` with `BertPreTokenizer` on
    /// these words gives these tokens (checked with tokenizers 0.23.3 over 30 runs); HF's order of
    /// the `##` tokens varies from run to run, ours is by the number of words (this is one of HF's).
    func trainedWordPiece() throws -> TrainedBPE {
        var options = BPETrainingOptions(vocabSize: 25)
        options.symbols = .characters
        options.specialTokens = ["[UNK]"]
        options.continuingSubwordPrefix = "##"
        let words = wordCounts([("hug", 10), ("pug", 5), ("pun", 12), ("bun", 4), ("hugs", 5)])
        return try BPETrainer(options: options).train(words)
    }

    @Test func wordPieceVocabularyMatchesHF() throws {
        let trained = try trainedWordPiece()
        #expect(vocabulary(trained.table) == [
            "[UNK]", "b", "g", "h", "n", "p", "s", "u", "##u", "##g", "##n", "##s",
            "##ug", "##un", "hug", "pun", "pug", "hugs", "bun",
        ])
        #expect(mergeStrings(trained.table).prefix(3) == ["##u ##g", "##u ##n", "h ##ug"])
    }

    @Test func wordPieceTokenizerJSONLoadsAndEncodes() throws {
        let json = try trainedWordPiece().tokenizerJSON(settings: CountSettings(preTokenizer: .bert))
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains("\"model\": {\n    \"type\": \"WordPiece\",\n    \"unk_token\": \"[UNK]\",\n    \"continuing_subword_prefix\": \"##\",\n    \"max_input_chars_per_word\": 100,"))
        #expect(text.contains("\"decoder\": {\n    \"type\": \"WordPiece\",\n    \"prefix\": \"##\",\n    \"cleanup\": true\n  }"))
        #expect(text.contains("\"pre_tokenizer\": {\n    \"type\": \"BertPreTokenizer\"\n  }"))
        #expect(!text.contains("merges"))
        let tokenizer = try HFTokenizer(bytes: json)
        #expect(tokenizer.modelType == "WordPiece")
        // hugs -> hugs; pugs -> pug ##s; bunx -> [UNK] (x is not in the vocabulary).
        #expect(tokenizer.encode("hugs pugs, bunx") == [17, 16, 11, 0, 0])
    }

    @Test func byteFallbackTokensFollowTheSpecialTokens() throws {
        var options = BPETrainingOptions(vocabSize: 300)
        options.symbols = .characters
        options.specialTokens = ["<unk>", "<s>"]
        options.byteFallback = true
        let trained = try BPETrainer(options: options).train(wordCounts([("▁ab", 3), ("▁abc", 1)]))
        let pieces = vocabulary(trained.table)
        #expect(pieces[0] == "<unk>" && pieces[1] == "<s>")
        #expect(pieces[2] == "<0x00>" && pieces[2 + 0x41] == "<0x41>" && pieces[257] == "<0xFF>")
        #expect(trained.table.kinds[2] == .byte && trained.table.kinds[257] == .byte)
        #expect(Array(pieces[258...]) == ["a", "b", "c", "▁", "ab", "▁ab", "▁abc"])
        let text = String(decoding: try trained.tokenizerJSON(settings: CountSettings(preTokenizer: .metaspace)), as: UTF8.self)
        #expect(text.contains("\"byte_fallback\": true"))
        #expect(text.contains("\"decoders\": [\n      {\n        \"type\": \"ByteFallback\"\n      },\n      {\n        \"type\": \"Metaspace\","))
        let tokenizer = try HFTokenizer(bytes: try trained.tokenizerJSON(settings: CountSettings(preTokenizer: .metaspace)))
        // "é" is not in the alphabet: its two UTF-8 bytes C3 A9 come out as byte tokens.
        #expect(tokenizer.encode("ab é") == [263, 261, 2 + 0xC3, 2 + 0xA9])
        #expect(try tokenizer.decode([263, 261, 2 + 0xC3, 2 + 0xA9]) == Array("ab é".utf8))
    }

    func count(_ text: String, _ settings: CountSettings, _ name: String) throws -> WordCounts {
        let path = temporaryPath(name)
        try FileIO.writeAtomically(Array(text.utf8), to: path)
        defer { unlink(path) }
        return try WordCounter(settings: settings).count(files: [path])
    }

    /// The words HF's `Whitespace()` and `BertPreTokenizer()` give for one line (tokenizers 0.23.3).
    @Test func whitespaceAndBertSplitAsHF() throws {
        let line = "Hello, world! don't a--b x_y 3.14 «ok» 東京\n"
        let whitespace = try count(line, CountSettings(preTokenizer: .whitespace), "ws.txt")
        let expectedWhitespace = ["Hello", ",", "world", "!", "don", "'", "t", "a", "--", "b", "x_y", "3", ".", "14", "«", "ok", "»", "東京"]
        #expect(whitespace == wordCounts(expectedWhitespace.map { ($0, 1) }))
        let bert = try count(line, CountSettings(preTokenizer: .bert), "bert.txt")
        var expectedBert: [String: UInt64] = [:]
        for word in ["Hello", ",", "world", "!", "don", "'", "t", "a", "-", "-", "b", "x", "_", "y", "3", ".", "14", "«", "ok", "»", "東京"] {
            expectedBert[word, default: 0] += 1
        }
        #expect(bert == wordCounts(expectedBert.map { ($0.key, $0.value) }))
        // BertNormalizer: tab and newline become spaces, CJK ideographs are spaced, lowercase, no accents.
        let normalized = try count("Héllo\tWORLD 東京\n", CountSettings(normalizer: .bert, preTokenizer: .bert), "bertn.txt")
        #expect(normalized == wordCounts([("hello", 1), ("world", 1), ("東", 1), ("京", 1)]))
    }

    @Test func romanizedCountsAreRecordedAndDoNotMergeWithOthers() throws {
        let settings = CountSettings(preTokenizer: .whitespace, romanize: true)
        let counts = try count("Привет мир\nПривет\n", settings, "rom.txt")
        #expect(counts == wordCounts([("Privet", 2), ("mir", 1)]))
        let bytes = CountFile.encode(counts, settings: settings)
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix(
            "# vocabtool word counts 1\n# normalizer: none\n# pre-tokenizer: whitespace\n# romanize: yes\n2\tPrivet\n"))
        var back = WordCounts()
        #expect(try CountFile.decode(bytes, file: "mem", into: &back) == settings)
        #expect(back == counts)
        let a = temporaryPath("rom-a.counts"), b = temporaryPath("rom-b.counts")
        defer { unlink(a); unlink(b) }
        try CountFile.write(counts, settings: settings, to: a)
        try CountFile.write(counts, settings: CountSettings(preTokenizer: .whitespace), to: b)
        #expect(throws: VocabError.self) { try CountFile.read([a, b]) }
    }
}
