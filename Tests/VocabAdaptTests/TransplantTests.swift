import Foundation
import Testing
import TestSupport
import VocabCore
@testable import VocabAdapt

/// `transplant` on the small model folder of `ModelFolderFixture` (WordPiece, untied head) moved
/// onto a SentencePiece-style Unigram tokenizer (`▁` notation, `<s>`/`</s>` specials).
@Suite struct TransplantTests {
    /// The new vocabulary: specials, then pieces the base shares (`▁the`, `▁cat`, `s`, `▁dog`) and
    /// pieces it lacks (`▁cats`, its segmentation `cat ##s`; `▁zebra`, only `[UNK]`).
    static let newPieces = ["<unk>", "<s>", "</s>", "<pad>", "▁the", "▁cat", "s", "▁cats", "▁dog", "▁zebra"]

    /// Writes the new tokenizer.json (Unigram, Metaspace, `<s> $A </s>`) to `path`.
    static func writeNewTokenizer(_ path: String, pieces: [String] = newPieces) throws {
        let vocab = pieces.enumerated().map { "[\"\($1)\", \($0 < 4 ? 0.0 : -Double($0))]" }.joined(separator: ",")
        let added = (0..<4).map {
            "{\"id\":\($0),\"content\":\"\(pieces[$0])\",\"single_word\":false,\"lstrip\":false,\"rstrip\":false,\"normalized\":false,\"special\":true}"
        }.joined(separator: ",")
        let metaspace = #"{"type":"Metaspace","replacement":"▁","prepend_scheme":"always","split":true}"#
        try """
            {"version":"1.0","truncation":null,"padding":null,"added_tokens":[\(added)],"normalizer":null,
            "pre_tokenizer":\(metaspace),
            "post_processor":{"type":"TemplateProcessing","single":[{"SpecialToken":{"id":"<s>","type_id":0}},{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"</s>","type_id":0}}],"pair":[{"SpecialToken":{"id":"<s>","type_id":0}},{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"</s>","type_id":0}},{"Sequence":{"id":"B","type_id":0}},{"SpecialToken":{"id":"</s>","type_id":0}}],"special_tokens":{"<s>":{"id":"<s>","ids":[1],"tokens":["<s>"]},"</s>":{"id":"</s>","ids":[2],"tokens":["</s>"]}}},
            "decoder":\(metaspace),
            "model":{"type":"Unigram","unk_id":0,"vocab":[\(vocab)],"byte_fallback":false}}

            """.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func rows(_ name: String, _ file: String) throws -> [[Float]] {
        let values = try #require(try ModelFolderFixture.values(of: name, in: file))
        return stride(from: 0, to: values.count, by: 2).map { Array(values[$0..<$0 + 2]) }
    }

    @Test func notationsMatchAcrossVocabularies() {
        let hello = TokenNotation.Surface(position: .wordStart, bytes: Array("hello".utf8))
        #expect(TokenNotation.byteLevel.surface(of: Array("Ġhello".utf8), kind: .normal) == hello)
        #expect(TokenNotation.metaspace.surface(of: Array("▁hello".utf8), kind: .normal) == hello)
        #expect(TokenNotation.wordPiece(prefix: Array("##".utf8)).surface(of: Array("hello".utf8), kind: .normal) == hello)
        let ing = TokenNotation.Surface(position: .inside, bytes: Array("ing".utf8))
        #expect(TokenNotation.wordPiece(prefix: Array("##".utf8)).surface(of: Array("##ing".utf8), kind: .normal) == ing)
        #expect(TokenNotation.metaspace.surface(of: Array("ing".utf8), kind: .normal) == ing)
        // <0xE3> (byte fallback) is the byte-level piece for 0xE3, which is "ã" in GPT-2's alphabet.
        let byte = TokenNotation.metaspace.surface(of: Array("<0xE3>".utf8), kind: .byte)
        #expect(byte == TokenNotation.Surface(position: .byte, bytes: [0xE3]))
        #expect(TokenNotation.byteLevel.surface(of: Array("ã".utf8), kind: .normal) == byte)
        #expect(TokenNotation.metaspace.surface(of: Array("<s>".utf8), kind: .control) == nil)
        for notation in [TokenNotation.byteLevel, .metaspace, .wordPiece(prefix: Array("##".utf8))] {
            for surface in [hello, ing] {
                #expect(notation.surface(of: notation.spelling(of: surface), kind: .normal) == surface, "\(notation)")
            }
        }
    }

    @Test func sharedRowsAreCopiedBitForBitAndOthersComputedFromTheirOwnMatrix() throws {
        let dir = temporaryFolder("transplant")
        defer { try? OutputFolder.removeTree(dir) }
        try ModelFolderFixture.write(to: dir + "/in")
        try TransplantTests.writeNewTokenizer(dir + "/new.json")
        let report = try TransplantJob.run(TransplantRequest(model: dir + "/in", tokenizer: dir + "/new.json", output: dir + "/out"))
        #expect(report.copied.map(\.rule) == ["text", "role"])
        let out = dir + "/out/model.safetensors"
        let input = try rows("bert.embeddings.word_embeddings.weight", out)
        let head = try rows("cls.predictions.decoder.weight", out)
        func base(_ id: Int) -> [Float] { [Float(id), Float(id) + 0.5] }
        func baseHead(_ id: Int) -> [Float] { [100 + Float(id), 100.5 + Float(id)] }
        // <unk> <s> </s> <pad> take [UNK] [CLS] [SEP] [PAD]; ▁the ▁cat s ▁dog take the cat ##s dog.
        for (new, old) in [(0, 3), (1, 5), (2, 6), (3, 1), (4, 0), (5, 2), (6, 7), (8, 4)] {
            #expect(input[new] == base(old) && head[new] == baseHead(old), "\(new)")
        }
        // ▁cats = mean(cat, ##s), in each matrix.
        #expect(input[7] == [4.5, 5] && head[7] == [104.5, 105])
        // ▁zebra: only [UNK] spells it; a random row from each matrix's statistics.
        #expect(report.rows[9].rule == "random" && head[9] != input[9])
        #expect(report.rows[7].rule == "subword" && report.rows[7].sources == [2, 7] && report.rows[7].weights == [0.5, 0.5])
        let config = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/out/config.json"))) as! [String: Any]
        // The base's pad (1) and sep (6) are the new <pad> (3) and </s> (2).
        #expect(config["vocab_size"] as? Int == 10 && config["pad_token_id"] as? Int == 3 && config["sep_token_id"] as? Int == 2)
        let reopened = try ModelFolder(model: dir + "/out")
        #expect(reopened.tokenizer.encode("the cats") == [4, 7])
        #expect(!FileManager.default.fileExists(atPath: dir + "/out/vocab.txt"))
    }

    /// A donor whose rows are twelve wide (the base's are two), nearly orthogonal: `▁cats`'s donor
    /// row is 0.7 · `▁cat` + 0.3 · `s`, so OMP finds those two atoms and weights and applies them
    /// to the base's rows of `cat` and `##s`.
    @Test func ompFindsWeightsInTheDonorSpaceAndAppliesThemInTheBase() throws {
        let dir = temporaryFolder("transplant-omp")
        defer { try? OutputFolder.removeTree(dir) }
        try ModelFolderFixture.write(to: dir + "/in")
        try FileManager.default.createDirectory(atPath: dir + "/donor", withIntermediateDirectories: true)
        try TransplantTests.writeNewTokenizer(dir + "/donor/tokenizer.json")
        var donor: [[Float]] = (0..<10).map { i in (0..<12).map { c in c == i ? 1 : 0.05 * sin(Float(i * 12 + c)) } }
        donor[7] = (0..<12).map { 0.7 * donor[5][$0] + 0.3 * donor[6][$0] }
        try Data(ModelFolderFixture.safetensors([("embeddings.word_embeddings.weight", [10, 12], donor.flatMap { $0 })]))
            .write(to: URL(fileURLWithPath: dir + "/donor/model.safetensors"))
        var request = TransplantRequest(model: dir + "/in", tokenizer: dir + "/donor/tokenizer.json", output: dir + "/out")
        request.initMethod = .omp
        request.donor = dir + "/donor"
        request.ompK = 2
        let report = try TransplantJob.run(request)
        let cats = report.rows[7]
        #expect(cats.rule == "omp" && Set(cats.sources) == [2, 7])
        let weights = Dictionary(uniqueKeysWithValues: zip(cats.sources, cats.weights))
        #expect(abs(weights[2]! - 0.7) < 1e-4 && abs(weights[7]! - 0.3) < 1e-4)
        let input = try rows("bert.embeddings.word_embeddings.weight", dir + "/out/model.safetensors")
        #expect(abs(input[7][0] - (0.7 * 2 + 0.3 * 7)) < 1e-4)
    }

    @Test func ompRecoversASparseCombinationAndStopsAtK() throws {
        var generator = SeededGenerator(seed: 7)
        let d = 24
        let n = 200
        let atoms = (0..<n * d).map { _ in Float(generator.normal()) }
        let truth: [(Int, Float)] = [(3, 1.5), (77, -0.8), (150, 0.4)]
        var target = [Float](repeating: 0, count: d)
        for (i, w) in truth { for c in 0..<d { target[c] += w * atoms[i * d + c] } }
        let found = try OrthogonalMatchingPursuit.approximate(targets: target + [Float](repeating: 0, count: d), atoms: atoms, dimension: d, k: 8)
        // Greedy OMP may take a wrong atom first; the refit gives it no weight.
        #expect(found[0].atoms.count < 8)
        for (k, atom) in found[0].atoms.enumerated() {
            let w = truth.first { $0.0 == Int(atom) }?.1 ?? 0
            #expect(abs(found[0].weights[k] - w) < 1e-3, "atom \(atom)")
        }
        #expect(Set(truth.map { Int32($0.0) }).isSubset(of: found[0].atoms))
        #expect(found[1].atoms.isEmpty)
        let capped = try OrthogonalMatchingPursuit.approximate(targets: atoms[0..<d * 5].map { $0 * 0.5 + 0.1 }, atoms: atoms, dimension: d, k: 4)
        #expect(capped.allSatisfy { $0.atoms.count <= 4 && !$0.atoms.isEmpty })
    }
}
