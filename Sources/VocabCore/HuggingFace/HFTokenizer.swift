/// A tokenizer read from an HF `tokenizers` tokenizer.json: the typed pipeline (added tokens,
/// normalizer, pre-tokenizer, model, post-processor, decoder) plus the parsed document, which
/// is written back unchanged by `serialized()` so every field survives a re-save.
///
/// Encoding follows `specs/ENCODERS.md` §1: added tokens are cut out of the raw text, each
/// remaining split is normalized (then searched for normalized added tokens), pre-tokenized,
/// and each pre-token is encoded by the model. Truncation and padding are kept in the document
/// but never applied.
public struct HFTokenizer: TokenizerBackend {
    public let table: TokenTable
    /// `.huggingFace`, or the legacy vocabulary format the pipeline was built from.
    public let format: TokenizerFormat
    /// The whole parsed file.
    public let document: JSONObject
    /// The layout the file was written in (re-saves use it).
    public let style: JSONWriter.Style
    public let normalizer: HFNormalizer?
    public let preTokenizer: HFPreTokenizer?
    public let model: HFModel
    public let postProcessor: HFPostProcessor?
    public let decoder: HFDecoder?
    public let addedTokens: [HFAddedToken]
    public let unknownID: Int32?
    let rawMatcher: AddedTokenMatcher?
    let normalizedMatcher: AddedTokenMatcher?
    let specialIDs: Set<Int32>
    /// Ids of recently seen pre-tokens (BPE only: merging is the costly model step; a Unigram
    /// lattice over the double-array trie costs less than a cache lookup).
    let cache: WordCache?
    /// For the legacy formats, the file read (re-saved as is).
    let sourceFile: [UInt8]?

    /// Reads a tokenizer.json.
    public init(bytes: [UInt8]) throws {
        let root = try JSONParser.parse(bytes)
        guard let document = root.object else { throw VocabError("tokenizer.json must be a JSON object", at: .byte(0)) }
        try self.init(document: document, style: JSONWriter.detectStyle(bytes))
    }

    /// Builds the tokenizer from a parsed tokenizer.json object.
    public init(document: JSONObject, style: JSONWriter.Style = .pretty) throws {
        try self.init(document: document, style: style, format: .huggingFace, sourceFile: nil)
    }

    init(document: JSONObject, style: JSONWriter.Style, format: TokenizerFormat, sourceFile: [UInt8]?) throws {
        self.document = document
        self.style = style
        self.format = format
        self.sourceFile = sourceFile
        guard let modelObject = document["model"]?.object else { throw document.fieldError("tokenizer.json has no \"model\" object") }
        let contents = try HFModelContents(json: modelObject)
        model = contents.model
        unknownID = contents.unknownID
        if case .bpe = contents.model { cache = WordCache() } else { cache = nil }

        var added: [HFAddedToken] = []
        if let list = document["added_tokens"], !list.isNull {
            guard let items = list.array else { throw document.fieldError("\"added_tokens\" must be an array") }
            for item in items {
                guard let o = item.object else { throw document.fieldError("\"added_tokens\" must hold objects") }
                added.append(try HFAddedToken(json: o))
            }
        }
        addedTokens = added

        func component<T>(_ key: String, _ make: (JSONObject) throws -> T) throws -> T? {
            guard let v = document[key], !v.isNull else { return nil }
            guard let o = v.object else { throw document.fieldError("\"\(key)\" must be an object or null") }
            return try make(o)
        }
        normalizer = try component("normalizer") { try HFNormalizer(json: $0) }
        preTokenizer = try component("pre_tokenizer") { try HFPreTokenizer(json: $0) }
        decoder = try component("decoder") { try HFDecoder(json: $0) }

        var table = try Self.buildTable(contents, added)
        postProcessor = try component("post_processor") { [table] in try HFPostProcessor(json: $0, table: table) }
        if let unk = contents.unknownID, Int(unk) < table.count { table.setKind(.unknown, of: Int(unk)) }
        if case .bpe(let bpe) = contents.model { table.merges = bpe.mergePairs }
        self.table = table

        let raw = added.filter { !$0.normalized }
        rawMatcher = AddedTokenMatcher(raw, patterns: raw.map { Array($0.content.utf8) })
        let normalizedTokens = added.filter(\.normalized)
        let normalizer = self.normalizer
        normalizedMatcher = AddedTokenMatcher(
            normalizedTokens, patterns: normalizedTokens.map { normalizer?.normalize(Array($0.content.utf8)) ?? Array($0.content.utf8) })
        specialIDs = Set(added.filter(\.special).map(\.id))
    }

    /// The token table: model pieces at their ids, added tokens at theirs (kind control when
    /// special, user-defined otherwise), gaps as empty unused ids.
    static func buildTable(_ contents: HFModelContents, _ added: [HFAddedToken]) throws -> TokenTable {
        var size = 0
        for e in contents.entries { size = max(size, Int(e.id) + 1) }
        for a in added { size = max(size, Int(a.id) + 1) }
        guard size <= contents.entries.count + added.count + 1_000_000 else {
            throw VocabError("vocabulary ids are too sparse (largest id \(size - 1))")
        }
        var pieceOf = [Int32](repeating: -1, count: size)
        for (k, e) in contents.entries.enumerated() {
            if pieceOf[Int(e.id)] >= 0 {
                throw VocabError("vocabulary id \(e.id) is given to two pieces")
            }
            pieceOf[Int(e.id)] = Int32(k)
        }
        var addedAt: [Int32: HFAddedToken] = [:]
        for a in added { addedAt[a.id] = a }
        var table = TokenTable(capacity: size)
        for id in 0..<size {
            let addedToken = addedAt[Int32(id)]
            let kind: TokenKind =
                addedToken.map { $0.special ? .control : .userDefined } ?? .normal
            if pieceOf[id] >= 0 {
                let e = contents.entries[Int(pieceOf[id])]
                var k = kind
                if k == .normal && contents.byteFallback && ByteFallback.byte(of: e.piece.utf8) != nil { k = .byte }
                table.append(e.piece.utf8, score: e.score, kind: k)
            } else if let addedToken {
                table.append(Array(addedToken.content.utf8), kind: kind)
            } else {
                table.append([UInt8](), kind: .unused)
            }
        }
        return table
    }

    public var modelType: String { model.typeName }

    public var pipelineSummary: [(stage: String, value: String)] {
        [
            ("added tokens", "\(addedTokens.count) (\(specialIDs.count) special)"),
            ("normalizer", normalizer?.summary ?? "none"),
            ("pre-tokenizer", preTokenizer?.summary ?? "none"),
            ("model", modelType),
            ("post-processor", postProcessor?.summary ?? "none"),
            ("decoder", decoder?.summary ?? "none"),
        ]
    }

    public func encode(_ text: UnsafeBufferPointer<UInt8>, into ids: inout [Int32]) {
        guard let rawMatcher else {
            encodeSplit(text, atOrigin: true, into: &ids)
            return
        }
        for split in rawMatcher.split(text) {
            if let id = split.id {
                ids.append(id)
            } else {
                encodeSplit(UnsafeBufferPointer(rebasing: text[split.range]), atOrigin: split.range.lowerBound == 0, into: &ids)
            }
        }
    }

    public func encodeWithSpecialTokens(_ text: UnsafeBufferPointer<UInt8>, into ids: inout [Int32]) {
        let start = ids.count
        encode(text, into: &ids)
        postProcessor?.apply(&ids, from: start)
    }

    /// Normalizes one split of the raw text and encodes it.
    func encodeSplit(_ text: UnsafeBufferPointer<UInt8>, atOrigin: Bool, into ids: inout [Int32]) {
        if text.isEmpty { return }
        let normalized = normalizer?.normalize(Array(text)) ?? Array(text)
        guard let normalizedMatcher else {
            encodeNormalized(normalized, atOrigin: atOrigin, into: &ids)
            return
        }
        let splits = normalized.withUnsafeBufferPointer { normalizedMatcher.split($0) }
        for split in splits {
            if let id = split.id {
                ids.append(id)
            } else {
                encodeNormalized(Array(normalized[split.range]), atOrigin: atOrigin && split.range.lowerBound == 0, into: &ids)
            }
        }
    }

    /// Normalized text cut by the pre-tokenizer (one piece when there is none).
    func preTokens(_ bytes: [UInt8], atOrigin: Bool) -> PreTokens {
        let pre = PreTokens(bytes, atOrigin: atOrigin)
        guard let preTokenizer else { return pre }
        var out = PreTokens()
        preTokenizer.apply(pre, into: &out)
        return out
    }

    /// Pre-tokenizes normalized text and runs the model on each pre-token.
    func encodeNormalized(_ bytes: [UInt8], atOrigin: Bool, into ids: inout [Int32]) {
        if bytes.isEmpty { return }
        let pre = preTokens(bytes, atOrigin: atOrigin)
        pre.bytes.withUnsafeBufferPointer { all in
            for piece in pre.pieces {
                let word = UnsafeBufferPointer(rebasing: all[piece.start..<piece.end])
                guard let cache else {
                    model.encode(word, into: &ids)
                    continue
                }
                if cache.lookup(word, into: &ids) { continue }
                let mark = ids.count
                model.encode(word, into: &ids)
                cache.insert(word, ids: ids[mark...])
            }
        }
    }

    /// The text of `ids` as HF `decode` gives it (special tokens skipped).
    public func decode(_ ids: [Int32]) throws -> [UInt8] {
        try checkRange(ids)
        let tokens = ids.filter { !specialIDs.contains($0) }.map { table.piece(Int($0)) }
        guard let decoder else {
            var out: [UInt8] = []
            for (k, t) in tokens.enumerated() {
                if k > 0 { out.append(0x20) }
                out += t
            }
            return out
        }
        return decoder.decodeChain(tokens).flatMap { $0 }
    }

    /// The document, written in the layout it was read in (for the legacy formats, the main
    /// file read: `vocab.json` or `vocab.txt`).
    public func serialized() throws -> [UInt8] {
        if let sourceFile { return sourceFile }
        return JSONWriter.serialize(.object(document), style: style)
    }

    /// The pipeline as a tokenizer.json (what `convert --to hf` writes).
    public func tokenizerJSON() -> [UInt8] {
        JSONWriter.serialize(.object(document), style: style)
    }
}
