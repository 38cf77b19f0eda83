/// Romanization derived from a character's Unicode name: "DEVANAGARI LETTER KHA" -> "kha",
/// "HIRAGANA LETTER KA" -> "ka", "ETHIOPIC SYLLABLE SE" -> "se", "BENGALI DIGIT SEVEN" -> "7".
enum NameRomanization {
    private static let digitWords: [Substring: UInt8] = [
        "ZERO": 0, "ONE": 1, "TWO": 2, "THREE": 3, "FOUR": 4, "FIVE": 5, "SIX": 6, "SEVEN": 7,
        "EIGHT": 8, "NINE": 9,
    ]
    /// Words after the keyword that qualify the letter rather than name its sound.
    private static let qualifiers: Set<Substring> = [
        "SMALL", "CAPITAL", "FINAL", "INITIAL", "MEDIAL", "ISOLATED", "VOCALIC", "LONG", "SHORT",
        "LETTER", "SIGN", "INDEPENDENT", "DEPENDENT", "CHILLU", "CANDRA", "GLOTTAL", "PHARYNGEAL", "SHAN", "MON", "HIGH", "LOW",
    ]

    /// The romanization the name suggests, or nil when the name does not name a sound.
    static func romanization(name: String) -> [UInt8]? {
        let words = name.split(separator: " ")
        guard let keyword = words.firstIndex(where: {
            $0 == "LETTER" || $0 == "SYLLABLE" || $0 == "SYLLABICS" || $0 == "DIGIT" || $0 == "VOWEL"
        }) else { return nil }
        if words[keyword] == "DIGIT" {
            guard keyword + 2 == words.count, let d = digitWords[words[keyword + 1]] else { return nil }
            return [0x30 + d]
        }
        var rest = Array(words[(keyword + 1)...])
        if words[keyword] == "VOWEL" {
            // "... VOWEL SIGN AA", "KHMER INDEPENDENT VOWEL QAA"
            if rest.first == "SIGN" { rest.removeFirst() }
        }
        if let with = rest.firstIndex(where: { $0 == "WITH" || $0 == "TYPE" }) { rest = Array(rest[..<with]) }
        while let first = rest.first, rest.count > 1, qualifiers.contains(first) { rest.removeFirst() }
        guard rest.count == 1 else { return nil }
        let word = rest[0]
        guard !word.isEmpty, word.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else { return nil }
        var bytes = word.utf8.map { $0 | 0x20 }
        if words.first == "ETHIOPIC" { bytes = ethiopicSpelling(bytes) }
        if words[..<keyword].contains("CAPITAL") { bytes[0] &= ~0x20 }
        return bytes
    }

    /// Ethiopic syllable names spell ejectives as TH/CH and the palatal as C; romanize them as
    /// t (ጥ "THE" -> te) and ch (ች "CE" -> che).
    private static func ethiopicSpelling(_ bytes: [UInt8]) -> [UInt8] {
        let c = UInt8(ascii: "c"), h = UInt8(ascii: "h"), t = UInt8(ascii: "t")
        if bytes.count >= 3, bytes[0] == t, bytes[1] == h, !Romanizer.isConsonant(bytes[2]) { return [t] + bytes.dropFirst(2) }
        if bytes.count >= 1, bytes[0] == c, bytes.count < 2 || bytes[1] != h { return [c, h] + bytes.dropFirst() }
        return bytes
    }

    /// Whether the name marks the character as a vowel sign.
    static func isVowelSign(_ name: String) -> Bool {
        name.contains(" VOWEL SIGN ")
    }
}
