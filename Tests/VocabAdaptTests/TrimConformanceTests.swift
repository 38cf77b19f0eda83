import Testing
import TestSupport
import VocabCore
@testable import VocabAdapt

/// Lossless trimming on real tokenizers: with --min-frequency 1 every corpus line encodes to the
/// same pieces (mapped ids) with the trimmed tokenizer. Uses the first lines of FLORES dev files
/// to stay fast in a debug build; Scripts/check-trim runs whole files against HF tokenizers.
@Suite(.enabled(if: SharedData.path != nil, "needs ../shared"))
struct TrimConformanceTests {
    static let linesPerLanguage = 150

    /// A corpus file made of the first lines of the given FLORES dev languages.
    func corpus(_ languages: [String], tag: String) throws -> String {
        var text: [UInt8] = []
        for language in languages {
            let path = try #require(SharedData.file("corpora/flores200-dev/\(language).dev"))
            var lines = 0
            for byte in try FileIO.read(path) {
                if lines == Self.linesPerLanguage { break }
                text.append(byte)
                if byte == 0x0A { lines += 1 }
            }
        }
        let path = temporaryFolder("trim-corpus-\(tag)") + "/corpus.txt"
        try FileIO.writeAtomically(text, to: path)
        return path
    }

    /// Removes the temporary folders of a request (its corpus and held-out files and its output).
    func removeFolders(of request: TrimRequest) {
        for path in [request.output] + request.corpus + request.heldOut {
            let parent = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
            if parent.hasPrefix("/tmp/vocabtool-") { try? OutputFolder.removeTree(parent) }
        }
    }

    /// A request for a lossless trim (minimum frequency 1, verified) of a shared tokenizer.
    func losslessRequest(_ tokenizer: String, _ languages: [String], tag: String) throws -> TrimRequest {
        let tokenizerPath = try #require(SharedData.file("tokenizers/\(tokenizer)"))
        var request = TrimRequest(
            tokenizer: tokenizerPath, corpus: [try corpus(languages, tag: tag)], output: temporaryFolder("trim-out-\(tag)") + "/out")
        request.minFrequency = 1
        request.verify = true
        return request
    }

    @Test func tiktokenCl100kOnEnglishAndRussian() throws {
        var request = try losslessRequest("tiktoken/cl100k.tiktoken", ["eng_Latn", "rus_Cyrl"], tag: "cl100k")
        defer { removeFolders(of: request) }
        request.heldOut = [try corpus(["ukr_Cyrl"], tag: "cl100k-held-out")]
        let report = try TrimJob.run(request)
        #expect(report.changedLines == 0 && report.corpusCoverage == 1)
        #expect(report.vocabularyAfter < report.vocabularyBefore)
        #expect(report.heldOut?.fallbackAfter == 0)
        // The trimmed rank file reloads (with the original's split pattern) with the specials last.
        let (trimmed, _) = try TokenizerLoader.load(path: request.output, pattern: "cl100k")
        #expect(trimmed.table.count == report.vocabularyAfter)
        #expect(trimmed.table.id(of: "<|endoftext|>") != nil)
    }

    @Test func xlmrUnigramOnEnglishAndJapanese() throws {
        let request = try losslessRequest("xlmr-unigram", ["eng_Latn", "jpn_Jpan"], tag: "xlmr")
        defer { removeFolders(of: request) }
        let report = try TrimJob.run(request)
        #expect(report.changedLines == 0 && report.corpusCoverage == 1)
        #expect(report.newToOld.prefix(4) == [0, 1, 2, 3])
        #expect(report.newToOld.last == 250_001)  // <mask>
        let (trimmed, _) = try TokenizerLoader.load(path: request.output)
        #expect(trimmed.table.count == report.vocabularyAfter)
    }

    @Test func gpt2ByteLevelBPEOnEnglishAndGerman() throws {
        let request = try losslessRequest("gpt2/tokenizer.json", ["eng_Latn", "deu_Latn"], tag: "gpt2")
        defer { removeFolders(of: request) }
        let report = try TrimJob.run(request)
        #expect(report.changedLines == 0 && report.corpusCoverage == 1)
        #expect(report.mergesAfter < report.mergesBefore && report.mergesAfter > 0)
        #expect(report.vocabularyAfter >= 256)
    }

    @Test func miniLMWordPieceAndLegacyFiles() throws {
        for (tokenizer, tag) in [("minilm-wordpiece/tokenizer.json", "minilm"), ("minilm-wordpiece/vocab.txt", "minilm-txt"),
            ("gpt2/vocab.json", "gpt2-legacy")]
        {
            let request = try losslessRequest(tokenizer, ["eng_Latn", "fra_Latn"], tag: tag)
            defer { removeFolders(of: request) }
            let report = try TrimJob.run(request)
            #expect(report.changedLines == 0 && report.corpusCoverage == 1, "\(tokenizer)")
            #expect(report.vocabularyAfter < report.vocabularyBefore)
        }
    }

    @Test func llama2SentencePieceBPEWithByteFallback() throws {
        let request = try losslessRequest("llama2/tokenizer.model", ["eng_Latn", "hin_Deva"], tag: "llama2")
        defer { removeFolders(of: request) }
        let report = try TrimJob.run(request)
        #expect(report.changedLines == 0 && report.corpusCoverage == 1)
        #expect(report.keptByRule >= 256 + 3)  // byte pieces and <unk>, <s>, </s>
        let (model, _) = try TokenizerLoader.load(path: request.output + "/tokenizer.model")
        let (json, _) = try TokenizerLoader.load(path: request.output + "/tokenizer.json")
        #expect(model.table.count == report.vocabularyAfter && json.table.count == report.vocabularyAfter)
        // The tokenizer.json beside the model encodes like it.
        for text in ["Hello world, this is a test.", "  two  spaces ", "नमस्ते दुनिया", "🧪 ünïcödé"] {
            #expect(json.encode(text) == model.encode(text), "\(text)")
        }
    }
}
