import Testing
import VocabCore
@testable import VocabTraining

@Suite struct StaticEmbeddingsTests {
    func cosine(_ a: [Float], _ b: [Float]) -> Float {
        let dot = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
        let na = a.reduce(0) { $0 + $1 * $1 }.squareRoot(), nb = b.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return dot / (na * nb)
    }

    /// Tokens 0 and 1 occur in the same contexts (2 3 _ 4 5), token 6 in others (7 8 _ 9 10):
    /// CBOW must put 0 next to 1 and away from 6.
    @Test func sharedContextsGiveSimilarVectors() throws {
        var generator = SeededGenerator(seed: 3)
        var sentences: [[Int32]] = []
        for _ in 0..<400 {
            let pick = generator.next() % 3
            sentences.append(pick == 2 ? [7, 8, 6, 9, 10] : [2, 3, Int32(pick), 4, 5])
        }
        // Distinct pieces without shared n-grams, so only the contexts make them similar.
        let pieces: [[UInt8]] = ["qa", "wb", "ec", "rd", "te", "yf", "ug", "ih", "oj", "pk", "zl"].map { Array($0.utf8) }
        var settings = StaticEmbeddingSettings()
        settings.dimension = 16
        settings.subsample = 0
        settings.epochs = 20
        let model = try StaticEmbeddings(sentences: sentences, pieces: pieces, settings: settings)
        #expect(model.tokens == (0...10).map { Int32($0) })
        let v0 = try #require(model.vector(of: 0)), v1 = try #require(model.vector(of: 1)), v6 = try #require(model.vector(of: 6))
        #expect(cosine(v0, v1) > 0.8)
        #expect(cosine(v0, v1) > cosine(v0, v6) + 0.5)
        // Same seed, same vectors.
        let again = try StaticEmbeddings(sentences: sentences, pieces: pieces, settings: settings)
        #expect(again.vector(of: 0) == v0)
    }

    @Test func unseenTokensGetVectorsFromTheirNgrams() throws {
        let pieces: [[UInt8]] = ["abcd", "abce", "", "xyz"].map { Array($0.utf8) }
        var settings = StaticEmbeddingSettings()
        settings.dimension = 8
        let model = try StaticEmbeddings(sentences: [[0, 3, 0, 3]], pieces: pieces, settings: settings)
        #expect(model.vector(of: 1) != nil)  // "abce" shares "<ab", "abc", "<abc" with "abcd"
        #expect(model.vector(of: 2) == nil)  // neither seen nor any n-gram
        #expect(throws: VocabError.self) { try StaticEmbeddings(sentences: [[4]], pieces: pieces) }
    }

    @Test func ngramsAreFastTextsFNV1a() {
        var settings = StaticEmbeddingSettings()
        settings.minN = 3
        settings.maxN = 3
        // "<ab>": n-grams "<ab" and "ab>" (ASCII bytes: sign extension changes nothing).
        func fnv(_ s: String) -> UInt32 { s.utf8.reduce(2_166_136_261) { ($0 ^ UInt32($1)) &* 16_777_619 } }
        #expect(StaticEmbeddings.ngramHashes(Array("ab".utf8), settings) == [fnv("<ab"), fnv("ab>")])
        // Characters, not bytes: "é" is one character, so "<é>" alone is the whole word (no n-gram of 3).
        #expect(StaticEmbeddings.ngramHashes(Array("é".utf8), settings) == [])
        #expect(StaticEmbeddings.ngramHashes(Array("éa".utf8), settings).count == 2)
    }
}
