import Testing
import TestSupport
import VocabCore
@testable import Fertility

/// Acceptance 2: with ICU words, XLM-R's fertility for languages written without spaces between
/// words stays within 0.5x-3x of its English fertility; with whitespace words it does not.
/// Uses the first 200 FLORES dev lines of each language (a deterministic subset, to stay fast in
/// debug builds). Needs ../shared.
@Suite struct ICUSanityTests {
    static let languages = ["jpn_Jpan", "zho_Hans", "tha_Thai", "lao_Laoo", "khm_Khmr", "mya_Mymr"]

    @Test(.enabled(if: SharedData.path != nil, "needs ../shared")) func icuFertilityOfXLMRIsComparableToEnglish() throws {
        let flores = try #require(SharedData.file("corpora/flores200-dev"))
        let path = try #require(SharedData.file("tokenizers/xlmr-unigram/tokenizer.json"))
        let tokenizer = try TokenizerLoader.load(path: path).tokenizer
        let folder = temporaryFolder()
        for lang in ["eng_Latn"] + Self.languages {
            let lines = try FileIO.read(flores + "/\(lang).dev").split(separator: 0x0A, omittingEmptySubsequences: false)
            try writeBytes(Array(lines.prefix(200).joined(separator: [0x0A])) + [0x0A], to: folder + "/\(lang).dev")
        }
        let xlmr = [MeasuredTokenizer(name: "xlmr", tokenizer: tokenizer)]
        func fertilities(_ words: WordSegmentation) throws -> [String: Double] {
            let m = try FertilityRun.measure(
                corpus: Corpus.discover([folder]), tokenizers: xlmr, options: FertilityOptions(words: words))
            let report = FertilityReport(m, grouping: .language, pivot: "eng_Latn")
            var result: [String: Double] = [:]
            for row in report.rows[0] { result[row.lang] = row.fertility }
            return result
        }
        let icu = try fertilities(.icu)
        let english = try #require(icu["eng_Latn"])
        for lang in Self.languages {
            let ratio = try #require(icu[lang]) / english
            #expect(ratio >= 0.5 && ratio <= 3, "\(lang): ICU fertility \(icu[lang] ?? 0) vs English \(english)")
        }
        let whitespace = try fertilities(.whitespace)
        let whitespaceEnglish = try #require(whitespace["eng_Latn"])
        for lang in ["jpn_Jpan", "zho_Hans", "tha_Thai"] {
            let ratio = try #require(whitespace[lang]) / whitespaceEnglish
            #expect(ratio > 3, "\(lang): whitespace fertility \(whitespace[lang] ?? 0) vs English \(whitespaceEnglish)")
        }
    }
}
