import Foundation

/// A small but complete Hugging Face model folder, written by the tests that need one: a BERT-style
/// WordPiece tokenizer.json whose special tokens sit between normal pieces (so trimming renumbers
/// them), tokenizer_config.json with added_tokens_decoder, special_tokens_map.json, vocab.txt,
/// config.json and generation_config.json naming token ids, model.safetensors with input embeddings
/// (row `i` = `[i, i + 0.5]`), an untied head (row `i` = `[100 + i, 100.5 + i]`) and one other
/// tensor, and sentence-transformers files (modules.json, 1_Pooling/config.json), a README and a
/// hidden file.
public enum ModelFolderFixture {
    /// The vocabulary, in id order.
    public static let pieces = ["the", "[PAD]", "cat", "[UNK]", "dog", "[CLS]", "[SEP]", "##s", "[MASK]", "a"]
    /// The special tokens' ids.
    public static let specialIDs = [1, 3, 5, 6, 8]
    /// Files that do not depend on the vocabulary (copied as they are).
    public static let vocabularyIndependentFiles = [
        ".gitattributes", "1_Pooling/config.json", "README.md", "modules.json", "special_tokens_map.json",
    ]

    /// Writes the folder at `dir` (created if missing).
    /// - Parameters:
    ///   - hiddenSize: the config's hidden_size (2 matches the tensors).
    ///   - tied: the config's tie_word_embeddings.
    public static func write(to dir: String, hiddenSize: Int = 2, tied: Bool = false) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir + "/1_Pooling", withIntermediateDirectories: true)
        func put(_ name: String, _ text: String) throws { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        let vocab = pieces.enumerated().map { "\"\($1)\":\($0)" }.joined(separator: ",")
        let added = specialIDs.map {
            "{\"id\":\($0),\"content\":\"\(pieces[$0])\",\"single_word\":false,\"lstrip\":false,\"rstrip\":false,\"normalized\":false,\"special\":true}"
        }.joined(separator: ",")
        try put("tokenizer.json", """
            {"version":"1.0","truncation":null,"padding":null,"added_tokens":[\(added)],
            "normalizer":{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,"strip_accents":null,"lowercase":true},
            "pre_tokenizer":{"type":"BertPreTokenizer"},
            "post_processor":{"type":"TemplateProcessing","single":[{"SpecialToken":{"id":"[CLS]","type_id":0}},{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"[SEP]","type_id":0}}],"pair":[{"SpecialToken":{"id":"[CLS]","type_id":0}},{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"[SEP]","type_id":0}},{"Sequence":{"id":"B","type_id":1}},{"SpecialToken":{"id":"[SEP]","type_id":1}}],"special_tokens":{"[CLS]":{"id":"[CLS]","ids":[5],"tokens":["[CLS]"]},"[SEP]":{"id":"[SEP]","ids":[6],"tokens":["[SEP]"]}}},
            "decoder":{"type":"WordPiece","prefix":"##","cleanup":true},
            "model":{"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{\(vocab)}}}

            """)
        let decoder = specialIDs.map {
            "\"\($0)\": {\"content\": \"\(pieces[$0])\", \"lstrip\": false, \"normalized\": false, \"rstrip\": false, \"single_word\": false, \"special\": true}"
        }.joined(separator: ",\n    ")
        try put("tokenizer_config.json", """
            {
              "added_tokens_decoder": {
                \(decoder)
              },
              "cls_token": "[CLS]",
              "do_lower_case": true,
              "mask_token": "[MASK]",
              "model_max_length": 512,
              "pad_token": "[PAD]",
              "sep_token": "[SEP]",
              "tokenizer_class": "BertTokenizer",
              "unk_token": "[UNK]"
            }

            """)
        try put("special_tokens_map.json", #"{"unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]", "mask_token": "[MASK]"}"#)
        try put("vocab.txt", pieces.joined(separator: "\n") + "\n")
        try put("config.json", """
            {
              "architectures": ["BertForMaskedLM"],
              "hidden_size": \(hiddenSize),
              "model_type": "bert",
              "pad_token_id": 1,
              "sep_token_id": 6,
              "tie_word_embeddings": \(tied),
              "vocab_size": 10
            }

            """)
        try put("generation_config.json", "{\"eos_token_id\": [6], \"pad_token_id\": 1}\n")
        try put("modules.json", #"[{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"}, {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}]"#)
        try put("1_Pooling/config.json", #"{"word_embedding_dimension": 2, "pooling_mode_mean_tokens": true}"#)
        try put("README.md", "# a tiny model\n")
        try put(".gitattributes", "*.safetensors filter=lfs\n")
        try Data(safetensors([
            ("bert.embeddings.word_embeddings.weight", [10, 2], (0..<10).flatMap { [Float($0), Float($0) + 0.5] }),
            ("bert.encoder.scale", [3], [1, 2, 3]),
            ("cls.predictions.decoder.weight", [10, 2], (0..<10).flatMap { [100 + Float($0), 100.5 + Float($0)] }),
        ])).write(to: URL(fileURLWithPath: dir + "/model.safetensors"))
    }

    /// A safetensors file of F32 tensors (name, shape, values), in the given order.
    public static func safetensors(_ tensors: [(name: String, shape: [Int], values: [Float])]) -> [UInt8] {
        var header = "{"
        var data: [UInt8] = []
        for (k, t) in tensors.enumerated() {
            let begin = data.count
            for v in t.values { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
            header += (k > 0 ? "," : "") + "\"\(t.name)\":{\"dtype\":\"F32\",\"shape\":\(t.shape),\"data_offsets\":[\(begin),\(data.count)]}"
        }
        header += "}"
        while header.utf8.count % 8 != 0 { header += " " }
        var out: [UInt8] = []
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { out.append(contentsOf: $0) }
        return out + Array(header.utf8) + data
    }

    /// The F32 values of a tensor of a safetensors file, or nil when it is not there.
    public static func values(of name: String, in file: String) throws -> [Float]? {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        let length = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        guard let header = try JSONSerialization.jsonObject(with: Data(bytes[8..<8 + length])) as? [String: Any],
            let entry = header[name] as? [String: Any], let offsets = entry["data_offsets"] as? [Int]
        else { return nil }
        let start = 8 + length + offsets[0]
        return stride(from: start, to: 8 + length + offsets[1], by: 4).map { at in
            Float(bitPattern: bytes[at..<at + 4].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) })
        }
    }
}
