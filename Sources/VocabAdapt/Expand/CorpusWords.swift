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
    public init(tokenizer: any Tokenizer, files: [String], policy: InvalidUTF8Policy = .fail) throws {
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
                    case .byte: word.append(CorpusWords.byteValue(piece) ?? 0)
                    case .control: break
                    default: word += piece
                    }
                }
                if lost { unknownWords += 1 } else { add(word) }
            }
        }
    }

    /// The byte of a `<0xAB>` piece.
    static func byteValue(_ piece: [UInt8]) -> UInt8? {
        guard piece.count == 6, piece.starts(with: Array("<0x".utf8)), piece[5] == UInt8(ascii: ">") else { return nil }
        func digit(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x41...0x46: return c - 0x41 + 10
            case 0x61...0x66: return c - 0x61 + 10
            default: return nil
            }
        }
        guard let hi = digit(piece[3]), let lo = digit(piece[4]) else { return nil }
        return hi << 4 | lo
    }
}
