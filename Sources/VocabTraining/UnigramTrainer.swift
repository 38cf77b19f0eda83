import CICUShim
import VocabCore

/// The settings of a Unigram training run; names and defaults are SentencePiece's.
public struct UnigramTrainingOptions: Sendable {
    /// The final vocabulary size, `<unk>`, `<s>`, `</s>` and special tokens included.
    public var vocabSize: Int
    /// The share of character occurrences the kept characters must cover; rarer characters
    /// become unknown.
    public var characterCoverage: Double = 0.9995
    /// The longest piece, in characters.
    public var maxPieceLength: Int = 16
    /// How many seed pieces (characters plus the best substrings) EM starts from.
    public var seedSize: Int = 1_000_000
    /// Each pruning round keeps this share of the pieces (at least 1.1 × `vocabSize`).
    public var shrinkingFactor: Double = 0.75
    /// EM iterations between pruning rounds.
    public var subIterations: Int = 2
    /// Control tokens given the ids after `<unk>`, `<s>`, `</s>`.
    public var specialTokens: [String] = []
    /// SentencePiece's `byte_fallback`: the 256 byte pieces `<0x00>`...`<0xFF>` follow the
    /// control tokens (and count in the vocabulary size), so unknown characters encode as their
    /// UTF-8 bytes.
    public var byteFallback = false

    public init(vocabSize: Int) { self.vocabSize = vocabSize }
}

/// The result of Unigram training: `<unk>` (id 0), `<s>`, `</s>`, the special tokens, with
/// byte fallback the 256 byte pieces, then the pieces by score (log probability), highest first.
public struct TrainedUnigram: Sendable {
    public var table: TokenTable
    public var unknownID: Int32 { 0 }
    /// Whether the table has SentencePiece's byte-fallback pieces.
    public var byteFallback: Bool
    /// The character coverage the model was trained with (recorded in a `.model`).
    public var characterCoverage: Double
}

/// A SentencePiece-class Unigram trainer over word counts (`specs/TRAINERS.md` §3): seed pieces
/// from a suffix array (character count × frequency, characters first), EM with the digamma
/// (Bayesian) M-step, pruning by the loss in likelihood when a piece is replaced by its
/// second-best segmentation, and required characters chosen by coverage.
///
/// Words are expected to carry SentencePiece's `▁` in front (`--pre-tokenizer sentencepiece`).
public struct UnigramTrainer: Sendable {
    public var options: UnigramTrainingOptions

    public init(options: UnigramTrainingOptions) { self.options = options }

    /// Trains on `words`.
    /// - Parameter progress: called after each pruning round with (pieces left, target size).
    public func train(_ words: WordCounts, progress: ((Int, Int) -> Void)? = nil) throws -> TrainedUnigram {
        guard !words.isEmpty else { throw VocabError("no words to train on (the input is empty)") }
        let metaCount = 3 + options.specialTokens.count + (options.byteFallback ? 256 : 0)
        var corpus = try UnigramCorpus(words, coverage: options.characterCoverage)
        guard options.vocabSize > metaCount + corpus.requiredCount else {
            throw VocabError(
                "vocabulary size \(options.vocabSize) is too small for \(metaCount) control\(options.byteFallback ? " and byte" : "") tokens plus the \(corpus.requiredCount) required characters"
            )
        }
        var pieces = UnigramSeeds.make(corpus: corpus, maxLength: options.maxPieceLength, seedSize: options.seedSize)
        let desired = options.vocabSize * 11 / 10
        var model = UnigramTrainingModel(corpus: corpus, maxLength: options.maxPieceLength)
        while true {
            for _ in 0..<max(1, options.subIterations) {
                model.load(pieces)
                let expected = model.expectedCounts()
                pieces = UnigramTrainingModel.maximize(pieces, expected: expected)
            }
            progress?(pieces.count, desired)
            if pieces.count <= desired { break }
            model.load(pieces)
            let next = model.pruned(pieces, shrinkingFactor: options.shrinkingFactor, desired: desired)
            if next.count >= pieces.count { break }
            pieces = next
        }
        corpus.releaseWords()
        return finalTable(pieces, corpus: corpus)
    }

    /// Required characters first, then the best pieces, sorted by score; meta tokens in front.
    private func finalTable(_ pieces: PieceSet, corpus: UnigramCorpus) -> TrainedUnigram {
        var scoreOf: [[Int32]: Double] = [:]
        for i in 0..<pieces.count { scoreOf[Array(pieces.chars(i))] = pieces.scores[i] }
        let minScore = pieces.scores.min() ?? 0
        var final: [[Int32]: Double] = [:]
        var penalty = 0.0
        for c in corpus.requiredByFrequency {
            if let score = scoreOf[[c]] {
                final[[c]] = score
            } else {
                final[[c]] = minScore + penalty
                penalty += 0.0001
            }
        }
        let budget = options.vocabSize - 3 - options.specialTokens.count - (options.byteFallback ? 256 : 0)
        for i in pieces.indicesByScore() where final.count < budget {
            let key = Array(pieces.chars(i))
            if final[key] == nil { final[key] = pieces.scores[i] }
        }
        let sorted = final.map { (bytes: corpus.utf8($0.key), score: $0.value) }.sorted {
            $0.score != $1.score ? $0.score > $1.score : $0.bytes.lexicographicallyPrecedes($1.bytes)
        }
        var table = TokenTable(capacity: options.vocabSize)
        table.append(Array("<unk>".utf8), score: 0, kind: .unknown)
        table.append(Array("<s>".utf8), score: 0, kind: .control)
        table.append(Array("</s>".utf8), score: 0, kind: .control)
        for special in options.specialTokens { table.append(Array(special.utf8), score: 0, kind: .control) }
        if options.byteFallback {
            for byte in 0..<256 { table.append(ByteFallback.piece(UInt8(byte)), score: 0, kind: .byte) }
        }
        for piece in sorted { table.append(piece.bytes, score: piece.score) }
        return TrainedUnigram(table: table, byteFallback: options.byteFallback, characterCoverage: options.characterCoverage)
    }
}

/// SentencePiece's digamma approximation.
func digamma(_ value: Double) -> Double {
    var x = value
    var result = 0.0
    while x < 7 {
        result -= 1 / x
        x += 1
    }
    x -= 0.5
    let xx = 1 / x
    let xx2 = xx * xx
    let xx4 = xx2 * xx2
    result += log(x) + (1.0 / 24.0) * xx2 - (7.0 / 960.0) * xx4 + (31.0 / 8064.0) * xx4 * xx2
        - (127.0 / 30720.0) * xx4 * xx4
    return result
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
