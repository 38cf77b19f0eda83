import CICUShim

/// A compiled ICU regular expression over UTF-8 text: the general path for arbitrary patterns
/// (HF `Split` and `Replace` regexes), with byte offsets in and out.
///
/// The compiled pattern is immutable; each thread matches with its own ICU matcher, so one
/// instance may be shared freely. A pattern that is one ASCII character repeated (`" {2,}"`, as
/// converted SentencePiece tokenizers collapse spaces, or `"x+"`) is matched by a byte scan.
public final class ICURegex: @unchecked Sendable {
    /// The pattern as given.
    public let pattern: String
    let handle: OpaquePointer
    /// For a pattern `C{n,}` or `C+` (C a literal ASCII character): C and n.
    let run: (byte: UInt8, minimum: Int)?

    /// Compiles `pattern`; throws `VocabError` when ICU rejects it.
    public init(_ pattern: String) throws {
        self.pattern = pattern
        var errorOffset: Int32 = 0
        var copy = pattern
        let compiled = copy.withUTF8 { p in vt_regex_open(p.baseAddress, Int32(p.count), &errorOffset) }
        guard let compiled else {
            throw VocabError("invalid regular expression \(JSONText.quoted(pattern)) (at pattern offset \(errorOffset))")
        }
        handle = compiled
        run = Self.repeatedCharacter(pattern)
    }

    /// `(C, n)` when `pattern` is exactly `C{n,}` (1 <= n < 1000) or `C+`, with C a printable
    /// ASCII character that is no regex metacharacter; otherwise nil.
    static func repeatedCharacter(_ pattern: String) -> (byte: UInt8, minimum: Int)? {
        let p = Array(pattern.utf8)
        guard p.count >= 2, (0x20...0x7E).contains(p[0]), !Array(#"\^$.|?*+()[]{}"#.utf8).contains(p[0]) else { return nil }
        if p.count == 2 && p[1] == UInt8(ascii: "+") { return (p[0], 1) }
        guard p.count >= 5, p[1] == UInt8(ascii: "{"), p[p.count - 2] == UInt8(ascii: ","), p[p.count - 1] == UInt8(ascii: "}") else {
            return nil
        }
        let digits = p[2..<(p.count - 2)]
        guard digits.count <= 3, digits.first != UInt8(ascii: "0"), digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        let n = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        return n >= 1 ? (p[0], n) : nil
    }

    deinit { vt_regex_close(handle) }

    /// The (start, end) byte ranges of the successive non-overlapping matches in `text`.
    public func matches(in text: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        if let run {
            var out: [Range<Int>] = []
            var i = 0
            while i < text.count {
                guard text[i] == run.byte else {
                    i += 1
                    continue
                }
                var j = i + 1
                while j < text.count && text[j] == run.byte { j += 1 }
                if j - i >= run.minimum { out.append(i..<j) }
                i = j
            }
            return out
        }
        var cap = 64
        while true {
            var bounds = [Int32](repeating: 0, count: 2 * cap)
            let n = bounds.withUnsafeMutableBufferPointer { b in
                vt_regex_find_all(handle, text.baseAddress, Int32(text.count), b.baseAddress, Int32(cap))
            }
            if n < 0 { return [] }
            if Int(n) <= cap {
                return (0..<Int(n)).map { Int(bounds[2 * $0])..<Int(bounds[2 * $0 + 1]) }
            }
            cap = Int(n)
        }
    }

    /// The matches in a byte array.
    public func matches(in text: [UInt8]) -> [Range<Int>] {
        text.withUnsafeBufferPointer { matches(in: $0) }
    }

    /// The regex source that matches `literal` verbatim.
    public static func escaped(_ literal: String) -> String {
        "\\Q" + literal.replacingAll("\\E", with: "\\E\\\\E\\Q") + "\\E"
    }
}

extension String {
    /// The string with every occurrence of `target` replaced (bytewise).
    func replacingAll(_ target: String, with replacement: String) -> String {
        let t = Array(target.utf8)
        let s = Array(self.utf8)
        guard !t.isEmpty, s.count >= t.count else { return self }
        var out: [UInt8] = []
        var i = 0
        while i < s.count {
            if i + t.count <= s.count && Array(s[i..<i + t.count]) == t {
                out.append(contentsOf: replacement.utf8)
                i += t.count
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
