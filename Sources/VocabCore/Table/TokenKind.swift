/// What a vocabulary entry is, in SentencePiece's terms (which cover every format we read).
public enum TokenKind: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// An ordinary piece produced by the model.
    case normal = 1
    /// The unknown token (`<unk>`, `[UNK]`).
    case unknown = 2
    /// A control or special token (`<s>`, `[CLS]`, `<|endoftext|>`): never produced from text by the model.
    case control = 3
    /// A user-defined piece, matched verbatim before the model runs.
    case userDefined = 4
    /// A piece kept in the table but never produced (SentencePiece UNUSED), or an id with no piece.
    case unused = 5
    /// A byte-fallback piece (`<0x41>`) or, in byte-level vocabularies, nothing special.
    case byte = 6

    public var description: String {
        switch self {
        case .normal: return "normal"
        case .unknown: return "unknown"
        case .control: return "control"
        case .userDefined: return "user-defined"
        case .unused: return "unused"
        case .byte: return "byte"
        }
    }
}
