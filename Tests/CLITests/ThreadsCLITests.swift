import Foundation
import Testing
import TestSupport

/// Every corpus pass gives the same output on one thread as on several (small blocks, so the
/// input really is split), and corpora counted once give `trim` and `expand` exactly what the
/// text gives; count files made differently are refused.
@Suite(.enabled(if: SharedData.path != nil, "needs ../shared (FLORES dev and the shared tokenizers)"))
struct ThreadsCLITests {
    static let languages = ["eng_Latn", "amh_Ethi", "jpn_Jpan", "hin_Deva", "rus_Cyrl", "zho_Hans"]
    let o200k = SharedData.file("tokenizers/tiktoken/o200k.tiktoken") ?? ""
    let xlmr = SharedData.file("tokenizers/xlmr-unigram/tokenizer.json") ?? ""
    let gpt2 = SharedData.file("tokenizers/gpt2/tokenizer.json") ?? ""
    let llama = SharedData.file("tokenizers/llama2/tokenizer.model") ?? ""

    /// A folder with the first `lines` lines of each language as `<lang>.dev`, and all of them in `all.txt`.
    static func corpus(lines: Int = 40) throws -> String {
        let dir = try CLI.temporaryDirectory()
        var all = Data()
        for lang in languages {
            let text = try String(contentsOfFile: SharedData.file("corpora/flores200-dev/\(lang).dev")!, encoding: .utf8)
            let part = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(lines).joined(separator: "\n") + "\n"
            try part.write(toFile: "\(dir)/\(lang).dev", atomically: true, encoding: .utf8)
            all.append(Data(part.utf8))
        }
        try all.write(to: URL(fileURLWithPath: dir + "/all.txt"))
        return dir
    }

    func read(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    /// Runs `arguments` with --threads 1 and with --threads 3 --block-size 700 (OUT in the
    /// arguments becomes a per-run output path) and expects the same stdout and output.
    func expectSameOutput(_ arguments: [String], _ dir: String, output files: [String] = []) throws {
        var results: [(stdout: String, files: [Data?])] = []
        let run = UUID().uuidString
        for (k, extra) in [["--threads", "1"], ["--threads", "3", "--block-size", "700"]].enumerated() {
            let out = "\(dir)/out-\(run)-\(k)"
            let result = try CLI.run(arguments.map { $0 == "OUT" ? out : $0 } + extra)
            #expect(result.status == 0, "\(arguments.first ?? ""): \(result.stderr)")
            results.append((result.stdout, files.map { read(out + $0) }))
        }
        #expect(!results[0].stdout.isEmpty || !files.isEmpty)
        #expect(results[0].stdout == results[1].stdout, "\(arguments.first ?? ""): stdout differs")
        for (k, file) in files.enumerated() {
            #expect(results[0].files[k] != nil, "\(file) missing")
            #expect(results[0].files[k] == results[1].files[k], "\(arguments.first ?? "") \(file) differs")
        }
    }

    @Test func encodeDecodeRomanizeAreTheSameOnOneThreadAndOnThree() throws {
        let dir = try Self.corpus()
        let all = dir + "/all.txt"
        try expectSameOutput(["encode", "--tokenizer", o200k, all], dir)
        try expectSameOutput(["encode", "--tokenizer", xlmr, "--format", "json", all], dir)
        try expectSameOutput(["romanize", all], dir)
        let ids = try CLI.run(["encode", "--tokenizer", llama, all])
        try Data(ids.stdout.utf8).write(to: URL(fileURLWithPath: dir + "/ids.txt"))
        try expectSameOutput(["decode", "--tokenizer", llama, dir + "/ids.txt"], dir)
        let decoded = try CLI.run(["decode", "--tokenizer", llama, "--threads", "2", "--block-size", "100", dir + "/ids.txt"])
        #expect(decoded.stdout == (try String(contentsOfFile: all, encoding: .utf8)))
    }

    @Test func countingTrainingAndFertilityAreTheSameOnOneThreadAndOnThree() throws {
        let dir = try Self.corpus()
        let all = dir + "/all.txt"
        try expectSameOutput(["count", "--quiet", "--output", "OUT", all], dir, output: [""])
        try expectSameOutput(["count", "--quiet", "--tokenizer", xlmr, "--output", "OUT", all], dir, output: [""])
        try expectSameOutput(["count", "--quiet", "--tokenizer", o200k, "--ids", "--output", "OUT", all], dir, output: [""])
        try expectSameOutput(
            ["train", "--quiet", "--vocab-size", "1500", "--pre-tokenizer", "metaspace", "--output", "OUT", all], dir, output: [""])
        try expectSameOutput(
            ["fertility", "--tokenizer", o200k, "--corpus", dir + "/eng_Latn.dev", "--corpus", dir + "/amh_Ethi.dev", "--format", "json"], dir)
        // Standard input counts as the file does.
        let fromFile = try CLI.run(["count", "--quiet", "--output", dir + "/file.counts", all])
        let fromStdin = try CLI.run(["count", "--quiet", "--output", dir + "/stdin.counts", "-"], input: Array(read(all)!))
        #expect(fromFile.status == 0 && fromStdin.status == 0)
        #expect(read(dir + "/file.counts") == read(dir + "/stdin.counts"))
    }

    @Test func trimAndExpandAreTheSameOnOneThreadAndOnThree() throws {
        let dir = try Self.corpus()
        let all = dir + "/all.txt"
        try expectSameOutput(
            ["trim", "--tokenizer", gpt2, "--corpus", all, "--held-out", dir + "/eng_Latn.dev", "--verify", "--output", "OUT"], dir,
            output: ["/tokenizer.json", "/trim-report.json"])
        try expectSameOutput(
            ["expand", "--tokenizer", llama, "--corpus", dir + "/amh_Ethi.dev", "--add", "30", "--output", "OUT"], dir,
            output: ["/tokenizer.model", "/tokenizer.json", "/expand-report.json"])
    }

    @Test func theFirstInvalidLineIsNamedWhateverTheThreads() throws {
        let dir = try CLI.temporaryDirectory()
        var bytes: [UInt8] = []
        for k in 1...2000 {
            bytes += Array("line \(k) with some words\n".utf8)
            if k == 700 || k == 1500 { bytes.insert(0xFF, at: bytes.count - 3) }
        }
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/bad.txt"))
        for command in [["encode", "--tokenizer", o200k], ["romanize"], ["count", "--output", dir + "/c"]] {
            for threads in ["1", "3"] {
                let result = try CLI.run(command + ["--threads", threads, "--block-size", "300", dir + "/bad.txt"])
                #expect(result.status == 1)
                #expect(result.stderr.contains("bad.txt: line 700, column"), "\(command[0]) \(threads): \(result.stderr)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/c"))
    }

    /// Count files in two shards, merged, then trim and expand on them: exactly the text's output.
    @Test func trimAndExpandFromCountsEqualTheTextRuns() throws {
        let dir = try Self.corpus(lines: 60)
        let shards = [dir + "/eng_Latn.dev", dir + "/amh_Ethi.dev", dir + "/hin_Deva.dev"]
        let text = shards
        // trim: token id counts of each shard, merged.
        for (k, shard) in shards.enumerated() {
            let r = try CLI.run(["count", "--quiet", "--tokenizer", gpt2, "--ids", "--output", "\(dir)/ids\(k).counts", shard])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let merged = try CLI.run(
            ["count", "--quiet", "--from-counts", "--output", dir + "/ids.counts"] + (0..<3).map { "\(dir)/ids\($0).counts" })
        #expect(merged.status == 0, "\(merged.stderr)")
        let trimText = try CLI.run(["trim", "--tokenizer", gpt2, "--corpus"] + text + ["--json", "--output", dir + "/trim-text"])
        let trimCounts = try CLI.run(
            ["trim", "--tokenizer", gpt2, "--from-counts", "--corpus", dir + "/ids.counts", "--json", "--output", dir + "/trim-counts"])
        #expect(trimText.status == 0 && trimCounts.status == 0, "\(trimText.stderr) \(trimCounts.stderr)")
        #expect(read(dir + "/trim-text/tokenizer.json") != nil)
        #expect(read(dir + "/trim-text/tokenizer.json") == read(dir + "/trim-counts/tokenizer.json"))
        // The reports differ only in the corpus files named.
        var reportText = try JSONSerialization.jsonObject(with: read(dir + "/trim-text/trim-report.json")!) as! [String: Any]
        var reportCounts = try JSONSerialization.jsonObject(with: read(dir + "/trim-counts/trim-report.json")!) as! [String: Any]
        #expect(reportText["corpus"] != nil)
        reportText["corpus"] = nil
        reportCounts["corpus"] = nil
        #expect(NSDictionary(dictionary: reportText).isEqual(to: reportCounts))

        // expand --add: word counts under each tokenizer, for a SentencePiece model and a byte-level tokenizer.json.
        for (name, tokenizer, files) in [("llama", llama, ["/tokenizer.model", "/tokenizer.json"]), ("gpt2", gpt2, ["/tokenizer.json"])] {
            for (k, shard) in shards.enumerated() {
                let r = try CLI.run(["count", "--quiet", "--tokenizer", tokenizer, "--output", "\(dir)/\(name)-words\(k).counts", shard])
                #expect(r.status == 0, "\(r.stderr)")
            }
            let wordFiles = (0..<3).map { "\(dir)/\(name)-words\($0).counts" }
            let expandText = try CLI.run(
                ["expand", "--tokenizer", tokenizer, "--corpus"] + text + ["--add", "40", "--output", "\(dir)/\(name)-expand-text"])
            let expandCounts = try CLI.run(
                ["expand", "--tokenizer", tokenizer, "--from-counts", "--corpus"] + wordFiles
                    + ["--add", "40", "--output", "\(dir)/\(name)-expand-counts"])
            #expect(expandText.status == 0 && expandCounts.status == 0, "\(expandText.stderr) \(expandCounts.stderr)")
            for file in files {
                #expect(read("\(dir)/\(name)-expand-text\(file)") != nil)
                #expect(read("\(dir)/\(name)-expand-text\(file)") == read("\(dir)/\(name)-expand-counts\(file)"), "\(name) \(file)")
            }
        }
    }

    @Test func countFilesMadeDifferentlyAreRefusedNamingTheFile() throws {
        let dir = try Self.corpus(lines: 5)
        let eng = dir + "/eng_Latn.dev"
        func count(_ name: String, _ extra: [String]) throws {
            let r = try CLI.run(["count", "--quiet", "--output", "\(dir)/\(name)"] + extra + [eng])
            #expect(r.status == 0, "\(r.stderr)")
        }
        try count("ids-gpt2", ["--tokenizer", gpt2, "--ids"])
        try count("ids-o200k", ["--tokenizer", o200k, "--ids"])
        try count("words-gpt2", ["--tokenizer", gpt2])
        try count("train-bytes", [])
        try count("train-metaspace", ["--pre-tokenizer", "metaspace"])
        let cases: [([String], String)] = [
            (["ids-gpt2", "ids-o200k"], "ids-o200k"),
            (["ids-gpt2", "words-gpt2"], "words-gpt2"),
            (["ids-gpt2", "train-bytes"], "train-bytes"),
            (["train-bytes", "ids-gpt2"], "ids-gpt2"),
            (["train-bytes", "train-metaspace"], "train-metaspace"),
        ]
        for (inputs, named) in cases {
            let r = try CLI.run(["count", "--from-counts", "--output", dir + "/merged"] + inputs.map { "\(dir)/\($0)" })
            #expect(r.status == 1, "\(inputs)")
            #expect(r.stderr.contains("\(dir)/\(named):"), "\(inputs): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/merged"))
        }
        // Counts of another tokenizer, or of the wrong kind, for trim and expand.
        let trim = try CLI.run(["trim", "--tokenizer", gpt2, "--from-counts", "--corpus", dir + "/ids-o200k", "--output", dir + "/t"])
        #expect(trim.status == 1 && trim.stderr.contains("another tokenizer"), "\(trim.stderr)")
        let expand = try CLI.run(
            ["expand", "--tokenizer", gpt2, "--from-counts", "--corpus", dir + "/ids-gpt2", "--add", "5", "--output", dir + "/e"])
        #expect(expand.status == 1 && expand.stderr.contains("token id counts"), "\(expand.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/t") && !FileManager.default.fileExists(atPath: dir + "/e"))
    }
}
