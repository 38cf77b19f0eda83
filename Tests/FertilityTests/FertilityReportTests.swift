import Testing
import VocabCore
@testable import Fertility

@Suite struct FertilityReportTests {
    /// English gets known pieces; "xx_Zzzz" text is mostly unknown.
    private func report(grouping: FertilityGrouping = .language, pivot: String? = "eng_Latn") throws -> FertilityReport {
        let folder = temporaryFolder()
        try write("unbelievable things.\nok ok\n", to: folder + "/eng_Latn.dev")
        try write("unbelievable unbelievable things.\nok ok ok\n", to: folder + "/fra_Latn.dev")
        try write("Привет мир.\nок\n", to: folder + "/rus_Cyrl.dev")
        let a = GreedyTokenizer(["un", "believ", "able", " things", " ", "ok", " ok", "."])
        let b = GreedyTokenizer(["unbelievable", " things", " ", "ok", " ok", ".", "Привет", " мир", "ок"])
        let m = try FertilityRun.measure(
            corpus: Corpus.discover([folder]),
            tokenizers: [MeasuredTokenizer(name: "a", tokenizer: a), MeasuredTokenizer(name: "b", tokenizer: b)])
        return FertilityReport(m, grouping: grouping, pivot: pivot)
    }

    @Test func rowsAreSortedWorstFirstWithParity() throws {
        let r = try report()
        #expect(r.pivot == "eng_Latn")
        #expect(r.keys.first == "rus_Cyrl")
        let english = try #require(r.rows[0].first { $0.lang == "eng_Latn" })
        #expect(english.parity == 1)
        let russianA = try #require(r.rows[0].first { $0.lang == "rus_Cyrl" })
        #expect(russianA.invalid)
        let russianB = try #require(r.rows[1].first { $0.lang == "rus_Cyrl" })
        #expect(!russianB.invalid)
        #expect(russianB.unkChars == 0)
    }

    @Test func scriptRowsSumTheirLanguages() throws {
        let byLanguage = try report()
        let byScript = try report(grouping: .script)
        #expect(Set(byScript.keys) == ["Latn", "Cyrl"])
        let latin = try #require(byScript.rows[0].first { $0.lang == "Latn" })
        #expect(latin.languages == 2)
        let tokens = byLanguage.rows[0].filter { $0.script == "Latn" }.map(\.counts.tokens).reduce(0, +)
        #expect(latin.counts.tokens == tokens)
        let english = try #require(byLanguage.rows[0].first { $0.lang == "eng_Latn" })
        #expect(latin.pivotTokens == 2 * english.counts.tokens)
    }

    @Test func jsonSchema() throws {
        let r = try report()
        let json = try JSONParser.parse(Array(r.render(.json).utf8))
        let top = try #require(json.object)
        #expect(top.keys == ["segmentation", "romanized", "grouping", "pivot", "tokenizers", "rows", "warnings"])
        #expect(top["romanized"]?.bool == false)
        #expect(top["segmentation"]?.string == "icu")
        #expect(top["pivot"]?.string == "eng_Latn")
        let tokenizers = try #require(top["tokenizers"]?.array)
        #expect(tokenizers.count == 2)
        for t in tokenizers {
            let o = try #require(t.object)
            for key in ["name", "model", "format"] { #expect(o[key]?.string != nil, "\(key)") }
            for key in ["vocab_size", "used_ids", "tokens", "words"] { #expect(o[key]?.integer != nil, "\(key)") }
            for key in ["utilization", "renyi_efficiency", "gini"] { #expect(o[key]?.double != nil, "\(key)") }
        }
        let rows = try #require(top["rows"]?.array)
        #expect(rows.count == 6)
        for row in rows {
            let o = try #require(row.object)
            #expect(o.keys == FertilityReport.columns)
            for key in ["tokenizer", "lang", "script", "sample"] { #expect(o[key]?.string != nil, "\(key)") }
            for key in ["languages", "lines", "chars", "bytes", "words", "tokens", "unk", "unk_chars", "unk_words",
                "continued_words", "byte_tokens", "pivot_tokens"]
            {
                #expect(o[key]?.integer != nil, "\(key)")
            }
            for key in ["fertility", "continued", "tokens_per_char", "bytes_per_token", "unk_rate", "unk_word_share",
                "unk_char_share", "byte_fallback_rate", "parity"]
            {
                #expect(o[key]?.double != nil, "\(key)")
            }
            #expect(o["invalid"]?.bool != nil)
        }
        let first = try #require(rows.first?.object)
        #expect(first["tokenizer"]?.string == "a")
        #expect(first["lang"]?.string == "rus_Cyrl")
        #expect(first["sample"]?.string == "Привет")
        // Without the pivot in the corpus, parity is null.
        let noPivot = try JSONParser.parse(Array(try report(pivot: "deu_Latn").render(.json).utf8))
        #expect(noPivot.object?["pivot"]?.isNull == true)
        #expect(noPivot.object?["rows"]?.array?.first?.object?["parity"]?.isNull == true)
    }

    @Test func csvHasOneRecordPerRow() throws {
        let lines = try report().render(.csv).split(separator: "\n")
        #expect(lines.count == 7)
        #expect(lines[0] == Substring(FertilityReport.columns.joined(separator: ",")))
        #expect(lines.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == FertilityReport.columns.count })
    }

    @Test func tablesNameTheSegmentationAndFlagInvalidParity() throws {
        let table = try report().render(.table)
        #expect(table.contains("ICU word segmentation"))
        // Tokenizer names head their fertility and parity columns.
        let lines = table.split(separator: "\n")
        #expect(lines.contains { $0.hasSuffix("  a  b") || ($0.contains(" a ") && $0.hasSuffix(" b")) })
        #expect(lines.contains { $0.hasPrefix("lang") && $0.contains("fert") && $0.contains("parity") })
        #expect(table.contains(" !"))
        #expect(table.contains("1.00 pivot"))
        let markdown = try report().render(.markdown)
        #expect(markdown.contains("| lang"))
        #expect(markdown.contains("a fert"))
        #expect(markdown.contains("|:-"))
    }

    @Test func chartIsWellFormed() throws {
        let chart = ParityChart(try report())
        let svg = chart.svg()
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.hasSuffix("</svg>\n"))
        #expect(svg.contains("Русский"))
        #expect(svg.contains("eng_Latn = 1×"))
        #expect(svg.contains("url(#invalid)"))
        // One bar per (tokenizer, language).
        #expect(svg.split(separator: "<title>", omittingEmptySubsequences: false).count - 1 == 6)
        let html = chart.html()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains(svg))
    }
}
