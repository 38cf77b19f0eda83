import VocabCore

/// What to keep when trimming a vocabulary.
public struct TrimOptions: Sendable {
    /// Keep mined ids seen at least this often.
    public var minFrequency: Int = 2
    /// At most this many ids in the trimmed vocabulary (the always-kept ones included); nil for no limit.
    public var maxVocabulary: Int?
    /// Ids kept whatever the corpus says (`--keep-tokens`, single characters of `--keep-scripts`,
    /// the byte tokens of a byte-level vocabulary).
    public var alwaysKeep: [Int32] = []

    public init(minFrequency: Int = 2, maxVocabulary: Int? = nil, alwaysKeep: [Int32] = []) {
        self.minFrequency = minFrequency
        self.maxVocabulary = maxVocabulary
        self.alwaysKeep = alwaysKeep
    }
}

/// A trimmed vocabulary: the new table and where each new id comes from.
public struct TrimResult: Sendable {
    /// The trimmed table: kept pieces in their original order, with scores, kinds and (for BPE)
    /// the kept merges renumbered, in their original rank order.
    public var table: TokenTable
    /// Entry `i` is the original id of new id `i` (ascending).
    public var newToOld: [Int32]
    /// Ids kept because the corpus uses them often enough.
    public var minedCount: Int
    /// Ids kept by rule: special, control, unknown, user-defined and byte-fallback pieces, and `alwaysKeep`.
    public var ruleCount: Int
    /// Ids added so that every kept BPE piece stays reachable (or, for Unigram, to keep the
    /// lowest score and with it the unknown-token penalty unchanged).
    public var closureCount: Int

    /// The new id of each original id, -1 where dropped.
    public func oldToNew(vocabularySize: Int) -> [Int32] {
        var map = [Int32](repeating: -1, count: vocabularySize)
        for (new, old) in newToOld.enumerated() { map[Int(old)] = Int32(new) }
        return map
    }
}

/// Trims a vocabulary to the pieces a corpus uses, keeping the tokenizer's segmentation of that
/// corpus unchanged (with `minFrequency` 1 and no size limit).
///
/// Rules: special/control, unknown, user-defined and byte-fallback pieces and `alwaysKeep` are
/// always kept; mined ids with `count >= minFrequency` are added most frequent first (ties: lower
/// id first) until `maxVocabulary`. For BPE every kept piece is closed under its derivation: the
/// merges that build it from its initial symbols when it is encoded alone (which are the merges
/// that build it inside any text) and their parts are kept; merges whose parts or result are
/// dropped are dropped. New ids follow the original order.
public enum VocabularyTrim {
    /// Trims `table` given per-id corpus counts.
    /// - Throws: when the corpus keeps no piece, or when `maxVocabulary` is below the always-kept ids.
    public static func trim(table: TokenTable, model: TrimModel, counts: [Int], options: TrimOptions) throws -> TrimResult {
        let n = table.count
        guard counts.count == n else {
            throw VocabError("internal: \(counts.count) counts for a vocabulary of \(n)")
        }
        var keep = [Bool](repeating: false, count: n)
        var kept = 0
        func mark(_ id: Int32) {
            if !keep[Int(id)] {
                keep[Int(id)] = true
                kept += 1
            }
        }
        for id in 0..<n {
            switch table.kinds[id] {
            case .control, .unknown, .userDefined, .byte: mark(Int32(id))
            case .normal, .unused: break
            }
        }
        for id in options.alwaysKeep where id >= 0 && Int(id) < n { mark(id) }
        let ruleCount = kept
        let closure = DerivationClosure(table: table, model: model)
        var closureAdded = 0
        if case .unigram = model, let lowest = lowestScoringNormalPiece(table), !keep[Int(lowest)] {
            // The unknown token's score is derived from the lowest piece score (HF and
            // SentencePiece alike); keeping that piece keeps the penalty, hence the segmentation.
            mark(lowest)
            closureAdded += 1
        }
        for id in 0..<n where keep[id] {
            for extra in closure.requirements(of: Int32(id)) where !keep[Int(extra)] {
                mark(extra)
                closureAdded += 1
            }
        }
        if let limit = options.maxVocabulary, limit < kept {
            throw VocabError(
                "--max-vocab \(limit) is smaller than the \(kept) tokens that must be kept (special, byte and requested tokens)")
        }
        let candidates = (0..<n).filter { keep[$0] == false && table.kinds[$0] == .normal && counts[$0] >= options.minFrequency && counts[$0] > 0 }
            .sorted { counts[$0] > counts[$1] || (counts[$0] == counts[$1] && $0 < $1) }
        var mined = 0
        for id in candidates where !keep[id] {
            let extras = closure.requirements(of: Int32(id)).filter { !keep[Int($0)] }
            if let limit = options.maxVocabulary, kept + 1 + Set(extras).count > limit { continue }
            mark(Int32(id))
            mined += 1
            for extra in extras where !keep[Int(extra)] {
                mark(extra)
                closureAdded += 1
            }
        }
        guard mined > 0 else {
            throw VocabError(
                "the corpus keeps no token (no token of the vocabulary occurs at least \(options.minFrequency) times"
                    + (options.maxVocabulary != nil ? " within --max-vocab" : "") + ")")
        }
        let newToOld = (0..<n).filter { keep[$0] }.map { Int32($0) }
        var newTable = TokenTable(capacity: newToOld.count)
        for old in newToOld {
            table.withPiece(Int(old)) { _ = newTable.append($0, score: table.scores[Int(old)], kind: table.kinds[Int(old)]) }
        }
        if case .bpeMerges(let results) = model {
            var oldToNew = [Int32](repeating: -1, count: n)
            for (new, old) in newToOld.enumerated() { oldToNew[Int(old)] = Int32(new) }
            for (rank, pair) in table.merges.enumerated() {
                let result = results[rank]
                guard result >= 0, keep[Int(result)], keep[Int(pair.left)], keep[Int(pair.right)] else { continue }
                newTable.merges.append(TokenPair(oldToNew[Int(pair.left)], oldToNew[Int(pair.right)]))
            }
        }
        return TrimResult(
            table: newTable, newToOld: newToOld, minedCount: mined, ruleCount: ruleCount, closureCount: closureAdded)
    }

    static func lowestScoringNormalPiece(_ table: TokenTable) -> Int32? {
        var best: (id: Int, score: Double)? = nil
        for id in 0..<table.count where table.kinds[id] == .normal {
            if best.map({ table.scores[id] < $0.score }) ?? true { best = (id, table.scores[id]) }
        }
        return best.map { Int32($0.id) }
    }
}
