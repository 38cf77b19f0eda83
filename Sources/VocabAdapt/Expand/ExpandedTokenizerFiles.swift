import VocabCore

/// Writes an expanded vocabulary back in the input tokenizer's own format, leaving every other
/// part of the file as it was; a SentencePiece model also as the tokenizer.json transformers would
/// make of it. (Tiktoken rank files, `vocab.json` + `merges.txt` and `vocab.txt` are expanded as
/// the tokenizer.json that encodes like them: see `ExpandJob`.)
public enum ExpandedTokenizerFiles {
    /// The output files (name, bytes) for the tokenizer read from `source`.
    /// - Parameters:
    ///   - original: the bytes of `source.file`.
    ///   - baseCount: the size of the base vocabulary; the new ids follow it.
    public static func files(
        source: TokenizerLoader.Source, original: [UInt8], result: ExpansionResult, baseCount: Int
    ) throws -> [(name: String, bytes: [UInt8])] {
        switch source.format {
        case .huggingFace:
            return [("tokenizer.json", try tokenizerJSON(original, result: result, baseCount: baseCount, file: source.file))]
        case .sentencePiece:
            let base = try SentencePieceModel(parsing: original)
            guard base.pieces.count == baseCount else {
                throw VocabError("the model has \(base.pieces.count) pieces, not \(baseCount)", file: source.file)
            }
            let model = try base.rewritten(for: try VocabularyIDMap.expansion(oldCount: baseCount, table: result.table))
            // The model, and the tokenizer.json transformers would make of it.
            let json = try TokenizerConversion.toHuggingFace(SentencePieceTokenizer(model: model)).serialized()
            return [("tokenizer.model", model.serialized()), ("tokenizer.json", json)]
        case .tiktoken, .gpt2VocabMerges, .wordPieceVocab:
            throw VocabError(
                "an expanded \(source.format.rawValue) tokenizer is written as tokenizer.json: convert it first", file: source.file)
        }
    }

    /// The tokenizer.json text with the new pieces appended to `model.vocab` (Unigram
    /// `[piece, score]` entries; `{piece: id}` otherwise) and, for BPE, the new merges appended to
    /// `model.merges` in the file's notation.
    static func tokenizerJSON(_ bytes: [UInt8], result: ExpansionResult, baseCount: Int, file: String) throws -> [UInt8] {
        var document = try TokenizerJSONEdit(parsing: bytes, file: file)
        var model = document.model
        func text(_ piece: [UInt8]) throws -> String {
            guard let s = String(validating: piece, as: UTF8.self) else {
                throw VocabError("the piece \(piece) is not valid UTF-8 and cannot be written to tokenizer.json", file: file)
            }
            return s
        }
        if var list = model["vocab"]?.array {
            guard list.count == baseCount else {
                throw VocabError(
                    "added tokens with ids past the Unigram vocabulary (\(list.count) pieces, \(baseCount) ids) leave no room for new pieces",
                    file: file)
            }
            for token in result.added {
                list.append(.array([.string(try text(token.piece)), .number(numberText(token.score))]))
            }
            model["vocab"] = .array(list)
        } else if var vocab = model["vocab"]?.object {
            for token in result.added { vocab.members.append((try text(token.piece), .number(String(token.id)))) }
            model["vocab"] = .object(vocab)
            let newMerges = result.table.merges.dropFirst(result.table.merges.count - newMergeCount(result, model))
            if !newMerges.isEmpty {
                guard var merges = model["merges"]?.array else {
                    throw VocabError("the BPE model has no merges list", file: file)
                }
                let asPairs = merges.first?.array != nil
                for pair in newMerges {
                    let left = try text(result.table.piece(Int(pair.left)))
                    let right = try text(result.table.piece(Int(pair.right)))
                    merges.append(asPairs ? .array([.string(left), .string(right)]) : .string(left + " " + right))
                }
                model["merges"] = .array(merges)
            }
        } else {
            throw VocabError("model.vocab is neither a list nor an object", file: file, at: .byte(model.offset))
        }
        document.model = model
        return document.serialized()
    }

    /// How many merges at the end of the expanded table are new (those of the file come first).
    static func newMergeCount(_ result: ExpansionResult, _ model: JSONObject) -> Int {
        let old = model["merges"]?.array?.count ?? 0
        return max(result.table.merges.count - old, 0)
    }

    /// A score as JSON number text (shortest round-trip form).
    static func numberText(_ value: Double) -> String {
        value.isFinite ? "\(value)" : "0.0"
    }
}
