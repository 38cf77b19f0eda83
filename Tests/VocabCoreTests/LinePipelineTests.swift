import Foundation
import Testing
import VocabCore

/// The block-parallel line pipeline: blocks cut only after `\n`, results in input order, the
/// first error in input order, the same result for any thread count and block size.
@Suite struct LinePipelineTests {
    /// Lines with multi-byte characters, `\r\n` endings, empty lines and no final newline.
    static let text: [UInt8] = {
        var lines: [String] = []
        for k in 0..<300 {
            switch k % 5 {
            case 0: lines.append("line \(k) ascii")
            case 1: lines.append("ζ \(k) 日本語 🧪\r")
            case 2: lines.append("")
            case 3: lines.append("\r")
            default: lines.append("አማርኛ \(k) é")
            }
        }
        return Array(lines.joined(separator: "\n").utf8)
    }()

    func write(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-\(UUID().uuidString).txt").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The lines of `files` with their numbers, as one string, from the pipeline.
    func lines(_ files: [String], threads: Int, blockSize: Int) throws -> (text: String, blocks: [[UInt8]]) {
        var out = ""
        var blocks: [[UInt8]] = []
        _ = try LinePipeline(threads: threads, blockSize: blockSize).run(
            files, state: { () },
            process: { _, block in
                var s = ""
                try block.forEachLine(policy: .fail) { line, number in
                    s += "\(block.file):\(number):\(String(decoding: line, as: UTF8.self))\n"
                }
                return s
            },
            consume: { block, s in
                out += s
                blocks.append(block.bytes)
            })
        return (out, blocks)
    }

    @Test func blocksNeverSplitACharacterOrACRLFPair() throws {
        let path = try write(Self.text)
        var expected = ""
        try TextLines.forEach(in: Self.text, file: path, policy: .fail) { line, number in
            expected += "\(path):\(number):\(String(decoding: line, as: UTF8.self))\n"
        }
        for blockSize in [1, 2, 3, 7, 64, 1000, 1 << 20] {
            for threads in [1, 2, 4] {
                let (text, blocks) = try lines([path], threads: threads, blockSize: blockSize)
                #expect(text == expected, "threads \(threads), block size \(blockSize)")
                #expect(Array(blocks.joined()) == Self.text)
                // Every block but the last ends a line, so holds whole characters and CRLF pairs.
                for block in blocks.dropLast() { #expect(block.last == 0x0A) }
                for block in blocks { #expect(String(validating: block, as: UTF8.self) != nil) }
            }
        }
    }

    @Test func severalInputsKeepTheirOwnLineNumbers() throws {
        let a = try write(Array("one\ntwo\n".utf8))
        let b = try write(Array("three\nfour".utf8))
        let (text, _) = try lines([a, b, a], threads: 3, blockSize: 2)
        #expect(text == "\(a):1:one\n\(a):2:two\n\(b):1:three\n\(b):2:four\n\(a):1:one\n\(a):2:two\n")
    }

    @Test func theFirstBadLineInInputOrderIsReported() throws {
        var bytes = Self.text
        // Invalid UTF-8 on two lines: the earlier must be named whatever the thread count.
        bytes.insert(0xFF, at: 2_000)
        bytes.insert(0xC3, at: 200)
        let path = try write(bytes)
        var expected: String?
        do {
            try TextLines.forEach(in: bytes, file: path, policy: .fail) { _, _ in }
        } catch let error as VocabError {
            expected = error.description
        }
        #expect(expected != nil)
        for threads in [1, 2, 4] {
            for blockSize in [5, 100, 1 << 20] {
                #expect(throws: VocabError.self) { try lines([path], threads: threads, blockSize: blockSize) }
                do {
                    _ = try lines([path], threads: threads, blockSize: blockSize)
                } catch let error as VocabError {
                    #expect(error.description == expected, "threads \(threads), block size \(blockSize)")
                }
            }
        }
    }

    @Test func aFailingWorkerFailsTheRunWithItsMessage() throws {
        let path = try write(Self.text)
        for threads in [1, 3] {
            var consumed = 0
            #expect {
                _ = try LinePipeline(threads: threads, blockSize: 50).run(
                    [path], state: { () },
                    process: { _, block in
                        if block.index >= 4 { throw VocabError("worker failed on block \(block.index)") }
                        return block.index
                    },
                    consume: { _, _ in consumed += 1 })
            } throws: { error in
                (error as? VocabError)?.message == "worker failed on block 4"
            }
            #expect(consumed == 4)
        }
    }

    @Test func aMissingInputFailsBeforeAnyWork() throws {
        let path = try write(Self.text)
        var consumed = 0
        #expect {
            _ = try LinePipeline(threads: 2).run(
                [path, path + ".missing"], state: { () }, process: { _, _ in () }, consume: { _, _ in consumed += 1 })
        } throws: { error in
            (error as? VocabError)?.file == path + ".missing"
        }
        #expect(consumed == 0)
    }

    @Test func workerStatesAccumulateEveryLine() throws {
        let path = try write(Self.text)
        let states = try LinePipeline(threads: 3, blockSize: 10).run(
            [path], state: { 0 },
            process: { count, block in try block.forEachLine(policy: .fail) { _, _ in count += 1 } })
        #expect(states.count == 3)
        #expect(states.reduce(0, +) == 300)
    }
}
