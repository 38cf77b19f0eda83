import Foundation
import Testing
import TestSupport
import VocabCore
@testable import VocabAdapt

/// Model folders in and out: trim and expand of a small, complete folder the test writes
/// (`ModelFolderFixture`) give a folder whose every vocabulary-dependent file agrees with the new
/// vocabulary and whose other files are the input's, byte for byte.
@Suite struct ModelFolderTests {
    func json(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    }

    func files(_ dir: String) throws -> [String] { try ModelFolder.listFiles(dir) }

    /// Checks what trim and expand outputs share: every input file is there, the independent ones
    /// unchanged; vocab.txt, tokenizer_config.json and the reopened folder agree with tokenizer.json.
    func checkOutput(_ input: String, _ output: String, report: String) throws -> (tokenizer: any TokenizerBackend, pieces: [String]) {
        #expect(try files(output) == (try files(input) + [report]).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        for name in ModelFolderFixture.vocabularyIndependentFiles {
            #expect(try FileIO.read(input + "/" + name) == FileIO.read(output + "/" + name), "\(name)")
        }
        let reopened = try ModelFolder(model: output)
        let table = reopened.tokenizer.table
        let pieces = (0..<table.count).map { table.pieceText($0) }
        #expect(String(decoding: try FileIO.read(output + "/vocab.txt"), as: UTF8.self) == pieces.joined(separator: "\n") + "\n")
        let decoder = try json(output + "/tokenizer_config.json")["added_tokens_decoder"] as! [String: [String: Any]]
        #expect(decoder.count == ModelFolderFixture.specialIDs.count)
        for (id, entry) in decoder { #expect(pieces[Int(id)!] == entry["content"] as? String) }
        #expect(try json(output + "/tokenizer_config.json")["model_max_length"] as? Int == 512)
        #expect(try json(output + "/config.json")["vocab_size"] as? Int == table.count)
        #expect(reopened.vocabularyTensors == ["bert.embeddings.word_embeddings.weight", "cls.predictions.decoder.weight"])
        #expect(!reopened.tiedEmbeddings)
        return (reopened.tokenizer, pieces)
    }

    @Test func trimRewritesEveryVocabularyFileFromOneIDMap() throws {
        let dir = temporaryFolder("model-trim")
        defer { try? OutputFolder.removeTree(dir) }
        try ModelFolderFixture.write(to: dir + "/in")
        try FileIO.writeAtomically(Array("The cats\n".utf8), to: dir + "/corpus.txt")
        var request = TrimRequest(model: dir + "/in", tokenizer: nil, corpus: [dir + "/corpus.txt"], output: dir + "/out")
        request.minFrequency = 1
        let report = try TrimJob.run(request)
        // Kept: the, cat, ##s (corpus), the specials (rule); dog and a go.
        #expect(report.newToOld == [0, 1, 2, 3, 5, 6, 7, 8])
        let (tokenizer, pieces) = try checkOutput(dir + "/in", dir + "/out", report: "trim-report.json")
        #expect(pieces == ["the", "[PAD]", "cat", "[UNK]", "[CLS]", "[SEP]", "##s", "[MASK]"])
        #expect(tokenizer.encode("the cats") == [0, 2, 6])
        let config = try json(dir + "/out/config.json")
        #expect(config["pad_token_id"] as? Int == 1 && config["sep_token_id"] as? Int == 5)
        let generation = try json(dir + "/out/generation_config.json")
        #expect(generation["eos_token_id"] as? [Int] == [5] && generation["pad_token_id"] as? Int == 1)
        let decoder = try json(dir + "/out/tokenizer_config.json")["added_tokens_decoder"] as! [String: Any]
        #expect(Set(decoder.keys) == ["1", "3", "4", "5", "7"])
        let rows = try ModelFolderFixture.values(of: "bert.embeddings.word_embeddings.weight", in: dir + "/out/model.safetensors")
        let keptRows: [Float] = report.newToOld.flatMap { [Float($0), Float($0) + 0.5] }
        #expect(rows == keptRows)
        let head = try ModelFolderFixture.values(of: "cls.predictions.decoder.weight", in: dir + "/out/model.safetensors")
        let keptHeadRows: [Float] = report.newToOld.flatMap { [100 + Float($0), 100.5 + Float($0)] }
        #expect(head == keptHeadRows)
        let scale: [Float] = [1, 2, 3]
        #expect(try ModelFolderFixture.values(of: "bert.encoder.scale", in: dir + "/out/model.safetensors") == scale)
    }

    @Test func expandAppendsToEveryVocabularyFileAndTheHead() throws {
        let dir = temporaryFolder("model-expand")
        defer { try? OutputFolder.removeTree(dir) }
        try ModelFolderFixture.write(to: dir + "/in")
        try FileIO.writeAtomically(Array("cats\ndogs\n".utf8), to: dir + "/tokens.txt")
        var request = ExpandRequest(model: dir + "/in", tokenizer: nil, output: dir + "/out")
        request.tokensFile = dir + "/tokens.txt"
        let report = try ExpandJob.run(request)
        #expect(report.vocabularyAfter == 12)
        let (tokenizer, pieces) = try checkOutput(dir + "/in", dir + "/out", report: "expand-report.json")
        #expect(Array(pieces.prefix(10)) == ModelFolderFixture.pieces && pieces.suffix(2) == ["cats", "dogs"])
        #expect(tokenizer.encode("cats dogs") == [10, 11])
        let config = try json(dir + "/out/config.json")
        #expect(config["pad_token_id"] as? Int == 1 && config["sep_token_id"] as? Int == 6)
        let rows = try #require(try ModelFolderFixture.values(of: "bert.embeddings.word_embeddings.weight", in: dir + "/out/model.safetensors"))
        let head = try #require(try ModelFolderFixture.values(of: "cls.predictions.decoder.weight", in: dir + "/out/model.safetensors"))
        #expect(rows.count == 24 && head.count == 24)
        // Old rows copied; each new row from its own tensor's rows (mean of cat + ##s, dog + ##s).
        let oldRows: [Float] = (0..<10).flatMap { [Float($0), Float($0) + 0.5] }
        #expect(Array(rows.prefix(20)) == oldRows)
        let newRows: [Float] = [4.5, 5, 5.5, 6]
        let newHeadRows: [Float] = [104.5, 105, 105.5, 106]
        #expect(Array(rows.suffix(4)) == newRows)
        #expect(Array(head.suffix(4)) == newHeadRows)
    }

    @Test func separateFilesOverrideTheFolders() throws {
        let dir = temporaryFolder("model-override")
        defer { try? OutputFolder.removeTree(dir) }
        try ModelFolderFixture.write(to: dir + "/in")
        try FileIO.writeAtomically(
            Array(#"{"hidden_size": 2, "pad_token_id": 6, "tie_word_embeddings": false, "vocab_size": 10}"#.utf8), to: dir + "/other.json")
        let folder = try ModelFolder(model: dir + "/in", config: dir + "/other.json")
        #expect(folder.configPath == dir + "/other.json")
        #expect(folder.configTokenIDs == [1, 6])  // config's pad, generation_config's eos and pad
    }

    @Test func specialTokensTheNewVocabularyLacksAreAnError() throws {
        let old = TokenTable(pieces: ["[PAD]", "[MASK]", "x"].map { Array($0.utf8) })
        let new = TokenTable(pieces: ["[PAD]", "x"].map { Array($0.utf8) })
        let config = Array(#"{"pad_token": "[PAD]", "cls_token": "[CLS]", "mask_token": {"content": "[MASK]"}}"#.utf8)
        #expect(throws: VocabError.self) { try TokenizerConfigFiles.checkSpecialTokens(config, file: "t.json", old: old, new: new) }
        // [CLS] was not in the old vocabulary either (transformers adds such tokens itself): no error.
        try TokenizerConfigFiles.checkSpecialTokens(config, file: "t.json", old: new, new: new)
    }

    @Test func filesLeftOnPurposeAreReported() throws {
        let dir = temporaryFolder("model-leaving")
        defer { try? OutputFolder.removeTree(dir) }
        try ModelFolderFixture.write(to: dir + "/in")
        let input = try ModelFolder(model: dir + "/in")
        let output = try OutputFolder(destination: dir + "/out", replace: false)
        let map = try VocabularyIDMap.expansion(oldCount: 10, table: input.tokenizer.table)
        let files = try ModelFolderWriter.write(
            input, map: map, rows: 10, alreadyWritten: ["tokenizer.json", "model.safetensors"],
            leaving: ["vocab.txt": "the old tokenizer's"], into: output)
        #expect(files.leftOut == ["vocab.txt (the old tokenizer's)"])
        #expect(!files.written.contains("vocab.txt") && files.written.contains("1_Pooling/config.json"))
    }

    @Test func configIDsAndVocabularySizeKeepTheLayout() throws {
        let text = "{\n  \"vocab_size\": 10,\n  \"eos_token_id\": [\n    6,\n    1\n  ],\n  \"text_config\": {\n    \"vocab_size\": 10,\n    \"bos_token_id\": 5\n  },\n  \"layer_norm_eps\": 1e-05\n}\n"
        let table = TokenTable(pieces: ["[PAD]", "[CLS]", "[SEP]"].map { Array($0.utf8) })
        let map = try VocabularyIDMap(newToOld: [1, 5, 6], oldCount: 10, table: table)
        let out = try ModelConfigIDs.rewrite(Array(text.utf8), file: "config.json", map: map, rows: 8)
        #expect(String(decoding: out, as: UTF8.self)
            == "{\n  \"vocab_size\": 8,\n  \"eos_token_id\": [\n    2,\n    0\n  ],\n  \"text_config\": {\n    \"vocab_size\": 8,\n    \"bos_token_id\": 1\n  },\n  \"layer_norm_eps\": 1e-05\n}\n")
        let dropped = try VocabularyIDMap(newToOld: [1, 5, 2], oldCount: 10, table: table)
        #expect(throws: VocabError.self) { try ModelConfigIDs.rewrite(Array(text.utf8), file: "config.json", map: dropped, rows: 3) }
    }
}
