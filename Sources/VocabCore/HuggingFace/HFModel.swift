/// The `model` of a tokenizer.json.
public enum HFModel: Sendable {
    case bpe(BPEModel)
    case unigram(UnigramModel)
    case wordPiece(WordPieceModel)

    /// The model family name.
    public var typeName: String {
        switch self {
        case .bpe: return "BPE"
        case .unigram: return "Unigram"
        case .wordPiece: return "WordPiece"
        }
    }

    /// Appends the ids of one pre-token.
    @inline(__always)
    func encode(_ word: UnsafeBufferPointer<UInt8>, into ids: inout [Int32]) {
        switch self {
        case .bpe(let m): m.encode(word, into: &ids)
        case .unigram(let m): m.encode(word, into: &ids)
        case .wordPiece(let m): m.encode(word, into: &ids)
        }
    }
}

/// What reading a model object yields: the model, and its vocabulary for the token table.
struct HFModelContents {
    var model: HFModel
    /// (piece, id, score) of every model vocabulary entry.
    var entries: [(piece: String, id: Int32, score: Double)]
    var unknownID: Int32?
    var byteFallback: Bool

    init(json o: JSONObject) throws {
        var type = try o.optionalString("type")
        if type == nil {
            if o["merges"] != nil {
                type = "BPE"
            } else if o["vocab"]?.array != nil {
                type = "Unigram"
            } else if o["max_input_chars_per_word"] != nil || o["continuing_subword_prefix"] != nil {
                type = "WordPiece"
            }
        }
        switch type {
        case "BPE": try self.init(bpe: o)
        case "Unigram": try self.init(unigram: o)
        case "WordPiece": try self.init(wordPiece: o)
        case .some(let t): throw o.fieldError("unknown model type \"\(t)\"")
        case .none: throw o.fieldError("model without a \"type\"")
        }
    }

    /// A `{"piece": id, ...}` vocabulary.
    static func vocabObject(_ o: JSONObject) throws -> [(piece: String, id: Int32, score: Double)] {
        guard let vocab = o["vocab"]?.object else { throw o.fieldError("model \"vocab\" must be an object") }
        var out: [(piece: String, id: Int32, score: Double)] = []
        out.reserveCapacity(vocab.members.count)
        for (key, value) in vocab.members {
            guard let id = value.integer, id >= 0, id < Int(Int32.max) else {
                throw vocab.fieldError("vocabulary id of \(JSONText.quoted(key)) must be a non-negative integer")
            }
            out.append((key, Int32(id), 0))
        }
        return out
    }

    init(bpe o: JSONObject) throws {
        entries = try Self.vocabObject(o)
        guard let mergeList = o["merges"]?.array else { throw o.fieldError("BPE \"merges\" must be an array") }
        var merges: [([UInt8], [UInt8])] = []
        merges.reserveCapacity(mergeList.count)
        for (k, m) in mergeList.enumerated() {
            if let s = m.string {
                let bytes = Array(s.utf8)
                guard let space = bytes.firstIndex(of: 0x20) else {
                    throw o.fieldError("merge \(k) \(JSONText.quoted(s)) is not two pieces separated by a space")
                }
                merges.append((Array(bytes[..<space]), Array(bytes[(space + 1)...])))
            } else if let pair = m.array, pair.count == 2, let a = pair[0].string, let b = pair[1].string {
                merges.append((Array(a.utf8), Array(b.utf8)))
            } else {
                throw o.fieldError("merge \(k) must be \"a b\" or [\"a\", \"b\"]")
            }
        }
        if let dropout = o["dropout"], !dropout.isNull, let d = dropout.double, d != 0 {
            throw o.fieldError("BPE dropout \(d) is not supported (encoding would be random)")
        }
        let unk = try o.optionalString("unk_token")
        byteFallback = try o.bool("byte_fallback", default: false)
        let bpe = try BPEModel(
            vocab: entries.map { (Array($0.piece.utf8), $0.id) }, merges: merges, unknownToken: unk,
            continuingSubwordPrefix: try o.optionalString("continuing_subword_prefix"),
            endOfWordSuffix: try o.optionalString("end_of_word_suffix"),
            fuseUnknown: try o.bool("fuse_unk", default: false), byteFallback: byteFallback,
            ignoreMerges: try o.bool("ignore_merges", default: false))
        unknownID = bpe.unknownID
        model = .bpe(bpe)
    }

    init(unigram o: JSONObject) throws {
        guard let list = o["vocab"]?.array else { throw o.fieldError("Unigram \"vocab\" must be an array") }
        var pieces: [(piece: String, score: Double)] = []
        pieces.reserveCapacity(list.count)
        entries = []
        entries.reserveCapacity(list.count)
        for (k, item) in list.enumerated() {
            guard let pair = item.array, pair.count == 2, let piece = pair[0].string, let score = pair[1].double else {
                throw o.fieldError("Unigram vocabulary entry \(k) must be [piece, score]")
            }
            pieces.append((piece, score))
            entries.append((piece, Int32(k), score))
        }
        let unk = try o.optionalInt("unk_id").map { Int32(clamping: $0) }
        byteFallback = try o.bool("byte_fallback", default: false)
        model = .unigram(try UnigramModel(pieces: pieces, unknownID: unk, byteFallback: byteFallback))
        unknownID = unk
    }

    init(wordPiece o: JSONObject) throws {
        entries = try Self.vocabObject(o)
        let wp = try WordPieceModel(
            vocab: entries.map { ($0.piece, $0.id) },
            unknownToken: try o.optionalString("unk_token") ?? "[UNK]",
            continuingSubwordPrefix: try o.optionalString("continuing_subword_prefix") ?? "##",
            maxInputCharsPerWord: try o.optionalInt("max_input_chars_per_word") ?? 100)
        unknownID = wp.unknownID
        byteFallback = false
        model = .wordPiece(wp)
    }
}
