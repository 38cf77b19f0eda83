import Testing
import TestSupport
@testable import VocabCore

/// The shortcut of `GraphemeClusters.forEach` (cutting where UAX #29 always breaks, ICU only for
/// the rest) against ICU's break iterator on the whole text.
@Suite struct GraphemeClustersTests {
    static func clusters(_ text: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        text.withUnsafeBufferPointer { p in GraphemeClusters.forEach(in: p) { out.append($0..<$1) } }
        return out
    }

    static func icu(_ text: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        text.withUnsafeBufferPointer { p in GraphemeClusters.icuClusters(p, from: 0, to: p.count) { out.append($0..<$1) } }
        return out
    }

    @Test func examples() {
        func strings(_ s: String) -> [String] {
            Self.clusters(Array(s.utf8)).map { String(decoding: Array(s.utf8)[$0], as: UTF8.self) }
        }
        #expect(strings("ab\r\nc") == ["a", "b", "\r\n", "c"])
        #expect(strings("ne\u{301}e") == ["n", "e\u{301}", "e"])
        #expect(strings("कि ष") == ["कि", " ", "ष"])
        #expect(strings("한국어") == ["한", "국", "어"])
        #expect(strings("\u{1100}\u{1161}\u{11A8}x") == ["\u{1100}\u{1161}\u{11A8}", "x"])
        #expect(strings("🇫🇷🇩") == ["🇫🇷", "🇩"])
        #expect(strings("\u{0600}1") == ["\u{0600}1"])
        #expect(strings("") == [])
    }

    @Test func randomTextAgreesWithICU() {
        // Code points of every Grapheme_Cluster_Break value, emoji, supplementary letters.
        let pool: [UInt32] = [
            0x61, 0x20, 0x0D, 0x0A, 0x09, 0x00AD, 0x200B, 0x0301, 0x0903, 0x093F, 0x094D, 0x0915, 0x0937,
            0x0E33, 0x0E01, 0x0600, 0x06DD, 0x0D4E, 0x110BD, 0x1100, 0x1161, 0x11A8, 0xAC00, 0xAC01,
            0x200D, 0x1F1E6, 0x1F1E7, 0x1F600, 0x1F3FB, 0x00A9, 0x2764, 0xFE0F, 0x10400, 0x1D165, 0xE0020,
            0x0E40, 0x0E48, 0x17B6, 0x1A60, 0xFFFD, 0x3042, 0x3099, 0x05D0, 0x05B0, 0x0644, 0x0651,
            0x09CD, 0x0995, 0x0BCD, 0x0B95, 0x0E31, 0x0E32, 0x1B44, 0x1B13, 0x0F84, 0x0F40, 0x41, 0x0CCD, 0x0C95,
        ]
        var g = SeededGenerator(seed: 11)
        for _ in 0..<20000 {
            var s: [UInt8] = []
            for _ in 0..<Int.random(in: 1...12, using: &g) {
                UTF8Scan.append(pool[Int.random(in: 0..<pool.count, using: &g)], to: &s)
            }
            #expect(Self.clusters(s) == Self.icu(s), "\(s)")
        }
    }

    @Test(.enabled(if: SharedData.path != nil, "needs ../shared")) func floresAgreesWithICU() throws {
        // Every 7th line of every FLORES dev language.
        let folder = try #require(SharedData.file("corpora/flores200-dev"))
        var checked = 0
        var differing: [String] = []
        for name in try FileIO.listDirectory(folder) where name.hasSuffix(".dev") {
            var k = 0
            try TextLines.forEach(in: FileIO.read(folder + "/" + name), file: name, policy: .fail) { line, _ in
                k += 1
                if k % 7 != 0 { return }
                let text = Array(line)
                checked += 1
                if Self.clusters(text) != Self.icu(text) { differing.append(name + ": " + String(decoding: text, as: UTF8.self)) }
            }
        }
        #expect(checked > 25_000)
        #expect(differing.isEmpty, "\(differing.prefix(5))")
    }
}
