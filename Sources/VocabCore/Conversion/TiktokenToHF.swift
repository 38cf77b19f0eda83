/// A tiktoken encoding as a tokenizer.json, built the way `transformers`' `TikTokenConverter`
/// builds it: tokens shown in GPT-2's byte-to-character alphabet; a merge for every split of a
/// token into two tokens, ordered by the token's rank, then by the parts' ranks; `ignore_merges`
/// (tiktoken's whole-piece shortcut); the split pattern as an isolating `Split`, then ByteLevel
/// without its own regex; special tokens as special added tokens.
enum TiktokenToHF {
    static func document(_ tokenizer: TiktokenTokenizer) -> JSONObject {
        let table = tokenizer.table
        var vocab: [(key: String, value: JSONValue)] = []
        var specials: [JSONValue] = []
        var merges: [JSONValue] = []
        for id in 0..<table.count {
            switch table.kinds[id] {
            case .normal:
                let piece = table.piece(id)
                vocab.append((key: shown(piece[...]), value: .integer(id)))
                var splits: [(left: Int32, right: Int32)] = []
                for cut in 1..<max(1, piece.count) {
                    if let l = table.id(of: Array(piece[..<cut])), let r = table.id(of: Array(piece[cut...])),
                        table.kinds[Int(l)] == .normal, table.kinds[Int(r)] == .normal
                    {
                        splits.append((l, r))
                    }
                }
                splits.sort { $0.left != $1.left ? $0.left < $1.left : $0.right < $1.right }
                for s in splits {
                    merges.append(.array([.string(shown(table.piece(Int(s.left))[...])), .string(shown(table.piece(Int(s.right))[...]))]))
                }
            case .control:
                specials.append(HFDocumentParts.specialToken(id: id, content: table.piece(id)))
            default:
                continue
            }
        }
        return byteLevelDocument(
            pattern: tokenizer.pattern, vocab: vocab, merges: merges, addedTokens: specials, ignoreMerges: true)
    }

    /// A byte-level BPE tokenizer.json: the split pattern as an isolating `Split`, then ByteLevel
    /// without its own regex; the vocabulary (tokens in GPT-2's byte alphabet), merges and added
    /// tokens as given.
    static func byteLevelDocument(
        pattern: SplitPattern, vocab: [(key: String, value: JSONValue)], merges: [JSONValue], addedTokens: [JSONValue],
        ignoreMerges: Bool
    ) -> JSONObject {
        typealias P = HFDocumentParts
        let byteLevel: (Bool, Bool, Bool) -> JSONValue = { prefix, trim, regex in
            P.object([
                ("type", P.string("ByteLevel")), ("add_prefix_space", .bool(prefix)), ("trim_offsets", .bool(trim)),
                ("use_regex", .bool(regex)),
            ])
        }
        let split = P.object([
            ("type", P.string("Split")), ("pattern", P.object([("Regex", P.string(onigurumaRegex(pattern)))])),
            ("behavior", P.string("Isolated")), ("invert", .bool(false)),
        ])
        let model = P.object([
            ("type", P.string("BPE")), ("dropout", .null), ("unk_token", .null), ("continuing_subword_prefix", .null),
            ("end_of_word_suffix", .null), ("fuse_unk", .bool(false)), ("byte_fallback", .bool(false)),
            ("ignore_merges", .bool(ignoreMerges)), ("vocab", .object(JSONObject(vocab))), ("merges", .array(merges)),
        ])
        return P.document(
            addedTokens: addedTokens, normalizer: .null,
            preTokenizer: P.sequence("pretokenizers", [split, byteLevel(false, true, false)]),
            postProcessor: byteLevel(true, false, true), decoder: byteLevel(true, true, true), model: model)
    }

    /// The split pattern written so that HF's regex engine (Oniguruma) cuts the same pieces.
    /// tiktoken's r50k and cl100k patterns use possessive quantifiers and `$`, which Oniguruma
    /// reads differently (`{1,3}+` is a repetition of `{1,3}`, `$` is an end of line); the
    /// equivalent patterns without them (HF ByteLevel's regex, Llama-3's; `specs/ENCODERS.md`
    /// §6.1) are written instead.
    static func onigurumaRegex(_ pattern: SplitPattern) -> String {
        switch pattern {
        case .r50k: return #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#
        case .cl100k: return SplitPattern.llama3.regex
        case .o200k, .llama3, .qwen2, .tekken: return pattern.regex
        }
    }

    /// Token bytes written in GPT-2's byte-to-character alphabet.
    static func shown(_ bytes: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { UTF8Scan.append(ByteLevelAlphabet.characters[Int(b)], to: &out) }
        return String(decoding: out, as: UTF8.self)
    }
}
