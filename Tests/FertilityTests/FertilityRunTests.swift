import Testing
import VocabCore
@testable import Fertility

@Suite struct FertilityRunTests {
    let tokenizer = GreedyTokenizer(["un", "believ", "able", " things", " ", "ok", " ok", ".", "a", "b"], bytePieces: [0xC3, 0xA9])

    private func measure(
        _ files: [String: String], words: WordSegmentation = .icu, threads: Int = 2
    ) throws -> FertilityMeasurement {
        let folder = temporaryFolder()
        for (name, text) in files { try write(text, to: folder + "/" + name) }
        return try FertilityRun.measure(
            corpus: Corpus.discover([folder]), tokenizers: [MeasuredTokenizer(name: "greedy", tokenizer: tokenizer)],
            options: FertilityOptions(words: words, threads: threads))
    }

    @Test func countsAndContinuedWords() throws {
        let m = try measure(["eng_Latn.dev": "unbelievable things.\nok\n"])
        let c = m.counts[0][0]
        #expect(c.lines == 2)
        #expect(c.chars == 22)
        #expect(c.bytes == 22)
        #expect(c.words == 3)
        // un believ able ␠things . | ok
        #expect(c.tokens == 6)
        #expect(c.continuedWords == 1)
        #expect(c.unkTokens == 0)
        #expect(m.languages == [MeasuredLanguage(lang: "eng_Latn", script: "Latn", sampleWord: "unbelievable")])
    }

    @Test func unknownTokensAreGivenToTheirWords() throws {
        // "xyz" is three unknown characters; "ok" is known.
        let c = try measure(["x.txt": "ok xyz ok\n"]).counts[0][0]
        // ok ␠ x y z ␠ok: the lone space token belongs to the word it precedes.
        #expect(c.tokens == 6)
        #expect(c.unkTokens == 3)
        #expect(c.unkWords == 1)
        #expect(c.unkChars == 3)
        #expect(c.continuedWords == 1)
        #expect(c.words == 3)
    }

    @Test func byteFallbackPiecesSplitACharacter() throws {
        // "é" (C3 A9) is covered by two byte pieces: the word "abé" has 4 tokens.
        let c = try measure(["x.txt": "abé ok\n"]).counts[0][0]
        #expect(c.tokens == 5)
        #expect(c.byteTokens == 2)
        #expect(c.words == 2)
        #expect(c.continuedWords == 1)
    }

    @Test func threadCountDoesNotChangeResults() throws {
        var files: [String: String] = [:]
        for (i, code) in ["aa", "ab", "ac", "ad", "ae", "af", "ag", "ah", "ai"].enumerated() {
            files["\(code)_Latn.dev"] = String(repeating: "unbelievable ok things. ", count: i + 1) + "\n"
        }
        let one = try measure(files, threads: 1)
        let two = try measure(files, threads: 2)
        #expect(one.counts[0] == two.counts[0])
        #expect(one.tokenizers[0].usedIDs == two.tokenizers[0].usedIDs)
    }

    @Test func romanizedTextIsMeasured() throws {
        let folder = temporaryFolder()
        try write("Привет мир\n", to: folder + "/rus_Cyrl.dev")
        let m = try FertilityRun.measure(
            corpus: Corpus.discover([folder]), tokenizers: [MeasuredTokenizer(name: "g", tokenizer: tokenizer)],
            options: FertilityOptions(romanize: true))
        #expect(m.romanized)
        let c = m.counts[0][0]
        // All ASCII after romanization, still two words, script still the language's.
        #expect(c.bytes == c.chars)
        #expect(c.words == 2)
        #expect(m.languages[0].script == "Cyrl")
        #expect(m.languages[0].sampleWord.lowercased().hasPrefix("priv"))
    }

    @Test func badInput() throws {
        let folder = temporaryFolder()
        // A folder with no text files.
        try write("a\tb\n", to: folder + "/index.tsv")
        #expect(throws: VocabError.self) { try Corpus.discover([folder]) }
        // A missing file.
        #expect(throws: VocabError.self) { try Corpus.discover([folder + "/missing.txt"]) }
        // An empty file: a warning, and an error when nothing else is left.
        try write("", to: folder + "/empty.txt")
        let greedy = [MeasuredTokenizer(name: "greedy", tokenizer: tokenizer)]
        #expect(throws: VocabError.self) {
            try FertilityRun.measure(corpus: Corpus.discover([folder + "/empty.txt"]), tokenizers: greedy)
        }
        try write("ok\n", to: folder + "/fine.txt")
        let m = try FertilityRun.measure(corpus: Corpus.discover([folder]), tokenizers: greedy)
        #expect(m.languages.map(\.lang) == ["fine"])
        #expect(m.warnings.first?.description == folder + "/empty.txt: the file is empty")
        // Invalid UTF-8: fail names file and line; skip warns and leaves the line out.
        try writeBytes(Array("ok\nok \u{E9}\n".utf8) + [0x6F, 0xFF, 0x0A, 0x6F, 0x6B, 0x0A], to: folder + "/bad.txt")
        let bad = try Corpus.discover([folder + "/bad.txt"])
        do {
            _ = try FertilityRun.measure(corpus: bad, tokenizers: greedy)
            Issue.record("invalid UTF-8 was accepted")
        } catch let error as VocabError {
            #expect(error.file == folder + "/bad.txt")
            #expect(error.location == .lineColumn(3, 2))
        }
        let skipped = try FertilityRun.measure(corpus: bad, tokenizers: greedy, options: FertilityOptions(onInvalid: .skip))
        #expect(skipped.counts[0][0].lines == 3)
        #expect(skipped.warnings.first?.location == .lineColumn(3, 2))
        let replaced = try FertilityRun.measure(corpus: bad, tokenizers: greedy, options: FertilityOptions(onInvalid: .replace))
        #expect(replaced.counts[0][0].lines == 4)
    }

    @Test func corpusDiscovery() throws {
        let folder = temporaryFolder()
        try write("a\n", to: folder + "/eng_Latn.dev")
        try write("b\n", to: folder + "/eng_Latn.devtest")
        try write("Привет мир\n", to: folder + "/russian.txt")
        try write("x\n", to: folder + "/index.tsv")
        let languages = try Corpus.discover([folder])
        #expect(languages.map(\.lang) == ["eng_Latn", "russian"])
        #expect(languages[0].script == "Latn")
        #expect(languages[0].files.count == 2)
        #expect(languages[1].script == nil)
        let m = try FertilityRun.measure(
            corpus: languages, tokenizers: [MeasuredTokenizer(name: "g", tokenizer: tokenizer)])
        #expect(m.languages[1].script == "Cyrl")
        #expect(m.counts[0][0].lines == 2)
        #expect(try Corpus.discover([folder + "/russian.txt"], lang: "rus_Cyrl")[0].script == "Cyrl")
        #expect(throws: VocabError.self) { try Corpus.discover([folder], lang: "x") }
        #expect(Corpus.floresName("zho_Hant.dev")! == ("zho_Hant", "Hant"))
        #expect(Corpus.floresName("readme.txt") == nil)
    }
}

@Suite struct FertilityMetricTests {
    @Test func gini() {
        #expect(FairnessMetrics.gini([1, 1, 1]) == 0)
        #expect(abs(FairnessMetrics.gini([0, 0, 3]) - 2.0 / 3.0) < 1e-12)
        // Brute-force double sum on uneven values.
        let values = [0.3, 1.7, 0.9, 2.4, 0.1]
        let mean = values.reduce(0, +) / 5
        var sum = 0.0
        for a in values { for b in values { sum += abs(a - b) } }
        #expect(abs(FairnessMetrics.gini(values) - sum / (2 * 25 * mean)) < 1e-12)
    }

    @Test func renyi() {
        // A uniform distribution over 8 ids has entropy 3 bits at every order.
        #expect(abs(FairnessMetrics.renyiEntropy([5, 5, 5, 5, 5, 5, 5, 5, 0], alpha: 2.5) - 3) < 1e-12)
        #expect(abs(FairnessMetrics.renyiEfficiency(entropy: 3, vocabularySize: 64) - 0.5) < 1e-12)
        #expect(FairnessMetrics.renyiEntropy([], alpha: 2.5) == 0)
    }

    @Test func median() {
        #expect(FairnessMetrics.median([3, 1, 2]) == 2)
        #expect(FairnessMetrics.median([4, 1, 2, 3]) == 2.5)
        #expect(FairnessMetrics.median([]) == nil)
    }

    @Test func numberText() {
        #expect(NumberText.fixed(1.005, 2) == "1.01" || NumberText.fixed(1.005, 2) == "1.00")
        #expect(NumberText.fixed(12.3456, 2) == "12.35")
        #expect(NumberText.fixed(0.04, 1) == "0.0")
        #expect(NumberText.fixed(-2.5, 0) == "-3" || NumberText.fixed(-2.5, 0) == "-2")
        #expect(NumberText.percent(0.1234) == "12.3%")
        #expect(NumberText.fixed(nil, 2) == "-")
    }
}

@Suite struct TokenizerArgumentTests {
    @Test func pathWithPattern() {
        #expect(TokenizerArgument(parsing: "a.tiktoken@cl100k") == TokenizerArgument(path: "a.tiktoken", pattern: "cl100k"))
        #expect(TokenizerArgument(parsing: "b/tokenizer.json") == TokenizerArgument(path: "b/tokenizer.json"))
        #expect(TokenizerArgument(parsing: "/x@y/ranks.tiktoken") == TokenizerArgument(path: "/x@y/ranks.tiktoken"))
        #expect(TokenizerArgument(parsing: "me@host.tiktoken@o200k") == TokenizerArgument(path: "me@host.tiktoken", pattern: "o200k"))
    }

    @Test func names() {
        #expect(
            TokenizerArgument.names(for: ["/t/gpt2/tokenizer.json", "/t/tiktoken/cl100k.tiktoken", "x/tokenizer.json", "/u/gpt2/vocab.json"])
                == ["gpt2", "cl100k", "x", "gpt2-2"])
    }
}
