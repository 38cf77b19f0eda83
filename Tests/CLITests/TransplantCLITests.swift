import Foundation
import Testing
import TestSupport

/// `vocabtool transplant` on bad input: one clear error line, exit 1, no output folder (nor a
/// partial one); and a new tokenizer that shares nothing with the base still works with `subword`.
@Suite struct TransplantCLITests {
    /// `in`: the `ModelFolderFixture` model; `new.json`: a WordPiece tokenizer.json with `pieces`.
    func fixture(newPieces: [String] = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "cat", "##s", "bird"]) throws -> String {
        let dir = try CLI.temporaryDirectory()
        try ModelFolderFixture.write(to: dir + "/in")
        try TransplantCLITests.wordPiece(newPieces).write(toFile: dir + "/new.json", atomically: true, encoding: .utf8)
        return dir
    }

    static func wordPiece(_ pieces: [String]) -> String {
        let vocab = pieces.enumerated().map { "\"\($1)\":\($0)" }.joined(separator: ",")
        return """
            {"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,
            "pre_tokenizer":{"type":"BertPreTokenizer"},"post_processor":null,
            "decoder":{"type":"WordPiece","prefix":"##","cleanup":true},
            "model":{"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{\(vocab)}}}

            """
    }

    /// Fails with `message`: a usage error (exit 64, with the usage lines) or else one error line (exit 1).
    func expectRefused(_ dir: String, _ arguments: [String], _ message: String, usage: Bool = false) throws {
        let result = try CLI.run(["transplant", "--model", dir + "/in", "--tokenizer", dir + "/new.json", "--output", dir + "/out"] + arguments)
        #expect(result.status == (usage ? 64 : 1), "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        if !usage { #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)") }
        let left = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("out") }
        #expect(left.isEmpty, "left \(left)")
    }

    @Test func ompWithoutADonor() throws {
        try expectRefused(try fixture(), ["--init", "omp"], "--init omp needs --donor DIR", usage: true)
    }

    @Test func aDonorWhoseTokenizerDiffers() throws {
        let dir = try fixture()
        try FileManager.default.createDirectory(atPath: dir + "/donor", withIntermediateDirectories: true)
        try TransplantCLITests.wordPiece(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "cat", "##s", "fish"])
            .write(toFile: dir + "/donor/tokenizer.json", atomically: true, encoding: .utf8)
        try Data(ModelFolderFixture.safetensors([("embeddings.word_embeddings.weight", [8, 3], (0..<24).map { Float($0) })]))
            .write(to: URL(fileURLWithPath: dir + "/donor/model.safetensors"))
        try expectRefused(
            dir, ["--init", "omp", "--donor", dir + "/donor"],
            "\(dir)/donor/tokenizer.json: the donor's tokenizer has \"fish\" at id 7, the new tokenizer (\(dir)/new.json) \"bird\"")
    }

    @Test func aTokenizerSharingNothingWorksWithSubwordAndSaysSo() throws {
        let dir = try fixture()
        // A BPE vocabulary of z and q: no piece, no special token, no unknown token in common.
        try """
            {"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,"pre_tokenizer":null,
            "post_processor":null,"decoder":null,"model":{"type":"BPE","dropout":null,"unk_token":null,"continuing_subword_prefix":null,
            "end_of_word_suffix":null,"fuse_unk":false,"byte_fallback":false,"vocab":{"z":0,"q":1,"zz":2},"merges":["z z"]}}

            """.write(toFile: dir + "/new.json", atomically: true, encoding: .utf8)
        try expectRefused(dir, ["--init", "omp", "--donor", dir + "/in"], "shares no token with the base model's, so OMP has no anchors")
        let result = try CLI.run(["transplant", "--model", dir + "/in", "--tokenizer", dir + "/new.json", "--output", dir + "/out"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning: the new tokenizer shares no token with the base model's"), "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/out/transplant-report.json"))
    }

    @Test func anUnknownInitMethod() throws {
        let dir = try fixture()
        let result = try CLI.run(["transplant", "--model", dir + "/in", "--tokenizer", dir + "/new.json", "--init", "magic", "--output", dir + "/out"])
        #expect(result.status != 0 && result.stderr.contains("magic"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
    }
}
