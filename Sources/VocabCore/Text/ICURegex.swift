import CICUShim

/// A compiled ICU regular expression over UTF-8 text: the general path for arbitrary patterns
/// (HF `Split` and `Replace` regexes), with byte offsets in and out.
///
/// The compiled pattern is immutable; each thread matches with its own ICU matcher, so one
/// instance may be shared freely.
public final class ICURegex: @unchecked Sendable {
    /// The pattern as given.
    public let pattern: String
    let handle: OpaquePointer

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
    }

    deinit { vt_regex_close(handle) }

    /// The (start, end) byte ranges of the successive non-overlapping matches in `text`.
    public func matches(in text: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
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
