/// One entry of tokenizer.json's `added_tokens`.
public struct HFAddedToken: Sendable, Equatable {
    public var id: Int32
    public var content: String
    public var singleWord: Bool
    public var lstrip: Bool
    public var rstrip: Bool
    public var normalized: Bool
    public var special: Bool

    init(json o: JSONObject) throws {
        guard let id = try o.optionalInt("id"), id <= Int(Int32.max) else { throw o.fieldError("added token without a valid \"id\"") }
        self.id = Int32(id)
        content = try o.string("content")
        singleWord = try o.bool("single_word", default: false)
        lstrip = try o.bool("lstrip", default: false)
        rstrip = try o.bool("rstrip", default: false)
        special = try o.bool("special", default: false)
        normalized = try o.bool("normalized", default: !special)
    }
}

/// Finds added tokens in text: leftmost-longest matches from a byte trie (as daachorse does),
/// then HF's `single_word`, `lstrip` and `rstrip` rules (`specs/ENCODERS.md` §1.2).
struct AddedTokenMatcher: Sendable {
    let tokens: [HFAddedToken]
    let trie: ByteTrie
    let firstBytes: [Bool]

    /// A matcher over the given tokens, each searched as `patterns[i]`; nil when there are none.
    init?(_ tokens: [HFAddedToken], patterns: [[UInt8]]) {
        guard !tokens.isEmpty else { return nil }
        var trie = ByteTrie(capacity: 64)
        var first = [Bool](repeating: false, count: 256)
        for (i, p) in patterns.enumerated() where !p.isEmpty {
            trie.insert(p, value: Int32(i), replace: true)
            first[Int(p[0])] = true
        }
        self.tokens = tokens
        self.trie = trie
        self.firstBytes = first
    }

    /// A split of the text: a byte range, and the added token's id when it is one.
    typealias Split = (range: Range<Int>, id: Int32?)

    /// Splits `text` into added-token matches and the text between them.
    func split(_ text: UnsafeBufferPointer<UInt8>) -> [Split] {
        var out: [Split] = []
        var startOffset = 0
        var i = 0
        let n = text.count
        while i < n {
            guard firstBytes[Int(text[i])] else {
                i += 1
                continue
            }
            var node: Int32 = 0
            var bestEnd = -1
            var bestIndex: Int32 = -1
            var k = i
            while k < n {
                node = trie.child(node, text[k])
                if node < 0 { break }
                k += 1
                let v = trie.values[Int(node)]
                if v >= 0 {
                    bestEnd = k
                    bestIndex = v
                }
            }
            guard bestEnd >= 0 else {
                i += 1
                continue
            }
            let token = tokens[Int(bestIndex)]
            var start = i
            var stop = bestEnd
            i = bestEnd
            if token.singleWord {
                let before = start > 0 && WordCharacters.isWord(Self.scalar(before: start, in: text))
                let after = stop < n && WordCharacters.isWord(UTF8Scan.decode(text, at: stop).scalar)
                if before || after { continue }
            }
            if token.lstrip {
                var s = start
                while s > 0 {
                    var p = s - 1
                    while p > 0 && text[p] & 0xC0 == 0x80 { p -= 1 }
                    if !UnicodeProperties.isWhiteSpace(UTF8Scan.decode(text, at: p).scalar) { break }
                    s = p
                }
                start = max(s, startOffset)
            }
            if token.rstrip {
                while stop < n {
                    let (cp, len) = UTF8Scan.decode(text, at: stop)
                    if !UnicodeProperties.isWhiteSpace(cp) { break }
                    stop += len
                }
                i = stop
            }
            if startOffset < start { out.append((startOffset..<start, nil)) }
            out.append((start..<stop, token.id))
            startOffset = stop
        }
        if startOffset < n { out.append((startOffset..<n, nil)) }
        return out
    }

    static func scalar(before index: Int, in text: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var p = index - 1
        while p > 0 && text[p] & 0xC0 == 0x80 { p -= 1 }
        return UTF8Scan.decode(text, at: p).scalar
    }
}
