import Foundation
import Testing
import TestSupport

/// `vocabtool trim --model` and `expand --model` on a bad model folder: one clear error naming
/// the file, exit 1, and no output folder (nor a partial one) left behind.
@Suite struct ModelFolderCLITests {
    enum Command: String, CaseIterable { case trim, expand }

    /// A folder `in` holding `ModelFolderFixture` (with `edit` applied), a corpus and a tokens file.
    func fixture(hiddenSize: Int = 2, tied: Bool = false, _ edit: (String) throws -> Void = { _ in }) throws -> String {
        let dir = try CLI.temporaryDirectory()
        try ModelFolderFixture.write(to: dir + "/in", hiddenSize: hiddenSize, tied: tied)
        try edit(dir + "/in")
        try "the cats\n".write(toFile: dir + "/corpus.txt", atomically: true, encoding: .utf8)
        try "cats\n".write(toFile: dir + "/tokens.txt", atomically: true, encoding: .utf8)
        return dir
    }

    func run(_ command: Command, _ dir: String) throws -> CLI.Result {
        switch command {
        case .trim:
            return try CLI.run(["trim", "--model", dir + "/in", "--corpus", dir + "/corpus.txt", "--min-frequency", "1", "--output", dir + "/out"])
        case .expand:
            return try CLI.run(["expand", "--model", dir + "/in", "--tokens", dir + "/tokens.txt", "--output", dir + "/out"])
        }
    }

    /// Runs both commands: each fails naming `file` and saying `message`, and writes nothing.
    func expectRefused(_ dir: String, file: String, _ message: String) throws {
        for command in Command.allCases {
            let result = try run(command, dir)
            #expect(result.status == 1, "\(command): \(result.stderr)")
            #expect(result.stderr.contains(file) && result.stderr.contains(message), "\(command): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(command): \(result.stderr)")
            let left = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("out") }
            #expect(left.isEmpty, "\(command) left \(left)")
        }
    }

    @Test func theFixtureItselfWorks() throws {
        let dir = try fixture()
        for command in Command.allCases {
            let result = try run(command, dir)
            #expect(result.status == 0, "\(command): \(result.stderr)")
            try FileManager.default.removeItem(atPath: dir + "/out")
        }
    }

    @Test func aFolderWithoutWeights() throws {
        let dir = try fixture { try FileManager.default.removeItem(atPath: $0 + "/model.safetensors") }
        try expectRefused(dir, file: dir + "/in", "no safetensors weights")
    }

    @Test func aFolderWithOnlyPyTorchWeightsSaysSo() throws {
        let dir = try fixture {
            try FileManager.default.moveItem(atPath: $0 + "/model.safetensors", toPath: $0 + "/pytorch_model.bin")
        }
        try expectRefused(dir, file: dir + "/in", "pytorch_model.bin must be converted to safetensors")
    }

    @Test func embeddingsOfTheWrongWidth() throws {
        let dir = try fixture(hiddenSize: 3)
        try expectRefused(dir, file: dir + "/in/model.safetensors", "is 10 x 2, but \(dir)/in/config.json gives hidden_size 3")
    }

    @Test func tokenizerConfigIDsThatDisagreeWithTokenizerJSON() throws {
        let dir = try fixture { dir in
            let path = dir + "/tokenizer_config.json"
            let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "\"3\": {", with: "\"4\": {")
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        try expectRefused(dir, file: dir + "/in/tokenizer_config.json", "gives id 4 to \"[UNK]\", but \(dir)/in/tokenizer.json has \"dog\" at id 4")
    }

    @Test func aShardIndexNamingAMissingShard() throws {
        let dir = try fixture { dir in
            let fm = FileManager.default
            try fm.moveItem(atPath: dir + "/model.safetensors", toPath: dir + "/model-00001-of-00002.safetensors")
            let index = """
                {"metadata": {"total_size": 200}, "weight_map": {"bert.embeddings.word_embeddings.weight": "model-00001-of-00002.safetensors",
                "bert.encoder.scale": "model-00001-of-00002.safetensors", "cls.predictions.decoder.weight": "model-00001-of-00002.safetensors",
                "bert.pooler.weight": "model-00002-of-00002.safetensors"}}
                """
            try index.write(toFile: dir + "/model.safetensors.index.json", atomically: true, encoding: .utf8)
        }
        try expectRefused(
            dir, file: dir + "/in/model.safetensors.index.json", "weight_map names model-00002-of-00002.safetensors, which is not in the folder")
    }

    @Test func tiedEmbeddingsGivenAsTwoDifferentTensors() throws {
        let dir = try fixture(tied: true)
        try expectRefused(
            dir, file: dir + "/in/model.safetensors",
            "ties the output head to the input embeddings, but \"cls.predictions.decoder.weight\" differs")
    }

    @Test func tiedEmbeddingsGivenAsOneTensorStayOne() throws {
        let dir = try fixture(tied: true) { dir in
            try Data(ModelFolderFixture.safetensors([
                ("bert.embeddings.word_embeddings.weight", [10, 2], (0..<10).flatMap { [Float($0), Float($0) + 0.5] })
            ])).write(to: URL(fileURLWithPath: dir + "/model.safetensors"))
        }
        let result = try run(.trim, dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try ModelFolderFixture.values(of: "cls.predictions.decoder.weight", in: dir + "/out/model.safetensors") == nil)
        #expect(try ModelFolderFixture.values(of: "bert.embeddings.word_embeddings.weight", in: dir + "/out/model.safetensors")?.count == 16)
    }

    @Test func neitherModelNorTokenizerIsAUsageError() throws {
        let result = try CLI.run(["trim", "--corpus", "x.txt", "--output", "/tmp/never"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--model DIR or --tokenizer FILE"))
    }
}
