/// An HF `tokenizers` decoder (the `decoder` of tokenizer.json): turns the token strings of
/// some ids back into text.
public indirect enum HFDecoder: Sendable {
    /// Characters of GPT-2's byte alphabet back to bytes.
    case byteLevel
    /// `replacement` → space; the first token loses a leading space unless the scheme is `never`.
    case metaspace(replacement: String, prependScheme: HFPreTokenizer.PrependScheme)
    /// Joins pieces, removing the continuation prefix and adding spaces before words.
    case wordPiece(prefix: String, cleanup: Bool)
    /// Runs of `<0xNN>` tokens become the bytes they stand for (U+FFFD each when not UTF-8).
    case byteFallback
    /// Joins all tokens into one.
    case fuse
    /// Removes up to `start` leading and `stop` trailing `content` characters from each token.
    case strip(content: String, start: Int, stop: Int)
    /// Replaces pattern matches in each token.
    case replace(HFPattern, content: String)
    case sequence([HFDecoder])

    public init(json o: JSONObject) throws {
        let type = try o.typeTag("decoder")
        switch type {
        case "ByteLevel": self = .byteLevel
        case "Metaspace":
            var scheme = HFPreTokenizer.PrependScheme.always
            if let s = try o.optionalString("prepend_scheme") {
                guard let parsed = HFPreTokenizer.PrependScheme(rawValue: s) else {
                    throw o.fieldError("unknown Metaspace prepend_scheme \"\(s)\"")
                }
                scheme = parsed
            } else if try o.optionalBool("add_prefix_space") == false {
                scheme = .never
            }
            self = .metaspace(replacement: try o.string("replacement"), prependScheme: scheme)
        case "WordPiece":
            self = .wordPiece(prefix: try o.optionalString("prefix") ?? "##", cleanup: try o.bool("cleanup", default: true))
        case "ByteFallback": self = .byteFallback
        case "Fuse": self = .fuse
        case "Strip":
            self = .strip(content: try o.string("content"), start: try o.optionalInt("start") ?? 0, stop: try o.optionalInt("stop") ?? 0)
        case "Replace":
            self = .replace(try HFPattern(json: o["pattern"], in: o), content: try o.string("content"))
        case "Sequence":
            self = .sequence(try o.objects("decoders").map { try HFDecoder(json: $0) })
        default:
            throw o.fieldError("unknown decoder type \"\(type)\"")
        }
    }

    public var summary: String {
        switch self {
        case .byteLevel: return "ByteLevel"
        case .metaspace(let r, let s): return "Metaspace(\(JSONText.quoted(r)), prepend_scheme: \(s.rawValue))"
        case .wordPiece(let p, let c): return "WordPiece(prefix: \(JSONText.quoted(p)), cleanup: \(c))"
        case .byteFallback: return "ByteFallback"
        case .fuse: return "Fuse"
        case .strip(let c, let a, let b): return "Strip(\(JSONText.quoted(c)), \(a), \(b))"
        case .replace(let p, let c): return "Replace(\(p.summary) -> \(JSONText.quoted(c)))"
        case .sequence(let list): return "Sequence[" + list.map(\.summary).joined(separator: ", ") + "]"
        }
    }

    /// Decodes token strings into new token strings (HF `decode_chain`).
    public func decodeChain(_ tokens: [[UInt8]]) -> [[UInt8]] {
        switch self {
        case .byteLevel:
            return tokens.map { t in
                var out: [UInt8] = []
                var ok = true
                t.withUnsafeBufferPointer { p in
                    var i = 0
                    while i < p.count {
                        let (cp, n) = UTF8Scan.decode(p, at: i)
                        i += n
                        guard let b = ByteLevelAlphabet.byte(for: cp) else {
                            ok = false
                            return
                        }
                        out.append(b)
                    }
                }
                return ok ? out : t
            }
        case .metaspace(let replacement, let scheme):
            let r = Array(replacement.utf8)
            return tokens.enumerated().map { (k, t) in
                var out = Self.replacing(t, r, with: [0x20])
                if k == 0 && scheme != .never && out.first == 0x20 { out.removeFirst() }
                return out
            }
        case .wordPiece(let prefix, let cleanup):
            let p = Array(prefix.utf8)
            return tokens.enumerated().map { (k, t) in
                var out = t
                if k != 0 {
                    if t.starts(with: p) { out = Array(t.dropFirst(p.count)) } else { out = [0x20] + t }
                }
                if cleanup { out = Self.cleanup(out) }
                return out
            }
        case .byteFallback:
            var out: [[UInt8]] = []
            var pending: [UInt8] = []
            func flush() {
                guard !pending.isEmpty else { return }
                if UTF8Scan.firstInvalidOffset(pending.withUnsafeBufferPointer { $0 }) == nil {
                    out.append(pending)
                } else {
                    out.append(Array(repeating: Array("\u{FFFD}".utf8), count: pending.count).flatMap { $0 })
                }
                pending.removeAll()
            }
            for t in tokens {
                if let b = ByteFallback.byte(of: t) {
                    pending.append(b)
                } else {
                    flush()
                    out.append(t)
                }
            }
            flush()
            return out
        case .fuse:
            return [tokens.flatMap { $0 }]
        case .strip(let content, let start, let stop):
            let c = Array(content.utf8)
            return tokens.map { t in
                var s = 0
                var e = t.count
                var k = 0
                while k < start && !c.isEmpty && s + c.count <= e && Array(t[s..<s + c.count]) == c {
                    s += c.count
                    k += 1
                }
                k = 0
                while k < stop && !c.isEmpty && e - c.count >= s && Array(t[e - c.count..<e]) == c {
                    e -= c.count
                    k += 1
                }
                return Array(t[s..<e])
            }
        case .replace(let pattern, let content):
            return tokens.map { t in
                let ranges = t.withUnsafeBufferPointer { pattern.matches(in: $0) }
                var out: [UInt8] = []
                var last = 0
                for r in ranges {
                    out += t[last..<r.lowerBound]
                    out += content.utf8
                    last = r.upperBound
                }
                out += t[last...]
                return out
            }
        case .sequence(let list):
            var t = tokens
            for d in list { t = d.decodeChain(t) }
            return t
        }
    }

    static func replacing(_ t: [UInt8], _ target: [UInt8], with replacement: [UInt8]) -> [UInt8] {
        guard !target.isEmpty else { return t }
        var out: [UInt8] = []
        var i = 0
        while i < t.count {
            if i + target.count <= t.count && t[i..<i + target.count].elementsEqual(target) {
                out += replacement
                i += target.count
            } else {
                out.append(t[i])
                i += 1
            }
        }
        return out
    }

    /// BERT's detokenization cleanup (spaces before punctuation and contractions).
    static func cleanup(_ t: [UInt8]) -> [UInt8] {
        var out = t
        for (from, to) in [
            (" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"), (" n't", "n't"), (" 'm", "'m"),
            (" do not", " don't"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re"),
        ] {
            out = replacing(out, Array(from.utf8), with: Array(to.utf8))
        }
        return out
    }
}
