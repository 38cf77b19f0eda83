import VocabCore

/// The slow-tokenizer files a model folder may carry beside `tokenizer.json`, rewritten for a
/// new vocabulary so that `transformers` builds the same tokenizer from them
/// (`use_fast=False`, or a folder without tokenizer.json): WordPiece `vocab.txt` (line = id),
/// GPT-2 `vocab.json` (`{piece: id}`) + `merges.txt`, and SentencePiece models (`tokenizer.model`,
/// `sentencepiece.bpe.model`, `spiece.model`).
enum SlowTokenizerFiles {
    /// `vocab.txt`: line `i` is the piece of new id `i` (an old line, or a new token's piece).
    /// - Throws: when the file has fewer lines than the old ids the map keeps.
    static func vocabText(_ bytes: [UInt8], file: String, map: VocabularyIDMap) throws -> [UInt8] {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        if lines.last?.isEmpty == true { lines.removeLast() }
        var out: [UInt8] = []
        for (new, old) in map.newToOld.enumerated() {
            if old >= 0 {
                guard Int(old) < lines.count else {
                    throw VocabError("has \(lines.count) lines, but the tokenizer keeps id \(old)", file: file)
                }
                out += lines[Int(old)]
            } else {
                out += map.table.piece(new)
            }
            out.append(0x0A)
        }
        return out
    }

    /// `vocab.json` with the kept pieces renumbered and the new pieces added, in new-id order.
    static func vocabJSON(_ bytes: [UInt8], file: String, map: VocabularyIDMap) throws -> [UInt8] {
        guard let vocab = try JSONParser.parse(bytes, file: file).object else { throw VocabError("not a JSON object", file: file) }
        var members: [(id: Int, key: String)] = []
        for (piece, value) in vocab.members {
            guard let old = value.integer else { throw VocabError("the id of \"\(piece)\" is not an integer", file: file) }
            if let new = map.newID(ofOld: old) { members.append((new, piece)) }
        }
        for new in map.addedIDs { members.append((new, map.table.pieceText(new))) }
        members.sort { $0.id < $1.id }
        return JSONWriter.serialize(.object(JSONObject(members.map { ($0.key, .integer($0.id)) })), inLayoutOf: bytes)
    }

    /// `merges.txt` holding the merges of the written `tokenizer.json` (`"a b"` or `["a", "b"]`),
    /// under the original's `#version` line when it had one.
    static func mergesText(_ original: [UInt8], tokenizerJSON: [UInt8], tokenizerFile: String) throws -> [UInt8] {
        let model = try TokenizerJSONEdit(parsing: tokenizerJSON, file: tokenizerFile).model
        var out: [UInt8] = []
        if original.starts(with: Array("#version".utf8)) {
            out += original.prefix { $0 != 0x0A }
            out.append(0x0A)
        }
        for merge in model["merges"]?.array ?? [] {
            let (left, right) = try HFVocabularySubset.parts(of: merge, file: tokenizerFile)
            out += left
            out.append(0x20)
            out += right
            out.append(0x0A)
        }
        return out
    }

    /// A SentencePiece model with the pieces the new vocabulary keeps (matched by their text, so
    /// a model whose ids are shifted against tokenizer.json's, as XLM-R's fairseq layout is, stays
    /// shifted) and the new tokens appended as normal pieces: a Unigram piece with its score in
    /// the new vocabulary, a BPE piece below every earlier score, so it merges last. Nil when the
    /// model cannot give the new ids: its normal pieces would not all sit at one fixed offset from
    /// their tokenizer.json ids (XLM-R's slow tokenizer puts `<mask>` after the last piece, so
    /// pieces added after `<mask>` in tokenizer.json would all move down by one).
    static func sentencePiece(_ bytes: [UInt8], file: String, map: VocabularyIDMap) throws -> [UInt8]? {
        let model: SentencePieceModel
        do {
            model = try SentencePieceModel(parsing: bytes).rewritten(for: map)
        } catch let error as VocabError {
            throw error.inFile(file)
        }
        var offset: Int? = nil
        for (k, piece) in model.pieces.enumerated() where piece.type == .normal {
            guard let id = map.table.id(of: piece.piece) else { return nil }
            if offset == nil { offset = Int(id) - k }
            if Int(id) - k != offset { return nil }
        }
        return model.serialized()
    }
}

extension SentencePieceModel {
    /// This model for the vocabulary of `map` (see `SlowTokenizerFiles.sentencePiece`); pieces of
    /// the new vocabulary that the model already has are not added twice.
    func rewritten(for map: VocabularyIDMap) throws -> SentencePieceModel {
        var copy = self
        copy.pieces = pieces.filter { map.table.id(of: $0.piece) != nil }
        var present = Set(copy.pieces.map(\.piece))
        let bpe = trainerSpec.modelType == .bpe
        var lowest = pieces.map(\.score).min() ?? 0
        for new in map.addedIDs {
            let piece = map.table.piece(new)
            guard present.insert(piece).inserted else { continue }
            // A BPE piece keeps its score when it is below every earlier one (as the expansion of a
            // SentencePiece BPE table gives it), else gets the next score down.
            var score = Float(map.table.scores[new])
            if !score.isFinite || (bpe && score >= lowest) {
                lowest = lowest.nextDown
                score = lowest
            } else if bpe {
                lowest = score
            }
            copy.pieces.append(Piece(piece: piece, score: score, type: .normal))
        }
        copy.trainerSpec.vocabSize = Int32(copy.pieces.count)
        return copy
    }
}
