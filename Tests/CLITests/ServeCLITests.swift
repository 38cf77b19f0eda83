import Foundation
import Testing
import TestSupport

/// `vocabtool serve`: one reply line per request line, escapes both ways, errors that do not end
/// the process, exit at the end of stdin.
@Suite struct ServeCLITests {
    @Test func answersEachRequestAndExitsAtEndOfInput() throws {
        let dir = try CLI.temporaryDirectory()
        let ranks = try FertilityCLITests.rankFile(in: dir)
        var input = Array("encode\tthe the\\nx\ndecode\t257 92 10\nencode\t".utf8) + [0xFF]
        input += Array("\ndecode\t999\nbogus\nencode\ta\\qb\nencode-special\tthe".utf8)  // the last line has no \n
        let result = try CLI.run(["serve", "--tokenizer", ranks, "--pattern", "r50k"], input: input)
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n", omittingEmptySubsequences: false) == [
            "ready\t260",
            "ok\t257 259 10 120",
            "ok\tthe\\\\\\n",
            "error\trequest 3: byte 0: invalid UTF-8",
            "error\trequest 4: token id 999 is out of range (vocabulary size 260)",
            "error\trequest 5: expected COMMAND<TAB>ARGUMENT (encode, encode-special or decode)",
            "error\trequest 6: byte 1: a backslash must start \\\\\\\\, \\\\n, \\\\r or \\\\t",
            "ok\t257",
            "",
        ])
        #expect(result.stderr.isEmpty)
    }

    @Test func aTokenizerThatCannotBeLoadedIsAnError() throws {
        let dir = try CLI.temporaryDirectory()
        // No input: writing to a helper that has already exited would raise SIGPIPE here.
        let result = try CLI.run(["serve", "--tokenizer", dir + "/missing.json"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(dir + "/missing.json"))
    }
}
