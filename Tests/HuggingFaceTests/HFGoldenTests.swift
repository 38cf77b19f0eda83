import Testing
import TestSupport
@testable import VocabCore

/// Golden ids (`reference/golden/*.jsonl`, made with HF `tokenizers`, no special tokens) for
/// the three shared tokenizer.json files: every line must match exactly.
@Suite(.enabled(if: SharedData.path != nil, "needs ../shared")) struct HFGoldenTests {
    static func texts() throws -> [String] {
        let bytes = try FileIO.read(SharedData.file("reference/golden/texts.jsonl")!)
        var out: [String] = []
        try TextLines.forEach(in: bytes, file: "texts.jsonl", policy: .fail) { line, _ in
            out.append(try JSONParser.parse(line).object?["text"]?.string ?? "")
        }
        return out
    }

    static func golden(_ name: String) throws -> [[Int32]] {
        let bytes = try FileIO.read(SharedData.file("reference/golden/\(name).jsonl")!)
        var out: [[Int32]] = []
        try TextLines.forEach(in: bytes, file: name, policy: .fail) { line, _ in
            let ids = try JSONParser.parse(line).object?["ids"]?.array ?? []
            out.append(ids.map { Int32($0.integer ?? -1) })
        }
        return out
    }

    func check(_ tokenizerPath: String, _ goldenName: String) throws {
        let tokenizer = try #require(SharedTokenizers.named(tokenizerPath)).tokenizer
        let texts = try Self.texts()
        let golden = try Self.golden(goldenName)
        #expect(texts.count == golden.count)
        var mismatches = 0
        for (text, expected) in zip(texts, golden) {
            let ids = tokenizer.encode(text)
            if ids != expected {
                mismatches += 1
                if mismatches <= 3 { Issue.record("\(goldenName): \(text.prefix(60)) -> \(ids.prefix(20)) expected \(expected.prefix(20))") }
            }
        }
        #expect(mismatches == 0, "\(goldenName): \(mismatches) of \(texts.count) lines differ")
    }

    @Test func minilmWordPiece() throws { try check("minilm-wordpiece/tokenizer.json", "minilm_wordpiece") }
    @Test func gpt2ByteLevelBPE() throws { try check("gpt2/tokenizer.json", "gpt2_hf") }
    @Test func xlmrUnigram() throws { try check("xlmr-unigram/tokenizer.json", "xlmr_unigram") }
}
