import Testing
@testable import VocabCore

/// The reference libraries' behaviours on hand-built models (`specs/ENCODERS.md`, the "V:"
/// examples of §1–§4).
@Suite struct HFModelTests {
    func tokenizer(_ json: String) throws -> HFTokenizer { try HFTokenizer(bytes: Array(json.utf8)) }

    func bpe(_ vocab: [String], _ merges: [String], extra: String = "") throws -> HFTokenizer {
        let v = vocab.enumerated().map { "\(JSONText.quoted($0.element)): \($0.offset)" }.joined(separator: ", ")
        let m = merges.map { JSONText.quoted($0) }.joined(separator: ", ")
        return try tokenizer(#"{"model": {"type": "BPE", "vocab": {"# + v + #"}, "merges": ["# + m + "]" + extra + "}}")
    }

    func pieces(_ t: HFTokenizer, _ text: String) -> [String] {
        t.encode(text).map { t.table.pieceText(Int($0)) }
    }

    @Test func bpeMergeOrderAndTies() throws {
        let v = ["a", "b", "c", "ab", "bc", "abc", "aa"]
        #expect(pieces(try bpe(v, ["b c", "a b", "a a"]), "abc") == ["a", "bc"])
        #expect(pieces(try bpe(v, ["a b", "b c", "ab c"]), "abc") == ["abc"])
        #expect(pieces(try bpe(v, ["a a"]), "aaa") == ["aa", "a"])
        #expect(pieces(try bpe(v, ["a a"]), "aaaa") == ["aa", "aa"])
        // A repeated pair keeps its later rank.
        #expect(pieces(try bpe(v, ["a b", "b c", "a b"]), "abc") == ["a", "bc"])
        // Long words take the heap path: same order.
        #expect(pieces(try bpe(v, ["a a"]), String(repeating: "a", count: 41)) == Array(repeating: "aa", count: 20) + ["a"])
    }

    @Test func bpeIgnoreMerges() throws {
        let v = ["a", "b", "c", "ab", "bc", "abc"]
        #expect(pieces(try bpe(v, ["b c", "a b"]), "abc") == ["a", "bc"])
        #expect(pieces(try bpe(v, ["b c", "a b"], extra: #", "ignore_merges": true"#), "abc") == ["abc"])
    }

    @Test func bpeUnknownsAndByteFallback() throws {
        let v = ["<unk>", "a", "<0xC3>", "<0xA9>", "<0xE2>"]
        let unk = #", "unk_token": "<unk>""#
        #expect(pieces(try bpe(v, [], extra: unk), "aééa") == ["a", "<unk>", "<unk>", "a"])
        #expect(pieces(try bpe(v, [], extra: unk + #", "fuse_unk": true"#), "aééa") == ["a", "<unk>", "a"])
        #expect(pieces(try bpe(v, [], extra: unk + #", "byte_fallback": true"#), "aééa") == ["a", "<0xC3>", "<0xA9>", "<0xC3>", "<0xA9>", "a"])
        #expect(pieces(try bpe(v, [], extra: unk + #", "byte_fallback": true"#), "a€€") == ["a", "<unk>", "<unk>"])
        #expect(pieces(try bpe(["a"], []), "aéa") == ["a", "a"])
        // Byte-fallback bytes of a later char land before a pending unknown.
        let quirk = try bpe(["<unk>", "a", "<0xC3>", "<0xA9>"], [], extra: unk + #", "byte_fallback": true"#)
        #expect(pieces(quirk, "€éa") == ["<0xC3>", "<0xA9>", "<unk>", "a"])
    }

    func unigram(_ entries: [(String, Double)], unk: Int?, byteFallback: Bool = false) throws -> HFTokenizer {
        let v = entries.map { "[\(JSONText.quoted($0.0)), \($0.1)]" }.joined(separator: ", ")
        let u = unk.map { #", "unk_id": \#($0)"# } ?? ""
        return try tokenizer(#"{"model": {"type": "Unigram", "vocab": ["# + v + "]" + u + #", "byte_fallback": \#(byteFallback)}}"#)
    }

    @Test func unigramViterbiPenaltyTiesAndFusion() throws {
        #expect(pieces(try unigram([("<unk>", 0), ("y", 14.9), ("w", -20), ("xy", -15)], unk: 0), "xy") == ["xy"])
        #expect(try unigram([("<unk>", 0), ("y", 15.1), ("w", -20), ("xy", -15)], unk: 0).encode("xy") == [0, 1])
        #expect(pieces(try unigram([("<unk>", 0), ("y", 15.1), ("w", -20), ("xy", -15), ("<pad>", -100)], unk: 0), "xy") == ["xy"])
        #expect(pieces(try unigram([("a", -1), ("b", -1), ("ab", -2)], unk: nil), "ab") == ["ab"])
        #expect(try unigram([("<unk>", 0), ("a", -1)], unk: 0).encode("axyza") == [1, 0, 1])
        let bf = try unigram([("<unk>", 0), ("a", -1), ("<0xC3>", -5), ("<0xA9>", -5)], unk: 0, byteFallback: true)
        #expect(pieces(bf, "aéa") == ["a", "<0xC3>", "<0xA9>", "a"])
        // A piece listed twice: the lattice uses its last id and score.
        #expect(try unigram([("<unk>", 0), ("a", -1), ("b", -1), ("a", -3), ("ab", -3.5)], unk: 0).encode("ab") == [4])
        #expect(try unigram([("<unk>", 0), ("a", -1), ("b", -1), ("a", -2), ("ab", -3.5)], unk: 0).encode("ab") == [3, 2])
    }

    @Test func wordPieceGreedyLongestMatch() throws {
        let vocab = ["[UNK]", "una", "##ffa", "##ble", "a", "##a", "##aa", "aaa", "中", "文", "ο", "##δ", "##ο", "##σ"]
        let v = vocab.enumerated().map { "\(JSONText.quoted($0.element)): \($0.offset)" }.joined(separator: ", ")
        let t = try tokenizer(#"{"pre_tokenizer": {"type": "BertPreTokenizer"}, "normalizer": {"type": "BertNormalizer", "lowercase": true}, "model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"# + v + "}}}")
        #expect(pieces(t, "unaffable") == ["una", "##ffa", "##ble"])
        #expect(pieces(t, "unaffable☃") == ["[UNK]"])
        #expect(pieces(t, String(repeating: "a", count: 100)) == ["aaa"] + Array(repeating: "##aa", count: 48) + ["##a"])
        #expect(pieces(t, String(repeating: "a", count: 101)) == ["[UNK]"])
        #expect(pieces(t, "ΟΔΟΣ") == ["ο", "##δ", "##ο", "##σ"])
        #expect(pieces(t, "中文字") == ["中", "文", "[UNK]"])
    }

    @Test func addedTokensLeftmostLongestAndFlags() throws {
        func make(_ added: String) throws -> HFTokenizer {
            try tokenizer(#"{"added_tokens": ["# + added + #"], "pre_tokenizer": {"type": "Whitespace"}, "model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[UNK]": 0, "x": 1, "d": 2, "a": 3, "b": 4, "q": 5}}}"#)
        }
        func token(_ id: Int, _ content: String, _ flags: String = "") -> String {
            #"{"id": \#(id), "content": \#(JSONText.quoted(content)), "special": false, "normalized": false\#(flags)}"#
        }
        let t = try make([token(10, "ab"), token(11, "abc"), token(12, "bcd")].joined(separator: ", "))
        #expect(t.encode("xabcd") == [1, 11, 2])
        let single = try make(token(10, "qa", #", "single_word": true"#))
        #expect(single.encode("bqa") == [0])
        #expect(single.encode("b qa") == [4, 10])
        #expect(single.encode("qa!") == [10, 0])
        let strip = try make(token(10, "q", #", "lstrip": true, "rstrip": true"#))
        #expect(strip.encode("a q b") == [3, 10, 4])
    }

    @Test func preTokenizerSplitBehaviours() throws {
        func split(_ behavior: String, invert: Bool = false) -> [String] {
            let p = try! HFPreTokenizer(json: (try! JSONParser.parse(Array(#"{"type": "Split", "pattern": {"String": "-"}, "behavior": "\#(behavior)", "invert": \#(invert)}"#.utf8))).object!)
            var out = PreTokens()
            p.apply(PreTokens(Array("the-final--countdown".utf8), atOrigin: true), into: &out)
            return out.strings.map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(split("Removed") == ["the", "final", "countdown"])
        #expect(split("Isolated") == ["the", "-", "final", "-", "-", "countdown"])
        #expect(split("MergedWithPrevious") == ["the-", "final-", "-", "countdown"])
        #expect(split("MergedWithNext") == ["the", "-final", "-", "-countdown"])
        #expect(split("Contiguous") == ["the", "-", "final", "--", "countdown"])
    }

    @Test func metaspaceAndByteLevel() throws {
        func run(_ json: String, _ text: String) -> [String] {
            let p = try! HFPreTokenizer(json: (try! JSONParser.parse(Array(json.utf8))).object!)
            var out = PreTokens()
            p.apply(PreTokens(Array(text.utf8), atOrigin: true), into: &out)
            return out.strings.map { String(decoding: $0, as: UTF8.self) }
        }
        let ms = #"{"type": "Metaspace", "replacement": "▁", "add_prefix_space": true}"#
        #expect(run(ms, "a  b") == ["▁a", "▁", "▁b"])
        #expect(run(ms, " a") == ["▁a"])
        #expect(run(ms, "a ") == ["▁a", "▁"])
        #expect(run(ms, "a\tb") == ["▁a\tb"])
        #expect(run(#"{"type": "Metaspace", "replacement": "▁", "prepend_scheme": "never"}"#, "a  b") == ["a", "▁", "▁b"])
        #expect(run(#"{"type": "Metaspace", "replacement": "▁", "split": false}"#, "a  b") == ["▁a▁▁b"])
        #expect(throws: VocabError.self) {
            try HFPreTokenizer(json: JSONParser.parse(Array(#"{"type": "Metaspace", "replacement": "▁", "add_prefix_space": false}"#.utf8)).object!)
        }
        let bl = #"{"type": "ByteLevel", "add_prefix_space": false, "use_regex": true}"#
        #expect(run(bl, "it's IT'S x1 12  ok\t\n  end  ") == ["it", "'s", "ĠIT", "'", "S", "Ġx", "1", "Ġ12", "Ġ", "Ġok", "ĉĊĠ", "Ġend", "ĠĠ"])
        #expect(run(bl, "é\u{a0}") == ["Ã©", "Âł"])
    }

    @Test func normalizers() throws {
        func norm(_ json: String, _ text: String) -> String {
            let n = try! HFNormalizer(json: (try! JSONParser.parse(Array(json.utf8))).object!)
            return String(decoding: n.normalize(Array(text.utf8)), as: UTF8.self)
        }
        let bert = #"{"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true, "strip_accents": null, "lowercase": true}"#
        #expect(norm(bert, "naïve café") == "naive cafe")
        #expect(norm(bert, "İstanbul") == "istanbul")
        #expect(norm(bert, "ΟΔΟΣ") == "οδοσ")
        #expect(norm(bert, "x\u{200C}y\u{0B}z\u{A0}w") == "xyz w")
        #expect(norm(bert, "a\u{4E2D}b\u{2B820}") == "a \u{4E2D} b\u{2B820}")
        #expect(norm(#"{"type": "Lowercase"}"#, "İ") == "i\u{307}")
        #expect(norm(#"{"type": "Strip", "strip_left": true, "strip_right": true}"#, "\u{3000} a \u{a0}\u{200b}") == "a \u{a0}\u{200b}")
        #expect(norm(#"{"type": "Prepend", "prepend": "▁"}"#, "") == "")
        #expect(norm(#"{"type": "Prepend", "prepend": "▁"}"#, "a") == "▁a")
        #expect(norm(#"{"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "}"#, "a   b  c d") == "a b c d")
        #expect(norm(#"{"type": "NFKC"}"#, "ﬁ①") == "fi1")
        #expect(norm(#"{"type": "Sequence", "normalizers": [{"type": "NFD"}, {"type": "StripAccents"}]}"#, "é") == "e")
        // HF's older Unicode tables (tokenizers 0.23.3): BertNormalizer strips U+1734 (Mn then, Mc now) but
        // neither U+07FD (Mn since Unicode 11) nor the spacing mark U+0903; StripAccents strips U+0903 too.
        let bertKeepingCase = #"{"type": "BertNormalizer", "clean_text": false, "handle_chinese_chars": false, "strip_accents": true, "lowercase": false}"#
        #expect(norm(bertKeepingCase, "a\u{07FD}\u{0903}\u{0301}\u{1734}") == "a\u{07FD}\u{0903}")
        #expect(norm(#"{"type": "StripAccents"}"#, "a\u{07FD}\u{0903}\u{0301}\u{1734}") == "a\u{07FD}")
    }

    @Test func byteLevelDecodeRoundTrip() throws {
        let t = try tokenizer(#"{"pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false}, "decoder": {"type": "ByteLevel"}, "model": {"type": "BPE", "vocab": {\#((0..<256).map { "\(JSONText.quoted(String(decoding: ByteLevelAlphabet.encoded[$0], as: UTF8.self))): \($0)" }.joined(separator: ", "))}, "merges": []}}"#)
        for text in ["Hello world", " a  b\t\n", "ünï 中文 🧪", ""] {
            #expect(try t.decode(t.encode(text)) == Array(text.utf8))
        }
    }
}
