import VocabCore

/// How the ids of a vocabulary change: the one map every vocabulary-dependent file of a model
/// folder is rewritten from.
public struct VocabularyIDMap: Sendable {
    /// Entry `i` is the old id of new id `i`, or -1 for a token the old vocabulary did not have.
    public let newToOld: [Int32]
    /// Entry `i` is the new id of old id `i`, or -1 where the token was dropped.
    public let oldToNew: [Int32]
    /// The new vocabulary (pieces of new tokens, scores, kinds, BPE merges).
    public let table: TokenTable

    /// A map from the new vocabulary's origins.
    /// - Throws: when `newToOld` does not fit the new table or names an old id twice or out of range.
    public init(newToOld: [Int32], oldCount: Int, table: TokenTable) throws {
        guard newToOld.count == table.count else {
            throw VocabError("internal: an id map of \(newToOld.count) entries for a vocabulary of \(table.count)")
        }
        var oldToNew = [Int32](repeating: -1, count: oldCount)
        for (new, old) in newToOld.enumerated() where old >= 0 {
            guard Int(old) < oldCount, oldToNew[Int(old)] < 0 else {
                throw VocabError("internal: the id map names old id \(old) twice or past the old vocabulary of \(oldCount)")
            }
            oldToNew[Int(old)] = Int32(new)
        }
        self.newToOld = newToOld
        self.oldToNew = oldToNew
        self.table = table
    }

    /// The map of an expansion: old ids unchanged, new tokens after them.
    public static func expansion(oldCount: Int, table: TokenTable) throws -> VocabularyIDMap {
        try VocabularyIDMap(
            newToOld: (0..<oldCount).map { Int32($0) } + [Int32](repeating: -1, count: max(table.count - oldCount, 0)),
            oldCount: oldCount, table: table)
    }

    /// The new id of an old id, or nil when it was dropped or is out of range.
    public func newID(ofOld old: Int) -> Int? {
        guard old >= 0, old < oldToNew.count, oldToNew[old] >= 0 else { return nil }
        return Int(oldToNew[old])
    }

    /// The new ids that have no old id, ascending.
    public var addedIDs: [Int] { newToOld.indices.filter { newToOld[$0] < 0 } }
}
