import VocabCore

/// Derives what trimming needs from a loaded tokenizer: its `TrimModel` and the ids kept by rule.
public enum TrimRules {
    /// The trimming model of a tokenizer, from its model type and format.
    /// - Parameters:
    ///   - table: the tokenizer's table, with its BPE merges when the codec leaves them out.
    ///   - continuingPrefix: the BPE continuing-subword prefix, when the model has one.
    public static func model(of tokenizer: any TokenizerBackend, table: TokenTable, continuingPrefix: [UInt8] = []) throws -> TrimModel {
        if tokenizer.format == .tiktoken {
            // Ranks are ids; merging starts from single bytes, the lowest rank first.
            return .bpeByPriority(priority: (0..<table.count).map(Double.init), startsFrom: .bytes)
        }
        switch tokenizer.modelType {
        case "Unigram":
            return .unigram
        case "WordPiece":
            return .wordPiece
        case "BPE":
            if !table.merges.isEmpty {
                return .bpeMerges(results: TrimModel.mergeResults(of: table, continuingPrefix: continuingPrefix))
            }
            // SentencePiece BPE: the highest-scoring piece merges first, from characters.
            return .bpeByPriority(priority: table.scores.map { -$0 }, startsFrom: .characters)
        default:
            throw VocabError("trimming a \(tokenizer.modelType) model is not supported (Unigram, BPE and WordPiece are)")
        }
    }

    /// True for byte-level BPE (GPT-2 style `ByteLevel` pre-tokenizer or a tiktoken rank file).
    public static func isByteLevel(_ tokenizer: any TokenizerBackend) -> Bool {
        tokenizer.format == .tiktoken
            || tokenizer.pipelineSummary.contains { $0.stage.lowercased().contains("pre") && $0.value.contains("ByteLevel") }
    }

    /// The ids of the base symbols of a byte-level vocabulary, kept so any text still encodes:
    /// with a merge list, the normal pieces no merge produces (the 256 byte symbols, plus pieces
    /// such as GPT-2's `<|endoftext|>` that only a lookup produces); without one (tiktoken), the
    /// normal pieces that decode to one byte.
    public static func byteTokens(of tokenizer: any TokenizerBackend, table: TokenTable) -> [Int32] {
        if !table.merges.isEmpty {
            var produced = [Bool](repeating: false, count: table.count)
            for id in TrimModel.mergeResults(of: table) where id >= 0 { produced[Int(id)] = true }
            return (0..<table.count).filter { table.kinds[$0] == .normal && !produced[$0] }.map { Int32($0) }
        }
        return (0..<table.count).compactMap { id in
            guard table.kinds[id] == .normal, table.pieceLength(id) <= 4,
                let text = try? tokenizer.decode([Int32(id)]), text.count == 1
            else { return nil }
            return Int32(id)
        }
    }

    /// Normal pieces that stand for a single character of one of `scripts` (ISO 15924 codes):
    /// the decoded piece without surrounding spaces and, for WordPiece, without a `##` prefix.
    public static func singleCharacterPieces(of tokenizer: any TokenizerBackend, scripts: Set<String>) -> [Int32] {
        let table = tokenizer.table
        let wordPiece = tokenizer.modelType == "WordPiece"
        return (0..<table.count).compactMap { id in
            guard table.kinds[id] == .normal else { return nil }
            var text: [UInt8]
            if wordPiece {
                text = table.piece(id)
                if text.starts(with: [0x23, 0x23]) { text.removeFirst(2) }
            } else {
                guard let decoded = try? tokenizer.decode([Int32(id)]) else { return nil }
                text = decoded
            }
            while let first = text.first, first == 0x20 { text.removeFirst() }
            while let last = text.last, last == 0x20 { text.removeLast() }
            // Byte-level pieces may decode to part of a character: only whole, valid characters count.
            guard !text.isEmpty, UTF8Scan.sequenceLength(lead: text[0]) == text.count,
                text.withUnsafeBufferPointer({ UTF8Scan.firstInvalidOffset($0) }) == nil
            else { return nil }
            let scalar = text.withUnsafeBufferPointer { UTF8Scan.decode($0, at: 0).scalar }
            return scripts.contains(Scripts.code(of: scalar)) ? Int32(id) : nil
        }
    }

    /// The ids of a keep-tokens file: one piece a line, exactly as the vocabulary writes it
    /// (`▁hello`, `Ġhello`, `##ing`); empty lines are skipped. An unknown piece is an error naming the line.
    public static func keepTokens(file: String, table: TokenTable) throws -> [Int32] {
        let bytes = try FileIO.read(file)
        var ids: [Int32] = []
        try TextLines.forEach(in: bytes, file: file, policy: .fail) { line, number in
            var end = line.count
            if end > 0, line[end - 1] == 0x0D { end -= 1 }
            guard end > 0 else { return }
            guard let id = table.id(of: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(line)[0..<end])) else {
                throw VocabError("this token is not in the vocabulary", file: file, at: .line(number))
            }
            ids.append(id)
        }
        return ids
    }
}
