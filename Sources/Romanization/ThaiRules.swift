/// Thai: vowels written before their consonant are romanized after it, อ is silent unless it
/// stands between consonants, a consonant marked with ์ (thanthakhat) is silent, and
/// consonants at the end of a syllable take their final sound (rules marked `sylend`).
extension Romanizer {
    static let thanthakhat: UInt32 = 0x0E4C
    static let oAng: UInt32 = 0x0E2D

    static let thaiWo: UInt32 = 0x0E27
    static let thaiRo: UInt32 = 0x0E23
    static let thaiYo: UInt32 = 0x0E22
    static let thaiHo: UInt32 = 0x0E2B

    /// ง ญ น ม ย ร ล ว: the consonants a silent ห can lead.
    static func isThaiSonorant(_ cp: UInt32) -> Bool { [0x0E07, 0x0E0D, 0x0E19, 0x0E21, 0x0E22, 0x0E23, 0x0E25, 0x0E27].contains(cp) }

    /// Vowel signs written above or below a consonant (and sara a, aa, am after it).
    static func isThaiVowelMark(_ cp: UInt32) -> Bool { (0x0E30...0x0E3A).contains(cp) || cp == 0x0E47 }

    static func isThaiPreposedVowel(_ cp: UInt32) -> Bool { (0x0E40...0x0E44).contains(cp) }
    static func isThaiToneMark(_ cp: UInt32) -> Bool { (0x0E48...0x0E4B).contains(cp) }
    static func isThaiConsonant(_ cp: UInt32) -> Bool { (0x0E01...0x0E2E).contains(cp) }

    /// The romanization of the Thai span starting at `i` and the index after it, or nil when the
    /// general rules apply.
    mutating func thaiSpan(_ s: UnsafeBufferPointer<UInt32>, at i: Int) -> ([UInt8], Int)? {
        let c = s[i]
        let n = s.count
        if Romanizer.isThaiConsonant(c) {
            // A silent consonant: C์ or C + vowel mark + ์.
            if i + 1 < n, s[i + 1] == Romanizer.thanthakhat { return ([], i + 2) }
            if i + 2 < n, s[i + 2] == Romanizer.thanthakhat, (0x0E31...0x0E3A).contains(s[i + 1]) { return ([], i + 3) }
            if c == Romanizer.oAng {
                // อ sounds "o" only inside a word, right after a letter (not after a tone mark)
                // and before a consonant.
                let prev: UInt32 = i > 0 ? s[i - 1] : 0
                let next: UInt32 = i + 1 < n ? s[i + 1] : 0
                let next2: UInt32 = i + 2 < n ? s[i + 2] : 0
                let keep = prev != 0 && info(prev).script == info(c).script && !Romanizer.isThaiToneMark(prev)
                    && previousLastByte != 0 && Romanizer.isASCIILetter(previousLastByte)
                    && next != 0 && Romanizer.isThaiConsonant(next) && next != Romanizer.thaiYo && !Romanizer.isThaiVowelMark(next2)
                return (keep ? info(c).output : [], i + 1)
            }
            // ว after a consonant or vowel mark and before a consonant is the vowel "ua"
            // (ร + ว is the cluster "rw").
            if c == Romanizer.thaiWo, i > 0, i + 1 < n, Romanizer.isThaiConsonant(s[i + 1]), s[i + 1] != Romanizer.oAng {
                var p = i - 1
                if p > 0, Romanizer.isThaiToneMark(s[p]) { p -= 1 }
                let afterConsonant = Romanizer.isThaiConsonant(s[p]) && s[p] != Romanizer.thaiRo && s[p] != Romanizer.oAng
                if afterConsonant || (Romanizer.isThaiVowelMark(s[p]) && s[p] != 0x0E32) {
                    return (Array("ua".utf8), i + 1)
                }
            }
            // ห before a sonorant only marks its tone; it is silent after a vowel.
            if c == Romanizer.thaiHo, i + 1 < n, Romanizer.isThaiSonorant(s[i + 1]), Romanizer.isVowel(previousLastByte) {
                return ([], i + 1)
            }
            return nil
        }
        if Romanizer.isThaiPreposedVowel(c), i + 1 < n, Romanizer.isThaiConsonant(s[i + 1]) {
            // อ carries the vowel without a sound of its own.
            let consonant = s[i + 1] == Romanizer.oAng ? [] : info(s[i + 1]).output
            if let (vowel, length) = thaiVowelPattern(s, preposed: i) {
                return (consonant + vowel, i + 2 + length)
            }
            return (consonant + info(c).output, i + 2)
        }
        return nil
    }

    /// The table's pattern for the preposed vowel at `i` around the consonant after it ("เ–ีย"),
    /// the longest that matches: its romanization and the number of scalars after the consonant.
    mutating func thaiVowelPattern(_ s: UnsafeBufferPointer<UInt32>, preposed i: Int) -> ([UInt8], Int)? {
        guard let candidates = ruleTable.rulesByFirst[s[i]] else { return nil }
        for rule in candidates where rule.source.count >= 3 && rule.source[1] == Romanizer.consonantPlaceholder {
            let length = rule.source.count - 2
            guard i + 2 + length <= s.count else { continue }
            var same = true
            for k in 0..<length where s[i + 2 + k] != rule.source[2 + k] { same = false }
            if same { return (rule.output, length) }
        }
        return nil
    }

    /// "–" (U+2013) in a table's source stands for the consonant a vowel is written around.
    static let consonantPlaceholder: UInt32 = 0x2013

    /// Whether `position` (just after a consonant) ends a Thai syllable.
    mutating func isEndOfThaiSyllable(_ s: UnsafeBufferPointer<UInt32>, _ position: Int) -> Bool {
        let n = s.count
        guard position >= 2 else { return false }
        let prev = s[position - 2]
        var adjusted = position
        if adjusted < n, Romanizer.isThaiToneMark(s[adjusted]) { adjusted += 1 }
        let next: UInt32? = adjusted < n ? s[adjusted] : nil
        if !Romanizer.isLetterOrMark(UnicodeData.category(prev)) { return false }
        if Romanizer.isThaiPreposedVowel(prev) { return false }
        guard let next else { return true }
        if Romanizer.isThaiPreposedVowel(next) { return true }
        if !Romanizer.isLetterOrMark(UnicodeData.category(next)) { return true }
        if Romanizer.isConsonant(previousLastByte) { return false }
        let nextRom = info(next).output
        guard let first = nextRom.first, Romanizer.isVowel(first) else { return true }
        if next == Romanizer.oAng, adjusted + 1 < n, let first2 = info(s[adjusted + 1]).output.first, Romanizer.isVowel(first2) {
            return true
        }
        return false
    }

    static func isLetterOrMark(_ category: Int32) -> Bool { (1...8).contains(category) }
}
