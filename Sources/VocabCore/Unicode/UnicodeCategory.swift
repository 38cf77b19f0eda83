import CICUShim

/// Unicode general categories, numbered as ICU numbers them (`UCharCategory`).
public enum GeneralCategory: UInt8, Sendable {
    case unassigned = 0, uppercaseLetter, lowercaseLetter, titlecaseLetter, modifierLetter, otherLetter
    case nonspacingMark, enclosingMark, spacingMark
    case decimalNumber, letterNumber, otherNumber
    case spaceSeparator, lineSeparator, paragraphSeparator
    case control, format, privateUse, surrogate
    case dashPunctuation, openPunctuation, closePunctuation, connectorPunctuation, otherPunctuation
    case mathSymbol, currencySymbol, modifierSymbol, otherSymbol
    case initialPunctuation, finalPunctuation

    /// `\p{L}`.
    @inlinable public var isLetter: Bool { rawValue >= 1 && rawValue <= 5 }
    /// `\p{M}`.
    @inlinable public var isMark: Bool { rawValue >= 6 && rawValue <= 8 }
    /// `\p{N}`.
    @inlinable public var isNumber: Bool { rawValue >= 9 && rawValue <= 11 }
    /// `\p{P}`.
    @inlinable public var isPunctuation: Bool {
        (rawValue >= 19 && rawValue <= 23) || rawValue == 28 || rawValue == 29
    }
    /// `\p{S}`.
    @inlinable public var isSymbol: Bool { rawValue >= 24 && rawValue <= 27 }
    /// `\p{C}` (Cc, Cf, Co, Cs, Cn).
    @inlinable public var isOther: Bool { rawValue == 0 || (rawValue >= 15 && rawValue <= 18) }
}

/// Per-code-point Unicode properties from system ICU (Unicode 15.0), in one table built on first
/// use (1.1 MB), so hot loops never call into C.
///
/// ICU 72's categories and White_Space agree with the reference libraries' regex engines on every
/// FLORES character (`specs/ENCODERS.md` §0); this table is the single source of them in vocabtool.
public enum UnicodeProperties {
    @usableFromInline static let whiteSpaceBit: UInt8 = 0x80
    @usableFromInline static let table: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 0x110000)
        for cp in 0..<0x110000 {
            var v = UInt8(truncatingIfNeeded: vt_char_type(UInt32(cp)))
            if vt_is_white_space(UInt32(cp)) != 0 { v |= whiteSpaceBit }
            t[cp] = v
        }
        return t
    }()

    /// The general category of a scalar value (values past U+10FFFF are unassigned).
    @inlinable
    public static func category(_ cp: UInt32) -> GeneralCategory {
        guard cp < 0x110000 else { return .unassigned }
        return GeneralCategory(rawValue: table[Int(cp)] & 0x1F)!
    }

    /// White_Space (= `\s` in every engine the reference libraries use).
    @inlinable
    public static func isWhiteSpace(_ cp: UInt32) -> Bool {
        cp < 0x110000 && table[Int(cp)] & whiteSpaceBit != 0
    }
}
