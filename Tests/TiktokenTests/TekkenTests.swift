import Testing
import TestSupport
@testable import VocabCore

/// The tekken.json reader, on small files the tests build (`TekkenFixture`).
@Suite struct TekkenTests {
    static func load(_ bytes: [UInt8]) throws -> any TokenizerBackend {
        try TokenizerLoader.load(bytes: bytes, source: .init(file: "t/tekken.json", format: .tekken))
    }

    /// The same ranks as a tiktoken rank file, ids without the special-token offset.
    static func rankFile(_ ranks: [String]) throws -> TiktokenTokenizer {
        let tokens: [[UInt8]] = (0..<256).map { [UInt8($0)] } + ranks.map { Array($0.utf8) }
        var text = ""
        for (rank, token) in tokens.enumerated() {
            var b64: [UInt8] = []
            token.withUnsafeBytes { Base64.encode($0, into: &b64) }
            text += String(decoding: b64, as: UTF8.self) + " \(rank)\n"
        }
        return try TiktokenTokenizer.load(rankFile: Array(text.utf8), pattern: "tekken")
    }

    @Test func detectedByContent() throws {
        #expect(try TokenizerLoader.detect(TekkenFixture.json(), file: "x.json") == .tekken)
    }

    @Test func specialTokensComeFirstAndRanksAreShifted() throws {
        let tekken = try Self.load(TekkenFixture.json())
        #expect(tekken.format == .tekken)
        #expect(tekken.table.count == 5 + 256 + 7)
        #expect((0..<5).map { tekken.table.pieceText($0) } == ["<unk>", "<s>", "</s>", "<SPECIAL_3>", "<SPECIAL_4>"])
        #expect((0..<5).allSatisfy { tekken.table.kinds[$0] == .control })
        let ranks = try Self.rankFile(["th", "the", " t", " the", "he", "in", " in"])
        for text in ["the thin thing", "Then 1234 don't\n\n  x", "ünïcode  日本", ""] {
            #expect(tekken.encode(text) == ranks.encode(text).map { $0 + 5 }, "\(text)")
            #expect(try tekken.decode(tekken.encode(text)) == Array(text.utf8))
        }
        #expect(tekken.encode(" the") == [5 + 256 + 3])
    }

    @Test func defaultVocabSizeCutsTheRanks() throws {
        // Only "th" and "the" are kept: " the" cannot be produced.
        let tekken = try Self.load(TekkenFixture.json(keptRanks: 2))
        #expect(tekken.table.count == 5 + 256 + 2)
        #expect(tekken.encode(" the") == [5 + 0x20, 5 + 256 + 1])
    }

    @Test func fileWithoutSpecialTokenListUsesMistralCommonsBuiltInList() throws {
        let tekken = try Self.load(TekkenFixture.json(special: nil, specialCount: 25, version: "v3"))
        #expect(tekken.table.pieceText(3) == "[INST]")
        #expect(tekken.table.pieceText(19) == "[TOOL_CONTENT]")
        #expect(tekken.table.pieceText(20) == "<SPECIAL_20>")
        let error = #expect(throws: VocabError.self) { try Self.load(TekkenFixture.json(special: nil, version: "v13")) }
        #expect(error?.message.contains("must list its \"special_tokens\"") == true)
    }

    @Test func convertsToATokenizerJSONWithTheSameIDs() throws {
        let tekken = try Self.load(TekkenFixture.json())
        let hf = try TokenizerConversion.toHuggingFace(tekken)
        let reloaded = try HFTokenizer(bytes: hf.serialized())
        for text in ["the thin thing", "Then 1234 don't\n\n  x", "ünïcode  日本"] {
            #expect(reloaded.encode(text) == tekken.encode(text))
        }
        #expect(throws: VocabError.self) { try tekken.serialized() }
    }

    @Test func repeatingRanksAreAnErrorAtTheirEntry() throws {
        let bytes = TekkenFixture.json(rankOf: { $0 == 258 ? 257 : $0 })
        let error = #expect(throws: VocabError.self) { try Self.load(bytes) }
        #expect(error?.message.contains("vocab entry 258 has rank 257") == true)
        #expect(error?.file == "t/tekken.json")
        // The offset is that of the entry's object.
        guard case .byte(let offset)? = error?.location else { Issue.record("no byte offset"); return }
        #expect(String(decoding: bytes[offset..<(offset + 13)], as: UTF8.self) == "{\"rank\": 257,")
    }

    @Test func otherBadFilesAreErrors() throws {
        // A token repeated under two ranks.
        #expect(throws: VocabError.self) { try Self.load(TekkenFixture.json(ranks: ["th", "th"])) }
        // More special tokens listed than there is room for.
        #expect(throws: VocabError.self) { try Self.load(TekkenFixture.json(specialCount: 2)) }
        // A pattern vocabtool has no scanner for.
        #expect(throws: VocabError.self) { try Self.load(TekkenFixture.json(pattern: #"\d+|\s+|[^\s\d]+"#)) }
    }
}
