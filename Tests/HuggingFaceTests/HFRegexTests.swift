import Testing
import TestSupport
@testable import VocabCore

/// The general ICU regex path (HF `Split`) against the hand-written r50k scanner that HF
/// `ByteLevel` uses: the same pieces on edge strings and on the golden texts.
@Suite struct HFRegexTests {
    static let byteLevelRegex = #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#

    func icuPieces(_ regex: ICURegex, _ text: String) -> [Range<Int>] {
        Array(text.utf8).withUnsafeBufferPointer { regex.matches(in: $0) }
    }

    func scannerPieces(_ text: String) -> [Range<Int>] {
        Array(text.utf8).withUnsafeBufferPointer { SplitPattern.r50k.pieces(in: $0) }
    }

    @Test func icuSplitAgreesWithTheByteLevelScanner() throws {
        let regex = try ICURegex(Self.byteLevelRegex)
        var texts = ["it's IT'S x1 12  ok\t\n  end  ", "a\n\n\nb", "a \n b", "x  \n\n  y", "1234 12345", "", " ", "é\u{a0}ß 🧪!!"]
        if SharedData.path != nil { texts += try HFGoldenTests.texts() }
        for text in texts {
            #expect(icuPieces(regex, text) == scannerPieces(text), "\(text.prefix(40))")
        }
    }

    @Test func invalidPatternsAreErrors() {
        #expect(throws: VocabError.self) { try ICURegex("(unclosed") }
        #expect(throws: VocabError.self) {
            try HFTokenizer(bytes: Array(#"{"pre_tokenizer": {"type": "Split", "pattern": {"Regex": "[a-"}, "behavior": "Isolated"}, "model": {"type": "WordPiece", "vocab": {"[UNK]": 0}}}"#.utf8))
        }
    }

    @Test func literalPatternsAreNotRegexes() throws {
        let p = HFPattern.string("a.b")
        let text = Array("a.b axb a.b".utf8)
        #expect(text.withUnsafeBufferPointer { p.matches(in: $0) } == [0..<3, 8..<11])
    }

    @Test func repeatedCharacterPatternsMatchAsICUDoes() throws {
        // The byte scan (" {2,}", "a+", "-{3,}") against ICU on equivalent patterns it leaves to ICU.
        let pairs = [(" {2,}", "[ ]{2,}"), ("a+", "[a]+"), ("-{3,}", "[-]{3,}"), (" {1,}", "[ ]{1,}")]
        let texts = ["", " ", "  ", "a  b   c    d", "   x", "x   ", "aaa-a--a---a----", "é  é\u{a0}\u{a0} ", "a\t\t  a"]
        for (fast, general) in pairs {
            let f = try ICURegex(fast)
            let g = try ICURegex(general)
            #expect(f.run != nil)
            #expect(g.run == nil)
            for text in texts {
                #expect(icuPieces(f, text) == icuPieces(g, text), "\(fast) \(text)")
            }
        }
        for notARun in ["a{2}", "a{2,3}", "a{0,}", ".+", "\\s+", "ab+", "a+?", "a{2,}+", "é+"] {
            #expect(try ICURegex(notARun).run == nil, "\(notARun)")
        }
    }
}
