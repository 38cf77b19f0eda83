import Testing
import VocabCore

#if canImport(Glibc)
import Glibc
#endif

@Suite struct SplitPatternTests {
    @Test func namesResolve() {
        #expect(SplitPattern(name: "r50k") == .r50k)
        #expect(SplitPattern(name: "gpt2") == .r50k)
        #expect(SplitPattern(name: "cl100k_base") == .cl100k)
        #expect(SplitPattern(name: "O200K") == .o200k)
        #expect(SplitPattern(name: "llama3") == .llama3)
        #expect(SplitPattern(name: "qwen2") == .qwen2)
        #expect(SplitPattern(name: "bert") == nil)
    }

    // Expected pieces below are what Python `regex` cuts with the reference patterns.
    @Test func r50kMatchesByteLevelRegex() {
        #expect(
            SplitPattern.r50k.pieces(of: "it's IT'S x1 12  ok\t\n  end  ")
                == ["it", "'s", " IT", "'", "S", " x", "1", " 12", " ", " ok", "\t\n ", " end", "  "])
        #expect(SplitPattern.r50k.pieces(of: "'sup 'S") == ["'s", "up", " '", "S"])
        #expect(SplitPattern.r50k.pieces(of: "a\n  ") == ["a", "\n  "])
        #expect(SplitPattern.r50k.pieces(of: "") == [])
    }

    @Test func cl100kGroupsDigitsAndNewlines() {
        #expect(SplitPattern.cl100k.pieces(of: "1234567") == ["123", "456", "7"])
        #expect(SplitPattern.cl100k.pieces(of: "a\r\n\nb  c ") == ["a", "\r\n\n", "b", " ", " c", " "])
        #expect(SplitPattern.cl100k.pieces(of: "don'T 'ſ") == ["don", "'T", " '", "ſ"])
        #expect(SplitPattern.cl100k.pieces(of: "'ſt") == ["'ſ", "t"])
        #expect(SplitPattern.cl100k.pieces(of: "a\n  ") == ["a", "\n  "])
        #expect(SplitPattern.cl100k.pieces(of: "\thello (x)\n") == ["\thello", " (", "x", ")\n"])
    }

    @Test func llama3AndQwen2DifferFromCl100kOnlyWhereTheRegexesDo() {
        #expect(SplitPattern.llama3.pieces(of: "a\n  ") == ["a", "\n", "  "])
        #expect(SplitPattern.llama3.pieces(of: "x12345") == ["x", "123", "45"])
        #expect(SplitPattern.qwen2.pieces(of: "x12345") == ["x", "1", "2", "3", "4", "5"])
    }

    @Test func o200kCaseClasses() {
        #expect(SplitPattern.o200k.pieces(of: "HelloWorld ABCdef") == ["Hello", "World", " ABCdef"])
        #expect(SplitPattern.o200k.pieces(of: "HELLO'S world's") == ["HELLO'S", " world's"])
        #expect(SplitPattern.o200k.pieces(of: "\u{301}AB") == ["\u{301}", "AB"])
        #expect(SplitPattern.o200k.pieces(of: "+\n/x") == ["+\n/", "x"])
        #expect(SplitPattern.o200k.pieces(of: "1234") == ["123", "4"])
    }

    @Test func piecesCoverTheText() {
        let text = "Ünïcödé \u{3000}\u{3000}x 🧪🧪 ١٢٣٤ ǅungla\r\n\t "
        for pattern in SplitPattern.allCases {
            #expect(pattern.pieces(of: text).joined() == text)
        }
    }

    /// Compares every scanner with Python `regex` on the cases `Scripts/check-scanners` writes
    /// (all FLORES dev lines plus edge strings) into the folder named by `VOCABTOOL_SCANNER_CASES`;
    /// reported as skipped when that variable is unset.
    @Test(.enabled(if: getenv("VOCABTOOL_SCANNER_CASES") != nil, "runs under Scripts/check-scanners"))
    func matchesPythonRegexOnPreparedCases() throws {
        let folder = try #require(getenv("VOCABTOOL_SCANNER_CASES").map({ String(cString: $0) }))
        let cases = try FileIO.read(folder + "/cases.bin")
        var texts: [Range<Int>] = []
        var start = 0
        for (i, byte) in cases.enumerated() where byte == 0 {
            texts.append(start..<i)
            start = i + 1
        }
        for pattern in SplitPattern.allCases {
            let expected = try FileIO.read(folder + "/\(pattern.rawValue).txt")
            var differences = 0
            var shown = 0
            var line = 0
            var lineStart = 0
            cases.withUnsafeBufferPointer { all in
                for (i, byte) in expected.enumerated() where byte == 0x0A {
                    guard line < texts.count else { break }
                    let want = String(decoding: expected[lineStart..<i], as: UTF8.self)
                    let text = UnsafeBufferPointer(rebasing: all[texts[line]])
                    let got = pattern.pieces(in: text).map { String($0.upperBound) }.joined(separator: " ")
                    if got != want {
                        differences += 1
                        if shown < 5 {
                            shown += 1
                            print("\(pattern) text \(line): \(String(decoding: text, as: UTF8.self).debugDescription)\n  want \(want)\n  got  \(got)")
                        }
                    }
                    line += 1
                    lineStart = i + 1
                }
            }
            print("SplitPatternTests: \(pattern.rawValue): \(line) texts, \(differences) differ")
            #expect(line == texts.count)
            #expect(differences == 0, "\(pattern.rawValue)")
        }
    }
}
