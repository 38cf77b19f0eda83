import Testing
import TestSupport
@testable import VocabCore

/// `vocabtool convert`: converted tokenizers must give the source's golden ids (made with the
/// reference libraries) on every golden line.
@Suite(.enabled(if: SharedData.path != nil, "needs ../shared")) struct ConversionGoldenTests {
    static func lines(_ relative: String, key: String) throws -> [JSONValue] {
        let bytes = try FileIO.read(SharedData.file(relative)!)
        var out: [JSONValue] = []
        try TextLines.forEach(in: bytes, file: relative, policy: .fail) { line, _ in
            out.append(try JSONParser.parse(line).object?[key] ?? .null)
        }
        return out
    }

    static let texts: [String] = (try? lines("reference/golden/texts.jsonl", key: "text").map { $0.string ?? "" }) ?? []

    static func golden(_ name: String) throws -> [[Int32]] {
        try lines("reference/golden/\(name).jsonl", key: "ids").map { ($0.array ?? []).map { Int32($0.integer ?? -1) } }
    }

    /// Converts the shared tokenizer at `path` and checks the result against `goldenName`;
    /// `skip` leaves out lines the two formats are documented to treat differently.
    func check(
        _ path: String, to target: TokenizerFormat, golden goldenName: String, allowed: Int = 0,
        skip: (String) -> Bool = { _ in false }
    ) throws {
        let (source, _) = try TokenizerLoader.load(path: SharedData.file(path)!)
        let converted: any TokenizerBackend =
            target == .huggingFace
            ? try TokenizerConversion.toHuggingFace(source) : try TokenizerConversion.toSentencePiece(source)
        #expect(converted.format == target)
        // What is written is what is read back.
        let reloaded: any TokenizerBackend =
            target == .huggingFace
            ? try HFTokenizer(bytes: converted.serialized()) : try SentencePieceTokenizer(bytes: converted.serialized())
        let golden = try Self.golden(goldenName)
        #expect(Self.texts.count == golden.count && !golden.isEmpty)
        var compared = 0, mismatches = 0
        for (text, expected) in zip(Self.texts, golden) where !skip(text) {
            compared += 1
            let ids = reloaded.encode(text)
            if ids != expected {
                mismatches += 1
                if mismatches > allowed && mismatches <= allowed + 3 { Issue.record("\(path): \(text.prefix(50)) -> \(ids.prefix(16)) expected \(expected.prefix(16))") }
            }
        }
        #expect(mismatches <= allowed, "\(path) -> \(target.rawValue): \(mismatches) of \(compared) lines differ")
    }

    @Test func llama2ModelToTokenizerJSON() throws {
        try check("tokenizers/llama2/tokenizer.model", to: .huggingFace, golden: "llama2_spm")
    }

    @Test func mistralModelToTokenizerJSON() throws {
        try check("tokenizers/mistral/tokenizer.model", to: .huggingFace, golden: "mistral_spm")
    }

    @Test func cl100kRanksToTokenizerJSON() throws {
        try check("tokenizers/tiktoken/cl100k.tiktoken", to: .huggingFace, golden: "cl100k")
    }

    @Test func r50kRanksToTokenizerJSON() throws {
        try check("tokenizers/gpt2/gpt2_r50k.tiktoken", to: .huggingFace, golden: "gpt2_r50k")
    }

    /// XLM-R's tokenizer.json as a SentencePiece model, against HF's golden ids: SentencePiece
    /// drops trailing whitespace where HF keeps a final `▁`, so those lines are left out; and
    /// the two normalize a few grapheme clusters of 6+ bytes differently (`specs/ENCODERS.md`
    /// §2.1, §5.6): one golden line (Malayalam) is allowed to differ. `Scripts/check-convert`
    /// compares the model with `sentencepiece` itself, where no line may differ.
    @Test func xlmrTokenizerJSONToModel() throws {
        try check("tokenizers/xlmr-unigram/tokenizer.json", to: .sentencePiece, golden: "xlmr_unigram", allowed: 1) { text in
            text.unicodeScalars.last.map { UnicodeProperties.isWhiteSpace($0.value) || $0.value == 0x200B } ?? true
        }
    }
}

@Suite struct ConversionRefusalTests {
    /// A small Unigram tokenizer.json with the given normalizer and pre-tokenizer.
    static func unigram(normalizer: String, preTokenizer: String) throws -> HFTokenizer {
        let text = """
            {"version":"1.0","truncation":null,"padding":null,"added_tokens":[
              {"id":0,"content":"<unk>","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true}],
             "normalizer":\(normalizer),"pre_tokenizer":\(preTokenizer),"post_processor":null,
             "decoder":{"type":"Metaspace","replacement":"▁","prepend_scheme":"always","split":true},
             "model":{"type":"Unigram","unk_id":0,"byte_fallback":false,
                      "vocab":[["<unk>",0.0],["▁",-2.0],["▁a",-1.5],["a",-2.5],["b",-3.0],["1",-3.0]]}}
            """
        return try HFTokenizer(bytes: Array(text.utf8))
    }

    @Test func stepsSentencePieceCannotExpressAreRefused() throws {
        let metaspace = #"{"type":"Metaspace","replacement":"▁","prepend_scheme":"always","split":true}"#
        let plain = try Self.unigram(normalizer: "null", preTokenizer: metaspace)
        #expect(try TokenizerConversion.toSentencePiece(plain).encode("a ab") == plain.encode("a ab"))
        let refused: [(normalizer: String, preTokenizer: String, named: String)] = [
            (#"{"type":"NFKC"}"#, metaspace, "NFKC normalizer"),
            (#"{"type":"Sequence","normalizers":[{"type":"Replace","pattern":{"Regex":" {2,}"},"content":" "},{"type":"Lowercase"}]}"#,
             metaspace, "Lowercase normalizer"),
            ("null", #"{"type":"Sequence","pretokenizers":[\#(metaspace),{"type":"Digits","individual_digits":true}]}"#,
             "Digits pre-tokenizer"),
        ]
        for r in refused {
            let tokenizer = try Self.unigram(normalizer: r.normalizer, preTokenizer: r.preTokenizer)
            #expect(performing: { try TokenizerConversion.toSentencePiece(tokenizer) }, throws: { error in
                (error as? VocabError)?.message.contains(r.named) == true
            })
        }
    }

    @Test(.enabled(if: SharedData.path != nil, "needs ../shared"))
    func byteLevelAndWordPieceDoNotBecomeSentencePiece() throws {
        let gpt2 = try #require(SharedData.file("tokenizers/gpt2/tokenizer.json"))
        let minilm = try #require(SharedData.file("tokenizers/minilm-wordpiece/tokenizer.json"))
        for path in [gpt2, minilm] {
            let (tokenizer, _) = try TokenizerLoader.load(path: path)
            #expect(throws: VocabError.self) { try TokenizerConversion.toSentencePiece(tokenizer) }
        }
    }
}
