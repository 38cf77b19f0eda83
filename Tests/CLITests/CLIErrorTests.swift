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

    /// Runs vocabtool with `arguments`, feeding `input` on stdin.
    static func run(_ arguments: [String], input: [UInt8] = []) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
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

    @Test func helpListsSubcommands() throws {
        let result = try CLI.run(["--help"])
        #expect(result.status == 0)
        for name in ["encode", "decode", "inspect"] { #expect(result.stdout.contains(name)) }
    }
}
