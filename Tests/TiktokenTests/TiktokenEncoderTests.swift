import Testing
@testable import VocabCore

/// The merge rules of `specs/ENCODERS.md` §6.3 on small rank tables the tests build.
@Suite struct TiktokenEncoderTests {
    /// A rank file: the 256 single bytes (ranks 0-255, byte order), then `extra` from rank 256.
    static func rankFile(_ extra: [String], gapBefore: Int? = nil) -> [UInt8] {
        var lines: [String] = []
        var pieces: [[UInt8]] = (0..<256).map { [UInt8($0)] }
        pieces += extra.map { Array($0.utf8) }
        for (rank, piece) in pieces.enumerated() {
            var b64: [UInt8] = []
            piece.withUnsafeBytes { Base64.encode($0, into: &b64) }
            let shifted = gapBefore.map { rank >= $0 ? rank + 1 : rank } ?? rank
            lines.append(String(decoding: b64, as: UTF8.self) + " \(shifted)")
        }
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    static func tokenizer(_ extra: [String]) throws -> TiktokenTokenizer {
        try TiktokenTokenizer.load(rankFile: rankFile(extra), pattern: "r50k")
    }

    func pieces(_ t: TiktokenTokenizer, _ text: String) throws -> [String] {
        try t.encode(text).map { String(decoding: try t.decode([$0]), as: UTF8.self) }
    }

    @Test func lowestRankFirstWholePieceShortcutAndTies() throws {
        // ranks bc < ab < abc: "abc" merges b+c first, then a+bc = abc.
        #expect(try pieces(Self.tokenizer(["bc", "ab", "abc"]), "abc") == ["abc"])
        // only abc multi-byte: "abc" is a rank as a whole piece; "xabc" cannot be built.
        let shortcut = try Self.tokenizer(["abc"])
        #expect(try pieces(shortcut, "abc") == ["abc"])
        #expect(try pieces(shortcut, "xabc") == ["x", "a", "b", "c"])
        // ties go to the leftmost pair
        let aa = try Self.tokenizer(["aa"])
        #expect(try pieces(aa, "aaa") == ["aa", "a"])
        #expect(try pieces(aa, "aaaa") == ["aa", "aa"])
    }

    @Test func longPiecesUseTheHeapWithTheSameOrder() throws {
        let t = try Self.tokenizer(["aa", "aaaa", "ab", "aab", "ba", "aabaab", "abababab", "aabaabaab", "aaaaaaaa"])
        for n in [1, 2, 3, 5, 31, 32, 33, 100, 151, 1000, 10_000] {
            for text in [String(repeating: "a", count: n), String(repeating: "ab", count: n), String(repeating: "aab", count: n)] {
                let bytes = Array(text.utf8)
                var viaHeap: [Int32] = []
                var viaScan: [Int32] = []
                bytes.withUnsafeBufferPointer { p in
                    t.byteRanks.withUnsafeBufferPointer { br in
                        guard let base = p.baseAddress, let brBase = br.baseAddress, p.count >= 2 else { return }
                        t.ranks.appendMergedHeap(base, p.count, byteRanks: brBase, into: &viaHeap)
                        withUnsafeTemporaryAllocation(of: RankMap.Part.self, capacity: p.count + 1) { parts in
                            t.ranks.appendMergedLinear(base, p.count, parts, byteRanks: brBase, into: &viaScan)
                        }
                    }
                }
                #expect(viaHeap == viaScan, "\(n) \(text.prefix(6))")
                #expect(try t.decode(t.encode(text)) == bytes)
            }
        }
        // 151 × "a" with rank(aa) only: aa … aa, a
        let aa = try Self.tokenizer(["aa"])
        #expect(aa.encode(String(repeating: "a", count: 151)) == Array(repeating: 256, count: 75) + [97])
    }

    @Test func gapsAndSpecialsSizeTheVocabulary() throws {
        let file = Self.rankFile(["ab"], gapBefore: 256)
        let specials: [(token: [UInt8], id: Int32)] = [(Array("<|end|>".utf8), 300)]
        let t = try TiktokenTokenizer.load(rankFile: file, specialTokens: specials, pattern: "cl100k")
        #expect(t.table.count == 301)
        #expect(t.table.kinds[256] == .unused)
        #expect(t.table.pieceLength(256) == 0)
        #expect(t.table.kinds[300] == .control)
        #expect(t.encode("ab") == [257])
        #expect(try t.decode([300]) == Array("<|end|>".utf8))
        #expect(throws: VocabError.self) { try t.decode([256]) }
        #expect(throws: VocabError.self) { try t.decode([301]) }
        #expect(try t.serialized() == file)
        #expect(t.serializedSpecialTokens() == Array("{\n\"<|end|>\": 300\n}".utf8))
    }

    /// The line a malformed rank file is reported at, or nil when it loads.
    func errorLine(_ text: String, pattern: String? = "r50k") -> Int? {
        do {
            _ = try TiktokenTokenizer.load(rankFile: Array(text.utf8), pattern: pattern)
            return nil
        } catch let error as VocabError {
            if case .line(let line) = error.location { return line }
            return -1
        } catch {
            return -2
        }
    }

    @Test func malformedRankFilesNameTheLine() {
        let good = String(decoding: Self.rankFile([]), as: UTF8.self)
        #expect(errorLine(good) == nil)
        #expect(errorLine(good + "YWJ* 256\n") == 257)  // bad base64 character
        #expect(errorLine(good + "YWJ 256\n") == 257)  // length not a multiple of 4
        #expect(errorLine(good + "YQ=a 256\n") == 257)  // misplaced padding
        #expect(errorLine(good + "YWI=\n") == 257)  // no rank
        #expect(errorLine(good + "YWI= \n") == 257)  // empty rank
        #expect(errorLine(good + "YWI= x1\n") == 257)  // not a number
        #expect(errorLine(good + "YWI= 99999999999\n") == 257)  // too large
        #expect(errorLine(good + "YWI= 5\n") == 257)  // duplicate rank
        #expect(errorLine(good + "YQ== 256\n") == 257)  // duplicate token
        #expect(errorLine(good + " 256\n") == 257)  // empty token
        // truncated in the middle of a line
        let truncated = String(good.prefix(good.utf8.count - 5))
        #expect(errorLine(truncated) != nil)
        #expect(errorLine("") == -1)
        // a missing single byte and an unknown file without a pattern are errors too
        #expect(errorLine(String(good.drop { $0 != "\n" }.dropFirst())) == -1)
        #expect(errorLine(good, pattern: nil) == -1)
        #expect(errorLine(good, pattern: "bert") == -1)
    }

    @Test func specialTokensFile() throws {
        #expect(TiktokenSpecialTokens.path(besideRankFile: "/a/b/o200k.tiktoken") == "/a/b/o200k.special.json")
        #expect(TiktokenSpecialTokens.path(besideRankFile: "/a.b/ranks") == "/a.b/ranks.special.json")
        let parsed = try TiktokenSpecialTokens.parse(Array(#"{"<|a|>": 5, "<|b|>": 7}"#.utf8))
        #expect(parsed.map(\.id) == [5, 7])
        for bad in [#"[1]"#, #"{"a": -1}"#, #"{"a": 1.5}"#, #"{"a": "1"}"#, #"{"a": 1, "a": 2}"#, #"{"a": 1, "b": 1}"#, #"{"a": 1"#] {
            #expect(throws: VocabError.self, "\(bad)") { try TiktokenSpecialTokens.parse(Array(bad.utf8)) }
        }
    }
}

@Suite struct KnownRankFileTests {
    /// A rank file of `count` ranks whose rank 410 and last rank are the given base64 tokens.
    static func file(count: Int, rank410: String, last: String) -> [UInt8] {
        var out: [UInt8] = []
        for rank in 0..<count {
            if rank == 410 {
                out += Array(rank410.utf8)
            } else if rank == count - 1 {
                out += Array(last.utf8)
            } else {
                let piece: [UInt8] = rank < 256 ? [UInt8(rank)] : Array("t\(rank)".utf8)
                piece.withUnsafeBytes { Base64.encode($0, into: &out) }
            }
            out += Array(" \(rank)\n".utf8)
        }
        return out
    }

    @Test func llama3AndQwen2FingerprintsSelectTheirPatterns() throws {
        let llama3 = try TiktokenRankFile(parsing: Self.file(count: 128_000, rank410: "MDA=", last: "6ZSm"))
        #expect(KnownRankFiles.recognise(llama3)?.pattern == .llama3)
        let qwen2 = try TiktokenRankFile(parsing: Self.file(count: 151_643, rank410: "aXRo", last: "4r2X"))
        #expect(KnownRankFiles.recognise(qwen2)?.pattern == .qwen2)
        let other = try TiktokenRankFile(parsing: Self.file(count: 128_000, rank410: "MDA=", last: "6ZSn"))
        #expect(KnownRankFiles.recognise(other) == nil)
    }
}
