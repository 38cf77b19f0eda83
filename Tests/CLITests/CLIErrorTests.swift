import Foundation
import Testing
import TestSupport

/// Runs the built `vocabtool` binary the way a user does and checks exit codes and messages.
enum CLI {
    /// The `vocabtool` executable beside the test bundle.
    static let executable: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("vocabtool").path), dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("vocabtool").path
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs vocabtool with `arguments`, feeding `input` on stdin. Standard input is written and
    /// standard error read on their own threads while standard output is read here, so a child
    /// that fills one pipe's buffer while we wait on another cannot deadlock the test.
    static func run(_ arguments: [String], input: [UInt8] = []) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let done = DispatchGroup()
        let writer = stdin.fileHandleForWriting, errorReader = stderr.fileHandleForReading
        DispatchQueue.global().async(group: done) {
            writer.write(Data(input))
            try? writer.close()
        }
        nonisolated(unsafe) var err = Data()
        DispatchQueue.global().async(group: done) { err = errorReader.readDataToEndOfFile() }
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self))
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vocabtool-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }
}

@Suite struct CLIErrorTests {
    @Test func unknownFlagIsAUsageError() throws {
        let result = try CLI.run(["encode", "--tokenizer", "x", "--no-such-flag"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--no-such-flag"))
    }

    @Test func missingTokenizerNamesTheFile() throws {
        let result = try CLI.run(["encode", "--tokenizer", "/nonexistent/tok.json"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("/nonexistent/tok.json"))
    }

    @Test func folderWithoutTokenizerIsExplained() throws {
        let dir = try CLI.temporaryDirectory()
        let result = try CLI.run(["inspect", "--tokenizer", dir])
        #expect(result.status == 1)
        #expect(result.stderr.contains("no tokenizer found"))
    }

    /// A minimal WordPiece tokenizer.json.
    static let wordPieceJSON = #"""
        {"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":{"type":"Lowercase"},
         "pre_tokenizer":{"type":"Whitespace"},"post_processor":null,"decoder":{"type":"WordPiece","prefix":"##","cleanup":true},
         "model":{"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,
                  "vocab":{"[UNK]":0,"hi":1,"##s":2}}}
        """#

    @Test func malformedTokenizerFilesNameFileAndPosition() throws {
        let dir = try CLI.temporaryDirectory()
        let good = Array(Self.wordPieceJSON.utf8)
        let cases: [(name: String, bytes: [UInt8], message: String)] = [
            ("truncated.json", Array(good.prefix(120)), "byte 120: malformed JSON"),
            ("unknown-model.json", Array(Self.wordPieceJSON.replacingOccurrences(of: "\"type\":\"WordPiece\",\"unk", with: "\"type\":\"Foo\",\"unk").utf8),
             "unknown model type \"Foo\""),
            ("unknown-normalizer.json", Array(Self.wordPieceJSON.replacingOccurrences(of: "Lowercase", with: "Upcase").utf8),
             "unknown normalizer type \"Upcase\""),
            ("truncated.model", [0x0A, 0x0F, 0x0A, 0x03, 0x61], "runs past the end"),
        ]
        let intact = dir + "/tokenizer.json"
        try Data(good).write(to: URL(fileURLWithPath: intact))
        #expect(try CLI.run(["encode", "--tokenizer", intact], input: Array("hi his\n".utf8)).stdout == "1 1 2\n")
        for c in cases {
            let path = dir + "/" + c.name
            try Data(c.bytes).write(to: URL(fileURLWithPath: path))
            let result = try CLI.run(["encode", "--tokenizer", path], input: Array("hi\n".utf8))
            #expect(result.status == 1, "\(c.name)")
            #expect(result.stderr.contains(path) && result.stderr.contains(c.message), "\(c.name): \(result.stderr)")
        }
    }

    @Test func everySubcommandHasHelp() throws {
        for name in ["encode", "decode", "inspect", "convert", "fertility", "trim", "expand", "romanize", "count", "train"] {
            let result = try CLI.run([name, "--help"])
            #expect(result.status == 0, "\(name)")
            #expect(result.stdout.contains("USAGE: vocabtool \(name)"), "\(name)")
        }
    }

    /// The overview and discussion of every subcommand (everything before USAGE) come out as
    /// paragraphs wrapped by the parser at 80 columns: inside a paragraph no line ends early, as it
    /// does when source text carries its own line breaks.
    @Test func helpReadsAsParagraphs() throws {
        let top = try CLI.run(["--help"]).stdout
        // Subcommand rows start two spaces in; their wrapped descriptions start further in.
        let rows = (top.components(separatedBy: "SUBCOMMANDS:").last ?? "").split(separator: "\n")
        let subcommands = rows.filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") && !$0.contains("See '") }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(subcommands.count >= 10, "\(top)")
        for name in subcommands {
            let help = try CLI.run([name, "--help"]).stdout
            #expect(help.contains("USAGE: vocabtool \(name)"), "\(name)")
            let head = help.components(separatedBy: "USAGE:").first ?? ""
            for paragraph in head.components(separatedBy: "\n\n") {
                let lines = paragraph.split(separator: "\n")
                for line in lines.dropLast() {
                    #expect(line.count <= 80 && line.count >= 50, "\(name) --help: a ragged line: \(line)")
                }
            }
        }
    }

    @Test func helpListsSubcommands() throws {
        let result = try CLI.run(["--help"])
        #expect(result.status == 0)
        for name in ["encode", "decode", "inspect"] { #expect(result.stdout.contains(name)) }
    }
}
