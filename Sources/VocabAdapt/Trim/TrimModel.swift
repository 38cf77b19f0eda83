import VocabCore

/// How a vocabulary's model turns text into pieces, as far as trimming needs to know: it decides
/// which extra pieces must stay so that every kept piece is still produced.
public enum TrimModel: Sendable {
    /// Unigram (Viterbi over scored pieces): kept pieces keep their scores; nothing else is needed.
    case unigram
    /// WordPiece (greedy longest match, continuations prefixed `##`): nothing else is needed.
    case wordPiece
    /// BPE with an explicit merge list (`TokenTable.merges`, rank = index); `results[i]` is the id
    /// merge `i` produces, or -1 when its result is not in the vocabulary.
    case bpeMerges(results: [Int32])
    /// BPE whose merges are implicit (tiktoken ranks, SentencePiece BPE scores): two adjacent
    /// pieces merge when their concatenation is a normal piece, the lowest `priority` first
    /// (ties: leftmost), starting from single bytes or single characters.
    case bpeByPriority(priority: [Double], startsFrom: InitialSymbols)

    /// The symbols BPE starts from.
    public enum InitialSymbols: Sendable {
        case bytes
        case characters
    }

    /// The results of a table's merges, found by concatenating the two parts' pieces; with a
    /// `continuingPrefix` (`##`), the prefix of the right part is dropped and a result keeps the
    /// left part's prefix, as HF BPE does.
    public static func mergeResults(of table: TokenTable, continuingPrefix: [UInt8] = []) -> [Int32] {
        table.merges.map { pair in
            var right = table.piece(Int(pair.right))
            if !continuingPrefix.isEmpty, right.starts(with: continuingPrefix) {
                right.removeFirst(continuingPrefix.count)
            }
            return table.id(of: table.piece(Int(pair.left)) + right) ?? -1
        }
    }
}
