/// The special tokens of a tiktoken rank file, kept in `NAME.special.json` beside `NAME.tiktoken`
/// as a flat JSON object `{"<|endoftext|>": 100257, ...}`.
public enum TiktokenSpecialTokens {
    /// `dir/NAME.special.json` for the rank file `dir/NAME.tiktoken` (or `dir/NAME`).
    public static func path(besideRankFile file: String) -> String {
        let slash = file.lastIndex(of: "/")
        let nameStart = slash.map { file.index(after: $0) } ?? file.startIndex
        if let dot = file[nameStart...].lastIndex(of: "."), dot > nameStart {
            return String(file[..<dot]) + ".special.json"
        }
        return file + ".special.json"
    }

    /// Parses the object; every value must be an id in `0...TiktokenRankFile.maximumRank`, and
    /// neither a name nor an id may repeat. Errors carry the byte offset.
    public static func parse(_ bytes: [UInt8]) throws -> [(token: [UInt8], id: Int32)] {
        guard let object = try JSONParser.parse(bytes).object else {
            throw VocabError("expected a JSON object of special tokens ({\"token\": id})", at: .byte(0))
        }
        var result: [(token: [UInt8], id: Int32)] = []
        for (key, value) in object.members {
            guard let id = value.integer, id >= 0, id <= TiktokenRankFile.maximumRank else {
                throw VocabError(
                    "the id of special token \(JSONText.quoted(key)) is not an integer in 0...\(TiktokenRankFile.maximumRank)",
                    at: .byte(object.offset))
            }
            let token = Array(key.utf8)
            guard !token.isEmpty else { throw VocabError("a special token is empty", at: .byte(object.offset)) }
            if let other = result.first(where: { $0.token == token || $0.id == Int32(id) }) {
                let what = other.token == token ? "appears twice" : "has the same id as \(JSONText.quoted(String(decoding: other.token, as: UTF8.self)))"
                throw VocabError("special token \(JSONText.quoted(key)) \(what)", at: .byte(object.offset))
            }
            result.append((token, Int32(id)))
        }
        return result
    }

    /// The file for the `.control` ids of `table`, in id order, written as tiktoken's published
    /// files are: `{`, one `"token": id` member per line, `}` (no final newline).
    public static func serialize(_ table: TokenTable) -> [UInt8] {
        var out: [UInt8] = Array("{\n".utf8)
        var first = true
        for id in 0..<table.count where table.kinds[id] == .control {
            if !first { out.append(contentsOf: ",\n".utf8) }
            first = false
            JSONText.appendQuoted(table.pieceText(id), to: &out)
            out.append(contentsOf: ": \(id)".utf8)
        }
        out.append(contentsOf: "\n}".utf8)
        return out
    }
}
