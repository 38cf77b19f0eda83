import Testing

@Suite struct RomanizeCLITests {
    @Test func romanizesStandardInputLineByLine() throws {
        let result = try CLI.run(["romanize", "-l", "rus"], input: Array("Привет, мир\nHello\n".utf8))
        #expect(result.status == 0)
        #expect(result.stdout == "Privet, mir\nHello\n")
    }

    @Test func tsvFormatKeepsTheInput() throws {
        let result = try CLI.run(["romanize", "--format", "tsv", "-l", "ell"], input: Array("Ελλάδα\n".utf8))
        #expect(result.stdout == "Ελλάδα\tEllada\n")
    }

    @Test func unknownLanguageCodesAreAccepted() throws {
        let result = try CLI.run(["romanize", "-l", "qqq"], input: Array("한국\n".utf8))
        #expect(result.status == 0)
        #expect(result.stdout == "hangug\n")
    }

    @Test func invalidUTF8FollowsThePolicy() throws {
        let input: [UInt8] = Array("ok\n".utf8) + [0xFF, 0x0A] + Array("да\n".utf8)
        let failed = try CLI.run(["romanize"], input: input)
        #expect(failed.status != 0)
        #expect(failed.stderr.contains("<stdin>: line 2"))
        let skipped = try CLI.run(["romanize", "--on-invalid", "skip"], input: input)
        #expect(skipped.status == 0)
        #expect(skipped.stdout == "ok\nda\n")
        let replaced = try CLI.run(["romanize", "--on-invalid", "replace"], input: input)
        #expect(replaced.stdout == "ok\n\u{FFFD}\nda\n")
    }
}
