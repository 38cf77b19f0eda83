import Testing
import TestSupport
@testable import VocabCore

/// Conformance with the sentencepiece library's outputs recorded in ../shared/reference.
@Suite struct SentencePieceConformanceTests {
    static let models: [(name: String, path: String)] = [
        ("llama2_spm", "tokenizers/llama2/tokenizer.model"),
        ("mistral_spm", "tokenizers/mistral/tokenizer.model"),
    ]

    /// A deterministic subset of FLORES languages (several scripts) for debug-build runs;
    /// `Scripts/check-spm` covers all 205.
    static let fertilityLanguages = ["eng_Latn", "rus_Cyrl", "tam_Taml", "zho_Hans", "amh_Ethi", "sat_Olck"]

    static func load(_ relative: String) throws -> SentencePieceTokenizer? {
        guard let path = SharedData.file(relative) else { return nil }
        return try SentencePieceTokenizer(bytes: FileIO.read(path))
    }

    /// The JSON objects of a JSONL file.
    static func jsonl(_ path: String) throws -> [JSONObject] {
        var out: [JSONObject] = []
        try TextLines.forEach(in: FileIO.read(path), file: path, policy: .fail) { line, _ in
            if let object = try JSONParser.parse(line).object { out.append(object) }
        }
        return out
    }

    static func encode(_ tokenizer: SentencePieceTokenizer, _ text: UnsafeBufferPointer<UInt8>) -> [Int32] {
        var ids: [Int32] = []
        tokenizer.encode(text, into: &ids)
        return ids
    }

    @Test(.enabled(if: SharedData.path != nil, "needs ../shared"), arguments: models.indices)
    func goldenIDs(_ index: Int) throws {
        let (name, model) = Self.models[index]
        let tokenizer = try #require(try Self.load(model))
        let golden = try #require(SharedData.file("reference/golden/\(name).jsonl"))
        let textsPath = try #require(SharedData.file("reference/golden/texts.jsonl"))
        let texts = try Self.jsonl(textsPath).map { Array(($0["text"]?.string ?? "").utf8) }
        let expected = try Self.jsonl(golden).map { ($0["ids"]?.array ?? []).compactMap { $0.integer.map(Int32.init) } }
        #expect(texts.count == 1175 && expected.count == texts.count)
        var same = 0
        for (text, ids) in zip(texts, expected) where text.withUnsafeBufferPointer({ Self.encode(tokenizer, $0) }) == ids {
            same += 1
        }
        #expect(same == texts.count, "\(name): \(same)/\(texts.count) golden lines identical")
    }

    /// Token counts per language equal fertility.tsv's (whole FLORES dev files).
    @Test(.enabled(if: SharedData.path != nil, "needs ../shared"), arguments: models.indices)
    func fertilityCounts(_ index: Int) throws {
        let (name, model) = Self.models[index]
        let tokenizer = try #require(try Self.load(model))
        let tsv = try #require(SharedData.file("reference/fertility.tsv"))
        let flores = try #require(SharedData.file("corpora/flores200-dev"))
        var expected: [String: Int] = [:]
        try TextLines.forEach(in: FileIO.read(tsv), file: tsv, policy: .fail) { line, _ in
            let cols = line.split(separator: 0x09, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            if cols.count >= 8 && cols[0] == name { expected[cols[1]] = Int(cols[7]) }
        }
        #expect(expected.count == 205)
        for lang in Self.fertilityLanguages {
            let path = flores + "/\(lang).dev"
            var tokens = 0
            try TextLines.forEach(in: FileIO.read(path), file: path, policy: .fail) { line, _ in
                tokens += Self.encode(tokenizer, line).count
            }
            #expect(tokens == expected[lang], "\(name) \(lang)")
        }
    }

    /// decode(encode(x)) == x on FLORES text for the byte-fallback models (a subset of languages).
    @Test(.enabled(if: SharedData.path != nil, "needs ../shared"), arguments: models.indices)
    func roundTrip(_ index: Int) throws {
        let (name, model) = Self.models[index]
        let tokenizer = try #require(try Self.load(model))
        let flores = try #require(SharedData.file("corpora/flores200-dev"))
        for lang in ["kor_Hang", "kac_Latn", "acm_Arab"] {
            let path = flores + "/\(lang).dev"
            var failures = 0
            try TextLines.forEach(in: FileIO.read(path), file: path, policy: .fail) { line, _ in
                if try tokenizer.decode(Self.encode(tokenizer, line)) != Array(line) { failures += 1 }
            }
            #expect(failures == 0, "\(name) \(lang): \(failures) lines do not round-trip")
        }
    }
}
