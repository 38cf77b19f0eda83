/// Small tekken.json and GGUF files built byte by byte, for the tests of those readers (unit,
/// fuzz and CLI tests), so none of them needs ../shared or a downloaded model.

/// A GGUF file (version 3, little-endian) from typed key/values; tensors are never written.
public struct GGUFBuilder {
    public enum Value {
        case string(String)
        case uint32(UInt32)
        case bool(Bool)
        case strings([String])
        case floats([Float])
        case int32s([Int32])
    }

    public var entries: [(key: String, value: Value)]
    public var tensorCount: UInt64 = 0

    public init(_ entries: [(key: String, value: Value)]) { self.entries = entries }

    public func bytes() -> [UInt8] {
        var out = Array("GGUF".utf8)
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
        func string(_ s: String) {
            u64(UInt64(s.utf8.count))
            out += Array(s.utf8)
        }
        u32(3)
        u64(tensorCount)
        u64(UInt64(entries.count))
        for (key, value) in entries {
            string(key)
            switch value {
            case .string(let s): u32(8); string(s)
            case .uint32(let v): u32(4); u32(v)
            case .bool(let b): u32(7); out.append(b ? 1 : 0)
            case .strings(let list): u32(9); u32(8); u64(UInt64(list.count)); list.forEach(string)
            case .floats(let list): u32(9); u32(6); u64(UInt64(list.count)); list.forEach { u32($0.bitPattern) }
            case .int32s(let list): u32(9); u32(5); u64(UInt64(list.count)); list.forEach { u32(UInt32(bitPattern: $0)) }
            }
        }
        return out
    }

    /// GPT-2's byte-to-character alphabet (`bytes_to_unicode`): the character byte `b` is shown as.
    public static let byteAlphabet: [String] = {
        var shown = [String](repeating: "", count: 256)
        var next: UInt32 = 256
        for b in 0..<256 {
            let printable = (33...126).contains(b) || (161...172).contains(b) || (174...255).contains(b)
            shown[b] = String(Character(Unicode.Scalar(printable ? UInt32(b) : next)!))
            if !printable { next += 1 }
        }
        return shown
    }()

    /// A `gpt2` (byte-level BPE) tokenizer: ids 0-255 the bytes, then `th` (256), `the` (257),
    /// `Ġt` (258), `he` (259), `Ġthe` (260) from merges in that order, then `<|endoftext|>` (261,
    /// control).
    public static func gpt2(pre: String = "gpt-2") -> GGUFBuilder {
        let tokens = byteAlphabet + ["th", "the", "Ġt", "he", "Ġthe", "<|endoftext|>"]
        return GGUFBuilder([
            ("general.architecture", .string("gpt2")),
            ("tokenizer.ggml.model", .string("gpt2")),
            ("tokenizer.ggml.pre", .string(pre)),
            ("tokenizer.ggml.tokens", .strings(tokens)),
            ("tokenizer.ggml.token_type", .int32s([Int32](repeating: 1, count: tokens.count - 1) + [3])),
            ("tokenizer.ggml.merges", .strings(["t h", "th e", "Ġ t", "h e", "Ġt he"])),
            ("tokenizer.ggml.eos_token_id", .uint32(261)),
        ])
    }

    /// A `llama` (SentencePiece BPE) tokenizer: `<unk>`, `<s>`, `</s>`, the 256 byte pieces
    /// (ids 3-258), then `▁t` (259), `he` (260), `▁the` (261), `▁` (262), `t`, `h`, `e` (263-265),
    /// best score first.
    public static func llama() -> GGUFBuilder {
        let bytePieces = (0..<256).map { "<0x" + (($0 < 16 ? "0" : "") + String($0, radix: 16, uppercase: true)) + ">" }
        let tokens = ["<unk>", "<s>", "</s>"] + bytePieces + ["▁t", "he", "▁the", "▁", "t", "h", "e"]
        let types: [Int32] = [2, 3, 3] + [Int32](repeating: 6, count: 256) + [Int32](repeating: 1, count: 7)
        let scores: [Float] = [0, 0, 0] + [Float](repeating: 0, count: 256) + [-1, -2, -3, -4, -5, -6, -7]
        return GGUFBuilder([
            ("general.architecture", .string("llama")),
            ("tokenizer.ggml.model", .string("llama")),
            ("tokenizer.ggml.pre", .string("default")),
            ("tokenizer.ggml.tokens", .strings(tokens)),
            ("tokenizer.ggml.scores", .floats(scores)),
            ("tokenizer.ggml.token_type", .int32s(types)),
            ("tokenizer.ggml.bos_token_id", .uint32(1)),
            ("tokenizer.ggml.eos_token_id", .uint32(2)),
            ("tokenizer.ggml.unknown_token_id", .uint32(0)),
        ])
    }
}

/// A tekken.json: the 256 bytes, then `ranks` (e.g. "th", "the"), the `special` special tokens
/// listed (as mistral-common writes them; nil: no list) out of `specialCount`, and
/// `default_vocab_size` `specialCount + 256 + keptRanks`; `rankOf` writes a different rank.
public enum TekkenFixture {
    public static let pattern =
        #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+"#

    public static func json(
        ranks: [String] = ["th", "the", " t", " the", "he", "in", " in"], keptRanks: Int? = nil,
        special: [String]? = ["<unk>", "<s>", "</s>"], specialCount: Int = 5, version: String = "v7",
        rankOf: (Int) -> Int = { $0 }, pattern: String = TekkenFixture.pattern
    ) -> [UInt8] {
        func escaped(_ s: String) -> String {
            var out = ""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                default: out += scalar.value < 0x20 ? "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16) : String(scalar)
                }
            }
            return out
        }
        let tokens: [[UInt8]] = (0..<256).map { [UInt8($0)] } + ranks.map { Array($0.utf8) }
        let kept = 256 + (keptRanks ?? ranks.count)
        var text = "{\n  \"config\": {\n    \"pattern\": \"\(escaped(pattern))\",\n    \"num_vocab_tokens\": \(tokens.count),\n"
        text += "    \"default_vocab_size\": \(specialCount + kept),\n    \"default_num_special_tokens\": \(specialCount),\n"
        text += "    \"version\": \"\(version)\"\n  },\n  \"vocab\": [\n"
        text += tokens.enumerated().map { i, token in
            "    {\"rank\": \(rankOf(i)), \"token_bytes\": \"\(base64(token))\", \"token_str\": null}"
        }.joined(separator: ",\n")
        text += "\n  ]"
        if let special {
            text += ",\n  \"special_tokens\": [\n"
            text += special.enumerated().map { i, name in
                "    {\"rank\": \(i), \"token_str\": \"\(escaped(name))\", \"is_control\": true}"
            }.joined(separator: ",\n")
            text += "\n  ]"
        }
        text += "\n}\n"
        return Array(text.utf8)
    }

    static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var out = ""
        var i = 0
        while i < bytes.count {
            let n = min(3, bytes.count - i)
            var word = UInt32(bytes[i]) << 16
            if n > 1 { word |= UInt32(bytes[i + 1]) << 8 }
            if n > 2 { word |= UInt32(bytes[i + 2]) }
            for k in 0..<4 { out.append(k <= n ? alphabet[Int(word >> (18 - 6 * UInt32(k))) & 63] : "=") }
            i += 3
        }
        return out
    }
}
