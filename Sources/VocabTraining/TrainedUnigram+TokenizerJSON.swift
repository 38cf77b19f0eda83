import VocabCore

extension TrainedUnigram {
    /// The `tokenizer.json` of this model in HF's layout: the control tokens as special added
    /// tokens, the normalizer, a Metaspace pre-tokenizer and decoder (`▁`, prepend always,
    /// split), and the Unigram model with its vocabulary of `[piece, score]` in id order.
    public func tokenizerJSON(settings: CountSettings) -> [UInt8] {
        var out = HFJSONWriter()
        out.raw("{\n  \"version\": \"1.0\",\n  \"truncation\": null,\n  \"padding\": null,\n  \"added_tokens\": [")
        var first = true
        for id in 0..<table.count where table.kinds[id] == .control || table.kinds[id] == .unknown {
            out.raw(first ? "\n    {\n      \"id\": " : ",\n    {\n      \"id\": ")
            first = false
            out.raw(String(id))
            out.raw(",\n      \"content\": ")
            out.string(table.piece(id))
            out.raw(
                ",\n      \"single_word\": false,\n      \"lstrip\": false,\n      \"rstrip\": false,\n      \"normalized\": false,\n      \"special\": true\n    }"
            )
        }
        out.raw(first ? "]" : "\n  ]")
        out.raw(",\n  \"normalizer\": ")
        out.normalizer(settings.normalizer)
        let metaspace = "{\n    \"type\": \"Metaspace\",\n    \"replacement\": \"▁\",\n    \"prepend_scheme\": \"always\",\n    \"split\": true\n  }"
        out.raw(",\n  \"pre_tokenizer\": " + metaspace + ",\n  \"post_processor\": null,\n  \"decoder\": " + metaspace)
        out.raw(",\n  \"model\": {\n    \"type\": \"Unigram\",\n    \"unk_id\": \(unknownID),\n    \"vocab\": [")
        for id in 0..<table.count {
            out.raw(id == 0 ? "\n      [\n        " : ",\n      [\n        ")
            out.string(table.piece(id))
            out.raw(",\n        ")
            out.raw(serdeFloat(table.scores[id]))
            out.raw("\n      ]")
        }
        out.raw("\n    ],\n    \"byte_fallback\": false\n  }\n}")
        return out.bytes
    }
}

/// A double as serde_json writes it (shortest round-trip digits, `.0` on integers, exponents
/// without padding: `1e-5`).
func serdeFloat(_ value: Double) -> String {
    let text = String(value)
    guard let e = text.firstIndex(of: "e") else { return text }
    var exponent = String(text[text.index(after: e)...])
    var sign = ""
    if exponent.hasPrefix("-") || exponent.hasPrefix("+") {
        if exponent.hasPrefix("-") { sign = "-" }
        exponent.removeFirst()
    }
    while exponent.count > 1 && exponent.hasPrefix("0") { exponent.removeFirst() }
    return String(text[..<e]) + "e" + sign + exponent
}
