import CICUShim

/// An HF `tokenizers` normalizer (the `normalizer` of tokenizer.json), applied to each split of
/// the input separately (`specs/ENCODERS.md` §1.1, §2). Works on UTF-8 bytes.
public indirect enum HFNormalizer: Sendable {
    case nfc, nfd, nfkc, nfkd
    /// Full per-character lowercase (no context).
    case lowercase
    /// Removes combining marks (HF's `is_combining_mark` table: category M of an older Unicode).
    case stripAccents
    /// Removes leading and/or trailing White_Space characters.
    case strip(left: Bool, right: Bool)
    /// Replaces every non-overlapping match of the pattern by `content`.
    case replace(HFPattern, content: String)
    /// Prepends a string to non-empty text.
    case prepend(String)
    /// A SentencePiece charsmap, applied per grapheme cluster (nil: an empty charsmap, identity).
    case precompiled(PrecompiledCharsmap?)
    /// BERT's cleanup, CJK padding, accent stripping and lowercasing.
    case bert(cleanText: Bool, handleChineseChars: Bool, stripAccents: Bool, lowercase: Bool)
    case sequence([HFNormalizer])

    /// Reads a normalizer object.
    public init(json o: JSONObject) throws {
        let type = try o.typeTag("normalizer")
        switch type {
        case "NFC": self = .nfc
        case "NFD": self = .nfd
        case "NFKC": self = .nfkc
        case "NFKD": self = .nfkd
        case "Lowercase": self = .lowercase
        case "StripAccents": self = .stripAccents
        case "Strip":
            self = .strip(left: try o.bool("strip_left", default: true), right: try o.bool("strip_right", default: true))
        case "Replace":
            self = .replace(try HFPattern(json: o["pattern"], in: o), content: try o.string("content"))
        case "Prepend":
            self = .prepend(try o.string("prepend"))
        case "Precompiled":
            let text = try o.optionalString("precompiled_charsmap") ?? ""
            var blob: [UInt8] = []
            var copy = text
            guard copy.withUTF8({ Base64.decode($0, into: &blob) }) else {
                throw o.fieldError("\"precompiled_charsmap\" is not valid base64")
            }
            if blob.isEmpty {
                self = .precompiled(nil)
            } else {
                do {
                    self = .precompiled(try PrecompiledCharsmap(blob))
                } catch let error as VocabError {
                    throw o.fieldError("invalid precompiled_charsmap: \(error.message)")
                }
            }
        case "BertNormalizer":
            let lowercase = try o.bool("lowercase", default: true)
            self = .bert(
                cleanText: try o.bool("clean_text", default: true),
                handleChineseChars: try o.bool("handle_chinese_chars", default: true),
                stripAccents: try o.optionalBool("strip_accents") ?? lowercase,
                lowercase: lowercase)
        case "Sequence":
            self = .sequence(try o.objects("normalizers").map { try HFNormalizer(json: $0) })
        default:
            throw o.fieldError("unknown normalizer type \"\(type)\"")
        }
    }

    /// A one-line description.
    public var summary: String {
        switch self {
        case .nfc: return "NFC"
        case .nfd: return "NFD"
        case .nfkc: return "NFKC"
        case .nfkd: return "NFKD"
        case .lowercase: return "Lowercase"
        case .stripAccents: return "StripAccents"
        case .strip(let l, let r): return "Strip(left: \(l), right: \(r))"
        case .replace(let p, let c): return "Replace(\(p.summary) -> \(JSONText.quoted(c)))"
        case .prepend(let s): return "Prepend(\(JSONText.quoted(s)))"
        case .precompiled(let m): return m == nil ? "Precompiled(empty)" : "Precompiled"
        case .bert(let c, let h, let s, let l):
            return "BertNormalizer(clean_text: \(c), handle_chinese_chars: \(h), strip_accents: \(s), lowercase: \(l))"
        case .sequence(let list): return "Sequence[" + list.map(\.summary).joined(separator: ", ") + "]"
        }
    }

    /// The normalized form of UTF-8 `text`.
    public func normalize(_ text: [UInt8]) -> [UInt8] {
        switch self {
        case .nfc: return Self.unicodeNormalize(text, Int32(VT_NFC))
        case .nfd: return Self.unicodeNormalize(text, Int32(VT_NFD))
        case .nfkc: return Self.unicodeNormalize(text, Int32(VT_NFKC))
        case .nfkd: return Self.unicodeNormalize(text, Int32(VT_NFKD))
        case .lowercase:
            var out: [UInt8] = []
            out.reserveCapacity(text.count)
            Self.forEachScalar(text) { cp in CaseMapping.appendLowercase(cp, to: &out) }
            return out
        case .stripAccents:
            var out: [UInt8] = []
            out.reserveCapacity(text.count)
            Self.forEachScalar(text) { cp in
                if !HFMarkTables.contains(HFMarkTables.combiningMarks, cp) { UTF8Scan.append(cp, to: &out) }
            }
            return out
        case .strip(let left, let right):
            return Self.strip(text, left: left, right: right)
        case .replace(let pattern, let content):
            let ranges = text.withUnsafeBufferPointer { pattern.matches(in: $0) }
            if ranges.isEmpty { return text }
            var out: [UInt8] = []
            out.reserveCapacity(text.count)
            var last = 0
            for r in ranges {
                out.append(contentsOf: text[last..<r.lowerBound])
                out.append(contentsOf: content.utf8)
                last = r.upperBound
            }
            out.append(contentsOf: text[last...])
            return out
        case .prepend(let s):
            return text.isEmpty ? text : Array(s.utf8) + text
        case .precompiled(let map):
            guard let map else { return text }
            return Self.precompiled(text, map)
        case .bert(let cleanText, let handleChineseChars, let stripAccents, let lowercase):
            return Self.bert(text, cleanText, handleChineseChars, stripAccents, lowercase)
        case .sequence(let list):
            var t = text
            for n in list { t = n.normalize(t) }
            return t
        }
    }

    @inline(__always)
    static func forEachScalar(_ text: [UInt8], _ body: (UInt32) -> Void) {
        text.withUnsafeBufferPointer { p in
            var i = 0
            while i < p.count {
                let (cp, n) = UTF8Scan.decode(p, at: i)
                body(cp)
                i += n
            }
        }
    }

    static func unicodeNormalize(_ text: [UInt8], _ form: Int32) -> [UInt8] {
        if !text.contains(where: { $0 >= 0x80 }) { return text }
        var cap = text.count * 3 + 16
        while true {
            var n: Int32 = 0
            let out = [UInt8](unsafeUninitializedCapacity: cap) { dst, count in
                n = text.withUnsafeBufferPointer { src in
                    vt_normalize(form, src.baseAddress, Int32(src.count), dst.baseAddress, Int32(cap))
                }
                count = n >= 0 && Int(n) <= cap ? Int(n) : 0
            }
            if n < 0 { return text }
            if Int(n) <= cap { return out }
            cap = Int(n)
        }
    }

    static func strip(_ text: [UInt8], left: Bool, right: Bool) -> [UInt8] {
        text.withUnsafeBufferPointer { p in
            var start = 0
            var end = p.count
            if left {
                while start < end {
                    let (cp, n) = UTF8Scan.decode(p, at: start)
                    if !UnicodeProperties.isWhiteSpace(cp) { break }
                    start += n
                }
            }
            if right {
                while end > start {
                    var s = end - 1
                    while s > start && p[s] & 0xC0 == 0x80 { s -= 1 }
                    let (cp, _) = UTF8Scan.decode(p, at: s)
                    if !UnicodeProperties.isWhiteSpace(cp) { break }
                    end = s
                }
            }
            return Array(p[start..<end])
        }
    }

    /// HF's Precompiled rule: per extended grapheme cluster, a cluster shorter than 6 bytes that
    /// starts with some rule's key is replaced whole by the shortest such rule; otherwise each
    /// character is replaced by its own rule, if any (`specs/ENCODERS.md` §2.1).
    static func precompiled(_ text: [UInt8], _ map: PrecompiledCharsmap) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count + 8)
        text.withUnsafeBufferPointer { p in
            GraphemeClusters.forEach(in: p) { start, end in
                let cluster = UnsafeBufferPointer(rebasing: p[start..<end])
                if end - start < 6 {
                    var first: PrecompiledCharsmap.Match? = nil
                    map.forEachPrefixMatch(in: cluster, from: 0) { m in
                        first = m
                        return false
                    }
                    if let first {
                        map.withReplacement(first) { out.append(contentsOf: $0) }
                        return
                    }
                }
                var i = 0
                while i < cluster.count {
                    let n = min(UTF8Scan.sequenceLength(lead: cluster[i]), cluster.count - i)
                    let char = UnsafeBufferPointer(rebasing: cluster[i..<i + n])
                    if let m = map.exactMatch(char) {
                        map.withReplacement(m) { out.append(contentsOf: $0) }
                    } else {
                        out.append(contentsOf: char)
                    }
                    i += n
                }
            }
        }
        return out
    }

    /// `specs/ENCODERS.md` §2.4. ASCII bytes take a table-free path (cleanup and lowercase in
    /// one step); text that is all ASCII after cleanup skips NFD and the mark and case tables.
    static func bert(_ text: [UInt8], _ cleanText: Bool, _ chinese: Bool, _ stripAccents: Bool, _ lowercase: Bool) -> [UInt8] {
        var ascii = true
        // One read of the property table per call (each global access costs a `swift_once`).
        let properties = UnicodeProperties.table
        // Each character gives at most its own length plus two padding spaces: 3 bytes a byte.
        var out = [UInt8](unsafeUninitializedCapacity: text.count * 3 + 16) { buf, count in
            var o = 0
            text.withUnsafeBufferPointer { p in
                var i = 0
                while i < p.count {
                    let b = p[i]
                    if b < 0x80 {
                        i += 1
                        if cleanText && (b < 0x20 || b == 0x7F) {
                            // NUL and the other C0 controls go; tab, line feed and return become spaces.
                            if b == 0x09 || b == 0x0A || b == 0x0D {
                                buf[o] = 0x20
                                o += 1
                            }
                        } else {
                            buf[o] = lowercase && b >= 0x41 && b <= 0x5A ? b + 0x20 : b
                            o += 1
                        }
                        continue
                    }
                    let (cp, n) = UTF8Scan.decode(p, at: i)
                    i += n
                    if cleanText {
                        if cp == 0xFFFD { continue }
                        let v = cp < 0x110000 ? properties[Int(cp)] : 0
                        let cat = GeneralCategory(rawValue: v & 0x1F)
                        if cat == .control || cat == .format || cat == .privateUse || cat == .surrogate { continue }
                        if v & UnicodeProperties.whiteSpaceBit != 0 {
                            buf[o] = 0x20
                            o += 1
                            continue
                        }
                    }
                    ascii = false
                    let pad = chinese && isChineseChar(cp)
                    if pad {
                        buf[o] = 0x20
                        o += 1
                    }
                    writeUTF8(cp, to: buf, at: &o)
                    if pad {
                        buf[o] = 0x20
                        o += 1
                    }
                }
            }
            count = o
        }
        if ascii || !(stripAccents || lowercase) { return out }
        if stripAccents { out = unicodeNormalize(out, Int32(VT_NFD)) }
        let marks = HFMarkTables.bertNonspacingMarkSet
        var result: [UInt8] = []
        result.reserveCapacity(out.count)
        out.withUnsafeBufferPointer { p in
            var i = 0
            while i < p.count {
                let b = p[i]
                if b < 0x80 {
                    // NFD can give uppercase ASCII (A + U+0300 from U+00C0).
                    result.append(lowercase && b >= 0x41 && b <= 0x5A ? b + 0x20 : b)
                    i += 1
                    continue
                }
                let (cp, n) = UTF8Scan.decode(p, at: i)
                i += n
                if stripAccents && marks.contains(cp) { continue }
                // Only Lu, Lt, Nl and So have a lowercase that differs (`CaseMapping.lowerTable`).
                let cat = GeneralCategory(rawValue: cp < 0x110000 ? properties[Int(cp)] & 0x1F : 0)
                if lowercase && (cat == .uppercaseLetter || cat == .titlecaseLetter || cat == .letterNumber || cat == .otherSymbol) {
                    CaseMapping.appendLowercase(cp, to: &result)
                } else {
                    UTF8Scan.append(cp, to: &result)
                }
            }
        }
        return result
    }

    /// Writes the UTF-8 of a scalar (as `UTF8Scan.append` encodes it) at `buf[o...]`.
    @inline(__always)
    static func writeUTF8(_ cp: UInt32, to buf: UnsafeMutableBufferPointer<UInt8>, at o: inout Int) {
        if cp < 0x80 {
            buf[o] = UInt8(cp)
            o += 1
        } else if cp < 0x800 {
            buf[o] = UInt8(0xC0 | cp >> 6)
            buf[o + 1] = UInt8(0x80 | cp & 0x3F)
            o += 2
        } else if cp < 0x10000 {
            buf[o] = UInt8(0xE0 | cp >> 12)
            buf[o + 1] = UInt8(0x80 | (cp >> 6) & 0x3F)
            buf[o + 2] = UInt8(0x80 | cp & 0x3F)
            o += 3
        } else {
            buf[o] = UInt8(0xF0 | cp >> 18)
            buf[o + 1] = UInt8(0x80 | (cp >> 12) & 0x3F)
            buf[o + 2] = UInt8(0x80 | (cp >> 6) & 0x3F)
            buf[o + 3] = UInt8(0x80 | cp & 0x3F)
            o += 4
        }
    }

    /// The CJK ranges BERT pads with spaces (HF's list, starting Ext. C+ at U+2B920).
    @inline(__always)
    static func isChineseChar(_ cp: UInt32) -> Bool {
        switch cp {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F,
            0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }
}
