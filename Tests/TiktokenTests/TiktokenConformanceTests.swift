import Testing
import TestSupport
import VocabCore

/// Golden ids, token counts and round trips against the shared tiktoken files and references.
@Suite struct TiktokenConformanceTests {
    static let tokenizers: [(name: String, file: String)] = [
        ("gpt2_r50k", "tokenizers/gpt2/gpt2_r50k.tiktoken"),
        ("cl100k", "tokenizers/tiktoken/cl100k.tiktoken"),
        ("o200k", "tokenizers/tiktoken/o200k.tiktoken"),
    ]

    /// Every tenth FLORES language (whole files, since fertility counts are per file).
    static let languages = ["ace_Arab", "bam_Latn", "cym_Latn", "fra_Latn", "hin_Deva", "kat_Geor", "khm_Khmr",
                            "mya_Mymr", "tam_Taml", "zho_Hant", "amh_Ethi", "ell_Grek"]

    /// The shared tokenizers, loaded once for all tests (loading is the slow part in debug builds).
    static let loaded: [String: any TokenizerBackend] = {
        var result: [String: any TokenizerBackend] = [:]
        for (_, file) in tokenizers {
            if let path = SharedData.file(file), let tokenizer = try? TokenizerLoader.load(path: path).tokenizer {
                result[file] = tokenizer
            }
        }
        return result
    }()

    static func load(_ relative: String) throws -> (any TokenizerBackend)? {
        if let tokenizer = loaded[relative] { return tokenizer }
        guard let path = SharedData.file(relative) else { return nil }
        return try TokenizerLoader.load(path: path).tokenizer
    }

    /// The records of a JSON Lines file.
    static func jsonLines(_ relative: String) throws -> [JSONObject] {
        guard let path = SharedData.file(relative) else { return [] }
        var records: [JSONObject] = []
        try TextLines.forEach(in: FileIO.read(path), file: path, policy: .fail) { line, _ in
            if let object = try JSONParser.parse(Array(line)).object { records.append(object) }
        }
        return records
    }

    @Test(.enabled(if: SharedData.path != nil, "needs ../shared"))
    func goldenIDs() throws {
        let texts = try Self.jsonLines("reference/golden/texts.jsonl")
        #expect(texts.count == 1175)
        for (name, file) in Self.tokenizers {
            let tokenizer = try #require(try Self.load(file))
            let golden = try Self.jsonLines("reference/golden/\(name).jsonl")
            #expect(golden.count == texts.count)
            var differ = 0
            for (text, record) in zip(texts, golden) {
                let want = (record["ids"]?.array ?? []).compactMap { $0.integer.map(Int32.init) }
                let got = tokenizer.encode(text["text"]?.string ?? "")
                if got != want {
                    differ += 1
                    if differ <= 3 { Issue.record("\(name) \(text["lang"]?.string ?? "") \(text["line"]?.integer ?? -1): \(got) != \(want)") }
                }
            }
            #expect(differ == 0, "\(name): \(differ) of \(golden.count) lines differ")
        }
    }

    /// fertility.tsv token counts per (tokenizer, language).
    static func expectedCounts() throws -> [String: Int] {
        guard let path = SharedData.file("reference/fertility.tsv") else { return [:] }
        var counts: [String: Int] = [:]
        try TextLines.forEach(in: FileIO.read(path), file: path, policy: .fail) { line, number in
            let fields = String(decoding: line, as: UTF8.self).split(separator: "\t", omittingEmptySubsequences: false)
            if number > 1, fields.count >= 8, let tokens = Int(fields[7]) {
                counts["\(fields[0]) \(fields[1])"] = tokens
            }
        }
        return counts
    }

    @Test(.enabled(if: SharedData.path != nil, "needs ../shared"))
    func tokenCountsAndRoundTripOnFloresSubset() throws {
        let expected = try Self.expectedCounts()
        for (name, file) in Self.tokenizers {
            let tokenizer = try #require(try Self.load(file))
            for language in Self.languages {
                let path = try #require(SharedData.file("corpora/flores200-dev/\(language).dev"))
                var count = 0
                var ids: [Int32] = []
                var roundTripFailures = 0
                try TextLines.forEach(in: FileIO.read(path), file: path, policy: .fail) { line, _ in
                    ids.removeAll(keepingCapacity: true)
                    tokenizer.encode(line, into: &ids)
                    count += ids.count
                    if try tokenizer.decode(ids) != Array(line) { roundTripFailures += 1 }
                }
                #expect(count == expected["\(name) \(language)"], "\(name) \(language)")
                #expect(roundTripFailures == 0, "\(name) \(language)")
            }
        }
    }

    @Test(.enabled(if: SharedData.path != nil, "needs ../shared"))
    func sharedRankFilesResaveByteIdentically() throws {
        for (_, file) in Self.tokenizers {
            let path = try #require(SharedData.file(file))
            let tokenizer = try #require(try Self.load(file) as? TiktokenTokenizer)
            #expect(try tokenizer.serialized() == FileIO.read(path), "\(file)")
            let specialsPath = TiktokenSpecialTokens.path(besideRankFile: path)
            if FileIO.exists(specialsPath) {
                #expect(tokenizer.serializedSpecialTokens() == (try FileIO.read(specialsPath)), "\(specialsPath)")
            } else {
                #expect(tokenizer.serializedSpecialTokens() == nil)
            }
        }
    }

    @Test(.enabled(if: SharedData.path != nil, "needs ../shared"))
    func publishedFilesAreRecognisedWithSpecials() throws {
        let o200k = try #require(try Self.load("tokenizers/tiktoken/o200k.tiktoken") as? TiktokenTokenizer)
        #expect(o200k.pattern == .o200k)
        #expect(o200k.table.count == 200_019)
        #expect(o200k.table.kinds[199_998] == .unused)
        #expect(o200k.table.kinds[199_999] == .control)
        #expect(o200k.table.id(of: "<|endoftext|>") == 199_999)
        #expect(o200k.encode("<|endoftext|>") != [199_999])
        let r50k = try #require(try Self.load("tokenizers/gpt2/gpt2_r50k.tiktoken") as? TiktokenTokenizer)
        #expect(r50k.pattern == .r50k)
        #expect(r50k.table.count == 50_256)
        let cl100k = try #require(try Self.load("tokenizers/tiktoken/cl100k.tiktoken"))
        #expect(cl100k.encode("<|endoftext|>") == [27, 91, 8862, 728, 428, 91, 29])
    }
}
