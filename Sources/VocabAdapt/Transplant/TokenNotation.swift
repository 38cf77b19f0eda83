import VocabCore

/// How a vocabulary spells where a piece sits in a word, so that pieces of two vocabularies can be
/// compared by what they stand for: `Ġhello` (GPT-2 byte-level), `▁hello` (SentencePiece,
/// Metaspace) and `hello` (WordPiece, which marks the inside of a word instead: `##ing`) are all
/// "hello at the start of a word"; `<0xE3>` and byte-level `ã` are both the byte 0xE3.
public enum TokenNotation: Sendable, Equatable {
    /// Pieces are strings of GPT-2's byte alphabet; a leading space (`Ġ`) starts a word.
    case byteLevel
    /// A leading `▁` starts a word; `<0xNN>` pieces of kind `.byte` are byte fallback.
    case metaspace
    /// A piece without the prefix (`##`) starts a word; with it, it continues one.
    case wordPiece(prefix: [UInt8])
    /// No position marker: every piece is taken as it is spelled.
    case plain

    /// The notation of a tokenizer, from its model type and pipeline.
    public static func of(_ tokenizer: any TokenizerBackend) -> TokenNotation {
        if tokenizer.modelType == "WordPiece" { return .wordPiece(prefix: Array("##".utf8)) }
        if TrimRules.isByteLevel(tokenizer) { return .byteLevel }
        if tokenizer.format == .sentencePiece || tokenizer.pipelineSummary.contains(where: { $0.value.contains("Metaspace") }) {
            return .metaspace
        }
        return .plain
    }

    /// What a piece stands for, independent of notation.
    public struct Surface: Hashable, Sendable {
        public enum Position: UInt8, Sendable {
            /// The piece begins a word (after a space).
            case wordStart
            /// The piece continues a word, or its position is not marked.
            case inside
            /// A single raw byte that is not a whole character (byte fallback, byte-level bytes ≥ 0x80).
            case byte
        }

        public var position: Position
        /// The text (UTF-8 bytes; for `.byte`, the one byte).
        public var bytes: [UInt8]
    }

    static let metaspaceMark: [UInt8] = [0xE2, 0x96, 0x81]

    /// What `piece` of kind `kind` stands for, or nil when it is not text (special tokens).
    public func surface(of piece: [UInt8], kind: TokenKind) -> Surface? {
        switch kind {
        case .control, .unknown, .unused: return nil
        case .byte:
            if let b = TokenNotation.fallbackByte(piece) { return TokenNotation.single(b) }
        case .normal, .userDefined: break
        }
        switch self {
        case .byteLevel:
            var raw: [UInt8] = []
            for cp in String(decoding: piece, as: UTF8.self).unicodeScalars {
                guard let b = ByteLevelAlphabet.byte(for: cp.value) else { return Surface(position: .inside, bytes: piece) }
                raw.append(b)
            }
            if raw.count == 1 { return TokenNotation.single(raw[0]) }
            if raw.first == 0x20 { return Surface(position: .wordStart, bytes: Array(raw.dropFirst())) }
            return Surface(position: .inside, bytes: raw)
        case .metaspace:
            if piece.starts(with: TokenNotation.metaspaceMark) {
                return Surface(position: .wordStart, bytes: Array(piece.dropFirst(3)))
            }
            return Surface(position: .inside, bytes: piece)
        case .wordPiece(let prefix):
            if !prefix.isEmpty, piece.count > prefix.count, piece.starts(with: prefix) {
                return Surface(position: .inside, bytes: Array(piece.dropFirst(prefix.count)))
            }
            return Surface(position: .wordStart, bytes: piece)
        case .plain:
            return Surface(position: .inside, bytes: piece)
        }
    }

    /// The piece that spells `surface` in this notation (the string a base tokenizer segments
    /// when a new token has no row of its own).
    public func spelling(of surface: Surface) -> [UInt8] {
        switch self {
        case .byteLevel:
            let raw = surface.position == .wordStart ? [0x20] + surface.bytes : surface.bytes
            var out: [UInt8] = []
            for b in raw { UTF8Scan.append(ByteLevelAlphabet.characters[Int(b)], to: &out) }
            return out
        case .metaspace:
            if surface.position == .byte { return TokenNotation.fallbackName(surface.bytes.first ?? 0) }
            return surface.position == .wordStart ? TokenNotation.metaspaceMark + surface.bytes : surface.bytes
        case .wordPiece(let prefix):
            return surface.position == .wordStart ? surface.bytes : prefix + surface.bytes
        case .plain:
            return surface.bytes
        }
    }

    /// A one-byte surface: ASCII is a character like any other; a byte ≥ 0x80 is a raw byte.
    static func single(_ b: UInt8) -> Surface {
        Surface(position: b < 0x80 ? .inside : .byte, bytes: [b])
    }

    /// The byte of a byte-fallback piece `<0xNN>`, or nil.
    static func fallbackByte(_ piece: [UInt8]) -> UInt8? {
        guard piece.count == 6, piece.starts(with: Array("<0x".utf8)), piece[5] == UInt8(ascii: ">") else { return nil }
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x41...0x46: return c - 0x41 + 10
            case 0x61...0x66: return c - 0x61 + 10
            default: return nil
            }
        }
        guard let hi = hex(piece[3]), let lo = hex(piece[4]) else { return nil }
        return hi << 4 | lo
    }

    /// `<0xNN>` for a byte.
    static func fallbackName(_ b: UInt8) -> [UInt8] {
        let digits = Array("0123456789ABCDEF".utf8)
        return Array("<0x".utf8) + [digits[Int(b >> 4)], digits[Int(b & 15)], UInt8(ascii: ">")]
    }
}
