/// An HF post-processor: what `encode(add_special_tokens=True)` adds around the ids.
public indirect enum HFPostProcessor: Sendable {
    /// `single` template: special-token ids before and after the sequence.
    case template(prefix: [Int32], suffix: [Int32])
    /// Adds nothing (ByteLevel only fixes offsets).
    case none
    case sequence([HFPostProcessor])

    init(json o: JSONObject, table: TokenTable) throws {
        let type = try o.typeTag("post-processor")
        switch type {
        case "TemplateProcessing":
            guard let single = o["single"]?.array else { throw o.fieldError("TemplateProcessing without \"single\"") }
            let specials = o["special_tokens"]?.object ?? JSONObject()
            var prefix: [Int32] = []
            var suffix: [Int32] = []
            var seenSequence = false
            for item in single {
                guard let io = item.object else { throw o.fieldError("invalid template item") }
                if io["Sequence"] != nil {
                    seenSequence = true
                    continue
                }
                guard let name = io["SpecialToken"]?.object?["id"]?.string else { throw o.fieldError("invalid template item") }
                guard let ids = specials[name]?.object?["ids"]?.array else {
                    throw o.fieldError("template special token \(JSONText.quoted(name)) is not in \"special_tokens\"")
                }
                let values = try ids.map { v -> Int32 in
                    guard let n = v.integer, n >= 0, n < table.count else { throw o.fieldError("invalid special token id") }
                    return Int32(n)
                }
                if seenSequence { suffix += values } else { prefix += values }
            }
            self = .template(prefix: prefix, suffix: suffix)
        case "RobertaProcessing", "BertProcessing":
            func id(_ key: String) throws -> Int32 {
                guard let pair = o[key]?.array, pair.count == 2, let n = pair[1].integer, n >= 0, n < table.count else {
                    throw o.fieldError("\(type) needs \"\(key)\": [token, id]")
                }
                return Int32(n)
            }
            self = .template(prefix: [try id("cls")], suffix: [try id("sep")])
        case "ByteLevel":
            self = .none
        case "Sequence":
            self = .sequence(try o.objects("processors").map { try HFPostProcessor(json: $0, table: table) })
        default:
            throw o.fieldError("unknown post-processor type \"\(type)\"")
        }
    }

    /// Wraps `ids` (the whole encoding) with the special tokens.
    func apply(_ ids: inout [Int32], from start: Int) {
        switch self {
        case .template(let prefix, let suffix):
            ids.insert(contentsOf: prefix, at: start)
            ids.append(contentsOf: suffix)
        case .none:
            return
        case .sequence(let list):
            for p in list { p.apply(&ids, from: start) }
        }
    }

    public var summary: String {
        switch self {
        case .template(let p, let s): return "Template(prefix: \(p), suffix: \(s))"
        case .none: return "none"
        case .sequence(let list): return "Sequence[" + list.map(\.summary).joined(separator: ", ") + "]"
        }
    }
}
