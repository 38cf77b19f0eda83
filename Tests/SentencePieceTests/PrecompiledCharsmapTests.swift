import Testing
import TestSupport
@testable import VocabCore

/// The charsmap of the XLM-R `tokenizer.json` (base64 in `precompiled_charsmap`), or nil without ../shared.
func xlmrCharsmapBlob() throws -> [UInt8]? {
    guard let path = SharedData.file("tokenizers/xlmr-unigram/tokenizer.json") else { return nil }
    let json = try FileIO.read(path)
    let key = Array("\"precompiled_charsmap\"".utf8)
    guard let keyStart = firstIndex(of: key, in: json) else { return nil }
    var start = keyStart + key.count
    while start < json.count, json[start] != UInt8(ascii: "\"") { start += 1 }
    start += 1
    var end = start
    while end < json.count, json[end] != UInt8(ascii: "\"") { end += 1 }
    return decodeBase64(json[start..<end])
}

func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard haystack.count >= needle.count else { return nil }
    for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
        if haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
    }
    return nil
}

/// Standard base64 (with `=` padding), for test fixtures only.
func decodeBase64(_ text: some Collection<UInt8>) -> [UInt8] {
    func value(_ c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return UInt32(c - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return UInt32(c - UInt8(ascii: "a")) + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c - UInt8(ascii: "0")) + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
    var out: [UInt8] = []
    var acc: UInt32 = 0
    var bits = 0
    for c in text {
        guard let v = value(c) else { continue }
        acc = acc << 6 | v
        bits += 6
        if bits >= 8 {
            bits -= 8
            out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
        }
    }
    return out
}

/// Applies SentencePiece's rule (longest match, else one character) over a whole string.
func applyLongest(_ map: PrecompiledCharsmap, _ text: String) -> String {
    let bytes = Array(text.utf8)
    var out: [UInt8] = []
    bytes.withUnsafeBufferPointer { p in
        var i = 0
        while i < p.count {
            if let m = map.longestMatch(in: p, from: i) {
                out += map.replacement(m)
                i += m.length
            } else {
                let n = UTF8Scan.sequenceLength(lead: p[i])
                out += p[i..<min(p.count, i + n)]
                i += n
            }
        }
    }
    return String(decoding: out, as: UTF8.self)
}

@Suite struct PrecompiledCharsmapTests {
    @Test(.enabled(if: SharedData.path != nil, "needs ../shared")) func xlmrBlobLayout() throws {
        let blob = try #require(try xlmrCharsmapBlob())
        let map = try PrecompiledCharsmap(blob)
        #expect(map.units.count == 44_288)
        #expect(map.strings.count == 60_383)
        #expect(map.blob == blob)
    }

    @Test(.enabled(if: SharedData.path != nil, "needs ../shared")) func xlmrRules() throws {
        let blob = try #require(try xlmrCharsmapBlob())
        let map = try PrecompiledCharsmap(blob)
        #expect(applyLongest(map, "ＡＢＣ①ﬁ") == "ABC1fi")
        #expect(applyLongest(map, "a\u{200C}b\u{200D}c\u{3000}d\u{A0}e\u{FEFF}") == "a b c d e ")
        #expect(applyLongest(map, "a\tb\nc\rd") == "a b c d")
        // Kept: soft hyphen, composed letters.
        #expect(applyLongest(map, "\u{AD}Åé") == "\u{AD}Åé")
        // SentencePiece composes the 9-byte jamo sequence and the 6-byte halfwidth kana + voicing.
        #expect(applyLongest(map, "\u{1100}\u{1161}\u{11A8}") == "\u{AC01}")
        #expect(applyLongest(map, "ｶﾞ") == "\u{30AC}")
    }

    @Test(.enabled(if: SharedData.path != nil, "needs ../shared")) func prefixMatchesAreShortestFirst() throws {
        let blob = try #require(try xlmrCharsmapBlob())
        let map = try PrecompiledCharsmap(blob)
        let text = Array("ｶﾞ".utf8)
        let matches = text.withUnsafeBufferPointer { map.prefixMatches(in: $0, from: 0) }
        #expect(matches.count == 2)
        #expect(matches.map(\.length) == [3, 6])
        // HF takes the shortest: ｶ alone becomes U+30AB.
        #expect(String(decoding: map.replacement(matches[0]), as: UTF8.self) == "\u{30AB}")
        let longest = text.withUnsafeBufferPointer { map.longestMatch(in: $0, from: 0) }
        #expect(longest == matches[1])
        let exact = Array("①".utf8).withUnsafeBufferPointer { map.exactMatch($0) }
        #expect(exact.map { Array(map.replacement($0)) } == Array("1".utf8))
        let none = Array("é".utf8).withUnsafeBufferPointer { map.exactMatch($0) }
        #expect(none == nil)
    }

    @Test func malformedBlobsThrow() {
        func rejects(_ blob: [UInt8]) -> Bool {
            do { _ = try PrecompiledCharsmap(blob); return false } catch { return error is VocabError }
        }
        #expect(rejects([]))
        #expect(rejects([0, 4, 0]))
        #expect(rejects([0, 4, 0, 0] + [UInt8](repeating: 0, count: 100)))  // trie past the end
        #expect(rejects([0x10, 0, 0, 0] + [UInt8](repeating: 0, count: 40)))  // not a multiple of 1024
        #expect(rejects([0, 4, 0, 0] + [UInt8](repeating: 0, count: 1024) + [0x41]))  // no final NUL
    }

    @Test func hostileTrieNeverReadsOutOfBounds() throws {
        // Random units: rejected as SentencePiece would, or lookups that stay in bounds.
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<50 {
            var blob: [UInt8] = [0, 4, 0, 0]
            for _ in 0..<1024 { blob.append(UInt8(truncatingIfNeeded: generator.next())) }
            blob += [0x61, 0, 0x62, 0]
            guard let map = try? PrecompiledCharsmap(blob) else { continue }
            let text = (0..<64).map { _ in UInt8(truncatingIfNeeded: generator.next()) | 1 }
            text.withUnsafeBufferPointer { p in
                for i in 0..<p.count {
                    for m in map.prefixMatches(in: p, from: i) {
                        #expect(m.length >= 1 && i + m.length <= p.count)
                        #expect(map.replacement(m).count <= 3)
                    }
                }
            }
        }
    }
}
