import Testing
@testable import VocabCore

typealias PieceType = SentencePieceModel.PieceType

/// A small model built in memory: `<unk>` first unless `entries` has an UNKNOWN piece.
func makeModel(
    _ entries: [(String, Float, PieceType)], type: SentencePieceModel.ModelType, byteFallback: Bool = false,
    dummyPrefix: Bool = false, removeExtraWhitespaces: Bool = false
) throws -> SentencePieceTokenizer {
    var pieces: [SentencePieceModel.Piece] = []
    if !entries.contains(where: { $0.2 == .unknown }) && !byteFallback {
        pieces.append(.init(piece: Array("<unk>".utf8), score: 0, type: .unknown))
    }
    for (text, score, kind) in entries { pieces.append(.init(piece: Array(text.utf8), score: score, type: kind)) }
    if byteFallback {
        for b in 0..<256 { pieces.append(.init(piece: SentencePieceTokenizer.bytePiece(UInt8(b)), score: 0, type: .byte)) }
    }
    var trainer = SentencePieceModel.TrainerSpec()
    trainer.modelType = type
    if byteFallback { trainer.byteFallback = true }
    var normalizer = SentencePieceModel.NormalizerSpec()
    normalizer.name = "identity"
    normalizer.addDummyPrefix = dummyPrefix
    normalizer.removeExtraWhitespaces = removeExtraWhitespaces
    let model = SentencePieceModel(pieces: pieces, trainerSpec: trainer, normalizerSpec: normalizer)
    // Always go through the wire format, so the codec is exercised too.
    let reparsed = try SentencePieceModel(parsing: model.serialized())
    #expect(reparsed.serialized() == model.serialized())
    return try SentencePieceTokenizer(model: reparsed)
}

func pieces(_ t: SentencePieceTokenizer, _ text: String) -> [String] {
    t.encode(text).map { t.table.pieceText(Int($0)) }
}

@Suite struct SentencePieceEncoderTests {
    @Test func bpeMergesByScoreLeftmostFirst() throws {
        let t = try makeModel([("a", 0, .normal), ("b", 0, .normal), ("c", 0, .normal), ("ab", -5, .normal), ("bc", -1, .normal)], type: .bpe)
        #expect(pieces(t, "abc") == ["a", "bc"])
        let t2 = try makeModel([("a", 0, .normal), ("aa", -1, .normal)], type: .bpe)
        #expect(pieces(t2, "aaa") == ["aa", "a"])
        #expect(pieces(t2, "aaaa") == ["aa", "aa"])
    }

    @Test func bpeSplitsUnusedPiecesBack() throws {
        let t = try makeModel([("a", 0, .normal), ("b", 0, .normal), ("ab", -1, .unused), ("abb", -2, .normal)], type: .bpe)
        #expect(pieces(t, "ab") == ["a", "b"])
        #expect(pieces(t, "abb") == ["abb"])
    }

    @Test func bpeUnknownRunIsOneID() throws {
        let t = try makeModel([("a", 0, .normal)], type: .bpe)
        #expect(t.encode("axyz") == [1, 0])
        #expect(t.encode("axyza") == [1, 0, 1])
    }

    @Test func bpeNegativeZeroRanksBelowPositiveZero() throws {
        // "ab" scores -0.0 and "bc" +0.0: bc merges first although the floats compare equal.
        let t = try makeModel([("a", 0, .normal), ("b", 0, .normal), ("c", 0, .normal), ("ab", -0.0, .normal), ("bc", 0.0, .normal)], type: .bpe)
        #expect(pieces(t, "abc") == ["a", "bc"])
    }

    @Test func byteFallbackSpellsUnknownCharactersAsBytes() throws {
        let t = try makeModel([("▁", -1, .normal), ("a", 0, .normal)], type: .bpe, byteFallback: true, dummyPrefix: true)
        #expect(pieces(t, "aéa") == ["▁", "a", "<0xC3>", "<0xA9>", "a"])
        #expect(try t.decode(t.encode("aéa")) == Array("aéa".utf8))
        // An invalid byte sequence decodes to U+FFFD per byte.
        let lone = try #require(t.table.id(of: "<0xC3>"))
        let a = try #require(t.table.id(of: "a"))
        #expect(try t.decode([lone, a]) == Array("\u{FFFD}a".utf8))
    }

    @Test func unigramUserDefinedAndUnused() throws {
        let t = try makeModel([("a", -1, .normal), ("b", -1, .normal), ("ba", -50, .userDefined), ("ab", -0.5, .unused)], type: .unigram)
        #expect(pieces(t, "abab") == ["a", "ba", "b"])
        let u = try makeModel([("a", -1, .normal)], type: .unigram)
        #expect(u.encode("axyza") == [1, 0, 1])
    }

    @Test func unigramTiesPreferTheLongerLastPiece() throws {
        let t = try makeModel([("a", -1, .normal), ("b", -1, .normal), ("ab", -2, .normal)], type: .unigram)
        #expect(pieces(t, "ab") == ["ab"])
    }

    @Test func unigramUnknownPenaltyUsesNormalPiecesOnly() throws {
        // min score over NORMAL pieces is -20 (the CONTROL piece at -100 is ignored): unk scores -30.
        let t = try makeModel([("<pad>", -100, .control), ("y", 15.1, .normal), ("w", -20, .normal), ("xy", -15, .normal)], type: .unigram)
        #expect(pieces(t, "xy") == ["<unk>", "y"])
        let t2 = try makeModel([("y", 14.9, .normal), ("w", -20, .normal), ("xy", -15, .normal)], type: .unigram)
        #expect(pieces(t2, "xy") == ["xy"])
    }

    @Test func normalizerIdentityKeepsSpacesLikeLlama() throws {
        let t = try makeModel([("a", 0, .normal)], type: .bpe, dummyPrefix: true)
        var out: [UInt8] = []
        var text = "  a  \u{3000} b  "
        text.withUTF8 { t.normalizer.normalize($0, into: &out) }
        #expect(String(decoding: out, as: UTF8.self) == "▁▁▁a▁▁\u{3000}▁b▁▁")
        text = ""
        text.withUTF8 { t.normalizer.normalize($0, into: &out) }
        #expect(out.isEmpty)
    }

    @Test func normalizerRemovesExtraWhitespace() throws {
        let t = try makeModel([("a", 0, .normal)], type: .unigram, dummyPrefix: true, removeExtraWhitespaces: true)
        var out: [UInt8] = []
        var text = "  a  \u{3000} b  "
        text.withUTF8 { t.normalizer.normalize($0, into: &out) }
        #expect(String(decoding: out, as: UTF8.self) == "▁a▁\u{3000}▁b")
        text = "   "
        text.withUTF8 { t.normalizer.normalize($0, into: &out) }
        #expect(out.isEmpty)
    }

    @Test func decodeRemovesTheDummyPrefixOnce() throws {
        let t = try makeModel([("▁", -1, .normal), ("▁a", -1, .normal), ("<s>", 0, .control)], type: .bpe, byteFallback: true, dummyPrefix: true)
        for text in ["a", " a", "  a ", "a a"] {
            #expect(try t.decode(t.encode(text)) == Array(text.utf8), "\(text)")
        }
        let bos = try #require(t.table.id(of: "<s>"))
        #expect(try t.decode([bos] + t.encode(" a")) == Array(" a".utf8))
        #expect(throws: VocabError.self) { try t.decode([99_999]) }
    }
}

@Suite struct SentencePieceMalformedTests {
    func rejects(_ bytes: [UInt8], _ fragment: String) {
        do {
            _ = try SentencePieceTokenizer(bytes: bytes)
            Issue.record("accepted a malformed model (\(fragment))")
        } catch let error as VocabError {
            #expect(error.description.contains(fragment), "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func wireFormatErrorsNameTheByte() throws {
        rejects([0x0A, 0x05, 0x0A, 0x01], "byte 1")  // length past the end
        rejects([0x0A] + [UInt8](repeating: 0xFF, count: 11), "varint")
        rejects([0x08, 0x01], "wire type 0, expected 2")  // pieces as a varint
        rejects([0x0A, 0x03, 0x0A, 0x01, 0x61, 0x0A, 0x02, 0x15, 0x00], "fixed-width")  // truncated score
        rejects([0x0B], "groups")
        rejects([0x0F], "invalid wire type")
    }

    @Test func loadChecksLikeSentencePiece() throws {
        func model(_ pieces: [(String, PieceType)], byteFallback: Bool = false) -> [UInt8] {
            var trainer = SentencePieceModel.TrainerSpec()
            trainer.modelType = .bpe
            if byteFallback { trainer.byteFallback = true }
            return SentencePieceModel(
                pieces: pieces.map { .init(piece: Array($0.0.utf8), score: 0, type: $0.1) }, trainerSpec: trainer,
                normalizerSpec: .init()
            ).serialized()
        }
        rejects(model([("a", .normal)]), "unk is not defined")
        rejects(model([("<unk>", .unknown), ("a", .normal), ("a", .normal)]), "already defined")
        rejects(model([("<unk>", .unknown), ("<u2>", .unknown)]), "unk is already defined")
        rejects(model([("<unk>", .unknown), ("<0x41>", .byte)]), "byte_fallback is false")
        rejects(model([("<unk>", .unknown), ("<0x41>", .byte)], byteFallback: true), "all 256")
        rejects(model([("<unk>", .unknown), ("", .normal)]), "empty")
        rejects(model([("<unk>", .unknown), ("a\u{0}b", .normal)]), "NUL")
    }

    @Test func mutatedModelsNeverCrash() throws {
        let good = try makeModel([("▁", -1, .normal), ("▁a", -1, .normal), ("ab", -2, .unused), ("b", -3, .userDefined)], type: .bpe, byteFallback: true, dummyPrefix: true)
        let bytes = try good.serialized()
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<300 {
            var m = bytes
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                m[Int(rng.next() % UInt64(m.count))] = UInt8(truncatingIfNeeded: rng.next())
            }
            if rng.next() % 3 == 0 { m.removeLast(Int(rng.next() % UInt64(m.count))) }
            guard let t = try? SentencePieceTokenizer(bytes: m) else { continue }
            for text in ["ab a", "  b\u{0}é🧪", ""] { _ = try? t.decode(t.encode(text)) }
        }
    }
}

@Suite struct SentencePieceNormalizerPathTests {
    /// The character-only fast path gives what the general path (forced by a user-defined symbol
    /// that never occurs) gives, for every combination of whitespace flags.
    @Test func fastPathMatchesGeneralPath() throws {
        let alphabet = [" ", " ", "a", "é", "\u{3000}", "\t", "🧪", "▁"]
        var rng = SeededGenerator(seed: 5)
        for flags in 0..<16 {
            var spec = SentencePieceModel.NormalizerSpec()
            spec.addDummyPrefix = flags & 1 != 0
            spec.removeExtraWhitespaces = flags & 2 != 0
            spec.escapeWhitespaces = flags & 4 != 0
            let suffix = flags & 8 != 0
            let fast = try SentencePieceNormalizer(spec: spec, treatWhitespaceAsSuffix: suffix)
            let general = try SentencePieceNormalizer(
                spec: spec, userDefinedSymbols: [Array("\u{E000}q".utf8)], treatWhitespaceAsSuffix: suffix)
            for _ in 0..<200 {
                var text = ""
                for _ in 0..<Int(rng.next() % 9) { text += alphabet[Int(rng.next() % UInt64(alphabet.count))] }
                var bytes = Array(text.utf8)
                if rng.next() % 5 == 0 && !bytes.isEmpty { bytes[Int(rng.next() % UInt64(bytes.count))] = 0xFF }
                var a: [UInt8] = []
                var b: [UInt8] = []
                bytes.withUnsafeBufferPointer {
                    fast.normalize($0, into: &a)
                    general.normalize($0, into: &b)
                }
                #expect(a == b, "flags \(flags): \(bytes)")
            }
        }
    }
}
