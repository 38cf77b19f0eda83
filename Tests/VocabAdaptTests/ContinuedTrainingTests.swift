import Testing
import VocabCore
@testable import VocabAdapt

@Suite struct ContinuedTrainingTests {
    func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    /// BPE over a..e with merges a b -> ab, ab c -> abc, d e -> de.
    func bpeTable() -> TokenTable {
        var table = TokenTable(pieces: ["a", "b", "c", "d", "e", "ab", "abc", "de"].map { Array($0.utf8) })
        table.merges = [TokenPair(0, 1), TokenPair(5, 2), TokenPair(3, 4)]
        return table
    }

    func corpus(_ words: [(String, Int)]) -> CorpusWords {
        var c = CorpusWords()
        c.words = words.map { Array($0.0.utf8) }
        c.counts = words.map(\.1)
        return c
    }

    @Test func learnsTheMostFrequentPairsAfterTheOldMerges() throws {
        let base = bpeTable()
        let result = ContinuedTraining.expand(
            base, model: .rankedBPE, corpus: corpus([("abcde", 5), ("cdcd", 3), ("ee", 1), ("abf", 2)]), count: 10)
        // f is missing (seen twice): added first; then abc+de (5), then c+d (6 = 2·3)... ordered by count.
        #expect(result.added.map { String(decoding: $0.piece, as: UTF8.self) } == ["f", "cd", "abcde", "cdcd", "abf"])
        #expect(result.table.merges.prefix(3) == base.merges.prefix(3))
        #expect(result.added[0].parts == nil && result.added[1].parts == TokenPair(2, 3))
        let after = PieceSegmenter(table: result.table, model: .rankedBPE)
        for word in ["abcde", "cdcd", "abf"] { #expect(after.segment(bytes(word))?.count == 1) }
    }

    @Test func targetScriptsKeepOtherTextUnchanged() throws {
        // Character BPE over Latin letters and two Greek ones; the corpus mixes both.
        let table = TokenTable(pieces: ["a", "b", "α", "β"].map { Array($0.utf8) })
        let words = corpus([("ab", 9), ("αβ", 3), ("aα", 2)])
        let scripts = try TargetScripts(names: ["Grek"], byteLevel: false)
        let result = ContinuedTraining.expand(table, model: .rankedBPE, corpus: words, count: 5, scripts: scripts)
        // "ab" is the most frequent pair but holds no Greek letter; "aα" holds one.
        #expect(result.added.map { String(decoding: $0.piece, as: UTF8.self) } == ["αβ", "aα"])
        #expect(PieceSegmenter(table: result.table, model: .rankedBPE).segment(bytes("ab")) == [0, 1])
        let all = ContinuedTraining.expand(table, model: .rankedBPE, corpus: words, count: 5)
        #expect(all.added.first?.piece == bytes("ab"))
    }

    @Test func noTextGetsMoreTokensAndUnrelatedTextIsUnchanged() throws {
        let base = bpeTable()
        var generator = SeededGenerator(seed: 11)
        let letters = bytes("abcde")
        func randomWord() -> [UInt8] { (0..<Int(generator.next() % 8 + 1)).map { _ in letters[Int(generator.next() % 5)] } }
        var training = CorpusWords()
        for _ in 0..<300 {
            training.words.append(randomWord())
            training.counts.append(Int(generator.next() % 5 + 1))
        }
        let result = ContinuedTraining.expand(base, model: .rankedBPE, corpus: training, count: 40)
        #expect(result.added.count == 40)
        let before = PieceSegmenter(table: base, model: .rankedBPE)
        let after = PieceSegmenter(table: result.table, model: .rankedBPE)
        let newMerges = Set(result.table.merges.dropFirst(base.merges.count))
        for _ in 0..<2000 {
            let word = randomWord()
            let old = try #require(before.segment(word))
            let new = try #require(after.segment(word))
            #expect(new.count <= old.count)
            if !zip(old, old.dropFirst()).contains(where: { newMerges.contains(TokenPair($0, $1)) }) { #expect(new == old) }
        }
        // Every training word is segmented by the expanded model as training left it: no longer.
        for word in training.words { #expect(after.segment(word)!.count <= before.segment(word)!.count) }
    }

    @Test func stopsWhenTheCorpusHasNoMoreRepeatedPairs() throws {
        let result = ContinuedTraining.expand(bpeTable(), model: .rankedBPE, corpus: corpus([("abcde", 1), ("dd", 2)]), count: 5)
        #expect(result.added.map { String(decoding: $0.piece, as: UTF8.self) } == ["dd"])
    }

    @Test func unigramAndWordPiecePieces() throws {
        let unigram = TokenTable(
            pieces: ["<unk>", "▁a", "b", "c"].map { Array($0.utf8) }, scores: [0, -1, -2, -3], kinds: [.unknown, .normal, .normal, .normal])
        let u = ContinuedTraining.expand(unigram, model: .unigram, corpus: corpus([("▁abc", 3)]), count: 2)
        // ▁a b c: (▁a, b) and (b, c) both occur 3 times; the smaller left id wins.
        #expect(u.added.map { String(decoding: $0.piece, as: UTF8.self) } == ["▁ab", "▁abc"])
        #expect(abs(u.added[0].score - (-3 + 0.693_147_180_559_945_3)) < 1e-12)
        #expect(u.added[1].parts == TokenPair(4, 3))
        let wordPiece = TokenTable(pieces: ["[UNK]", "a", "##b", "##c"].map { Array($0.utf8) }, kinds: [.unknown, .normal, .normal, .normal])
        let w = ContinuedTraining.expand(wordPiece, model: .wordPiece(prefix: bytes("##")), corpus: corpus([("abc", 2)]), count: 2)
        // a ##b ##c: a + ##b -> ab, then ab + ##c -> abc.
        #expect(w.added.map { String(decoding: $0.piece, as: UTF8.self) } == ["ab", "abc"])
    }

    @Test func alignmentCountsCoveredBasePieces() throws {
        let base = bpeTable()
        let words = corpus([("abcde", 4), ("abcd", 2), ("xabcd", 1)])
        let result = ContinuedTraining.expand(base, model: .rankedBPE, corpus: words, count: 2)
        #expect(result.added.map { String(decoding: $0.piece, as: UTF8.self) } == ["abcde", "abcd"])
        let tuples = CorpusAlignment.alignments(corpus: words, base: base, expanded: result.table, model: .rankedBPE)
        // abcde covers base [abc, de] (4 times); abcd covers [abc, d] in "abcd" (2); "xabcd" has
        // an unrepresentable x and is not aligned.
        #expect(tuples == [[AlignedPieces(pieces: [6, 7], count: 4)], [AlignedPieces(pieces: [6, 3], count: 2)]])
    }
}
