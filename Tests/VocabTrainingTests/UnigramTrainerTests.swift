import Testing
import VocabCore
@testable import VocabTraining

@Suite struct UnigramTrainerTests {
    /// SentencePiece-style words of a small repetitive corpus.
    func corpusWords() -> WordCounts {
        var counts = WordCounts()
        let sentences = [
            "the cat sat on the mat", "the dog sat on the log", "a cat and a dog",
            "cats and dogs sit on mats", "the mat is under the cat",
        ]
        for (k, sentence) in sentences.enumerated() {
            for word in sentence.split(separator: " ") { counts.add(Array(("▁" + word).utf8), count: UInt64(3 + k)) }
        }
        return counts
    }

    @Test func trainsTheRequestedSizeWithMetaTokensFirst() throws {
        var options = UnigramTrainingOptions(vocabSize: 30)
        options.specialTokens = ["<pad>"]
        let trained = try UnigramTrainer(options: options).train(corpusWords())
        let table = trained.table
        #expect(table.count == 30)
        #expect((0..<4).map { table.pieceText($0) } == ["<unk>", "<s>", "</s>", "<pad>"])
        #expect(table.kinds[0] == .unknown && table.kinds[1] == .control && table.kinds[3] == .control)
        // Every character of the corpus is a piece, and scores fall after the meta tokens.
        for c in "▁thecatsmdoglnuri" { #expect(table.id(of: String(c)) != nil, "\(c)") }
        for id in 5..<table.count { #expect(table.scores[id] <= table.scores[id - 1]) }
        // Frequent whole words survive.
        #expect(table.id(of: "▁the") != nil)
    }

    @Test func rareCharactersFallOutsideCoverage() throws {
        var counts = corpusWords()
        counts.add(Array("▁zq".utf8), count: 1)
        var options = UnigramTrainingOptions(vocabSize: 40)
        options.characterCoverage = 0.99
        let table = try UnigramTrainer(options: options).train(counts).table
        #expect(table.id(of: "z") == nil)
        #expect(table.id(of: "q") == nil)
    }

    @Test func seedsAreBranchingRepeatsWeightedByCount() throws {
        let corpus = try UnigramCorpus(wordCounts([("▁abc", 3), ("▁abd", 2), ("▁xbc", 1)]), coverage: 1)
        let seeds = UnigramSeeds.make(corpus: corpus, maxLength: 16, seedSize: 100)
        var found: [String: Double] = [:]
        for i in 0..<seeds.count { found[String(decoding: corpus.utf8(seeds.chars(i)), as: UTF8.self)] = seeds.scores[i] }
        // "▁ab" occurs 5 times (branching into c and d), "bc" 4 times; whole words count when
        // seen twice or more ("▁abc"), not once ("▁xbc"); "▁a" never branches.
        #expect(found["▁ab"] != nil)
        #expect(found["bc"] != nil)
        #expect(found["▁abc"] != nil)
        #expect(found["▁xbc"] == nil)
        #expect(found["▁a"] == nil)
        #expect(found["▁ab"]! > found["bc"]!)
    }

    @Test func digammaMatchesKnownValues() {
        #expect(abs(digamma(1) - -0.5772156649015329) < 1e-9)
        #expect(abs(digamma(10) - 2.251752589066721) < 1e-9)
    }

    @Test func badInputIsAnError() throws {
        #expect(throws: VocabError.self) {
            try UnigramTrainer(options: UnigramTrainingOptions(vocabSize: 100)).train(WordCounts())
        }
        #expect(throws: VocabError.self) {
            try UnigramTrainer(options: UnigramTrainingOptions(vocabSize: 5)).train(corpusWords())
        }
    }

    @Test func tokenizerJSONIsHFUnigram() throws {
        let trained = try UnigramTrainer(options: UnigramTrainingOptions(vocabSize: 30)).train(corpusWords())
        let bytes = trained.tokenizerJSON(settings: CountSettings(normalizer: .nfkc, preTokenizer: .sentencePiece))
        let json = try JSONParser.parse(bytes)
        let model = json.object?["model"]?.object
        #expect(model?["type"]?.string == "Unigram")
        #expect(model?["unk_id"]?.integer == 0)
        #expect(model?["vocab"]?.array?.count == 30)
        #expect(json.object?["normalizer"]?.object?["type"]?.string == "NFKC")
        #expect(serdeFloat(-1e-5) == "-1e-5")
        #expect(serdeFloat(0) == "0.0")
        #expect(serdeFloat(-2.5) == "-2.5")
    }
}
