/// Recognises the published rank files by content, to pick their split pattern without `--pattern`.
enum KnownRankFiles {
    /// A published rank file: its number of ranks (0..<count, no gaps), and the tokens of rank
    /// 410 and of the last rank, base64 as in the file. cl100k and Llama-3 share their first
    /// 100,256 ranks; Qwen2 has cl100k's tokens without the multi-digit ones.
    struct Fingerprint {
        var pattern: SplitPattern
        var name: String
        var count: Int
        var rank410: String
        var last: String
    }

    static let all: [Fingerprint] = [
        Fingerprint(pattern: .r50k, name: "r50k_base (GPT-2)", count: 50_256, rank410: "IHY=", last: "IGdhemVk"),
        Fingerprint(pattern: .cl100k, name: "cl100k_base", count: 100_256, rank410: "MDA=", last: "IENvbnZleW9y"),
        Fingerprint(pattern: .o200k, name: "o200k_base", count: 199_998, rank410: "Kio=", last: "IGNvY29z"),
        Fingerprint(pattern: .llama3, name: "Llama 3", count: 128_000, rank410: "MDA=", last: "6ZSm"),
        Fingerprint(pattern: .qwen2, name: "Qwen2", count: 151_643, rank410: "aXRo", last: "4r2X"),
    ]

    /// The fingerprint `ranks` matches, or nil.
    static func recognise(_ ranks: TiktokenRankFile) -> Fingerprint? {
        let count = ranks.tokens.count
        guard count > 410, ranks.tokens[count - 1].rank == Int32(count - 1) else { return nil }
        func base64(_ k: Int) -> String {
            var out: [UInt8] = []
            let t = ranks.tokens[k]
            ranks.storage[Int(t.start)..<Int(t.end)].withUnsafeBytes { Base64.encode($0, into: &out) }
            return String(decoding: out, as: UTF8.self)
        }
        return all.first { $0.count == count && base64(410) == $0.rank410 && base64(count - 1) == $0.last }
    }
}
