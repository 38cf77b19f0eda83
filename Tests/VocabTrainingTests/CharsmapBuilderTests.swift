import Testing
import TestSupport
@testable import VocabCore
@testable import VocabTraining

@Suite struct CharsmapBuilderTests {
    /// SentencePiece's normalization (longest rule, else one character) with a compiled blob.
    func normalized(_ blob: [UInt8], _ text: String) throws -> String {
        var spec = SentencePieceModel.NormalizerSpec()
        spec.precompiledCharsmap = blob
        spec.addDummyPrefix = false
        spec.removeExtraWhitespaces = false
        spec.escapeWhitespaces = false
        let normalizer = try SentencePieceNormalizer(spec: spec)
        var out: [UInt8] = []
        Array(text.utf8).withUnsafeBufferPointer { normalizer.normalize($0, into: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    @Test func compiledRulesLoadAndApply() throws {
        let map: CharsmapBuilder.CharsMap = [
            [0x41]: [0x61], [0x41, 0x42]: [0x78], [0x41, 0x42, 0x43]: [], [0xE9]: [0x65, 0x301], [0x1F600]: [0x20],
        ]
        let blob = try CharsmapBuilder.compile(map)
        #expect(try normalized(blob, "AABABCé😀Z") == "axe\u{301} Z")
        let charsmap = try PrecompiledCharsmap(blob)
        let key = Array("AB".utf8)
        let match = key.withUnsafeBufferPointer { charsmap.exactMatch($0) }
        #expect(match.map { String(decoding: charsmap.replacement($0), as: UTF8.self) } == "x")
    }

    @Test func redundantLongerRulesAreDropped() throws {
        let map: CharsmapBuilder.CharsMap = [[0x41]: [0x61], [0x42]: [0x62], [0x41, 0x42]: [0x61, 0x62], [0x41, 0x43]: [0x7A]]
        let reduced = try CharsmapBuilder.removingRedundant(map)
        #expect(reduced[[0x41, 0x42]] == nil)
        #expect(reduced[[0x41, 0x43]] == [0x7A])
    }

    @Test func nmtNFKCRules() throws {
        let blob = try CharsmapBuilder.blob(for: .nmtNFKC)
        #expect(try normalized(blob, "ｱｲ ﬁ e\u{301} ①\tx\u{200B}y\u{7}z ～ ▁") == "アイ fi é 1 x yz ～  ")
        #expect(try normalized(blob, "\u{1100}\u{1161}\u{11A8}") == "각")
    }

    /// Our nmt_nfkc against the one in XLM-R's tokenizer.json (built by SentencePiece with an
    /// older Unicode): every one-code-point rule XLM-R has, ours has with the same replacement,
    /// except U+200D (ZERO WIDTH JOINER), which SentencePiece's builder no longer maps.
    @Test(.enabled(if: SharedData.path != nil, "needs ../shared")) func nmtNFKCAgreesWithXLMRCharsmap() throws {
        let reference = try xlmrCharsmap()
        let theirs = try PrecompiledCharsmap(reference)
        let ours = try PrecompiledCharsmap(try CharsmapBuilder.blob(for: .nmtNFKC))
        var compared = 0
        var differing: [UInt32] = []
        for range in [UInt32(1)...0x1FFFF, 0x2F800...0x2FA1F] {
            for cp in range where CharsmapBuilder.isUnicodeCharacter(cp) {
                let key = CharsmapBuilder.utf8([cp])
                key.withUnsafeBufferPointer { k in
                    guard let theirRule = theirs.exactMatch(k) else { return }
                    compared += 1
                    let ourRule = ours.exactMatch(k).map { Array(ours.replacement($0)) }
                    if ourRule != Array(theirs.replacement(theirRule)) { differing.append(cp) }
                }
            }
        }
        #expect(compared > 4000)
        #expect(differing == [0x200D])
    }
}

/// The precompiled charsmap of XLM-R's tokenizer.json (SentencePiece's nmt_nfkc of its day).
private func xlmrCharsmap() throws -> [UInt8] {
    let path = try #require(SharedData.file("tokenizers/xlmr-unigram/tokenizer.json"))
    let normalizer = try #require(JSONParser.parse(FileIO.read(path)).object?["normalizer"]?.object)
    let steps = normalizer["normalizers"]?.array?.compactMap(\.object) ?? [normalizer]
    let charsmaps = steps.compactMap { $0["precompiled_charsmap"]?.string }
    let text = try #require(charsmaps.first)
    var blob: [UInt8] = []
    let decoded = Array(text.utf8).withUnsafeBufferPointer { Base64.decode($0, into: &blob) }
    #expect(decoded)
    return blob
}
