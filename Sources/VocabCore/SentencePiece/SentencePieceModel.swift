/// A SentencePiece `ModelProto` (a `.model` file): the pieces, the trainer spec and the
/// normalizer spec, read and written with a hand-written protobuf codec.
///
/// Every message keeps all of its field records, including the ones not modelled here and their
/// order, so re-serializing an unchanged model reproduces the file byte for byte.
public struct SentencePieceModel: Sendable, Equatable {
    /// `ModelProto.SentencePiece.Type`.
    public enum PieceType: UInt8, Sendable {
        case normal = 1, unknown = 2, control = 3, userDefined = 4, unused = 5, byte = 6

        /// The matching token-table kind.
        public var kind: TokenKind { TokenKind(rawValue: rawValue) ?? .normal }

        /// The piece type of a token-table kind (the two enums share their numbering).
        public init(_ kind: TokenKind) { self = PieceType(rawValue: kind.rawValue) ?? .normal }
    }

    /// `TrainerSpec.ModelType`.
    public enum ModelType: UInt8, Sendable {
        case unigram = 1, bpe = 2, word = 3, character = 4
    }

    /// One vocabulary entry (`ModelProto.SentencePiece`).
    public struct Piece: Sendable, Equatable {
        /// All field records of the entry.
        public var message: ProtoMessage

        public init(message: ProtoMessage) { self.message = message }

        /// A new entry; the type is written only when it is not `normal` (as SentencePiece does).
        public init(piece: [UInt8], score: Float, type: PieceType = .normal) {
            message = ProtoMessage(fields: [ProtoField(1, .bytes(piece)), ProtoField(2, .fixed32(score.bitPattern))])
            if type != .normal { message.fields.append(ProtoField(3, .varint(UInt64(type.rawValue)))) }
        }

        /// The piece bytes (field 1).
        public var piece: [UInt8] {
            get { message.bytes(1) ?? [] }
            set { message.set(1, .bytes(newValue)) }
        }

        /// The score (field 2; 0 when absent).
        public var score: Float {
            get { message.fixed32(2).map { Float(bitPattern: $0) } ?? 0 }
            set { message.set(2, .fixed32(newValue.bitPattern)) }
        }

        /// The type (field 3; `normal` when absent or an unknown enum value, as proto2 reads it).
        public var type: PieceType {
            get { message.varint(3).flatMap { $0 <= 6 ? PieceType(rawValue: UInt8($0)) : nil } ?? .normal }
            set { message.set(3, .varint(UInt64(newValue.rawValue))) }
        }
    }

    /// `TrainerSpec`: the fields that decide encoding, over the full record list.
    public struct TrainerSpec: Sendable, Equatable {
        /// All field records.
        public var message: ProtoMessage

        public init(message: ProtoMessage = ProtoMessage()) { self.message = message }

        /// `model_type` (3), default Unigram; nil for a value this tool does not know.
        public var modelType: ModelType? {
            get {
                guard let v = message.varint(3) else { return .unigram }
                return v <= 4 ? ModelType(rawValue: UInt8(v)) : nil
            }
            set { message.set(3, .varint(UInt64(newValue?.rawValue ?? 1))) }
        }
        /// `vocab_size` (4), default 8000.
        public var vocabSize: Int32 {
            get { int32(4) ?? 8000 }
            set { message.set(4, .varint(UInt64(bitPattern: Int64(newValue)))) }
        }
        /// `treat_whitespace_as_suffix` (24), default false.
        public var treatWhitespaceAsSuffix: Bool {
            get { bool(24) ?? false }
            set { message.set(24, .varint(newValue ? 1 : 0)) }
        }
        /// `byte_fallback` (35), default false.
        public var byteFallback: Bool {
            get { bool(35) ?? false }
            set { message.set(35, .varint(newValue ? 1 : 0)) }
        }
        /// `unk_id` (40), default 0.
        public var unkID: Int32 {
            get { int32(40) ?? 0 }
            set { message.set(40, .varint(UInt64(bitPattern: Int64(newValue)))) }
        }
        /// `bos_id` (41), default 1.
        public var bosID: Int32 { int32(41) ?? 1 }
        /// `eos_id` (42), default 2.
        public var eosID: Int32 { int32(42) ?? 2 }
        /// `pad_id` (43), default -1.
        public var padID: Int32 { int32(43) ?? -1 }
        /// `unk_piece` (45), default `<unk>`.
        public var unkPiece: [UInt8] {
            get { message.bytes(45) ?? Array("<unk>".utf8) }
            set { message.set(45, .bytes(newValue)) }
        }
        /// `bos_piece` (46), default `<s>`.
        public var bosPiece: [UInt8] { message.bytes(46) ?? Array("<s>".utf8) }
        /// `eos_piece` (47), default `</s>`.
        public var eosPiece: [UInt8] { message.bytes(47) ?? Array("</s>".utf8) }
        /// `pad_piece` (48), default `<pad>`.
        public var padPiece: [UInt8] { message.bytes(48) ?? Array("<pad>".utf8) }
        /// `unk_surface` (44): what decoding prints for the unknown token, default " ⁇ ".
        public var unknownSurface: [UInt8] { message.bytes(44) ?? Array(" \u{2047} ".utf8) }
        /// `control_symbols` (30).
        public var controlSymbols: [[UInt8]] { message.all(30).compactMap { if case .bytes(let b) = $0 { return b } else { return nil } } }
        /// `user_defined_symbols` (31).
        public var userDefinedSymbols: [[UInt8]] { message.all(31).compactMap { if case .bytes(let b) = $0 { return b } else { return nil } } }

        func int32(_ n: UInt32) -> Int32? { message.varint(n).map { Int32(truncatingIfNeeded: $0) } }
        func bool(_ n: UInt32) -> Bool? { message.varint(n).map { $0 != 0 } }

        static let wireTypes: [UInt32: UInt8] = {
            var t: [UInt32: UInt8] = [:]
            for n: UInt32 in [1, 2, 5, 7, 30, 31, 36, 44, 45, 46, 47, 48, 53, 54] { t[n] = 2 }
            for n: UInt32 in [3, 4, 6, 11, 12, 13, 14, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 32, 33, 34, 35, 40, 41, 42, 43, 49, 50, 52, 55] {
                t[n] = 0
            }
            for n: UInt32 in [10, 15, 51] { t[n] = 5 }
            return t
        }()
    }

    /// `NormalizerSpec` (also used for `denormalizer_spec`).
    public struct NormalizerSpec: Sendable, Equatable {
        /// All field records.
        public var message: ProtoMessage

        public init(message: ProtoMessage = ProtoMessage()) { self.message = message }

        /// `name` (1), informational (`nmt_nfkc`, `identity`, ...).
        public var name: String {
            get { String(decoding: message.bytes(1) ?? [], as: UTF8.self) }
            set { message.set(1, .bytes(Array(newValue.utf8))) }
        }
        /// `precompiled_charsmap` (2); empty means no character mapping.
        public var precompiledCharsmap: [UInt8] {
            get { message.bytes(2) ?? [] }
            set { message.set(2, .bytes(newValue)) }
        }
        /// `add_dummy_prefix` (3), default true.
        public var addDummyPrefix: Bool {
            get { message.varint(3).map { $0 != 0 } ?? true }
            set { message.set(3, .varint(newValue ? 1 : 0)) }
        }
        /// `remove_extra_whitespaces` (4), default true.
        public var removeExtraWhitespaces: Bool {
            get { message.varint(4).map { $0 != 0 } ?? true }
            set { message.set(4, .varint(newValue ? 1 : 0)) }
        }
        /// `escape_whitespaces` (5), default true.
        public var escapeWhitespaces: Bool {
            get { message.varint(5).map { $0 != 0 } ?? true }
            set { message.set(5, .varint(newValue ? 1 : 0)) }
        }

        static let wireTypes: [UInt32: UInt8] = [1: 2, 2: 2, 3: 0, 4: 0, 5: 0, 6: 2]
    }

    /// Where each top-level field goes when the model is written, in file order.
    enum Slot: Sendable, Equatable {
        case pieces, trainerSpec, normalizerSpec, denormalizerSpec
        case other(ProtoField)
    }

    /// The vocabulary, id = index.
    public var pieces: [Piece]
    /// `trainer_spec` (2).
    public var trainerSpec: TrainerSpec
    /// `normalizer_spec` (3).
    public var normalizerSpec: NormalizerSpec
    /// `denormalizer_spec` (5), when present.
    public var denormalizerSpec: NormalizerSpec?
    var layout: [Slot]

    /// A model from parts; written as pieces, trainer spec, normalizer spec, denormalizer spec.
    public init(pieces: [Piece], trainerSpec: TrainerSpec, normalizerSpec: NormalizerSpec, denormalizerSpec: NormalizerSpec? = nil) {
        self.pieces = pieces
        self.trainerSpec = trainerSpec
        self.normalizerSpec = normalizerSpec
        self.denormalizerSpec = denormalizerSpec
        layout = [.pieces, .trainerSpec, .normalizerSpec]
        if denormalizerSpec != nil { layout.append(.denormalizerSpec) }
    }

    static let pieceWireTypes: [UInt32: UInt8] = [1: 2, 2: 5, 3: 0]
    static let modelWireTypes: [UInt32: UInt8] = [1: 2, 2: 2, 3: 2, 4: 2, 5: 2]

    /// Parses a serialized `ModelProto`. Malformed wire data (a bad varint, a length past the
    /// end, a wrong wire type for a known field) throws `VocabError` with the byte offset.
    public init(parsing bytes: [UInt8]) throws {
        var pieces: [Piece] = []
        var trainer = ProtoMessage()
        var normalizer = ProtoMessage()
        var denormalizer: ProtoMessage? = nil
        var layout: [Slot] = []
        try bytes.withUnsafeBufferPointer { buffer in
            var reader = ProtoReader(bytes: buffer, position: 0, end: buffer.count)
            while !reader.atEnd {
                let start = reader.position
                let field = try reader.readField(in: "ModelProto")
                if let wire = Self.modelWireTypes[field.number], wire != field.value.wireType {
                    throw VocabError(
                        "ModelProto field \(field.number) has wire type \(field.value.wireType), expected \(wire)",
                        at: .byte(start))
                }
                guard case .bytes(let payload) = field.value, (1...5).contains(field.number), field.number != 4 else {
                    layout.append(.other(field))
                    continue
                }
                let range = reader.lastPayloadStart..<(reader.lastPayloadStart + payload.count)
                switch field.number {
                case 1:
                    if pieces.isEmpty && !layout.contains(.pieces) { layout.append(.pieces) }
                    let message = try ProtoMessage(
                        parsing: buffer, range: range, message: "ModelProto.SentencePiece", expected: Self.pieceWireTypes)
                    pieces.append(Piece(message: message))
                case 2:
                    if !layout.contains(.trainerSpec) { layout.append(.trainerSpec) }
                    trainer.fields += try ProtoMessage(
                        parsing: buffer, range: range, message: "TrainerSpec", expected: TrainerSpec.wireTypes
                    ).fields
                case 3:
                    if !layout.contains(.normalizerSpec) { layout.append(.normalizerSpec) }
                    normalizer.fields += try ProtoMessage(
                        parsing: buffer, range: range, message: "NormalizerSpec", expected: NormalizerSpec.wireTypes
                    ).fields
                default:
                    if !layout.contains(.denormalizerSpec) { layout.append(.denormalizerSpec) }
                    let parsed = try ProtoMessage(
                        parsing: buffer, range: range, message: "denormalizer NormalizerSpec",
                        expected: NormalizerSpec.wireTypes)
                    denormalizer = ProtoMessage(fields: (denormalizer?.fields ?? []) + parsed.fields)
                }
            }
        }
        self.pieces = pieces
        self.trainerSpec = TrainerSpec(message: trainer)
        self.normalizerSpec = NormalizerSpec(message: normalizer)
        self.denormalizerSpec = denormalizer.map { NormalizerSpec(message: $0) }
        self.layout = layout
    }

    /// The wire encoding. An unchanged parsed model gives back the bytes it was parsed from.
    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        var slots = layout
        if !slots.contains(.pieces) && !pieces.isEmpty { slots.insert(.pieces, at: 0) }
        if !slots.contains(.trainerSpec) && !trainerSpec.message.fields.isEmpty { slots.append(.trainerSpec) }
        if !slots.contains(.normalizerSpec) && !normalizerSpec.message.fields.isEmpty { slots.append(.normalizerSpec) }
        if !slots.contains(.denormalizerSpec) && denormalizerSpec != nil { slots.append(.denormalizerSpec) }
        for slot in slots {
            switch slot {
            case .pieces:
                for piece in pieces { ProtoWriter.writeMessage(1, into: &out) { piece.message.write(into: &$0) } }
            case .trainerSpec:
                ProtoWriter.writeMessage(2, into: &out) { trainerSpec.message.write(into: &$0) }
            case .normalizerSpec:
                ProtoWriter.writeMessage(3, into: &out) { normalizerSpec.message.write(into: &$0) }
            case .denormalizerSpec:
                if let denormalizerSpec {
                    ProtoWriter.writeMessage(5, into: &out) { denormalizerSpec.message.write(into: &$0) }
                }
            case .other(let field):
                ProtoWriter.write(field, into: &out)
            }
        }
        return out
    }
}
