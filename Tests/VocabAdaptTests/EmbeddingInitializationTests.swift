import Testing
import VocabCore
@testable import VocabAdapt

@Suite struct EmbeddingInitializationTests {
    /// Three old rows of two columns: (1, 0), (0, 1), (2, 2).
    func oldRows() throws -> EmbeddingMatrix {
        try EmbeddingMatrix(rows: 3, columns: 2, values: [1, 0, 0, 1, 2, 2])
    }

    @Test func meanAndWeightedMean() throws {
        let origins = [
            NewTokenOrigin(pieces: [0, 1], pieceWeights: [3, 1]),
            NewTokenOrigin(pieces: [2]),
        ]
        let mean = try EmbeddingInitialization.newRows(method: .mean, old: oldRows(), origins: origins, seed: 1)
        #expect(mean.values == [0.5, 0.5, 2, 2])
        #expect(mean.used == [.mean, .mean])
        let weighted = try EmbeddingInitialization.newRows(method: .weighted, old: oldRows(), origins: origins, seed: 1)
        #expect(weighted.values == [0.75, 0.25, 2, 2])
    }

    @Test func twinBlendsUnitRowsAtTheirMeanLength() throws {
        // Token 3: piece 0 and twin 1; token 4: no twin -> weighted; token 5: only a twin.
        let origins = [
            NewTokenOrigin(pieces: [0], twin: 1),
            NewTokenOrigin(pieces: [2]),
            NewTokenOrigin(pieces: [], twin: 2),
        ]
        let result = try EmbeddingInitialization.newRows(method: .twin, old: oldRows(), origins: origins, seed: 1)
        // (1, 0) and (0, 1): unit mean direction (1, 1)/√2, length 1.
        let half = Float(0.5).squareRoot()
        #expect(abs(result.values[0] - half) < 1e-6 && abs(result.values[1] - half) < 1e-6)
        #expect(Array(result.values[2..<6]) == [2, 2, 2, 2])
        #expect(result.used == [.twin, .weighted, .twin])
    }

    @Test func mergeResolvesNewPartsRecursively() throws {
        // New token 3 = (0, 1); new token 4 = (3, 2) and, alternatively, (0, 2).
        let origins = [
            NewTokenOrigin(pieces: [0, 1], merges: [TokenPair(0, 1)]),
            NewTokenOrigin(pieces: [0, 1, 2], merges: [TokenPair(3, 2), TokenPair(0, 2)]),
        ]
        let result = try EmbeddingInitialization.newRows(method: .merge, old: oldRows(), origins: origins, seed: 1)
        // row 3 = (0.5, 0.5); (3,2) -> (1.25, 1.25); (0,2) -> (1.5, 1); mean -> (1.375, 1.125)
        #expect(result.values == [0.5, 0.5, 1.375, 1.125])
        #expect(result.used == [.merge, .merge])
    }

    @Test func mergeCyclesAndMissingMergesFallBack() throws {
        let origins = [
            NewTokenOrigin(pieces: [0, 2], merges: [TokenPair(4, 0)]),
            NewTokenOrigin(pieces: [], merges: [TokenPair(3, 1)]),
            NewTokenOrigin(pieces: []),
        ]
        let result = try EmbeddingInitialization.newRows(method: .merge, old: oldRows(), origins: origins, seed: 7)
        // 3 and 4 form a cycle: 3 falls back to the mean of its pieces; 4 then still had no
        // resolved alternative when visited, so it is random, like 5.
        #expect(Array(result.values[0..<2]) == [1.5, 1])
        #expect(result.used == [.mean, .random, .random])
    }

    @Test func alignWeightsTuplesByCount() throws {
        let origins = [
            NewTokenOrigin(pieces: [0], alignments: [AlignedPieces(pieces: [0, 1], count: 3), AlignedPieces(pieces: [2], count: 1)]),
            NewTokenOrigin(pieces: [1], merges: [TokenPair(0, 2)]),
        ]
        let result = try EmbeddingInitialization.newRows(method: .align, old: oldRows(), origins: origins, seed: 1)
        // 0.75·(0.5, 0.5) + 0.25·(2, 2) = (0.875, 0.875); the second has no alignment -> merge (1.5, 1).
        #expect(result.values == [0.875, 0.875, 1.5, 1])
        #expect(result.used == [.align, .merge])
    }

    @Test func randomIsDeterministicAndFollowsColumnStatistics() throws {
        var values: [Float] = []
        for r in 0..<200 { values += [Float(r % 2 == 0 ? 10 : 12), Float(-3)] }
        let old = try EmbeddingMatrix(rows: 200, columns: 2, values: values)
        let origins = [NewTokenOrigin](repeating: NewTokenOrigin(pieces: [0]), count: 500)
        let a = try EmbeddingInitialization.newRows(method: .random, old: old, origins: origins, seed: 42)
        let b = try EmbeddingInitialization.newRows(method: .random, old: old, origins: origins, seed: 42)
        let c = try EmbeddingInitialization.newRows(method: .random, old: old, origins: origins, seed: 43)
        #expect(a.values == b.values)
        #expect(a.values != c.values)
        let first = stride(from: 0, to: a.values.count, by: 2).map { Double(a.values[$0]) }
        let mean = first.reduce(0, +) / Double(first.count)
        let sd = (first.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(first.count)).squareRoot()
        #expect(abs(mean - 11) < 0.15 && abs(sd - 1) < 0.15)
        #expect(stride(from: 1, to: a.values.count, by: 2).allSatisfy { a.values[$0] == -3 })
    }

    @Test func rejectsIdsOutsideTheVocabulary() throws {
        #expect(throws: VocabError.self) {
            try EmbeddingInitialization.newRows(method: .mean, old: oldRows(), origins: [NewTokenOrigin(pieces: [3])], seed: 0)
        }
        #expect(throws: VocabError.self) {
            try EmbeddingInitialization.newRows(
                method: .merge, old: oldRows(), origins: [NewTokenOrigin(pieces: [0], merges: [TokenPair(0, 9)])], seed: 0)
        }
    }

    @Test func halfAndBFloat16RoundTrip() throws {
        let samples: [Float] = [0, -0.0, 1, -2.5, 65504, 70000, 1e-7, 6.1e-5, 0.333333, -1e-30, .infinity]
        let half = try FloatElements.encode(samples, dtype: .f16)
        let back = try half.withUnsafeBytes { try FloatElements.decode($0, dtype: .f16) }
        #expect(back[0] == 0 && back[2] == 1 && back[3] == -2.5 && back[4] == 65504)
        #expect(back[5] == .infinity && back[10] == .infinity && back[9] == 0)
        #expect(abs(back[6] - 1.19e-7) < 1e-8)  // nearest subnormal
        #expect(abs(back[8] - 0.333333) < 2e-4)
        // Every F16 bit pattern widens and narrows back to itself (NaNs stay NaN).
        for bits in UInt16(0)...UInt16.max {
            let f = FloatElements.float(fromHalf: bits)
            if f.isNaN { #expect(FloatElements.half(from: f) & 0x7C00 == 0x7C00) } else { #expect(FloatElements.half(from: f) == bits) }
        }
        let bf = try FloatElements.encode([1, 3.14159, -1e38], dtype: .bf16)
        let bfBack = try bf.withUnsafeBytes { try FloatElements.decode($0, dtype: .bf16) }
        #expect(bfBack[0] == 1 && abs(bfBack[1] - 3.140625) < 1e-6 && bfBack[2] < -9.9e37)
        #expect(throws: VocabError.self) { try FloatElements.encode([1], dtype: TensorDType(name: "I8")) }
    }
}
