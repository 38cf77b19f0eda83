import Testing
@testable import VocabCore

@Suite struct DoubleArrayTrieTests {
    static func build(_ keys: [[UInt8]]) throws -> DoubleArrayTrie {
        try DoubleArrayTrie(keys: keys, ids: (0..<Int32(keys.count)).map { $0 }, empty: .max) { UInt64($0) * 3 }
    }

    @Test func lookupsMatchADictionary() throws {
        var g = SeededGenerator(seed: 7)
        var keys: [[UInt8]] = []
        // Few distinct bytes (deep, shared paths), all bytes (wide nodes), NUL, long keys.
        for _ in 0..<4000 { keys.append((0..<Int.random(in: 1...12, using: &g)).map { _ in UInt8.random(in: 0x61...0x64, using: &g) }) }
        for _ in 0..<2000 { keys.append((0..<Int.random(in: 1...4, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }) }
        keys.append([0])
        keys.append([UInt8](repeating: 0x7A, count: 3000))
        keys.append([])
        keys += keys.prefix(50)  // repeated keys keep their first id
        let trie = try Self.build(keys)
        var expected: [[UInt8]: Int32] = [:]
        for (i, k) in keys.enumerated() where !k.isEmpty && expected[k] == nil { expected[k] = Int32(i) }
        for (k, id) in expected {
            #expect(trie.lookup(k) == id)
        }
        #expect(trie.lookup([]) == nil)
        #expect(trie.lookup([UInt8](repeating: 0x7A, count: 2999)) == nil)
        for _ in 0..<2000 {
            let probe = (0..<Int.random(in: 1...6, using: &g)).map { _ in UInt8.random(in: 0x60...0x65, using: &g) }
            #expect(trie.lookup(probe) == expected[probe])
        }
        #expect(!trie.isEmpty)
    }

    @Test func walkVisitsEveryPrefixWithItsPayload() throws {
        let keys: [[UInt8]] = ["a", "ab", "abcd", "b", "é", "éa", "\u{0}x"].map { Array($0.utf8) }
        let trie = try Self.build(keys)
        let text = Array("xabcde".utf8)
        var seen: [(Int, UInt64)] = []
        text.withUnsafeBufferPointer { t in
            trie.walk(t, from: 1) { end, node, payload in
                #expect(trie.payload(node) == payload)
                seen.append((end, payload))
                return true
            }
        }
        // a (id 0), ab (id 1), abc (no key), abcd (id 2); then no "abcde".
        #expect(seen.map(\.0) == [2, 3, 4, 5])
        #expect(seen.map(\.1) == [0, 3, .max, 6])
        var stops = 0
        text.withUnsafeBufferPointer { t in
            trie.walk(t, from: 1) { _, _, _ in
                stops += 1
                return false
            }
        }
        #expect(stops == 1)
        let nul = Array("\u{0}x".utf8)
        #expect(trie.lookup(nul) == 6)
    }

    @Test func emptyTrie() throws {
        let trie = try Self.build([[]])
        #expect(trie.isEmpty)
        #expect(trie.lookup(Array("a".utf8)) == nil)
        var calls = 0
        Array("abc".utf8).withUnsafeBufferPointer { t in
            trie.walk(t, from: 0) { _, _, _ in
                calls += 1
                return true
            }
        }
        #expect(calls == 0)
    }
}
