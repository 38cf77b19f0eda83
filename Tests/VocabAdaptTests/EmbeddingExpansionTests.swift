import Testing
import VocabCore
@testable import VocabAdapt

@Suite struct EmbeddingExpansionTests {
    /// A checkpoint with an F16 embedding of 5 rows (4 tokens + 1 padding row), an untied F32 LM
    /// head of 4 rows and an unrelated tensor.
    func checkpoint(_ dir: String) throws -> String {
        let path = dir + "/model.safetensors"
        let emb = try FloatElements.encode([1, 0, 0, 0, 1, 0, 0, 0, 1, 2, 2, 2, 9, 9, 9], dtype: .f16)
        let head = try FloatElements.encode([0, 0, 4, 0, 4, 0, 4, 0, 0, 1, 1, 1], dtype: .f32)
        try SafetensorsWriter.write(
            [
                TensorOutput(name: "model.embed_tokens.weight", dtype: .f16, shape: [5, 3], data: .bytes(emb)),
                TensorOutput(name: "norm.weight", dtype: .f32, shape: [2], data: .bytes([1, 2, 3, 4, 5, 6, 7, 8])),
                TensorOutput(name: "lm_head.weight", dtype: .f32, shape: [4, 3], data: .bytes(head)),
            ], metadata: [("format", "pt")], to: path)
        return path
    }

    @Test func appendsNewRowsAfterTheVocabularyAndPads() throws {
        let dir = temporaryFolder("expand-emb")
        let input = try SafetensorsCheckpoint(path: try checkpoint(dir))
        let origins = [NewTokenOrigin(pieces: [0, 1]), NewTokenOrigin(pieces: [2, 3])]
        let expansion = try EmbeddingExpansion(
            checkpoint: input, vocabularySize: 4, origins: origins, method: .mean, seed: 0, tensorNames: nil, padToMultipleOf: 4)
        #expect(expansion.expanded.map(\.name) == ["model.embed_tokens.weight", "lm_head.weight"])
        #expect(expansion.expanded.map(\.rowsBefore) == [5, 4])
        #expect(expansion.rowsAfter == 8)
        let out = dir + "/out"
        #expect(mkdirForTest(out))
        #expect(try expansion.write(into: out) == ["model.safetensors"])
        let file = try SafetensorsFile(path: out + "/model.safetensors")
        #expect(file.tensors.map(\.name) == ["model.embed_tokens.weight", "norm.weight", "lm_head.weight"])
        let emb = try #require(file.tensor(named: "model.embed_tokens.weight"))
        #expect(emb.shape == [8, 3] && emb.dtype == .f16)
        let original = try SafetensorsFile(path: dir + "/model.safetensors")
        let oldEmb = try #require(original.tensor(named: "model.embed_tokens.weight"))
        // Old rows bit for bit, the padding row dropped.
        #expect(Array(file.data(of: emb)[0..<24]) == Array(original.data(of: oldEmb)[0..<24]))
        let values = try FloatElements.decode(file.data(of: emb), dtype: .f16)
        #expect(Array(values[12..<18]) == [0.5, 0.5, 0, 1, 1, 1.5])
        #expect(values[18...].allSatisfy { $0 == 0 })
        let head = try FloatElements.decode(file.data(of: try #require(file.tensor(named: "lm_head.weight"))), dtype: .f32)
        #expect(Array(head[12..<18]) == [0, 2, 2, 2.5, 0.5, 0.5])
        let norm = try #require(file.tensor(named: "norm.weight"))
        #expect(Array(file.data(of: norm)) == [1, 2, 3, 4, 5, 6, 7, 8])
    }

    @Test func rejectsTensorsSmallerThanTheVocabulary() throws {
        let dir = temporaryFolder("expand-small")
        let input = try SafetensorsCheckpoint(path: try checkpoint(dir))
        #expect(throws: VocabError.self) {
            try EmbeddingExpansion(
                checkpoint: input, vocabularySize: 5, origins: [NewTokenOrigin(pieces: [0])], method: .mean, seed: 0,
                tensorNames: nil, padToMultipleOf: nil)
        }
        #expect(throws: VocabError.self) {
            try EmbeddingExpansion(
                checkpoint: input, vocabularySize: 4, origins: [NewTokenOrigin(pieces: [0])], method: .mean, seed: 0,
                tensorNames: ["missing.weight"], padToMultipleOf: nil)
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif

func mkdirForTest(_ path: String) -> Bool { mkdir(path, 0o755) == 0 }
