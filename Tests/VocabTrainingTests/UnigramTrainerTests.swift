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

    @Test func bothFormatsCarryTheNormalizerAndEncodeAlike() throws {
        var options = UnigramTrainingOptions(vocabSize: 300)
        options.byteFallback = true
        let trained = try UnigramTrainer(options: options).train(corpusWords())
        #expect(trained.table.count > 260 && trained.table.count <= 300)
        #expect(trained.table.pieceText(3) == "<0x00>" && trained.table.kinds[258] == .byte)
        for normalizer in [TrainingNormalizer.none, .nmtNFKC] {
            let model = try trained.sentencePieceModel(settings: CountSettings(normalizer: normalizer, preTokenizer: .sentencePiece))
            #expect(model.trainerSpec.byteFallback && model.trainerSpec.vocabSize == trained.table.count)
            #expect(model.normalizerSpec.precompiledCharsmap.isEmpty == (normalizer == .none))
            #expect(model.normalizerSpec.removeExtraWhitespaces)
            let spm = try SentencePieceTokenizer(bytes: model.serialized())
            let hf = try TokenizerConversion.toHuggingFace(spm)
            let document = hf.document
            #expect(document["model"]?.object?["type"]?.string == "Unigram")
            #expect(document["model"]?.object?["byte_fallback"]?.bool == true)
            let text = "the ｃａｔ  sat on ☃ mat"
            #expect(spm.encode(text) == hf.encode(text))
            // Unknown characters fall back to bytes: ☃ is E2 98 83.
            let ids = spm.encode(text)
            #expect(ids.contains(3 + 0xE2) && ids.contains(3 + 0x98) && !ids.contains(0))
            // nmt-nfkc folds the full-width letters into the trained pieces.
            #expect(ids.contains(trained.table.id(of: "▁cat") ?? -1) == (normalizer == .nmtNFKC))
        }
        #expect(throws: VocabError.self) {
            try trained.sentencePieceModel(settings: CountSettings(normalizer: .nfkc, preTokenizer: .sentencePiece))
        }
    }
}
