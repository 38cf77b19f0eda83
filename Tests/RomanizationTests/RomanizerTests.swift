import Romanization
import Testing

@Suite struct RomanizerTests {
    private func romanize(_ text: String, _ language: String? = nil) -> String {
        var romanizer = Romanizer(language: language)
        return romanizer.romanize(text)
    }

    @Test func tablesAreWellFormed() {
        #expect(Romanizer.tableProblems.isEmpty, "\(Romanizer.tableProblems)")
    }

    @Test func latinPassesThrough() {
        #expect(romanize("Hello, world! 123 (a-b) \"q\"") == "Hello, world! 123 (a-b) \"q\"")
        #expect(romanize("Grüße", "deu") == "Gruesse")
        #expect(romanize("café naïve") == "cafe naive")
        #expect(romanize("Şişli çay", "tur") == "Shishli chay")
        #expect(romanize("Åse bør", "nob") == "Aase boer")
        #expect(romanize("9\u{00A0}h") == "9 h")
    }

    @Test func invalidUTF8NeverTraps() {
        var romanizer = Romanizer(language: nil)
        var out: [UInt8] = []
        let bytes: [UInt8] = [0xFF, 0x41, 0xE2, 0x82, 0xD0, 0x94, 0xF0, 0x9F]
        bytes.withUnsafeBufferPointer { romanizer.romanize($0, into: &out) }
        #expect(String(decoding: out, as: UTF8.self) == "\u{FFFD}A\u{FFFD}\u{FFFD}D\u{FFFD}\u{FFFD}")
    }

    @Test func longLine() {
        let line = String(repeating: "Привет мир ", count: 500_000)  // ~10 MB of UTF-8
        let out = romanize(line, "rus")
        #expect(out.utf8.count == 500_000 * "Privet mir ".utf8.count)
        #expect(out.hasPrefix("Privet mir Privet"))
    }

    @Test func nativeDigits() {
        #expect(romanize("١٢٣ ۴۵ ०१२ ৩৪ ๕๖") == "123 45 012 34 56")
    }

    @Test func hangul() {
        #expect(romanize("한국어", "kor") == "hangugeo")
        #expect(romanize("있는") == "issneun")
    }

    @Test func kana() {
        #expect(romanize("カタカナ", "jpn") == "katakana")
        #expect(romanize("チップ", "jpn") == "chippu")
        #expect(romanize("ツール", "jpn") == "tsuuru")
        #expect(romanize("ひらがな") == "hiragana")
    }

    @Test func hanAndChineseNumerals() {
        #expect(romanize("中国", "zho") == "zhongguo")
        #expect(romanize("一种", "zho") == "1zhong")
        #expect(romanize("二十五", "zho") == "25")
        #expect(romanize("三分之一", "zho") == "1/3")
        #expect(romanize("1000万家", "zho") == "10000000jia")
        #expect(romanize("周一，他们", "zho") == "zhou1, tamen")
    }

    @Test func abugidaInherentVowel() {
        #expect(romanize("नमस्ते", "hin") == "namaste")
        #expect(romanize("कमल", "hin") == "kamal")
        #expect(romanize("कमल", "san") == "kamala")
    }

    @Test func languageCodesNeverFail() {
        #expect(romanize("Москва", "xyz") == "Moskva")
        #expect(romanize("Москва", "rus_Cyrl") == "Moskva")
        #expect(romanize("صباح", "arb") == romanize("صباح", "ara"))
    }
}

@Suite struct RomanizerScriptTests {
    private func romanize(_ text: String, _ language: String? = nil) -> String {
        var romanizer = Romanizer(language: language)
        return romanizer.romanize(text)
    }

    @Test func scriptsWithoutUromanAgreement() {
        // Ol Chiki and N'Ko are alphabets: letters by their sounds, not their names.
        #expect(romanize("ᱚᱛᱮ ᱢᱟᱦᱟᱸ", "sat") == "ote mahan")
        #expect(romanize("ߟߎ߬ ߓߘߊ߫", "nqo") == "lu bda")
        #expect(romanize("ދިވެހި", "div") == "divehi")
    }

    @Test func everyLetterBecomesASCII() {
        // A letter of each of several scripts; no non-ASCII letter may remain.
        let samples = ["ᑕᑯ", "ꪉꪙ", "ᨠᩈ", "ӕҥӡ", "ⴰⵎⴰⵣⵉⵖ", "ሰላም", "ᏣᎳᎩ"]
        for sample in samples {
            let out = romanize(sample)
            #expect(out.unicodeScalars.allSatisfy { $0.isASCII }, "\(sample) -> \(out)")
        }
    }
}
