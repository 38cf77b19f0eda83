import Testing
import TestSupport
@testable import VocabCore

/// Token counts of whole FLORES languages against `reference/fertility.tsv` (a subset of
/// languages here; `Scripts/check-fertility-counts` runs all 205 in release), and
/// decode(encode(x)) == x for byte-level BPE on the same text.
@Suite(.enabled(if: SharedData.path != nil, "needs ../shared")) struct HFFertilityTests {
    static let languages = ["eng_Latn", "hin_Deva", "zho_Hans", "kac_Latn"]

    static func expectedCounts(_ tokenizer: String) throws -> [String: Int] {
        var out: [String: Int] = [:]
        try TextLines.forEach(in: FileIO.read(SharedData.file("reference/fertility.tsv")!), file: "fertility.tsv", policy: .fail) { line, _ in
            let fields = Array(line).split(separator: 0x09, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            if fields.count >= 8 && fields[0] == tokenizer { out[fields[1]] = Int(fields[7]) }
        }
        return out
    }

    func check(_ name: String, _ reference: String, roundTrip: Bool) throws {
        let tokenizer = try #require(SharedTokenizers.named(name)).tokenizer
        let expected = try Self.expectedCounts(reference)
        for lang in Self.languages {
            let bytes = try FileIO.read(SharedData.file("corpora/flores200-dev/\(lang).dev")!)
            var count = 0
            var failures = 0
            var ids: [Int32] = []
            try TextLines.forEach(in: bytes, file: lang, policy: .fail) { line, _ in
                ids.removeAll(keepingCapacity: true)
                tokenizer.encode(line, into: &ids)
                count += ids.count
                if roundTrip, try tokenizer.decode(ids) != Array(line) { failures += 1 }
            }
            #expect(count == expected[lang], "\(reference) \(lang)")
            #expect(failures == 0, "\(reference) \(lang): \(failures) lines do not decode back")
        }
    }

    @Test func gpt2() throws { try check("gpt2/tokenizer.json", "gpt2_hf", roundTrip: true) }
    @Test func xlmr() throws { try check("xlmr-unigram/tokenizer.json", "xlmr_unigram", roundTrip: false) }
    @Test func minilm() throws { try check("minilm-wordpiece/tokenizer.json", "minilm_wordpiece", roundTrip: false) }
}
