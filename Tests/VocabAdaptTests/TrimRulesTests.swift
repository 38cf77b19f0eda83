import Testing
import VocabCore
@testable import VocabAdapt

/// A minimal SentencePiece-style tokenizer over a table (decode maps ▁ to a space), for rule tests.
struct PieceTokenizer: TokenizerBackend {
    var table: TokenTable
    var format: TokenizerFormat { .sentencePiece }
    var modelType: String
    var unknownID: Int32? { table.kinds.firstIndex(of: .unknown).map { Int32($0) } }
    var pipelineSummary: [(stage: String, value: String)] { [] }
    func encode(_ text: UnsafeBufferPointer<UInt8>, into ids: inout [Int32]) {}
    func decode(_ ids: [Int32]) throws -> [UInt8] {
        var bytes: [UInt8] = []
        for id in ids { bytes += table.piece(Int(id)) }
        var out: [UInt8] = []  // raw bytes, as byte-level decoders give them; ▁ (E2 96 81) -> space
        var i = 0
        while i < bytes.count {
            if bytes[i...].starts(with: [0xE2, 0x96, 0x81]) {
                out.append(0x20)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }
    func serialized() throws -> [UInt8] { [] }
}

@Suite struct TrimRulesTests {
    let table = TokenTable(
        pieces: ["<unk>", "▁a", "b", "я", "▁я", "ab", "日", "▁", "##x"].map { Array($0.utf8) } + [[0x80], [0xF8], [0xC3, 0x41]],
        kinds: [.unknown, .normal, .normal, .normal, .normal, .normal, .normal, .normal, .normal, .normal, .normal, .normal])

    @Test func singleCharacterPiecesOfScripts() {
        let tokenizer = PieceTokenizer(table: table, modelType: "Unigram")
        #expect(TrimRules.singleCharacterPieces(of: tokenizer, scripts: ["Cyrl"]) == [3, 4])
        #expect(TrimRules.singleCharacterPieces(of: tokenizer, scripts: ["Latn", "Hani"]) == [1, 2, 6])
        // WordPiece: pieces as written, a ## continuation counting as its character.
        let wordPiece = PieceTokenizer(table: table, modelType: "WordPiece")
        #expect(TrimRules.singleCharacterPieces(of: wordPiece, scripts: ["Latn"]) == [2, 8])
    }

    @Test func keepTokensFileNamesUnknownPiecesByLine() throws {
        let dir = temporaryFolder("keep")
        defer { try? OutputFolder.removeTree(dir) }
        try FileIO.writeAtomically(Array("▁a\r\n\nab\n".utf8), to: dir + "/keep.txt")
        #expect(try TrimRules.keepTokens(file: dir + "/keep.txt", table: table) == [1, 5])
        try FileIO.writeAtomically(Array("ab\nzz\n".utf8), to: dir + "/bad.txt")
        let error = #expect(throws: VocabError.self) { try TrimRules.keepTokens(file: dir + "/bad.txt", table: table) }
        #expect(error?.location == .line(2))
    }

    @Test func modelsFromTokenizers() throws {
        var bpe = table
        bpe.merges = [TokenPair(1, 2)]  // "▁a" + "b" is not a piece: no result
        if case .bpeMerges(let results) = try TrimRules.model(of: PieceTokenizer(table: bpe, modelType: "BPE"), table: bpe) {
            #expect(results == [-1])
        } else {
            Issue.record("expected a merge-list model")
        }
        if case .bpeByPriority(_, let start) = try TrimRules.model(of: PieceTokenizer(table: table, modelType: "BPE"), table: table) {
            #expect(start == .characters)
        } else {
            Issue.record("expected a score-priority model")
        }
        #expect(throws: VocabError.self) { try TrimRules.model(of: PieceTokenizer(table: table, modelType: "WordLevel"), table: table) }
    }

    @Test func baseSymbolsOfAMergeListAreThePiecesNoMergeProduces() {
        var bpe = TokenTable(pieces: ["a", "b", "ab", "<|end|>"].map { Array($0.utf8) })
        bpe.merges = [TokenPair(0, 1)]
        #expect(TrimRules.byteTokens(of: PieceTokenizer(table: bpe, modelType: "BPE"), table: bpe) == [0, 1, 3])
    }
}
