import Testing
import VocabCore
@testable import VocabAdapt

/// A plain merge-list BPE over the characters of one word, as HF BPE applies it (lowest rank
/// first, leftmost on ties), for checking trimmed tables.
func encodeWord(_ word: String, _ table: TokenTable) -> [Int32] {
    var symbols = word.unicodeScalars.compactMap { table.id(of: String($0)) }
    let results = TrimModel.mergeResults(of: table)
    var rank: [TokenPair: Int] = [:]
    for (r, pair) in table.merges.enumerated() where rank[pair] == nil { rank[pair] = r }
    while symbols.count > 1 {
        var best = Int.max
        var at = -1
        for k in 0..<symbols.count - 1 {
            if let r = rank[TokenPair(symbols[k], symbols[k + 1])], r < best {
                best = r
                at = k
            }
        }
        if at < 0 { break }
        symbols[at] = results[best]
        symbols.remove(at: at + 1)
    }
    return symbols
}

/// A small BPE table: the letters, then merges learned greedily from a word list.
func bpeTable(words: [String], merges mergeCount: Int) -> TokenTable {
    var table = TokenTable()
    table.append(Array("<unk>".utf8), kind: .unknown)
    table.append(Array("</s>".utf8), kind: .control)
    for c in "abcdefghijklmnopqrstuvwxyz".unicodeScalars { table.append(Array(String(c).utf8)) }
    var corpus = words.map { $0.unicodeScalars.compactMap { table.id(of: String($0)) } }
    for _ in 0..<mergeCount {
        var pairCounts: [TokenPair: Int] = [:]
        for w in corpus where w.count > 1 {
            for k in 0..<w.count - 1 { pairCounts[TokenPair(w[k], w[k + 1]), default: 0] += 1 }
        }
        guard let top = pairCounts.max(by: { $0.value < $1.value || ($0.value == $1.value && ($0.key.left, $0.key.right) > ($1.key.left, $1.key.right)) }) else { break }
        let piece = table.piece(Int(top.key.left)) + table.piece(Int(top.key.right))
        let id = table.id(of: piece) ?? table.append(piece)
        table.merges.append(top.key)
        corpus = corpus.map { w in
            var out: [Int32] = []
            var k = 0
            while k < w.count {
                if k + 1 < w.count, TokenPair(w[k], w[k + 1]) == top.key {
                    out.append(id)
                    k += 2
                } else {
                    out.append(w[k])
                    k += 1
                }
            }
            return out
        }
    }
    return table
}

@Suite struct VocabularyTrimTests {
    static let words = [
        "lower", "lowest", "newer", "newest", "wider", "widest", "slower", "slowest", "low", "new", "wide",
        "abracadabra", "banana", "bandana", "cabana", "lowland", "newland", "island", "islander",
    ]

    @Test func bpeTrimKeepsSegmentationOfTheCorpus() throws {
        let table = bpeTable(words: Self.words, merges: 60)
        let corpus = ["lowest", "newer", "banana", "island", "slow", "wide"]
        var counts = [Int](repeating: 0, count: table.count)
        for w in corpus { for id in encodeWord(w, table) { counts[Int(id)] += 1 } }
        let result = try VocabularyTrim.trim(
            table: table, model: .bpeMerges(results: TrimModel.mergeResults(of: table)), counts: counts,
            options: TrimOptions(minFrequency: 1))
        #expect(result.table.count < table.count)
        #expect(result.newToOld == result.newToOld.sorted())
        #expect(result.closureCount > 0)
        for w in corpus {
            let before = encodeWord(w, table).map { table.piece(Int($0)) }
            let after = encodeWord(w, result.table).map { result.table.piece(Int($0)) }
            #expect(before == after, "\(w)")
        }
        // Every merge of the trimmed table refers to kept pieces and produces one.
        for pair in result.table.merges {
            let piece = result.table.piece(Int(pair.left)) + result.table.piece(Int(pair.right))
            #expect(result.table.id(of: piece) != nil)
        }
        // Merges keep their relative order.
        let oldRanks = result.table.merges.map { pair in
            table.merges.firstIndex(of: TokenPair(result.newToOld[Int(pair.left)], result.newToOld[Int(pair.right)])) ?? -1
        }
        #expect(oldRanks == oldRanks.sorted() && !oldRanks.contains(-1))
        // Specials stay.
        #expect(result.table.id(of: "<unk>") == 0 && result.table.id(of: "</s>") == 1)
    }

    @Test func maxVocabularyTakesTheMostFrequentWithTheirClosure() throws {
        let table = bpeTable(words: Self.words, merges: 60)
        var counts = [Int](repeating: 0, count: table.count)
        for (k, w) in ["banana", "lowest", "lowest", "lowest", "newer", "newer"].enumerated() {
            _ = k
            for id in encodeWord(w, table) { counts[Int(id)] += 1 }
        }
        let letters = (2..<28).map { Int32($0) }
        let result = try VocabularyTrim.trim(
            table: table, model: .bpeMerges(results: TrimModel.mergeResults(of: table)), counts: counts,
            options: TrimOptions(minFrequency: 1, maxVocabulary: 2 + 26 + 6, alwaysKeep: letters))
        #expect(result.table.count <= 34)
        // "lowest" is the most frequent word; it must still encode as before.
        #expect(encodeWord("lowest", result.table).map { result.table.piece(Int($0)) }
            == encodeWord("lowest", table).map { table.piece(Int($0)) })
    }

    @Test func unigramKeepsScoresOrderAndLowestScore() throws {
        let pieces = ["<unk>", "<s>", "▁a", "▁b", "c", "rare", "<0x41>"].map { Array($0.utf8) }
        let scores: [Double] = [0, 0, -1, -2, -3, -20, 0]
        let kinds: [TokenKind] = [.unknown, .control, .normal, .normal, .normal, .normal, .byte]
        let table = TokenTable(pieces: pieces, scores: scores, kinds: kinds)
        let result = try VocabularyTrim.trim(
            table: table, model: .unigram, counts: [0, 0, 5, 0, 1, 0, 0], options: TrimOptions(minFrequency: 2))
        #expect(result.newToOld == [0, 1, 2, 5, 6])
        #expect(result.table.scores == [0, 0, -1, -20, 0])
        #expect(result.minedCount == 1 && result.closureCount == 1)
        #expect(result.oldToNew(vocabularySize: 7) == [0, 1, 2, -1, -1, 3, 4])
    }

    @Test func tiktokenStyleClosureKeepsIntermediateRanks() throws {
        // Ranks: bytes a, b, c, then "ab" (3), "abc" (4), "bc" (5).
        let table = TokenTable(pieces: ["a", "b", "c", "ab", "abc", "bc"].map { Array($0.utf8) })
        var counts = [Int](repeating: 0, count: 6)
        counts[4] = 3
        let result = try VocabularyTrim.trim(
            table: table, model: .bpeByPriority(priority: (0..<6).map(Double.init), startsFrom: .bytes), counts: counts,
            options: TrimOptions(minFrequency: 1, alwaysKeep: [0, 1, 2]))
        #expect(result.newToOld == [0, 1, 2, 3, 4])
    }

    @Test func corpusThatKeepsNothingIsAnError() {
        let table = TokenTable(pieces: ["<unk>", "a"].map { Array($0.utf8) }, kinds: [.unknown, .normal])
        let error = #expect(throws: VocabError.self) {
            try VocabularyTrim.trim(table: table, model: .unigram, counts: [3, 1], options: TrimOptions(minFrequency: 2))
        }
        #expect(error?.message.contains("keeps no token") == true)
    }

    @Test func maxVocabularyBelowRequiredIsAnError() {
        let table = TokenTable(pieces: ["<unk>", "<s>", "a"].map { Array($0.utf8) }, kinds: [.unknown, .control, .normal])
        #expect(throws: VocabError.self) {
            try VocabularyTrim.trim(table: table, model: .unigram, counts: [0, 0, 9], options: TrimOptions(maxVocabulary: 1))
        }
    }
}

extension String {
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
