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

    /// Reads the words of `files` on `pipeline` (the result, word order included, is the
    /// same for any number: blocks are merged in input order).
    ///
    /// A tokenizer.json is pre-tokenized exactly as the tokenizer does. Other formats
    /// (SentencePiece) are encoded and their pieces regrouped into words, a word starting at each
    /// piece that begins with `▁`; byte-fallback pieces are turned back into their bytes.
    public init(
        tokenizer: any TokenizerBackend, files: [String], policy: InvalidUTF8Policy = .fail,
        pipeline: LinePipeline = LinePipeline()
    ) throws {
        var index: [[UInt8]: Int] = [:]
        _ = try pipeline.run(
            files,
            state: { [Int32]() },
            process: { ids, block in
                var part = CorpusWords()
                var partIndex: [[UInt8]: Int] = [:]
                try block.forEachLine(policy: policy) { line, _ in
                    part.lines += 1
                    Self.forEachWord(of: line, tokenizer: tokenizer, ids: &ids) { word in
                        guard let word else {
                            part.unknownWords += 1
                            return
                        }
                        part.add(word, count: 1, index: &partIndex)
                    }
                }
                return part
            },
            consume: { _, part in
                lines += part.lines
                unknownWords += part.unknownWords
                for (k, word) in part.words.enumerated() { add(word, count: part.counts[k], index: &index) }
            })
    }

    /// The same words ordered by count (highest first), then bytewise: the order of a count file,
    /// so what is learned from them does not depend on where in the text a word first appeared.
    public func sortedByCount() -> CorpusWords {
        let order = words.indices.sorted {
            counts[$0] != counts[$1] ? counts[$0] > counts[$1] : words[$0].lexicographicallyPrecedes(words[$1])
        }
        var sorted = CorpusWords(words: order.map { words[$0] }, counts: order.map { counts[$0] })
        sorted.lines = lines
        sorted.unknownWords = unknownWords
        return sorted
    }

    /// Adds `count` occurrences of a word (an empty word is left out).
    mutating func add(_ word: [UInt8], count: Int, index: inout [[UInt8]: Int]) {
        guard !word.isEmpty else { return }
        if let k = index[word] {
            counts[k] += count
        } else {
            index[word] = words.count
            words.append(word)
            counts.append(count)
        }
    }

    /// Calls `body` with each word of a line, or nil for a word lost to the unknown token.
    static func forEachWord(
        of line: UnsafeBufferPointer<UInt8>, tokenizer: any TokenizerBackend, ids: inout [Int32], _ body: ([UInt8]?) -> Void
    ) {
        if let hf = tokenizer as? HFTokenizer {
            hf.forEachWord(line) { body(Array($0)) }
            return
        }
        let table = tokenizer.table
        let marker: [UInt8] = [0xE2, 0x96, 0x81]
        ids.removeAll(keepingCapacity: true)
        tokenizer.encode(line, into: &ids)
        var word: [UInt8] = []
        var lost = false
        for id in ids {
            let piece = table.piece(Int(id))
            if piece.starts(with: marker) || table.kinds[Int(id)] == .control {
                body(lost ? nil : word)
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
        body(lost ? nil : word)
    }
}
