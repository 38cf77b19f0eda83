import Testing
import VocabCore
@testable import VocabAdapt

#if canImport(Glibc)
import Glibc
#endif

/// A fresh empty folder under /tmp for one test.
func temporaryFolder(_ tag: String) -> String {
    var template = Array("/tmp/vocabtool-\(tag)-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    return made.map { String(cString: $0) } ?? "/tmp/vocabtool-\(tag)"
}

/// Raw safetensors bytes from a header JSON text and a data section, as a hostile file may have them.
func rawSafetensors(_ json: String, data: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    withUnsafeBytes(of: UInt64(json.utf8.count).littleEndian) { out.append(contentsOf: $0) }
    out.append(contentsOf: json.utf8)
    out.append(contentsOf: data)
    return out
}

/// F16 bit patterns of small integers, for readable row checks.
func f16Rows(_ rows: Int, _ columns: Int) -> [UInt8] {
    var out: [UInt8] = []
    for r in 0..<rows {
        for c in 0..<columns {
            let v = UInt16(r * 100 + c)
            out.append(UInt8(v & 0xFF))
            out.append(UInt8(v >> 8))
        }
    }
    return out
}

@Suite struct SafetensorsTests {
    @Test func writesAndReadsBack() throws {
        let dir = temporaryFolder("st")
        defer { try? OutputFolder.removeTree(dir) }
        let path = dir + "/a.safetensors"
        let tensors = [
            TensorOutput(name: "emb", dtype: .f16, shape: [4, 3], data: .bytes(f16Rows(4, 3))),
            TensorOutput(name: "bias", dtype: .f32, shape: [4], data: .bytes([UInt8](repeating: 1, count: 16))),
            TensorOutput(name: "odd", dtype: TensorDType(name: "Q4_X"), shape: [5], data: .bytes([1, 2, 3])),
        ]
        try SafetensorsWriter.write(tensors, metadata: [("format", "pt"), ("note", "ü \"q\"")], to: path)
        let file = try SafetensorsFile(path: path)
        #expect(file.tensors.map(\.name) == ["emb", "bias", "odd"])
        #expect(file.header.dataStart % 8 == 0)
        #expect(file.header.metadata?.map(\.value) == ["pt", "ü \"q\""])
        let emb = try #require(file.tensor(named: "emb"))
        #expect(emb.shape == [4, 3] && emb.dtype == .f16)
        #expect(Array(file.data(of: emb)) == f16Rows(4, 3))
        #expect(file.tensor(named: "odd")?.byteCount == 3)
    }

    @Test func slicesRowsAndPads() throws {
        let dir = temporaryFolder("slice")
        defer { try? OutputFolder.removeTree(dir) }
        let input = dir + "/in.safetensors"
        try SafetensorsWriter.write(
            [
                TensorOutput(name: "model.embed_tokens.weight", dtype: .bf16, shape: [6, 2], data: .bytes(f16Rows(6, 2))),
                TensorOutput(name: "norm.weight", dtype: .f32, shape: [2], data: .bytes([0, 0, 128, 63, 0, 0, 0, 64])),
            ], metadata: nil, to: input)
        let checkpoint = try SafetensorsCheckpoint(path: input)
        // Vocabulary of 5 (row 5 is padding); keep ids 0, 2, 4; pad to a multiple of 4.
        let trim = try EmbeddingTrim(
            checkpoint: checkpoint, vocabularySize: 5, newToOld: [0, 2, 4], tensorNames: nil, padToMultipleOf: 4)
        #expect(trim.sliced.map(\.name) == ["model.embed_tokens.weight"])
        #expect(trim.sliced[0].rowsBefore == 6 && trim.sliced[0].rowsAfter == 4)
        let out = temporaryFolder("slice-out")
        defer { try? OutputFolder.removeTree(out) }
        try trim.write(into: out)
        let result = try SafetensorsFile(path: out + "/model.safetensors")
        let emb = try #require(result.tensor(named: "model.embed_tokens.weight"))
        #expect(emb.shape == [4, 2])
        let rows = f16Rows(6, 2)
        let expected = Array(rows[0..<4]) + Array(rows[8..<12]) + Array(rows[16..<20]) + [0, 0, 0, 0]
        #expect(Array(result.data(of: emb)) == expected)
        let norm = try #require(result.tensor(named: "norm.weight"))
        #expect(Array(result.data(of: norm)) == [0, 0, 128, 63, 0, 0, 0, 64])
    }

    @Test func shardedIndexRoundTrips() throws {
        let dir = temporaryFolder("shards")
        defer { try? OutputFolder.removeTree(dir) }
        try SafetensorsWriter.write(
            [TensorOutput(name: "wte.weight", dtype: .f32, shape: [3, 1], data: .bytes(Array(0..<12)))],
            metadata: [("format", "pt")], to: dir + "/model-00001-of-00002.safetensors")
        try SafetensorsWriter.write(
            [TensorOutput(name: "lm_head.weight", dtype: .f32, shape: [3, 1], data: .bytes(Array(12..<24)))],
            metadata: nil, to: dir + "/model-00002-of-00002.safetensors")
        let index = """
            {"metadata": {"total_size": 24, "note": [1, {"a": null}]}, "weight_map": {
              "lm_head.weight": "model-00002-of-00002.safetensors", "wte.weight": "model-00001-of-00002.safetensors"}}
            """
        try FileIO.writeAtomically(Array(index.utf8), to: dir + "/model.safetensors.index.json")
        let checkpoint = try SafetensorsCheckpoint(path: dir)
        #expect(checkpoint.shards.map(\.name) == ["model-00002-of-00002.safetensors", "model-00001-of-00002.safetensors"])
        let trim = try EmbeddingTrim(checkpoint: checkpoint, vocabularySize: 3, newToOld: [2, 0], tensorNames: nil, padToMultipleOf: nil)
        #expect(Set(trim.sliced.map(\.name)) == ["wte.weight", "lm_head.weight"])
        let out = temporaryFolder("shards-out")
        defer { try? OutputFolder.removeTree(out) }
        let written = try trim.write(into: out)
        #expect(written.last == "model.safetensors.index.json")
        let reread = try SafetensorsCheckpoint(path: out)
        let (shard, head) = try #require(reread.locate("lm_head.weight"))
        #expect(Array(reread.shards[shard].file.data(of: head)) == Array(20..<24) + Array(12..<16))
        let indexText = String(decoding: try FileIO.read(out + "/model.safetensors.index.json"), as: UTF8.self)
        #expect(indexText.contains("\"total_size\": 16"))
        #expect(indexText.contains("\"a\": null"))
    }

    @Test func rejectsFewerRowsThanVocabulary() throws {
        let dir = temporaryFolder("rows")
        defer { try? OutputFolder.removeTree(dir) }
        try SafetensorsWriter.write(
            [TensorOutput(name: "wte.weight", dtype: .f16, shape: [3, 2], data: .bytes(f16Rows(3, 2)))], metadata: nil,
            to: dir + "/m.safetensors")
        let checkpoint = try SafetensorsCheckpoint(path: dir + "/m.safetensors")
        let error = #expect(throws: VocabError.self) {
            try EmbeddingTrim(checkpoint: checkpoint, vocabularySize: 4, newToOld: [0], tensorNames: nil, padToMultipleOf: nil)
        }
        #expect(error?.message.contains("fewer than the vocabulary") == true)
        #expect(throws: VocabError.self) {
            try EmbeddingTrim(checkpoint: checkpoint, vocabularySize: 3, newToOld: [0], tensorNames: ["nope"], padToMultipleOf: nil)
        }
    }

    @Test func rejectsUnknownDtypeForSlicing() throws {
        let dir = temporaryFolder("dtype")
        defer { try? OutputFolder.removeTree(dir) }
        try FileIO.writeAtomically(
            rawSafetensors(#"{"wte.weight":{"dtype":"Q4_K","shape":[2,2],"data_offsets":[0,3]}}"#, data: [1, 2, 3]),
            to: dir + "/m.safetensors")
        let checkpoint = try SafetensorsCheckpoint(path: dir + "/m.safetensors")
        let error = #expect(throws: VocabError.self) {
            try EmbeddingTrim(checkpoint: checkpoint, vocabularySize: 2, newToOld: [0], tensorNames: nil, padToMultipleOf: nil)
        }
        #expect(error?.message.contains("Q4_K") == true)
    }

    /// Each corrupt file gives an error naming the file and a byte position.
    @Test(arguments: [
        ("short", [UInt8]([1, 0, 0])),
        ("length past end", [UInt8]([200, 0, 0, 0, 0, 0, 0, 0]) + Array("{}".utf8)),
        ("huge length", [UInt8]([0, 0, 0, 0, 0, 0, 0, 1])),
        ("not json", rawSafetensors("{\"a\":", data: [])),
        ("trailing comma", rawSafetensors(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},}"#, data: [0, 0, 0, 0])),
        ("offsets past end", rawSafetensors(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, data: [0, 0, 0, 0])),
        ("size mismatch", rawSafetensors(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0])),
        (
            "overlap",
            rawSafetensors(
                #"{"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}}"#,
                data: [0, 0, 0, 0])
        ),
        ("gap", rawSafetensors(#"{"a":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}}"#, data: [0, 0, 0, 0])),
        ("extra data", rawSafetensors(#"{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}"#, data: [0, 0, 0, 0])),
        ("negative dim", rawSafetensors(#"{"a":{"dtype":"U8","shape":[-2],"data_offsets":[0,2]}}"#, data: [0, 0])),
        ("metadata not strings", rawSafetensors(#"{"__metadata__":{"a":1}}"#, data: [])),
        ("duplicate", rawSafetensors(#"{"a":{"dtype":"U8","shape":[0],"data_offsets":[0,0]},"a":{"dtype":"U8","shape":[0],"data_offsets":[0,0]}}"#, data: [])),
    ])
    func rejectsCorruptFiles(_ label: String, _ bytes: [UInt8]) throws {
        let dir = temporaryFolder("bad")
        defer { try? OutputFolder.removeTree(dir) }
        let path = dir + "/bad.safetensors"
        try FileIO.writeAtomically(bytes, to: path)
        let error = #expect(throws: VocabError.self, "\(label)") { try SafetensorsFile(path: path) }
        #expect(error?.file == path)
        if case .byte = error?.location {} else { Issue.record("\(label): no byte position in \(String(describing: error))") }
    }
}
