import Testing
import TestSupport
@testable import VocabCore

#if canImport(Glibc)
import Glibc
#endif

/// The GGUF tokenizer reader, on small files the tests build (`GGUFBuilder`).
@Suite struct GGUFTests {
    static func load(_ bytes: [UInt8]) throws -> any TokenizerBackend {
        try TokenizerLoader.load(bytes: bytes, source: .init(file: "m.gguf", format: .gguf))
    }

    /// The error loading `bytes` gives, with the byte offset it names.
    static func failure(_ bytes: [UInt8]) -> (message: String, offset: Int)? {
        do {
            _ = try load(bytes)
            return nil
        } catch let error as VocabError {
            guard error.file == "m.gguf", case .byte(let offset)? = error.location else { return (error.description, -1) }
            return (error.message, offset)
        } catch {
            return nil
        }
    }

    @Test func detectedByMagic() throws {
        #expect(try TokenizerLoader.detect(GGUFBuilder.gpt2().bytes(), file: "m.gguf") == .gguf)
    }

    @Test func gpt2ModelMergesByRank() throws {
        let tokenizer = try Self.load(GGUFBuilder.gpt2().bytes())
        #expect(tokenizer.format == .gguf)
        #expect(tokenizer.table.count == 262)
        #expect(tokenizer.table.kinds[261] == .control)
        // gpt-2 merges " the" as Ġ + the (no whole-piece shortcut).
        #expect(tokenizer.encode("the the") == [257, 32, 257])
        #expect(try tokenizer.decode([257, 32, 257]) == Array("the the".utf8))
        #expect(tokenizer.encode("x<|endoftext|>") == [Int32(UInt8(ascii: "x")), 261])
        #expect(throws: VocabError.self) { try tokenizer.serialized() }
    }

    @Test func llamaBPEPreTakesWholePiecesFirst() throws {
        // llama.cpp's llama-bpe pre-tokenizer sets ignore_merges: " the" is a token, taken whole.
        let tokenizer = try Self.load(GGUFBuilder.gpt2(pre: "llama-bpe").bytes())
        #expect(tokenizer.encode("the the") == [257, 260])
        let hf = try TokenizerConversion.toHuggingFace(tokenizer)
        #expect(hf.encode("the the") == [257, 260])
    }

    @Test func llamaModelIsSentencePieceBPEWithByteFallback() throws {
        let tokenizer = try Self.load(GGUFBuilder.llama().bytes())
        #expect(tokenizer.table.count == 266)
        #expect(tokenizer.unknownID == 0)
        #expect(tokenizer.encode("the") == [261])
        #expect(tokenizer.encode("the x") == [261, 262, 3 + 0x78])
        #expect(try tokenizer.decode([261, 262, 3 + 0x78]) == Array("the x".utf8))
        #expect(try TokenizerConversion.toSentencePiece(tokenizer).encode("the x") == [261, 262, 3 + 0x78])
    }

    @Test func loadsFromAFileThroughTheLoader() throws {
        let path = "/tmp/vocabtool-gguf-test-\(getpid()).gguf"
        defer { unlink(path) }
        try FileIO.writeAtomically(GGUFBuilder.llama().bytes(), to: path)
        let (tokenizer, source) = try TokenizerLoader.load(path: path)
        #expect(source.format == .gguf)
        #expect(tokenizer.encode("the") == [261])
    }

    @Test func unknownPreIsAnError() throws {
        let failure = Self.failure(GGUFBuilder.gpt2(pre: "whatever-2").bytes())
        #expect(failure?.message.contains("tokenizer.ggml.pre 'whatever-2' is not a pre-tokenizer vocabtool knows") == true)
        #expect(Self.failure(GGUFBuilder.gpt2(pre: "default").bytes()) != nil)
    }

    @Test func truncatedHeaderNamesTheOffset() throws {
        let bytes = GGUFBuilder.gpt2().bytes()
        for cut in [0, 3, 10, 20, 30, 100, bytes.count - 1] {
            let failure = Self.failure(Array(bytes[..<cut]))
            #expect(failure != nil, "cut at \(cut)")
            #expect((failure?.offset ?? -1) >= 0 && (failure?.offset ?? .max) <= cut, "cut at \(cut): \(String(describing: failure))")
        }
        #expect(Self.failure(Array(bytes[..<20]))?.message.contains("ends inside the GGUF header") == true)
    }

    @Test func valueOfTheWrongTypeNamesTheKey() throws {
        var builder = GGUFBuilder.gpt2()
        builder.entries[1].value = .uint32(2)  // tokenizer.ggml.model
        let failure = Self.failure(builder.bytes())
        #expect(failure?.message == "tokenizer.ggml.model is uint32, expected a string")
        // The offset is the key's (its length field precedes its text).
        #expect(failure.map { Array(builder.bytes()[($0.offset + 8)..<($0.offset + 28)]) } == Array("tokenizer.ggml.model".utf8))
    }

    @Test func stringLengthPastTheEndIsAnError() throws {
        var bytes = GGUFBuilder.gpt2().bytes()
        // The first key's length (at byte 24) claims more bytes than the file has.
        bytes[24 + 6] = 0x7F
        let failure = Self.failure(bytes)
        #expect(failure?.offset == 24)
        #expect(failure?.message.contains("runs past the end of the file") == true)
    }

    @Test func tokenCountMismatchIsAnError() throws {
        var builder = GGUFBuilder.llama()
        builder.entries[4].value = .floats([0, 0, 0])  // tokenizer.ggml.scores
        let failure = Self.failure(builder.bytes())
        #expect(failure?.message == "tokenizer.ggml.scores has 3 entries but tokenizer.ggml.tokens has 266")
    }

    @Test func fileWithoutTokenizerKeysIsAnError() throws {
        let bytes = GGUFBuilder([("general.architecture", .string("llama"))]).bytes()
        let failure = Self.failure(bytes)
        #expect(failure?.message.contains("has no tokenizer") == true)
        #expect(failure?.offset == bytes.count)
    }

    @Test func otherBadFilesAreErrors() throws {
        var builder = GGUFBuilder.llama()
        builder.entries[5].value = .int32s([Int32](repeating: 9, count: 266))  // token types
        #expect(Self.failure(builder.bytes()) != nil)
        builder = GGUFBuilder.gpt2()
        builder.entries[5].value = .strings(["t h", "nothing"])  // merges
        #expect(Self.failure(builder.bytes()) != nil)
        var bytes = GGUFBuilder.gpt2().bytes()
        bytes[4] = 1  // version 1
        #expect(Self.failure(bytes)?.message.contains("version 1") == true)
    }
}
