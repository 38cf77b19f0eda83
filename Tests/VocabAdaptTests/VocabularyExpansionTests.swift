import Testing
import VocabCore
@testable import VocabAdapt

@Suite struct VocabularyExpansionTests {
    func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    /// A BPE table over a, b, c, d, e with merges a b -> ab, ab c -> abc, d e -> de.
    func bpeTable() -> TokenTable {
        var table = TokenTable(pieces: ["a", "b", "c", "d", "e", "ab", "abc", "de"].map { Array($0.utf8) })
        table.merges = [TokenPair(0, 1), TokenPair(5, 2), TokenPair(3, 4)]
        return table
    }

    @Test func bpeTokensGetMergesAfterTheOldOnes() throws {
        let base = bpeTable()
        let result = VocabularyExpansion.addTokens(
            [bytes("abcde"), bytes("ab"), bytes("cd"), bytes("cd"), bytes("x")], to: base, model: .rankedBPE)
        #expect(result.added.map { String(decoding: $0.piece, as: UTF8.self) } == ["abcde", "cd"])
        #expect(result.table.merges.prefix(3) == base.merges.prefix(3))
        #expect(result.table.merges.dropFirst(3) == [TokenPair(6, 7), TokenPair(2, 3)])
        #expect(result.added[0].basePieces == [6, 7] && result.added[0].parts == TokenPair(6, 7))
        #expect(result.skipped.map(\.reason.first) == ["a", "l", "i"])
        let segmenter = PieceSegmenter(table: result.table, model: .rankedBPE)
        #expect(segmenter.segment(bytes("abcde")) == [8])
        #expect(segmenter.segment(bytes("cd")) == [9])
    }

    @Test func newMergesNeverLengthenAndLeaveOtherTextAlone() throws {
        let base = bpeTable()
        let result = VocabularyExpansion.addTokens([bytes("abcde"), bytes("cdd"), bytes("eab"), bytes("bb")], to: base, model: .rankedBPE)
        #expect(result.added.count >= 4)
        let before = PieceSegmenter(table: base, model: .rankedBPE)
        let after = PieceSegmenter(table: result.table, model: .rankedBPE)
        var generator = SeededGenerator(seed: 3)
        let letters = bytes("abcde")
        let newMerges = Set(result.table.merges.dropFirst(base.merges.count))
        for _ in 0..<2000 {
            let word = (0..<Int(generator.next() % 9 + 1)).map { _ in letters[Int(generator.next() % 5)] }
            let old = try #require(before.segment(word))
            let new = try #require(after.segment(word))
            #expect(new.count <= old.count)
            let usesNewMerge = zip(old, old.dropFirst()).contains { newMerges.contains(TokenPair($0, $1)) }
            if !usesNewMerge { #expect(new == old) }
        }
    }

    @Test func scoredBPEAppendsPiecesBelowEveryOldScore() throws {
        let base = TokenTable(pieces: ["a", "b", "c", "ab"].map { Array($0.utf8) }, scores: [-1, -2, -3, -0.5])
        let result = VocabularyExpansion.addTokens([bytes("abc"), bytes("ca")], to: base, model: .scoredBPE)
        // Each score is the 32-bit float just below the previous one.
        #expect(result.added.map(\.score) == [Double(Float(-3).nextDown), Double(Float(-3).nextDown.nextDown)])
        #expect(PieceSegmenter(table: result.table, model: .scoredBPE).segment(bytes("abc")) == [4])
        #expect(PieceSegmenter(table: result.table, model: .scoredBPE).segment(bytes("cab")) == [2, 3])  // c + ab: "cab" is no piece
        #expect(result.table.count == 6)
        // Below Llama-2's lowest score (-1e9) consecutive integers are one float: the scores must still differ.
        let llama = TokenTable(pieces: ["a", "b", "c", "▁▁"].map { Array($0.utf8) }, scores: [-1, -2, -3, -1e9])
        let scores = VocabularyExpansion.addTokens([bytes("ab"), bytes("bc"), bytes("ca")], to: llama, model: .scoredBPE).added.map(\.score)
        #expect(Set(scores.map { Float($0) }).count == 3 && scores.allSatisfy { $0 < -1e9 })
        #expect(scores == scores.sorted(by: >))
    }

    @Test func unigramScoreAndBestSplit() throws {
        let base = TokenTable(
            pieces: ["<unk>", "▁", "▁a", "b", "c", "bc", "▁ab"].map { Array($0.utf8) }, scores: [0, -1, -2, -3, -3, -4, -6],
            kinds: [.unknown, .normal, .normal, .normal, .normal, .normal, .normal])
        let result = VocabularyExpansion.addTokens([bytes("▁abc"), bytes("▁a")], to: base, model: .unigram)
        let token = try #require(result.added.first)
        #expect(token.basePieces == [2, 5])
        #expect(abs(token.score - (-6 + 0.693_147_180_559_945_3)) < 1e-12)
        // ▁a + bc (-6) beats ▁ab + c (-9).
        #expect(token.parts == TokenPair(2, 5))
        #expect(PieceSegmenter(table: result.table, model: .unigram).segment(bytes("▁abc")) == [7])
        #expect(result.skipped.count == 1)
    }

    @Test func wordPieceContinuationPiecesAndLongestLeftSplit() throws {
        let base = TokenTable(
            pieces: ["[UNK]", "play", "p", "##ing", "##s", "##in", "##g", "##lay", "##pl"].map { Array($0.utf8) },
            kinds: [.unknown] + [TokenKind](repeating: .normal, count: 8))
        let model = ExpansionModel.wordPiece(prefix: bytes("##"))
        let result = VocabularyExpansion.addTokens([bytes("playing"), bytes("##lays"), bytes("##plays")], to: base, model: model)
        #expect(result.added.map(\.basePieces) == [[1, 3], [7, 4], []])
        #expect(result.added[0].parts == TokenPair(1, 3))
        #expect(result.added[1].parts == TokenPair(7, 4) && result.added[2].parts == nil)
        let origins = result.origins(baseCount: base.count, model: model)
        #expect(origins[1].pieceWeights == [3, 1])
        // Twins: "##lays" has none; "playing" would be "##playing"; "##plays" -> "plays" is absent.
        #expect(origins.map(\.twin) == [nil, nil, nil])
        let twins = VocabularyExpansion.addTokens([bytes("##play"), bytes("lay")], to: base, model: model)
        #expect(twins.origins(baseCount: base.count, model: model).map(\.twin) == [1, 7])
        #expect(PieceSegmenter(table: result.table, model: model).segment(bytes("playing")) == [9])
    }
}
