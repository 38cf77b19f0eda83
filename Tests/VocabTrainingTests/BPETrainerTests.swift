import Testing
import VocabCore
@testable import VocabTraining

/// Word counts from (word, count) pairs.
func wordCounts(_ entries: [(String, UInt64)]) -> WordCounts {
    var counts = WordCounts()
    for (word, count) in entries { counts.add(Array(word.utf8), count: count) }
    return counts
}

/// The merges of a trained table as strings, "left right".
func mergeStrings(_ table: TokenTable) -> [String] {
    table.merges.map { table.pieceText(Int($0.left)) + " " + table.pieceText(Int($0.right)) }
}

func vocabulary(_ table: TokenTable) -> [String] { (0..<table.count).map { table.pieceText($0) } }

@Suite struct BPETrainerTests {
    @Test func equalCountsGoToTheSmallestIDs() throws {
        // (zz,x) beats (aa,x) at equal count because zz was created first, although "aa" < "zz".
        let words = wordCounts([("zz", 5), ("aa", 4), ("zzx", 1), ("aax", 1)])
        let trained = try BPETrainer(options: BPETrainingOptions(vocabSize: 100)).train(words)
        #expect(mergeStrings(trained.table) == ["z z", "a a", "zz x", "aa x"])
        #expect(vocabulary(trained.table) == ["a", "x", "z", "zz", "aa", "zzx", "aax"])
    }

    @Test func byteLevelAlphabetIsOrderedByMappedCharacter() throws {
        // Space maps to Ġ (U+0120), after every printable ASCII and Latin-1 character.
        var options = BPETrainingOptions(vocabSize: 100)
        options.symbols = .bytes
        let trained = try BPETrainer(options: options).train(wordCounts([(" a", 2), ("\u{FF}", 1)]))
        // "ÿ" is UTF-8 C3 BF: shown as "Ã" "¿", ordered by those characters (¿ U+BF before Ã U+C3).
        #expect(vocabulary(trained.table) == ["a", "¿", "Ã", "Ġ", "Ġa", "Ã¿"])
    }

    @Test func fullByteLevelAlphabetComesFirst() throws {
        var options = BPETrainingOptions(vocabSize: 258)
        options.initialAlphabet = ByteLevelAlphabet.characters
        let trained = try BPETrainer(options: options).train(wordCounts([("ab", 3), ("abc", 1)]))
        #expect(trained.table.count == 258)
        #expect(trained.table.pieceText(0) == "!")
        #expect(trained.table.pieceText(93) == "~")
        #expect(trained.table.pieceText(94) == "¡")
        #expect(trained.table.pieceText(255) == "Ń")
        #expect(mergeStrings(trained.table) == ["a b", "ab c"])
    }

    @Test func hfReferenceExampleWithMinFrequency() throws {
        // HF tokenizers' own trainer test: characters as symbols, min_frequency 2.
        let words = wordCounts([
            ("roses", 1), ("are", 2), ("red", 1), ("voilets", 1), ("blue", 1), ("BERT", 1), ("is", 2),
            ("big", 1), ("and", 1), ("so", 1), ("GPT-2", 1),
        ])
        var options = BPETrainingOptions(vocabSize: 30000)
        options.minFrequency = 2
        options.symbols = .characters
        let trained = try BPETrainer(options: options).train(words)
        #expect(vocabulary(trained.table) == [
            "-", "2", "B", "E", "G", "P", "R", "T", "a", "b", "d", "e", "g", "i", "l", "n", "o", "r", "s", "t",
            "u", "v", "re", "are", "is",
        ])
        #expect(mergeStrings(trained.table) == ["r e", "a re", "i s"])
    }

    @Test func minFrequencyStopsBelowButMergesAtTheThreshold() throws {
        let words = wordCounts([("ab", 3), ("cd", 2), ("ef", 1)])
        var options = BPETrainingOptions(vocabSize: 100)
        options.minFrequency = 2
        let trained = try BPETrainer(options: options).train(words)
        #expect(mergeStrings(trained.table) == ["a b", "c d"])
    }

    @Test func maxTokenLengthKeepsTokensShorter() throws {
        // HF checks `<`: with max_token_length 4 the longest token has 3 characters.
        let words = wordCounts([("abc", 5)])
        var options = BPETrainingOptions(vocabSize: 1000)
        options.maxTokenLength = 4
        let trained = try BPETrainer(options: options).train(words)
        #expect(mergeStrings(trained.table) == ["a b", "ab c"])
        options.maxTokenLength = 3
        #expect(mergeStrings(try BPETrainer(options: options).train(words).table) == ["a b"])
        // Initial pairs are never length-checked: max 1 still merges two characters.
        options.maxTokenLength = 1
        let short = try BPETrainer(options: options).train(words)
        #expect(mergeStrings(short.table) == ["a b"])
    }

    @Test func specialTokenEqualToAMergeIsReused() throws {
        // The merge result "ab" already exists as special token 0: its id is reused, the
        // vocabulary does not grow, and the merge is still listed.
        let words = wordCounts([("ab", 5), ("abc", 3), ("cd", 2)])
        var options = BPETrainingOptions(vocabSize: 8)
        options.specialTokens = ["ab"]
        let trained = try BPETrainer(options: options).train(words)
        #expect(mergeStrings(trained.table) == ["a b", "ab c", "c d"])
        #expect(trained.table.id(of: "ab") == 0)
        #expect(trained.specialTokenIDs == [0])
        #expect(trained.table.kinds[0] == .control)
    }

    @Test func overlappingPairsCountTwiceAndMergeLeftToRight() throws {
        // "aaa" holds (a,a) twice; merging gives "aa a"; "aaaa" gives "aa aa".
        let words = wordCounts([("aaa", 1), ("aaaa", 1)])
        let trained = try BPETrainer(options: BPETrainingOptions(vocabSize: 100)).train(words)
        #expect(mergeStrings(trained.table) == ["a a", "aa a", "aa aa"])
    }

    @Test func vocabularySmallerThanAlphabetIsAnError() throws {
        var options = BPETrainingOptions(vocabSize: 3)
        options.specialTokens = ["<s>"]
        #expect(throws: VocabError.self) {
            try BPETrainer(options: options).train(wordCounts([("abc", 1)]))
        }
    }

    @Test func emptyInputIsAnError() throws {
        #expect(throws: VocabError.self) {
            try BPETrainer(options: BPETrainingOptions(vocabSize: 300)).train(WordCounts())
        }
    }

    @Test func tokenizerJSONHasHFLayout() throws {
        var options = BPETrainingOptions(vocabSize: 100)
        options.specialTokens = ["<s>"]
        let trained = try BPETrainer(options: options).train(wordCounts([("ab", 2)]))
        let json = String(decoding: try trained.tokenizerJSON(settings: CountSettings()), as: UTF8.self)
        #expect(json.hasPrefix("{\n  \"version\": \"1.0\",\n  \"truncation\": null,"))
        #expect(json.contains("\"content\": \"<s>\""))
        #expect(json.contains("\"vocab\": {\n      \"<s>\": 0,\n      \"a\": 1,\n      \"b\": 2,\n      \"ab\": 3\n    }"))
        #expect(json.hasSuffix("\"merges\": [\n      [\n        \"a\",\n        \"b\"\n      ]\n    ]\n  }\n}"))
        let parsed = try JSONParser.parse(try trained.tokenizerJSON(settings: CountSettings()))
        #expect(parsed.object?["model"]?.object?["type"]?.string == "BPE")
    }
}
