/// The `pattern` of HF `Split` and `Replace`: `{"String": s}` (a literal) or `{"Regex": r}`.
public enum HFPattern: Sendable {
    case string(String)
    case regex(ICURegex)

    /// Reads `{"String": ...}` or `{"Regex": ...}`.
    init(json: JSONValue?, in object: JSONObject) throws {
        guard let o = json?.object else {
            throw VocabError("missing or invalid \"pattern\"", at: .byte(object.offset))
        }
        if let s = o["String"]?.string {
            self = .string(s)
        } else if let r = o["Regex"]?.string {
            do {
                self = .regex(try ICURegex(r))
            } catch let error as VocabError {
                throw VocabError(error.message, at: .byte(o.offset))
            }
        } else {
            throw VocabError("\"pattern\" needs a \"String\" or a \"Regex\"", at: .byte(o.offset))
        }
    }

    /// A short description for summaries.
    var summary: String {
        switch self {
        case .string(let s): return JSONText.quoted(s)
        case .regex(let r): return "/" + r.pattern + "/"
        }
    }

    /// The successive non-overlapping leftmost matches in `text`.
    func matches(in text: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        switch self {
        case .regex(let r):
            return r.matches(in: text)
        case .string(let s):
            let needle = Array(s.utf8)
            guard !needle.isEmpty, needle.count <= text.count else { return [] }
            var out: [Range<Int>] = []
            var i = 0
            let first = needle[0]
            while i + needle.count <= text.count {
                if text[i] == first {
                    var k = 1
                    while k < needle.count && text[i + k] == needle[k] { k += 1 }
                    if k == needle.count {
                        out.append(i..<i + needle.count)
                        i += needle.count
                        continue
                    }
                }
                i += 1
            }
            return out
        }
    }
}
