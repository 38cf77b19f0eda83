/// Rewrites a `tokenizer.json` to a subset of its ids (vocabulary trimming), leaving every other
/// part of the file as it was.
///
/// Kept ids are renumbered contiguously in their original order. The model's vocabulary
/// (Unigram `[piece, score]` list with `unk_id`; BPE, WordPiece and WordLevel `{piece: id}`), BPE
/// merges (only those whose two parts and result are kept, in their original order and in the
/// file's notation: `"a b"` or `["a", "b"]`), `added_tokens`, the post-processor's special-token
/// ids and the padding id are updated; the layout (compact or pretty) is kept.
public enum HFVocabularySubset {
    /// The `tokenizer.json` text with only the ids of `newToOld` (entry `i` = original id of new id `i`, ascending).
    /// - Parameter vocabularySize: the original vocabulary size (model vocabulary plus added tokens).
    /// - Throws: when the file is not a tokenizer.json this understands, or when a special token
    ///   the post-processor or padding uses is not kept.
    public static func tokenizerJSON(_ bytes: [UInt8], newToOld: [Int32], vocabularySize: Int, file: String) throws -> [UInt8] {
        var document = try TokenizerJSONEdit(parsing: bytes, file: file)
        var oldToNew = [Int32](repeating: -1, count: vocabularySize)
        for (new, old) in newToOld.enumerated() where Int(old) < vocabularySize { oldToNew[Int(old)] = Int32(new) }
        func remap(_ value: JSONValue?, _ what: String) throws -> JSONValue {
            guard let old = value?.integer, old >= 0, old < vocabularySize else {
                throw VocabError("\(what) is not a token id of the vocabulary", file: file)
            }
            guard oldToNew[old] >= 0 else { throw VocabError("\(what) (id \(old)) is not kept", file: file) }
            return .integer(Int(oldToNew[old]))
        }

        if let list = document.model["vocab"]?.array {
            // Unigram: entry i is [piece, score] for id i.
            document.model["vocab"] = .array(newToOld.compactMap { Int($0) < list.count ? list[Int($0)] : nil })
            if let unk = document.model["unk_id"], !unk.isNull { document.model["unk_id"] = try remap(unk, "model.unk_id") }
        } else if let vocab = document.model["vocab"]?.object {
            var entries: [(key: String, value: JSONValue)] = []
            var kept = Set<[UInt8]>()
            for member in vocab.members {
                guard let old = member.value.integer, old >= 0, old < vocabularySize else {
                    throw VocabError("model.vocab entry \"\(member.key)\" has no valid id", file: file)
                }
                let new = oldToNew[old]
                guard new >= 0 else { continue }
                entries.append((member.key, .integer(Int(new))))
                kept.insert(Array(member.key.utf8))
            }
            entries.sort { ($0.value.integer ?? 0) < ($1.value.integer ?? 0) }
            document.model["vocab"] = .object(JSONObject(entries))
            if let merges = document.model["merges"]?.array {
                let prefix = Array((document.model["continuing_subword_prefix"]?.string ?? "").utf8)
                document.model["merges"] = .array(try merges.filter { merge in
                    let (left, right) = try parts(of: merge, file: file)
                    var result = left
                    result += right.starts(with: prefix) && !prefix.isEmpty ? Array(right.dropFirst(prefix.count)) : right
                    return kept.contains(left) && kept.contains(right) && kept.contains(result)
                })
            }
        } else {
            throw VocabError("model.vocab is neither a list nor an object", file: file, at: .byte(document.model.offset))
        }
        if let added = document.top["added_tokens"]?.array {
            document.top["added_tokens"] = .array(try added.compactMap { token in
                guard var entry = token.object, let old = entry["id"]?.integer, old >= 0, old < vocabularySize else {
                    throw VocabError("an added_tokens entry has no valid id", file: file)
                }
                guard oldToNew[old] >= 0 else { return nil }
                entry["id"] = .integer(Int(oldToNew[old]))
                return .object(entry)
            })
        }
        if let processor = document.top["post_processor"], !processor.isNull {
            document.top["post_processor"] = try remapProcessor(processor, remap)
        }
        if var padding = document.top["padding"]?.object, let id = padding["pad_id"] {
            padding["pad_id"] = try remap(id, "padding.pad_id")
            document.top["padding"] = .object(padding)
        }
        return document.serialized()
    }

    /// The BPE merges of a `tokenizer.json` as id pairs of `table` (rank order) and the model's
    /// `continuing_subword_prefix`; no merges for other models. A merge naming a piece that is
    /// not in `table` is an error.
    public static func bpeMerges(_ bytes: [UInt8], table: TokenTable, file: String) throws -> (merges: [TokenPair], continuingPrefix: [UInt8]) {
        let model = try TokenizerJSONEdit(parsing: bytes, file: file).model
        guard let list = model["merges"]?.array else { return ([], []) }
        var merges: [TokenPair] = []
        merges.reserveCapacity(list.count)
        for (rank, merge) in list.enumerated() {
            let (left, right) = try parts(of: merge, file: file)
            guard let l = table.id(of: left), let r = table.id(of: right) else {
                throw VocabError("model.merges entry \(rank) names a piece that is not in the vocabulary", file: file)
            }
            merges.append(TokenPair(l, r))
        }
        return (merges, Array((model["continuing_subword_prefix"]?.string ?? "").utf8))
    }

    /// The two parts of a merge written `"a b"` or `["a", "b"]`.
    public static func parts(of merge: JSONValue, file: String) throws -> ([UInt8], [UInt8]) {
        if let pair = merge.array, pair.count == 2, let a = pair[0].string, let b = pair[1].string {
            return (Array(a.utf8), Array(b.utf8))
        }
        if let text = merge.string {
            let bytes = Array(text.utf8)
            if let space = bytes.firstIndex(of: 0x20), space > 0,
                !bytes[(space + 1)...].isEmpty, !bytes[(space + 1)...].contains(0x20)
            {
                return (Array(bytes[..<space]), Array(bytes[(space + 1)...]))
            }
        }
        throw VocabError("model.merges has an entry that is not two pieces", file: file)
    }

    /// Remaps the ids in Template/Roberta/Bert processors (and Sequences of them).
    static func remapProcessor(
        _ value: JSONValue, _ remap: (JSONValue?, String) throws -> JSONValue
    ) throws -> JSONValue {
        guard var processor = value.object else { return value }
        if let list = processor["processors"]?.array {
            processor["processors"] = .array(try list.map { try remapProcessor($0, remap) })
        }
        if let specials = processor["special_tokens"]?.object {
            var updated = specials
            for k in updated.members.indices {
                guard var special = updated.members[k].value.object, let ids = special["ids"]?.array else { continue }
                let name = updated.members[k].key
                special["ids"] = .array(try ids.map { try remap($0, "post_processor special token \"\(name)\"") })
                updated.members[k].value = .object(special)
            }
            processor["special_tokens"] = .object(updated)
        }
        for key in ["sep", "cls"] {
            if let pair = processor[key]?.array, pair.count == 2 {
                processor[key] = .array([pair[0], try remap(pair[1], "post_processor \(key) token")])
            }
        }
        return .object(processor)
    }
}
