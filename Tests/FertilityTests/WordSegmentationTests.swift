import Testing
import VocabCore
@testable import Fertility

@Suite struct WordSegmentationTests {
    /// Every character Python's str.isspace() accepts (CPython 3, Unicode 15), and nothing else.
    @Test func pythonWhitespaceSet() {
        let python: Set<UInt32> = [
            0x9, 0xA, 0xB, 0xC, 0xD, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002,
            0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000,
        ]
        for cp in UInt32(0)...0x10FFFF where !(0xD800...0xDFFF).contains(cp) {
            #expect(PythonWhitespace.isSpace(cp) == python.contains(cp), "U+\(String(cp, radix: 16))")
        }
        for cp in python where cp >= 0x80 {
            var bytes: [UInt8] = []
            UTF8Scan.append(cp, to: &bytes)
            bytes.withUnsafeBufferPointer { #expect(PythonWhitespace.spaceLength(in: $0, at: 0) == bytes.count) }
        }
        // Truncated sequences are not whitespace and never read past the end.
        [UInt8]([0xE3, 0x80]).withUnsafeBufferPointer { #expect(PythonWhitespace.spaceLength(in: $0, at: 0) == 0) }
    }

    private func words(_ line: String, _ mode: WordSegmentation) throws -> [String] {
        let folder = temporaryFolder()
        try write(line + "\n", to: folder + "/x.txt")
        let text = try LanguageText(
            CorpusLanguage(lang: "x", script: nil, files: [folder + "/x.txt"]), words: mode, policy: .fail,
            breaker: ICUWordBreaker(), warn: { _ in })
        return (0..<text.wordCount).map {
            String(decoding: text.stripped[Int(text.wordStarts[$0])..<Int(text.wordEnds[$0])], as: UTF8.self)
        }
    }

    @Test func whitespaceWordsSplitOnEveryPythonSpace() throws {
        #expect(try words("a\u{A0}b  c\u{3000}d\u{202F}e\u{2009}f\u{1C}g", .whitespace) == ["a", "b", "c", "d", "e", "f", "g"])
        #expect(try words("  Hello, world!  ", .whitespace) == ["Hello,", "world!"])
    }

    @Test func icuWordsLeaveOutPunctuation() throws {
        #expect(try words("Hello, world! It costs 12.5 euros.", .icu) == ["Hello", "world", "It", "costs", "12.5", "euros"])
        #expect(try words("— « » ... !!", .icu) == [])
    }

    @Test func icuWordsSegmentScriptsWithoutSpaces() throws {
        let thai = try words("ฉันชอบกินข้าวผัด", .icu)
        #expect(thai.count >= 3)
        #expect(thai.joined() == "ฉันชอบกินข้าวผัด")
        let japanese = try words("私は毎朝コーヒーを飲みます。", .icu)
        #expect(japanese.count >= 4)
        #expect(!japanese.contains("。"))
    }
}
