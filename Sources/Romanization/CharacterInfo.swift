import CICUShim

/// Properties of one scalar that the romanizer consults, derived once from Unicode data and
/// the rule tables.
struct CharacterInfo: Sendable {
    /// The romanization without context (from a table, the character's name, its
    /// decomposition, or the character itself).
    var output: [UInt8]
    var flags: CharacterFlags
    /// ICU script code.
    var script: Int32
}

/// Classes of scalars that rules depend on.
struct CharacterFlags: OptionSet, Sendable {
    let rawValue: UInt32
    /// General category L* (what Python's `str.isalpha` calls alphabetic).
    static let letter = CharacterFlags(rawValue: 1 << 0)
    /// General category Mn.
    static let nonspacingMark = CharacterFlags(rawValue: 1 << 1)
    /// A dependent vowel sign of an abugida.
    static let vowelSign = CharacterFlags(rawValue: 1 << 2)
    /// A sign that kills the inherent vowel (virama, halant, coeng, asat).
    static let virama = CharacterFlags(rawValue: 1 << 3)
    /// A medial consonant sign (Myanmar).
    static let medial = CharacterFlags(rawValue: 1 << 4)
    /// A subjoined consonant letter (Tibetan).
    static let subjoined = CharacterFlags(rawValue: 1 << 5)
    /// A vocalic letter (ऋ, ऌ...).
    static let vocalic = CharacterFlags(rawValue: 1 << 6)
    /// A nukta.
    static let nukta = CharacterFlags(rawValue: 1 << 7)
    /// A consonant of a script with an inherent vowel.
    static let abugidaConsonant = CharacterFlags(rawValue: 1 << 8)
    /// Some table rule starts with this scalar.
    static let hasRules = CharacterFlags(rawValue: 1 << 9)
    /// A Chinese numeral character that takes part in number composition.
    static let hanNumeral = CharacterFlags(rawValue: 1 << 11)
    /// The romanization contains an ASCII letter.
    static let outputHasLetter = CharacterFlags(rawValue: 1 << 12)
}

/// Unicode data lookups through the ICU shim.
enum UnicodeData {
    /// The character name, or "" when the scalar has none.
    static func name(_ cp: UInt32) -> String {
        var buffer = [CChar](repeating: 0, count: 128)
        let n = vt_char_name(cp, &buffer, 128)
        guard n > 0, n < 128 else { return "" }
        return String(decoding: buffer[0..<Int(n)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The one-level decomposition mapping (canonical or compatibility) as scalars.
    static func decomposition(_ cp: UInt32, compatibility: Bool) -> [UInt32] {
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = vt_decomposition(cp, compatibility ? 1 : 0, &buffer, 64)
        guard n > 0, n <= 64 else { return [] }
        return String(decoding: buffer[0..<Int(n)], as: UTF8.self).unicodeScalars.map(\.value)
    }

    /// ICU general category (see `vt_char_type`).
    static func category(_ cp: UInt32) -> Int32 { vt_char_type(cp) }
}
