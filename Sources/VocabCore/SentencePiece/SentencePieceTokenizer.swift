/// A SentencePiece model (`.model`) ready to encode and decode exactly as the `sentencepiece`
/// library 0.2.3 does: normalizer, BPE or Unigram segmentation, byte fallback and unknown
/// handling, and its decoder.
public struct SentencePieceTokenizer: TokenizerBackend {
    /// The parsed model; `serialized()` writes it back.
    public let model: SentencePieceModel
    public let table: TokenTable
    public var format: TokenizerFormat { .sentencePiece }
    public let modelType: String
    /// The id of the trainer spec's unknown piece, when that piece has type UNKNOWN.
    public let unknownID: Int32?

    enum Segmenter: Sendable {
        case bpe(SentencePieceBPE)
        case unigram(SentencePieceUnigram)
    }

    let normalizer: SentencePieceNormalizer
    let denormalizer: SentencePieceNormalizer?
    let segmenter: Segmenter
    /// Piece types as SentencePiece uses them after loading.
    let types: [SentencePieceModel.PieceType]
    let byteFallback: Bool
    /// The id of `<0xNN>` for each byte (byte fallback).
    let byteIDs: [Int32]
    /// The byte a BYTE piece stands for, per id; -1 for other pieces.
    let pieceBytes: [Int16]

    /// Reads a serialized `ModelProto`.
    public init(bytes: [UInt8]) throws {
        try self.init(model: SentencePieceModel(parsing: bytes))
    }

    /// Prepares a model for encoding, after the checks SentencePiece makes when loading one.
    public init(model: SentencePieceModel) throws {
        let trainer = model.trainerSpec
        guard let kind = trainer.modelType, kind == .bpe || kind == .unigram else {
            throw VocabError(
                "SentencePiece model type \(model.trainerSpec.message.varint(3) ?? 0) is not supported (only Unigram and BPE)")
        }
        let byteFallback = trainer.byteFallback
        var table = TokenTable(capacity: model.pieces.count)
        var types: [SentencePieceModel.PieceType] = []
        var scores: [Float] = []
        var pieces: [[UInt8]] = []
        types.reserveCapacity(model.pieces.count)
        scores.reserveCapacity(model.pieces.count)
        pieces.reserveCapacity(model.pieces.count)
        for entry in model.pieces {
            var type = entry.type
            let piece = entry.piece
            // SentencePiece 0.2.3 turns a raw "\0" piece into UNUSED when byte fallback is on.
            if byteFallback && piece == [0] { type = .unused }
            pieces.append(piece)
            types.append(type)
            scores.append(entry.score)
            table.append(piece, score: Double(entry.score), kind: type.kind)
        }
        try Self.validate(pieces: pieces, types: types, scores: scores, kind: kind, byteFallback: byteFallback)

        var userDefinedSymbols: [[UInt8]] = []
        var userDefinedIDs: [Int32] = []
        for (i, type) in types.enumerated() where type == .userDefined {
            userDefinedSymbols.append(pieces[i])
            userDefinedIDs.append(Int32(i))
        }
        normalizer = try SentencePieceNormalizer(
            spec: model.normalizerSpec, userDefinedSymbols: userDefinedSymbols,
            treatWhitespaceAsSuffix: trainer.treatWhitespaceAsSuffix)
        if let spec = model.denormalizerSpec, !spec.precompiledCharsmap.isEmpty {
            denormalizer = try SentencePieceNormalizer(spec: spec)
        } else {
            denormalizer = nil
        }
        let modelUnknown = Int32(types.firstIndex(of: .unknown) ?? -1)
        switch kind {
        case .bpe:
            let matcher = userDefinedSymbols.isEmpty
                ? nil : PieceTrie(Array(zip(userDefinedSymbols, userDefinedIDs)).map { (key: $0.0, id: $0.1) })
            segmenter = .bpe(SentencePieceBPE(table: table, types: types, scores: scores, userDefined: matcher, unknownID: modelUnknown))
            modelType = "BPE"
        default:
            let unigram = try SentencePieceUnigram(pieces: pieces, types: types, scores: scores, unknownID: modelUnknown)
            if unigram.isEmpty { throw VocabError("SentencePiece model has no piece that can be matched from text") }
            segmenter = .unigram(unigram)
            modelType = "Unigram"
        }
        if let id = table.id(of: trainer.unkPiece), types[Int(id)] == .unknown {
            unknownID = id
        } else {
            unknownID = nil
        }
        var byteIDs = [Int32](repeating: modelUnknown, count: 256)
        var pieceBytes = [Int16](repeating: -1, count: pieces.count)
        for b in 0..<256 {
            if let id = table.id(of: Self.bytePiece(UInt8(b))) { byteIDs[b] = id }
        }
        for (i, type) in types.enumerated() where type == .byte {
            if let b = Self.byteValue(pieces[i]) { pieceBytes[i] = Int16(b) }
        }
        self.model = model
        self.table = table
        self.types = types
        self.byteFallback = byteFallback
        self.byteIDs = byteIDs
        self.pieceBytes = pieceBytes
    }

    /// `<0xNN>` with upper-case hex, SentencePiece's name for a byte piece.
    static func bytePiece(_ b: UInt8) -> [UInt8] {
        let hex = Array("0123456789ABCDEF".utf8)
        return Array("<0x".utf8) + [hex[Int(b >> 4)], hex[Int(b & 15)], UInt8(ascii: ">")]
    }

    /// The byte of a `<0xNN>` piece (upper-case hex only, as SentencePiece), or nil.
    static func byteValue(_ piece: [UInt8]) -> UInt8? {
        guard piece.count == 6, piece[0] == UInt8(ascii: "<"), piece[1] == UInt8(ascii: "0"),
            piece[2] == UInt8(ascii: "x"), piece[5] == UInt8(ascii: ">")
        else { return nil }
        func digit(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        guard let hi = digit(piece[3]), let lo = digit(piece[4]) else { return nil }
        return hi << 4 | lo
    }

    /// SentencePiece's load-time checks (`ModelInterface::InitializePieces`, Unigram scores).
    static func validate(
        pieces: [[UInt8]], types: [SentencePieceModel.PieceType], scores: [Float],
        kind: SentencePieceModel.ModelType, byteFallback: Bool
    ) throws {
        // BPE keeps every piece in one map; Unigram keeps CONTROL/UNKNOWN/BYTE apart.
        var normalIndex = TokenTable(capacity: pieces.count)
        var reservedIndex = TokenTable()
        var unknownSeen = false
        var bytesFound = [Bool](repeating: false, count: 256)
        func show(_ p: [UInt8]) -> String { String(decoding: p, as: UTF8.self) }
        for (i, piece) in pieces.enumerated() {
            let type = types[i]
            if piece.isEmpty { throw VocabError("SentencePiece piece \(i) is empty") }
            if piece.count >= 8000 { throw VocabError("SentencePiece piece \(i) is too long (\(piece.count) bytes)") }
            if piece == [0] && type == .unused { continue }
            if piece.contains(0) { throw VocabError("SentencePiece piece \(i) contains a NUL byte") }
            let isNormal = type == .normal || type == .userDefined || type == .unused
            let useNormalMap = kind == .bpe || isNormal
            if useNormalMap {
                if normalIndex.id(of: piece) != nil {
                    throw VocabError("SentencePiece piece \(i) `\(show(piece))` is already defined")
                }
                normalIndex.append(piece)
            } else {
                if reservedIndex.id(of: piece) != nil {
                    throw VocabError("SentencePiece piece \(i) `\(show(piece))` is already defined")
                }
                reservedIndex.append(piece)
            }
            if type == .unknown {
                if unknownSeen { throw VocabError("SentencePiece piece \(i): a second UNKNOWN piece (unk is already defined)") }
                unknownSeen = true
            }
            if type == .byte {
                guard byteFallback else {
                    throw VocabError("SentencePiece byte piece \(i) `\(show(piece))` found although byte_fallback is false")
                }
                guard let b = byteValue(piece) else {
                    throw VocabError("SentencePiece byte piece \(i) `\(show(piece))` is invalid")
                }
                bytesFound[Int(b)] = true
            }
            if kind == .unigram && (scores[i].isNaN || scores[i].isInfinite) {
                throw VocabError("SentencePiece piece \(i) has a NaN or infinite score")
            }
        }
        if !unknownSeen && !byteFallback { throw VocabError("SentencePiece model has no UNKNOWN piece (unk is not defined)") }
        if byteFallback, let missing = bytesFound.firstIndex(of: false) {
            throw VocabError(
                "SentencePiece model has byte_fallback but no piece for byte 0x\(String(missing, radix: 16, uppercase: true)) (all 256 <0xNN> pieces are required)")
        }
    }

    public var pipelineSummary: [(stage: String, value: String)] {
        let spec = model.normalizerSpec
        func yesNo(_ b: Bool) -> String { b ? "yes" : "no" }
        let name = spec.name.isEmpty ? "unnamed" : spec.name
        let charsmap = spec.precompiledCharsmap.isEmpty ? "no charsmap" : "charsmap \(spec.precompiledCharsmap.count) bytes"
        var normalizerText = "SentencePiece \(name) (\(charsmap), dummy prefix \(yesNo(spec.addDummyPrefix)), "
        normalizerText += "remove extra whitespaces \(yesNo(spec.removeExtraWhitespaces)), escape whitespaces \(yesNo(spec.escapeWhitespaces))"
        if model.trainerSpec.treatWhitespaceAsSuffix { normalizerText += ", whitespace as suffix" }
        normalizerText += ")"
        let modelText = (modelType == "BPE" ? "BPE by piece score" : "Unigram (Viterbi, float32)")
            + (byteFallback ? ", byte fallback" : "")
        return [
            ("normalizer", normalizerText),
            ("pre-tokenizer", "none (the whole normalized text)"),
            ("model", modelText),
            ("post-processor", "none"),
            ("decoder", "SentencePiece (▁ to space, byte pieces to bytes, dummy prefix removed)"),
        ]
    }

    public func encode(_ text: UnsafeBufferPointer<UInt8>, into ids: inout [Int32]) {
        if text.isEmpty { return }
        var normalized: [UInt8] = []
        normalizer.normalize(text, into: &normalized)
        var pieces: [(start: Int32, length: Int32, id: Int32)] = []
        pieces.reserveCapacity(normalized.count / 2 + 1)
        normalized.withUnsafeBufferPointer { n in
            switch segmenter {
            case .bpe(let bpe): bpe.encode(n, into: &pieces)
            case .unigram(let unigram): unigram.encode(n, into: &pieces)
            }
            var previousUnknown = false
            for piece in pieces {
                let id = piece.id
                if id >= 0 && types[Int(id)] == .control {
                    ids.append(id)
                    previousUnknown = false
                    continue
                }
                let isUnknown = id < 0 || types[Int(id)] == .unknown
                if isUnknown && byteFallback {
                    for k in Int(piece.start)..<Int(piece.start + piece.length) {
                        let byteID = byteIDs[Int(n[k])]
                        if byteID >= 0 { ids.append(byteID) }
                    }
                } else if (!previousUnknown || !isUnknown) && id >= 0 {
                    ids.append(id)
                }
                previousUnknown = isUnknown
            }
        }
    }

    public func decode(_ ids: [Int32]) throws -> [UInt8] {
        try checkRange(ids)
        let spec = model.normalizerSpec
        let stripsDummy = spec.addDummyPrefix || spec.removeExtraWhitespaces
        let unknownSurface = model.trainerSpec.unknownSurface
        var out: [UInt8] = []
        var byteQueue: [UInt8] = []
        var isStart = true
        func flush() {
            if byteQueue.isEmpty { return }
            byteQueue.withUnsafeBufferPointer { q in
                var i = 0
                while i < q.count {
                    if let n = SentencePieceNormalizer.validCharacterLength(q, i) {
                        out.append(contentsOf: q[i..<(i + n)])
                        i += n
                    } else {
                        out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                        i += 1
                    }
                }
            }
            byteQueue.removeAll(keepingCapacity: true)
        }
        for id32 in ids {
            let id = Int(id32)
            if types[id] == .byte {
                guard pieceBytes[id] >= 0 else { throw VocabError("byte piece \(id) is not of the form <0xNN>") }
                byteQueue.append(UInt8(pieceBytes[id]))
                continue
            }
            flush()
            if !out.isEmpty { isStart = false }
            if types[id] == .control { continue }
            var strippedDummy = false
            table.withPiece(id) { raw in
                var p = UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count)
                if isStart && stripsDummy && p.count >= 3 && p[0] == 0xE2 && p[1] == 0x96 && p[2] == 0x81 {
                    p = UnsafeBufferPointer(rebasing: p[3...])
                    strippedDummy = !spec.removeExtraWhitespaces
                }
                if types[id] == .unknown || id32 == unknownID {
                    out.append(contentsOf: unknownSurface)
                } else {
                    var i = 0
                    while i < p.count {
                        if i + 2 < p.count && p[i] == 0xE2 && p[i + 1] == 0x96 && p[i + 2] == 0x81 {
                            out.append(0x20)
                            i += 3
                        } else {
                            out.append(p[i])
                            i += 1
                        }
                    }
                }
            }
            if strippedDummy || !out.isEmpty { isStart = false }
        }
        flush()
        if let denormalizer {
            var result: [UInt8] = []
            out.withUnsafeBufferPointer { denormalizer.normalize($0, into: &result) }
            return result
        }
        return out
    }

    public func serialized() throws -> [UInt8] { model.serialized() }
}
