import Foundation
import Testing
import TestSupport

/// `vocabtool train --parity`: HF's ParityBpeTrainer output end to end, and bad input refused
/// with one clear line and no output.
@Suite struct ParityCLITests {
    static let goldens = SharedData.repositoryRoot + "/Tests/Goldens/parity"

    func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    @Test func trainsHFsParityTokenizerFromFolders() throws {
        let out = try CLI.temporaryDirectory() + "/parity.json"
        let result = try CLI.run([
            "train", "--model", "bpe", "--parity", "base", "--dev", Self.goldens + "/dev", "--vocab-size", "506",
            "--quiet", "--output", out, Self.goldens + "/train",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let golden = try Data(contentsOf: URL(fileURLWithPath: Self.goldens + "/base.json"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == golden)
    }

    @Test func badInputFailsWithoutWritingOutput() throws {
        let dir = try CLI.temporaryDirectory()
        for folder in ["train", "dev", "otherdev", "emptytrain"] {
            try FileManager.default.createDirectory(atPath: dir + "/" + folder, withIntermediateDirectories: true)
        }
        try write("the cat sat\nthe dog ran\n", to: dir + "/train/eng_Latn.txt")
        try write("le chat\nle chien\n", to: dir + "/train/fra_Latn.txt")
        try write("the bird\n", to: dir + "/dev/eng_Latn.txt")
        try write("l'oiseau\n", to: dir + "/dev/fra_Latn.txt")
        try write("der Vogel\n", to: dir + "/otherdev/deu_Latn.txt")
        try write("the cat\n", to: dir + "/emptytrain/eng_Latn.txt")
        try write("", to: dir + "/emptytrain/fra_Latn.txt")
        try write("x\n", to: dir + "/english.txt")
        let out = dir + "/out.json"
        let train = ["train", "--vocab-size", "300", "--output", out]
        let cases: [([String], String)] = [
            (train + ["--parity", "base", "--dev", dir + "/otherdev", "--", dir + "/train"], "share no language"),
            (train + ["--parity", "base", "--dev", dir + "/dev/eng_Latn.txt", "--", dir + "/train"], "no dev file for 1 of 2"),
            (train + ["--parity", "base", "--dev", dir + "/dev", "--", dir + "/emptytrain"], "corpus is empty"),
            (train + ["--parity", "base", "--ratio", "eng_Latn=1,deu_Latn=2", dir + "/train"], "deu_Latn, which is not a training language"),
            (train + ["--parity", "base", "--ratio", "eng_Latn=1,fra_Latn=0", dir + "/train"], "positive number"),
            (train + ["--parity", "base", "--ratio", "eng_Latn=1,fra_Latn=-2", dir + "/train"], "positive number"),
            (train + ["--parity", "base", "--ratio", "eng_Latn=1", dir + "/train"], "no ratio for 1"),
            (train + ["--parity", "base", "--model", "unigram", "--ratio", "eng_Latn=1", dir + "/train"], "--model unigram"),
            (train + ["--parity", "base", "--ratio", "eng_Latn=1", "--dev", dir + "/dev", "--", dir + "/train"], "not both"),
            (train + ["--parity", "base", dir + "/train"], "either --dev"),
            (train + ["--parity", "base", "--ratio", "eng_Latn=1", dir + "/english.txt"], "named by its language"),
            (train + ["--ratio", "eng_Latn=1", dir + "/train"], "settings of --parity"),
        ]
        for (arguments, message) in cases {
            let result = try CLI.run(arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }
}
