import VocabCore

/// The distinct words of a corpus as a tokenizer's model sees them (after normalization and
/// pre-tokenization, in the vocabulary's notation: `Ġword`, `▁word`), with their counts.
public struct CorpusWords: Sendable {
    /// Distinct words, in first-seen order.
    public var words: [[UInt8]] = []
    /// The count of each word.
    public var counts: [Int] = []
    /// Lines read.
    public var lines = 0
    /// Words left out because the tokenizer gave the unknown token (their text is lost).
    public var unknownWords = 0

    /// Given words and counts (distinct words).
    public init(words: [[UInt8]] = [], counts: [Int] = []) {
        self.words = words
        self.counts = counts
    }

    /// Reads the words of `files`.
    ///
    /// A tokenizer.json is pre-tokenized exactly as the tokenizer does. Other formats
    /// (SentencePiece) are encoded and their pieces regrouped into words, a word starting at each
    /// piece that begins with `▁`; byte-fallback pieces are turned back into their bytes.
    public init(tokenizer: any TokenizerBackend, files: [String], policy: InvalidUTF8Policy = .fail) throws {
        var index: [[UInt8]: Int] = [:]
        func add(_ word: [UInt8]) {
            guard !word.isEmpty else { return }
            if let k = index[word] {
                counts[k] += 1
            } else {
                index[word] = words.count
                words.append(word)
                counts.append(1)
            }
        }
        let table = tokenizer.table
        let marker: [UInt8] = [0xE2, 0x96, 0x81]
        var ids: [Int32] = []
        for file in files {
            try TextLines.forEach(in: try FileIO.read(file), file: file, policy: policy) { line, _ in
                lines += 1
                if let hf = tokenizer as? HFTokenizer {
                    hf.forEachWord(line) { add(Array($0)) }
                    return
                }
                ids.removeAll(keepingCapacity: true)
                tokenizer.encode(line, into: &ids)
                var word: [UInt8] = []
                var lost = false
                for id in ids {
                    let piece = table.piece(Int(id))
                    if piece.starts(with: marker) || table.kinds[Int(id)] == .control {
                        if lost { unknownWords += 1 } else { add(word) }
                        word.removeAll(keepingCapacity: true)
                        lost = false
                    }
                    switch table.kinds[Int(id)] {
                    case .unknown: lost = true
                    case .byte: word.append(ByteFallback.byte(of: piece) ?? 0)
                    case .control: break
                    default: word += piece
                    }
                }
                if lost { unknownWords += 1 } else { add(word) }
            }
        }
    }
}
