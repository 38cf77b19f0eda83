import Testing
import TestSupport
@testable import VocabCore

/// Load → save → load, legacy vocabulary files, and bad input.
@Suite struct HFFormatTests {
    @Test(.enabled(if: SharedData.path != nil, "needs ../shared"))
    func resavingKeepsEveryFieldAndTheTable() throws {
        for name in ["gpt2/tokenizer.json", "minilm-wordpiece/tokenizer.json", "xlmr-unigram/tokenizer.json"] {
            let (bytes, first) = try #require(SharedTokenizers.named(name))
            let saved = try first.serialized()
            #expect(saved == bytes, "\(name): re-saved bytes differ")
            #expect(try JSONParser.parse(saved) == JSONParser.parse(bytes))
            let second = try HFTokenizer(bytes: saved)
            #expect(second.table == first.table, "\(name): tables differ after a round trip")
        }
    }

    @Test func jsonFilesAreDetectedByTheirContent() throws {
        func format(_ text: String) throws -> TokenizerFormat { try TokenizerLoader.detect(Array(text.utf8), file: "x") }
        #expect(try format(#" {"!": 0, "\"": 1, "a": 2}"#) == .gpt2VocabMerges)
        #expect(try format(#"{"a\"b" : -1}"#) == .gpt2VocabMerges)
        #expect(try format(#"{"version": "1.0", "model": {"type": "BPE"}}"#) == .huggingFace)
        // A truncated tokenizer.json is still one (its reader then names where it ends).
        #expect(try format(#"{"version": "1.0", "truncation": null, "added_to"#) == .huggingFace)
        #expect(try format(#"{"#) == .huggingFace)
    }

    @Test(.enabled(if: SharedData.path != nil, "needs ../shared"))
    func gpt2VocabAndMergesBuildTheSharedTokenizerJSON() throws {
        let dir = SharedData.file("tokenizers/gpt2")!
        let legacy = try GPT2VocabMerges.load(
            vocab: FileIO.read(dir + "/vocab.json"), merges: FileIO.read(dir + "/merges.txt"))
        let reference = try #require(SharedTokenizers.gpt2).tokenizer
        #expect(legacy.document == reference.document)
        #expect(legacy.table == reference.table)
        #expect(try legacy.serialized() == FileIO.read(dir + "/vocab.json"))
        #expect(GPT2VocabMerges.mergesText(legacy.table) == (try FileIO.read(dir + "/merges.txt")))
        let (loaded, source) = try TokenizerLoader.load(path: dir + "/vocab.json")
        #expect(source.format == .gpt2VocabMerges)
        #expect(loaded.encode("Hello world, ünïcödé!") == reference.encode("Hello world, ünïcödé!"))
    }

    @Test(.enabled(if: SharedData.path != nil, "needs ../shared"))
    func wordPieceVocabBuildsTheMiniLMPipeline() throws {
        let dir = SharedData.file("tokenizers/minilm-wordpiece")!
        let legacy = try WordPieceVocab.load(FileIO.read(dir + "/vocab.txt"))
        let reference = try #require(SharedTokenizers.minilm).tokenizer
        var expected = reference.document
        expected["truncation"] = .null
        expected["padding"] = .null
        #expect(legacy.document == expected)
        #expect(legacy.table == reference.table)
        #expect(try legacy.serialized() == FileIO.read(dir + "/vocab.txt"))
        #expect(WordPieceVocab.vocabText(legacy.table) == (try FileIO.read(dir + "/vocab.txt")))
        let text = "Héllo, WORLD! naïve café 中文字 x\u{200C}y"
        #expect(legacy.encode(text) == reference.encode(text))
        #expect(legacy.encode("hello") == [7592])
    }

    func loadError(_ json: String) -> VocabError? {
        do {
            _ = try HFTokenizer(bytes: Array(json.utf8))
            return nil
        } catch let e as VocabError {
            return e
        } catch {
            return VocabError("other")
        }
    }

    @Test func unknownComponentTypesNameTheTypeAndPosition() throws {
        let model = #""model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[UNK]": 0, "a": 1}}"#
        let e1 = try #require(loadError(#"{"normalizer": {"type": "Fancy"}, "# + model + "}"))
        #expect(e1.message.contains("Fancy"))
        #expect(e1.location == .byte(15))
        let e2 = try #require(loadError(#"{"model": {"type": "Magic", "vocab": {}}}"#))
        #expect(e2.message.contains("Magic"))
        #expect(e2.location == .byte(10))
        #expect(loadError(#"{"pre_tokenizer": {"type": "Nope"}, "# + model + "}")?.message.contains("Nope") == true)
        #expect(loadError(#"{"decoder": {"type": "Nope2"}, "# + model + "}")?.message.contains("Nope2") == true)
        #expect(loadError(#"{"post_processor": {"type": "Nope3"}, "# + model + "}")?.message.contains("Nope3") == true)
        #expect(loadError("{" + model + "}") == nil)
    }

    @Test func malformedFilesAreErrors() {
        #expect(loadError("") != nil)
        #expect(loadError("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": [\"a b\"]}}") != nil)
        #expect(loadError("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": -1}, \"merges\": []}}") != nil)
        #expect(loadError("{\"model\": {\"type\": \"Unigram\", \"vocab\": [[\"a\"]]}}") != nil)
        #expect(loadError("{\"model\": {\"type\": \"Unigram\", \"vocab\": [[\"a\", 0.5]], \"unk_id\": 3}}") != nil)
        #expect(loadError("{\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"a\": 0}}}") != nil)
        #expect(loadError("[1, 2]") != nil)
        #expect(loadError("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": []}") != nil)
        #expect(GPT2VocabMergesErrorLine("#version: 0.2\na b\nabc\n") == 3)
    }

    func GPT2VocabMergesErrorLine(_ text: String) -> Int? {
        do {
            _ = try GPT2VocabMerges.mergePairs(Array(text.utf8), file: "merges.txt")
            return nil
        } catch let e as VocabError {
            if case .line(let n) = e.location { return n }
            return -1
        } catch {
            return -2
        }
    }
}
