import Testing
import VocabCore
@testable import VocabAdapt

@Suite struct FocusInitializationTests {
    @Test func sparsemaxProjectsOntoTheSimplex() throws {
        // Far apart: all weight on the largest.
        let one = try #require(EmbeddingInitialization.sparsemax([0.1, 2.0, 0.3]))
        #expect(one.map(\.index) == [1] && one[0].weight == 1)
        // Close: tau = (0.9 + 0.8 - 1) / 2 = 0.35, weights 0.55 and 0.45; 0.1 < tau drops out.
        let two = try #require(EmbeddingInitialization.sparsemax([0.8, 0.1, 0.9]))
        #expect(two.map(\.index) == [2, 0])
        #expect(abs(two[0].weight - 0.55) < 1e-12 && abs(two[1].weight - 0.45) < 1e-12)
        // Ties share equally; not finite is nil.
        let tie = try #require(EmbeddingInitialization.sparsemax([0.5, 0.5]))
        #expect(tie.map(\.weight) == [0.5, 0.5])
        #expect(EmbeddingInitialization.sparsemax([.nan, 1]) == nil)
    }

    @Test func focusCombinesTheRowsOfTheNearestAnchors() throws {
        let old = try EmbeddingMatrix(rows: 3, columns: 2, values: [1, 0, 0, 1, 2, 2])
        // Anchors 0 and 2 in a 2-d auxiliary space; token 0 points at anchor 2, token 1 halfway
        // between both (equal cosines), token 2 has no vector (falls back to weighted).
        let space = try AuxiliarySpace(
            dimension: 2, anchors: [0, 2], anchorVectors: [1, 0, 0, 1], newVectors: [[0, 5], [1, 1], nil])
        let origins = [NewTokenOrigin(pieces: [0]), NewTokenOrigin(pieces: [1]), NewTokenOrigin(pieces: [0, 1], pieceWeights: [3, 1])]
        let result = try EmbeddingInitialization.newRows(method: .focus, old: old, origins: origins, seed: 0, auxiliary: space)
        #expect(result.used == [.focus, .focus, .weighted])
        #expect(result.values == [2, 2, 1.5, 1, 0.75, 0.25])
    }

    @Test func focusNeedsAMatchingSpace() throws {
        let old = try EmbeddingMatrix(rows: 3, columns: 2, values: [1, 0, 0, 1, 2, 2])
        #expect(throws: VocabError.self) {
            try EmbeddingInitialization.newRows(method: .focus, old: old, origins: [NewTokenOrigin(pieces: [0])], seed: 0)
        }
        let wrongCount = try AuxiliarySpace(dimension: 1, anchors: [0], anchorVectors: [1], newVectors: [])
        #expect(throws: VocabError.self) {
            try EmbeddingInitialization.newRows(method: .focus, old: old, origins: [NewTokenOrigin(pieces: [0])], seed: 0, auxiliary: wrongCount)
        }
        let badAnchor = try AuxiliarySpace(dimension: 1, anchors: [7], anchorVectors: [1], newVectors: [[1]])
        #expect(throws: VocabError.self) {
            try EmbeddingInitialization.newRows(method: .focus, old: old, origins: [NewTokenOrigin(pieces: [0])], seed: 0, auxiliary: badAnchor)
        }
        #expect(throws: VocabError.self) { try AuxiliarySpace(dimension: 2, anchors: [0], anchorVectors: [1], newVectors: []) }
    }
}
