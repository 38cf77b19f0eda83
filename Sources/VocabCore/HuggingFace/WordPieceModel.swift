/// HF's WordPiece model (`specs/ENCODERS.md` §4.3): greedy longest-match-first over a word,
/// continuation pieces carrying a prefix (`##`); a word with an unmatched position, or longer
/// than `maxInputCharsPerWord` characters, becomes one unknown token.
public struct WordPieceModel: Sendable {
    /// The model vocabulary.
    let trie: ByteTrie
    /// The trie node reached by the continuation prefix (-1 when no piece starts with it).
    let prefixNode: Int32
    public let continuingSubwordPrefix: String
    public let unknownToken: String
    public let unknownID: Int32
    public let maxInputCharsPerWord: Int

    public init(vocab: [(piece: String, id: Int32)], unknownToken: String, continuingSubwordPrefix: String, maxInputCharsPerWord: Int) throws {
        var trie = ByteTrie(capacity: vocab.count * 4)
        for (piece, id) in vocab where !trie.insert(piece.utf8, value: id, replace: true) {
            throw VocabError("the vocabulary is too large")
        }
        prefixNode = trie.descend(from: 0, continuingSubwordPrefix.utf8)
        guard let unk = trie.lookup(unknownToken.utf8) else {
            throw VocabError("WordPiece unk_token \(JSONText.quoted(unknownToken)) is not in the vocabulary")
        }
        self.trie = trie
        self.unknownToken = unknownToken
        self.unknownID = unk
        self.continuingSubwordPrefix = continuingSubwordPrefix
        self.maxInputCharsPerWord = maxInputCharsPerWord
    }

    /// Appends the ids of one pre-token.
    public func encode(_ word: UnsafeBufferPointer<UInt8>, into ids: inout [Int32]) {
        var chars = 0
        for b in word where b & 0xC0 != 0x80 { chars += 1 }
        if chars > maxInputCharsPerWord {
            ids.append(unknownID)
            return
        }
        let mark = ids.count
        var start = 0
        while start < word.count {
            var node: Int32 = start > 0 ? prefixNode : 0
            var bestEnd = -1
            var bestID: Int32 = -1
            var i = start
            while node >= 0 && i < word.count {
                node = trie.child(node, word[i])
                i += 1
                // Only at a character boundary can a piece end: test it before loading the value.
                if node >= 0 && (i == word.count || word[i] & 0xC0 != 0x80) {
                    let v = trie.values[Int(node)]
                    if v >= 0 {
                        bestEnd = i
                        bestID = v
                    }
                }
            }
            if bestEnd < 0 {
                ids.removeSubrange(mark...)
                ids.append(unknownID)
                return
            }
            ids.append(bestID)
            start = bestEnd
        }
    }
}
