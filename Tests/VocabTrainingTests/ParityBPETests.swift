import Testing
import TestSupport
import VocabCore
@testable import VocabTraining

/// Parity-aware BPE against HF `tokenizers`' `ParityBpeTrainer` (0.23.3): goldens it made
/// (`Tests/Goldens/parity`) and small cases whose expected merges it gave.
@Suite struct ParityBPETests {
    static let goldens = SharedData.repositoryRoot + "/Tests/Goldens/parity"
    static let languages = ["amh_Ethi", "cmn_Hans", "eng_Latn", "hin_Deva"]

    func counts(_ folder: String) throws -> [WordCounts] {
        try Self.languages.map { try WordCounter(settings: CountSettings()).count(files: ["\(Self.goldens)/\(folder)/\($0).txt"]) }
    }

    func byteLevelOptions(_ vocabSize: Int) -> BPETrainingOptions {
        var options = BPETrainingOptions(vocabSize: vocabSize)
        options.initialAlphabet = ByteLevelAlphabet.characters
        return options
    }

    /// Trains on the golden corpus and compares the tokenizer.json with HF's, byte for byte.
    func expectGolden(_ name: String, _ options: BPETrainingOptions, _ parity: ParityOptions) throws {
        let trained = try BPETrainer(options: options).train(languages: try counts("train"), parity: parity)
        let json = try trained.tokenizerJSON(settings: CountSettings())
        let golden = try FileIO.read("\(Self.goldens)/\(name).json")
        #expect(json == golden, "\(name).json differs from HF's")
    }

    @Test func baseOnDevTextIsHFs() throws {
        try expectGolden("base", byteLevelOptions(506), ParityOptions(balance: .dev(try counts("dev"))))
    }

    @Test func windowOnDevTextIsHFs() throws {
        var parity = ParityOptions(balance: .dev(try counts("dev")))
        parity.variant = .window
        parity.windowSize = 8
        parity.alpha = 1.5
        try expectGolden("window", byteLevelOptions(506), parity)
    }

    @Test func windowOnRatiosIsHFs() throws {
        var parity = ParityOptions(balance: .ratios([1.2, 0.6, 1, 2.4]))
        parity.variant = .window
        parity.windowSize = 10
        try expectGolden("ratio", byteLevelOptions(506), parity)
    }

    @Test func globalMergesWithPlainOptionsAreHFs() throws {
        var options = byteLevelOptions(506)
        options.minFrequency = 3
        options.specialTokens = ["<s>", "</s>"]
        options.maxTokenLength = 6
        var parity = ParityOptions(balance: .dev(try counts("dev")))
        parity.globalMerges = 100
        try expectGolden("global", options, parity)
    }

    /// Merges of parity training on whole words seen as characters (HF: `Whitespace()` words).
    func merges(_ languages: [[(String, UInt64)]], _ parity: ParityOptions, minFrequency: UInt64 = 0) throws -> [String] {
        var options = BPETrainingOptions(vocabSize: 100)
        options.symbols = .characters
        options.minFrequency = minFrequency
        let trained = try BPETrainer(options: options).train(languages: languages.map(wordCounts), parity: parity)
        return mergeStrings(trained.table)
    }

    @Test func equalCountsGoToTheLargerStringsAndRatiosPickTheLanguage() throws {
        let result = try merges([[("aabb", 10)], [("ccdd", 10)]], ParityOptions(balance: .ratios([1, 2])))
        #expect(result == ["d d", "c dd", "b b", "c cdd", "a bb", "a abb"])
    }

    @Test func devLengthsPickTheLanguageAndTiesGoToTheFirst() throws {
        let dev = ParityOptions(balance: .dev([wordCounts([("ab", 1)]), wordCounts([("cdef", 2)])]))
        #expect(try merges([[("ab", 10)], [("cdef", 10)]], dev) == ["e f", "d ef", "c def", "a b"])
    }

    @Test func windowLimitsALanguagesShare() throws {
        var parity = ParityOptions(balance: .dev([wordCounts([("aaaabbbb", 2)]), wordCounts([("ccdd", 1)])]))
        parity.variant = .window
        parity.windowSize = 2
        parity.alpha = 1
        let result = try merges([[("aaaabbbb", 10), ("abab", 3)], [("ccdd", 10)]], parity)
        #expect(result == ["b b", "a a", "d d", "bb bb", "aa bbbb", "c dd", "aa aabbbb", "a b", "c cdd", "ab ab"])
    }

    @Test func aLanguageBelowMinFrequencyIsDone() throws {
        let dev = ParityOptions(balance: .dev([wordCounts([("ab", 1), ("cd", 1)]), wordCounts([("ef", 1), ("gh", 1)])]))
        #expect(try merges([[("ab", 10), ("cd", 3)], [("ef", 10), ("gh", 10)]], dev, minFrequency: 5) == ["a b", "g h", "e f"])
    }

    @Test func globalMergesCountAllLanguages() throws {
        var parity = ParityOptions(balance: .dev([wordCounts([("abab", 1)]), wordCounts([("xyxy", 1)])]))
        parity.globalMerges = 4
        #expect(try merges([[("abab", 10), ("xyxy", 5)], [("abab", 5), ("xyxy", 10)]], parity) == ["x y", "a b", "xy xy", "ab ab"])
    }

    @Test func badSettingsAreRefused() throws {
        let trainer = BPETrainer(options: BPETrainingOptions(vocabSize: 100))
        let two = [wordCounts([("ab", 1)]), wordCounts([("cd", 1)])]
        #expect(throws: VocabError.self) { try trainer.train(languages: two, parity: ParityOptions(balance: .ratios([1]))) }
        #expect(throws: VocabError.self) { try trainer.train(languages: two, parity: ParityOptions(balance: .ratios([1, 0]))) }
        #expect(throws: VocabError.self) { try trainer.train(languages: two, parity: ParityOptions(balance: .dev([two[0]]))) }
        #expect(throws: VocabError.self) {
            try trainer.train(languages: [two[0], WordCounts()], parity: ParityOptions(balance: .ratios([1, 1])))
        }
    }

    @Test func languageFilesAreNamedOrderedAndMatched() throws {
        #expect(LanguageFiles.language(of: "dir/eng_Latn.dev") == "eng_Latn")
        #expect(LanguageFiles.language(of: "zh_Hans") == "zh_Hans")
        #expect(LanguageFiles.language(of: "index.tsv") == nil)
        #expect(LanguageFiles.language(of: "eng_latn.txt") == nil)
        let training = try LanguageFiles.resolve(["\(Self.goldens)/train"], what: "training")
        #expect(training.map(\.language) == Self.languages)
        let dev = try LanguageFiles.resolve(["\(Self.goldens)/dev/hin_Deva.txt", "\(Self.goldens)/dev/eng_Latn.txt"], what: "dev")
        #expect(dev.map(\.language) == ["eng_Latn", "hin_Deva"])
        #expect(throws: VocabError.self) { try LanguageFiles.match(dev: dev, to: training) }
        #expect(try LanguageFiles.match(dev: dev, to: training.filter { $0.language.hasSuffix("Deva") || $0.language.hasPrefix("eng") }).count == 2)
    }
}
