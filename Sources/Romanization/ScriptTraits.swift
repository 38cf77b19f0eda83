import CICUShim

/// ICU script codes of the scripts with script-specific romanization rules.
struct ScriptCodes: Sendable {
    let devanagari, bengali, gurmukhi, gujarati, oriya, tamil, telugu, kannada, malayalam, sinhala: Int32
    let myanmar, khmer, tibetan, thai, han: Int32

    static let shared = ScriptCodes()

    private init() {
        func code(_ name: String) -> Int32 { vt_script_from_name(name) }
        devanagari = code("Deva"); bengali = code("Beng"); gurmukhi = code("Guru"); gujarati = code("Gujr")
        oriya = code("Orya"); tamil = code("Taml"); telugu = code("Telu"); kannada = code("Knda")
        malayalam = code("Mlym"); sinhala = code("Sinh"); myanmar = code("Mymr"); khmer = code("Khmr")
        tibetan = code("Tibt"); thai = code("Thai"); han = code("Hani")
    }

    /// The inherent vowels of an abugida script, the first being the one added after a bare
    /// consonant; empty for scripts without an inherent vowel.
    func inherentVowels(_ script: Int32) -> [UInt8] {
        switch script {
        case devanagari, bengali, gurmukhi, gujarati, oriya, tamil, telugu, kannada, malayalam, sinhala,
            myanmar, tibetan:
            return [UInt8(ascii: "a")]
        case khmer:
            return [UInt8(ascii: "a"), UInt8(ascii: "o")]
        default:
            return []
        }
    }

    /// Scripts whose consonant names carry the inherent vowel that the stored romanization
    /// drops ("DEVANAGARI LETTER KA" is stored as "k"; Khmer keeps its "a"/"o" series vowel).
    func storesBareConsonants(_ script: Int32) -> Bool {
        let vowels = inherentVowels(script)
        return vowels.count == 1
    }
}
