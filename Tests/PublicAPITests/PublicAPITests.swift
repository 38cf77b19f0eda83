import Testing
import TestSupport
import VocabCore  // not @testable: this target sees only what a library user sees

/// The library as an app developer uses it: every shared tokenizer format loads, encodes a FLORES
/// line to the reference library's ids and decodes it back, in three lines each.
@Suite(.enabled(if: SharedData.path != nil, "needs ../shared"))
struct PublicAPITests {
    /// (path under ../shared/tokenizers, golden file, model family, decodes losslessly)
    static let formats: [(path: String, golden: String, model: Tokenizer.Model, lossless: Bool)] = [
        ("gpt2/tokenizer.json", "gpt2_hf", .bpe, true),                    // HF tokenizer.json, byte-level BPE
        ("gpt2", "gpt2_hf", .bpe, true),                                   // a folder: tokenizer.json first
        ("gpt2/vocab.json", "gpt2_hf", .bpe, true),                        // vocab.json + merges.txt
        ("gpt2/gpt2_r50k.tiktoken", "gpt2_r50k", .bpe, true),              // tiktoken ranks
        ("tiktoken/o200k.tiktoken", "o200k", .bpe, true),
        ("llama2/tokenizer.model", "llama2_spm", .bpe, true),              // SentencePiece BPE
        ("xlmr-unigram/tokenizer.json", "xlmr_unigram", .unigram, false),  // HF Unigram (normalizes)
        ("minilm-wordpiece/tokenizer.json", "minilm_wordpiece", .wordPiece, false),  // lowercases
        ("minilm-wordpiece/vocab.txt", "minilm_wordpiece", .wordPiece, false),
    ]

    @Test(arguments: formats.indices)
    func loadEncodeDecode(_ index: Int) throws {
        let (path, golden, model, lossless) = Self.formats[index]
        let (text, expected) = try Self.firstGoldenLine(golden, language: "fra_Latn")

        let tokenizer = try Tokenizer(contentsOf: SharedData.file("tokenizers/" + path)!)
        let ids = tokenizer.encode(text)
        let decoded = try tokenizer.decode(ids)

        #expect(ids == expected, "\(path)")
        #expect(tokenizer.model == model)
        if lossless { #expect(decoded == text, "\(path)") } else { #expect(!decoded.isEmpty) }
    }

    @Test func specialTokensByRole() throws {
        let bert = try Tokenizer(contentsOf: SharedData.file("tokenizers/minilm-wordpiece/tokenizer.json")!)
        #expect(bert.specialToken(.classifier)?.token == "[CLS]")
        #expect(bert.specialToken(.separator)?.token == "[SEP]")
        #expect(bert.specialToken(.unknown)?.token == "[UNK]")
        #expect(bert.specialToken(.padding)?.token == "[PAD]")
        #expect(bert.specialToken(.mask)?.token == "[MASK]")
        let withSpecials = bert.encode("hello world", addSpecialTokens: true)
        #expect(withSpecials.first == bert.specialTokens[.classifier] && withSpecials.last == bert.specialTokens[.separator])
        #expect(try bert.decode(withSpecials, skipSpecialTokens: true) == "hello world")

        let xlmr = try Tokenizer(contentsOf: SharedData.file("tokenizers/xlmr-unigram")!)
        #expect(xlmr.specialToken(.beginningOfSequence)?.token == "<s>")
        #expect(xlmr.specialToken(.endOfSequence)?.token == "</s>")
        #expect(xlmr.specialToken(.classifier)?.token == "<s>")
        #expect(xlmr.specialToken(.separator)?.token == "</s>")
        #expect(xlmr.specialToken(.padding)?.token == "<pad>")
        #expect(xlmr.specialToken(.mask)?.token == "<mask>")

        let llama = try Tokenizer(contentsOf: SharedData.file("tokenizers/llama2/tokenizer.model")!)
        #expect(llama.specialTokens == [.unknown: 0, .beginningOfSequence: 1, .endOfSequence: 2])
        #expect(llama.token(of: 1) == "<s>" && llama.id(of: "<s>") == 1)
    }

    @Test func errorsNameTheFile() throws {
        #expect(throws: VocabError.self) { try Tokenizer(contentsOf: "/nonexistent/tokenizer.json") }
        let tokenizer = try Tokenizer(contentsOf: SharedData.file("tokenizers/gpt2")!)
        #expect(throws: VocabError.self) { try tokenizer.decode([tokenizer.vocabularySize]) }
    }

    /// The text and reference ids of the first golden line of `language` for `golden`.
    static func firstGoldenLine(_ golden: String, language: String) throws -> (String, [Int]) {
        let texts = try records("reference/golden/texts.jsonl")
        let ids = try records("reference/golden/\(golden).jsonl")
        let index = try #require(texts.firstIndex { $0["lang"]?.string == language })
        let text = try #require(texts[index]["text"]?.string)
        return (text, try #require(ids[index]["ids"]?.array).compactMap(\.integer))
    }

    static func records(_ relative: String) throws -> [JSONObject] {
        let bytes = try FileIO.read(SharedData.file(relative)!)
        return try bytes.split(separator: 0x0A).map { try #require(JSONParser.parse(Array($0)).object) }
    }
}
