import CICUShim
import VocabCore

/// Universal romanization in the style of uroman (Hermjakob, May & Knight 2018): text in any
/// script becomes ASCII Latin letters; digits become 0-9; punctuation and symbols pass through.
///
/// Romanizations come from the project's tables (`vocabularies/romanization/`), Unicode
/// character names, decompositions, ICU's Han-Latin transliterator (toneless pinyin) and
/// algorithmic Hangul decomposition, with rules for inherent vowels of abugidas.
///
/// A romanizer caches what it derives per code point; keep one per thread and reuse it.
public struct Romanizer {
    /// The language codes rules are matched against (the argument, then its macrolanguage).
    public let languages: [String]
    private let rules: RuleTable
    var ruleTable: RuleTable { rules }
    private let codes = ScriptCodes.shared
    private var bmpIndex: [Int32]
    private var otherIndex: [UInt32: Int32] = [:]
    private var infos: [CharacterInfo] = []
    private var scalars: [UInt32] = []
    private var han: HanReading?
    /// Whether the romanization of the span just before the current position ends in a letter.
    private var previousEndsInLetter = false
    /// The last byte of the romanization of the span just before the current position (0: none).
    var previousLastByte: UInt8 = 0

    /// A romanizer for text in `language` (an ISO 639-3 code such as "rus", "hin" or "zho";
    /// two-letter codes and codes with a script suffix such as "arb_Arab" work too). Codes
    /// without rules of their own use their macrolanguage's, or the scripts' general rules.
    public init(language: String?) {
        languages = LanguageCodes.candidates(for: language)
        rules = Romanizer.sharedRules
        bmpIndex = [Int32](repeating: -1, count: 0x10000)
    }

    private static let sharedRules = RuleTable(files: EmbeddedTables.files)

    /// Problems found while reading the embedded tables (empty when they are well-formed).
    public static var tableProblems: [String] { sharedRules.problems }

    /// Romanizes one line of UTF-8 text (without its line break) and appends the result.
    /// Invalid UTF-8 sequences become U+FFFD, which passes through.
    public mutating func romanize(_ utf8: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        // Pure ASCII passes through unchanged.
        var allASCII = true
        for b in utf8 where b >= 0x80 {
            allASCII = false
            break
        }
        if allASCII {
            out.append(contentsOf: utf8)
            return
        }
        decodeScalars(utf8)
        let text = scalars
        scalars = []
        text.withUnsafeBufferPointer { romanizeScalars($0, into: &out) }
        scalars = text
    }

    /// Romanizes a string (a convenience for tests and small inputs).
    public mutating func romanize(_ text: String) -> String {
        var out: [UInt8] = []
        var copy = text
        copy.withUTF8 { romanize($0, into: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func decodeScalars(_ p: UnsafeBufferPointer<UInt8>) {
        scalars.removeAll(keepingCapacity: true)
        var i = 0
        let n = p.count
        while i < n {
            let b0 = p[i]
            if b0 < 0x80 {
                scalars.append(UInt32(b0))
                i += 1
                continue
            }
            let len = UTF8Scan.sequenceLength(lead: b0)
            if len == 1 || i + len > n {
                scalars.append(0xFFFD)
                i += 1
                continue
            }
            var valid = true
            for k in 1..<len where p[i + k] & 0xC0 != 0x80 { valid = false }
            if !valid {
                scalars.append(0xFFFD)
                i += 1
                continue
            }
            scalars.append(UTF8Scan.decode(p, at: i).scalar)
            i += len
        }
    }

    // MARK: - The main pass

    private mutating func romanizeScalars(_ s: UnsafeBufferPointer<UInt32>, into out: inout [UInt8]) {
        let n = s.count
        var i = 0
        previousEndsInLetter = false
        previousLastByte = 0
        while i < n {
            let c = s[i]
            if c < 0x80 {
                out.append(UInt8(c))
                previousEndsInLetter = Romanizer.isASCIILetter(UInt8(c))
                previousLastByte = UInt8(c)
                i += 1
                continue
            }
            let info = self.info(c)
            // Chinese numerals compose into numbers.
            if info.flags.contains(.hanNumeral) {
                // 万 and 亿 right after written digits multiply them: 1000万 -> 10000000.
                if i > 0, (0x30...0x39).contains(s[i - 1]), let zeros = ChineseNumerals.largeUnitZeros(c) {
                    out.append(contentsOf: [UInt8](repeating: 0x30, count: zeros))
                    i += 1
                    continue
                }
                if let (value, end) = ChineseNumerals.parse(s, from: i) {
                    // X分之Y is the fraction Y/X.
                    if end + 2 < s.count, s[end] == 0x5206, s[end + 1] == 0x4E4B,
                        let (numerator, fractionEnd) = ChineseNumerals.parse(s, from: end + 2)
                    {
                        ChineseNumerals.append(numerator, to: &out)
                        out.append(UInt8(ascii: "/"))
                        ChineseNumerals.append(value, to: &out)
                        i = fractionEnd
                    } else {
                        ChineseNumerals.append(value, to: &out)
                        i = end
                    }
                    previousEndsInLetter = false
                    continue
                }
            }
            // Japanese small tsu and Gurmukhi addak double the next consonant.
            if c == 0x3063 || c == 0x30C3 || c == 0x0A71, i + 1 < n,
                let doubled = doubledConsonant(before: s[i + 1], kana: c != 0x0A71)
            {
                out.append(contentsOf: doubled)
                // uroman attaches the doubling to the next consonant: the mark itself ends no letter.
                previousEndsInLetter = false
                i += 1
                continue
            }
            // The Ethiopic wordspace between digits separates hours and minutes: 9፡30 -> 9 30.
            if c == 0x1361, i > 0, i + 1 < n, (0x30...0x39).contains(s[i - 1]), (0x30...0x39).contains(s[i + 1]) {
                out.append(0x20)
                previousEndsInLetter = false
                i += 1
                continue
            }
            // Katakana prolonged sound mark repeats the vowel before it.
            if c == 0x30FC, previousEndsInLetter, let last = out.last, Romanizer.isVowel(last) {
                out.append(last)
                i += 1
                continue
            }
            if info.script == codes.tibetan, Romanizer.isTibetanLetter(c) || Romanizer.isTibetanSubjoined(c) {
                let (syllable, end) = tibetanSyllable(s, at: i)
                out.append(contentsOf: syllable)
                if let last = syllable.last { previousLastByte = last }
                previousEndsInLetter = syllable.last.map(Romanizer.isASCIILetter) ?? false
                i = end
                continue
            }
            if info.script == codes.thai, let (thai, end) = thaiSpan(s, at: i) {
                out.append(contentsOf: thai)
                if let last = thai.last { previousLastByte = last }
                previousEndsInLetter = thai.last.map(Romanizer.isASCIILetter) ?? false
                i = end
                continue
            }
            var output = info.output
            var end = i + 1
            if info.flags.contains(.hasRules), let rule = matchRule(s, at: i) {
                output = rule.output
                end = i + rule.source.count
            }
            // Punctuation spelled with a space ("，" -> ", ") adds no second space.
            if output.first == 0x20, output.count > 1, i == 0 || s[i - 1] == 0x20 { output.removeFirst() }
            if output.last == 0x20, output.count > 1, end < s.count, s[end] == 0x20 { output.removeLast() }
            if info.flags.contains(.abugidaConsonant), end == i + 1 || startsWithConsonant(output) {
                output = applyInherentVowel(output, s, start: i, end: end, script: info.script)
            }
            out.append(contentsOf: output)
            if let last = output.last {
                previousEndsInLetter = Romanizer.isASCIILetter(last)
                previousLastByte = last
            } else if !info.flags.contains(.nonspacingMark) {
                // A silent combining mark (nukta) belongs to the letter before it.
                previousEndsInLetter = false
            }
            i = end
        }
    }

    private func startsWithConsonant(_ output: [UInt8]) -> Bool {
        output.first.map(Romanizer.isConsonant) ?? false
    }

    static func isVowel(_ b: UInt8) -> Bool {
        b == 0x61 || b == 0x65 || b == 0x69 || b == 0x6F || b == 0x75
    }

    /// Lowercase ASCII consonant letters (y counts as one, as uroman counts it).
    static func isConsonant(_ b: UInt8) -> Bool {
        b >= 0x61 && b <= 0x7A && !isVowel(b)
    }

    static func isASCIILetter(_ b: UInt8) -> Bool {
        (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A
    }

    private mutating func doubledConsonant(before next: UInt32, kana: Bool) -> [UInt8]? {
        let rom = info(next).output
        guard let first = rom.first, Romanizer.isConsonant(first), first != 0x79, first != 0x76, first != 0x78 else { return nil }
        if rom.count >= 2, rom[0] == 0x63, rom[1] == 0x68 {
            return [kana ? UInt8(ascii: "t") : UInt8(ascii: "c")]
        }
        return [first]
    }

    // MARK: - Word context

    /// Whether position `i` starts a word: the scalar before is no letter and the romanization
    /// of the span before does not end in a letter.
    private mutating func isStartOfWord(_ s: UnsafeBufferPointer<UInt32>, _ i: Int) -> Bool {
        if i == 0 { return true }
        if info(s[i - 1]).flags.contains(.letter) { return false }
        return !previousEndsInLetter
    }

    /// Whether position `j` (the end of a match) ends a word: what follows is no letter and
    /// does not romanize to letters.
    private mutating func isEndOfWord(_ s: UnsafeBufferPointer<UInt32>, _ j: Int) -> Bool {
        var k = j
        if k >= s.count { return true }
        if info(s[k]).flags.contains(.letter) { return false }
        while k + 1 < s.count, info(s[k]).flags.contains(.nukta) { k += 1 }
        return !info(s[k]).flags.contains(.outputHasLetter)
    }

    // MARK: - Rules

    private mutating func matchRule(_ s: UnsafeBufferPointer<UInt32>, at i: Int) -> Rule? {
        guard let candidates = rules.rulesByFirst[s[i]] else { return nil }
        for rule in candidates {
            let count = rule.source.count
            if i + count > s.count { continue }
            var same = true
            var k = 1
            while k < count {
                if s[i + k] != rule.source[k] { same = false; break }
                k += 1
            }
            if !same { continue }
            if !rule.languages.isEmpty && !rule.languages.contains(where: { languages.contains($0) }) { continue }
            let conditions = rule.conditions
            if !conditions.isEmpty {
                if conditions.contains(.atStart) && !isStartOfWord(s, i) { continue }
                if conditions.contains(.notAtStart) && isStartOfWord(s, i) { continue }
                if conditions.contains(.atEnd) && !isEndOfWord(s, i + count) { continue }
                if conditions.contains(.notAtEnd) && isEndOfWord(s, i + count) { continue }
                if conditions.contains(.syllableEnd) && !isEndOfThaiSyllable(s, i + count) { continue }
            }
            return rule
        }
        return nil
    }

    // MARK: - Abugidas

    /// Adds or withholds the inherent vowel of an abugida consonant romanized as `rom`.
    private mutating func applyInherentVowel(
        _ rom: [UInt8], _ s: UnsafeBufferPointer<UInt32>, start: Int, end: Int, script: Int32
    ) -> [UInt8] {
        let vowels = codes.inherentVowels(script)
        guard !vowels.isEmpty, !rom.isEmpty else { return rom }
        var base = rom
        var plus = rom
        if let last = rom.last, vowels.contains(last), rom.count >= 2,
            rom.dropLast().allSatisfy({ Romanizer.isConsonant($0) })
        {
            base = Array(rom.dropLast())
        } else if rom.allSatisfy({ Romanizer.isConsonant($0) }) {
            plus = rom + [vowels[0]]
        } else {
            return rom
        }
        let next: UInt32 = end < s.count ? s[end] : 0
        let next2: UInt32 = end + 1 < s.count ? s[end + 1] : 0
        let nextFlags = next == 0 ? CharacterFlags() : info(next).flags
        let next2Flags = next2 == 0 ? CharacterFlags() : info(next2).flags
        if next == 0x1799, script == codes.khmer, base.count == 1 || base == Array("ng".utf8) { return base }
        if nextFlags.contains(.vowelSign) || nextFlags.contains(.medial) || nextFlags.contains(.subjoined) { return base }
        if nextFlags.contains(.nonspacingMark) && next2Flags.contains(.vowelSign) { return base }
        if nextFlags.contains(.virama) { return base }
        if nextFlags.contains(.nonspacingMark) && next2Flags.contains(.virama) { return base }
        if start > 0, info(s[start - 1]).flags.contains(.virama) { return plus }
        if isStartOfWord(s, start), !Romanizer.containsRVowel(rom) { return plus }
        if isEndOfWord(s, end) {
            if script == codes.devanagari { return languages.first == "san" ? plus : rom }
            if let lang = languages.first, ["asm", "ben", "guj", "kas", "pan"].contains(lang) { return rom }
            return plus
        }
        if start == 0 || info(s[start - 1]).script != script { return plus }
        if info(s[end - 1]).flags.contains(.vocalic) { return base }
        if next != 0, info(next).script == script { return plus }
        return rom
    }

    private static func containsRVowel(_ rom: [UInt8]) -> Bool {
        var k = 0
        while k + 1 < rom.count {
            if rom[k] == 0x72, isVowel(rom[k + 1]) { return true }
            k += 1
        }
        return false
    }

    // MARK: - Per-character information

    mutating func info(_ cp: UInt32) -> CharacterInfo {
        if cp < 0x10000 {
            let index = bmpIndex[Int(cp)]
            if index >= 0 { return infos[Int(index)] }
        } else if let index = otherIndex[cp] {
            return infos[Int(index)]
        }
        let made = makeInfo(cp)
        let index = Int32(infos.count)
        infos.append(made)
        if cp < 0x10000 { bmpIndex[Int(cp)] = index } else { otherIndex[cp] = index }
        return made
    }

    private mutating func makeInfo(_ cp: UInt32) -> CharacterInfo {
        let category = UnicodeData.category(cp)
        let script = vt_script(cp)
        let name = UnicodeData.name(cp)
        var flags = CharacterFlags()
        if (1...5).contains(category) { flags.insert(.letter) }
        if category == 6 { flags.insert(.nonspacingMark) }
        if name.contains("VIRAMA") || name.hasSuffix(" SIGN COENG") || name.hasSuffix(" SIGN ASAT") || name.hasSuffix(" SIGN AL-LAKUNA") {
            flags.insert(.virama)
        }
        if NameRomanization.isVowelSign(name) { flags.insert(.vowelSign) }
        if name.contains("CONSONANT SIGN MEDIAL") { flags.insert(.medial) }
        if name.contains("SUBJOINED LETTER") { flags.insert(.subjoined) }
        if name.contains("VOCALIC") { flags.insert(.vocalic) }
        if name.contains("NUKTA") { flags.insert(.nukta) }
        let candidates = rules.rulesByFirst[cp]
        if candidates != nil { flags.insert(.hasRules) }

        var output: [UInt8]
        if let plain = candidates?.first(where: { $0.source.count == 1 && $0.languages.isEmpty && $0.conditions.isEmpty }) {
            output = plain.output
        } else if cp >= Hangul.first, cp <= Hangul.last {
            output = Hangul.romanize(cp)
        } else if script == codes.han, let reading = hanReading(cp) {
            output = reading
        } else if category == 9, let digit = NameRomanization.romanization(name: name) {
            output = digit
        } else if (1...8).contains(category), var derived = NameRomanization.romanization(name: name) {
            if codes.storesBareConsonants(script), name.contains(" LETTER "), derived.count >= 2,
                derived.last == UInt8(ascii: "a"), derived.dropLast().allSatisfy({ Romanizer.isConsonant($0) })
            {
                derived.removeLast()
            }
            output = derived
        } else if let decomposed = compatibilityRomanization(cp, name: name) {
            output = decomposed
        } else if category == 6 || category == 8 || category == 16 || category == 17 {
            output = []
        } else {
            output = []
            UTF8Scan.append(cp, to: &output)
        }
        if output.contains(where: Romanizer.isASCIILetter) { flags.insert(.outputHasLetter) }
        if !codes.inherentVowels(script).isEmpty,
            flags.contains(.letter) && name.contains(" LETTER ") || name.contains("CONSONANT SIGN MEDIAL"),
            !output.isEmpty, output.allSatisfy({ Romanizer.isConsonant($0) || $0 == 0x61 || $0 == 0x6F }),
            let first = output.first, Romanizer.isConsonant(first)
        {
            flags.insert(.abugidaConsonant)
        }
        if script == codes.han, ChineseNumerals.value(of: cp) != nil { flags.insert(.hanNumeral) }
        return CharacterInfo(output: output, flags: flags, script: script)
    }

    private mutating func hanReading(_ cp: UInt32) -> [UInt8]? {
        if han == nil { han = HanReading() }
        return han?.reading(cp)
    }

    /// The romanization of a character's compatibility decomposition (presentation forms,
    /// full-width forms, ligatures), or nil when it has none worth using.
    private mutating func compatibilityRomanization(_ cp: UInt32, name: String) -> [UInt8]? {
        guard UnicodeData.decomposition(cp, compatibility: false).isEmpty else { return nil }
        let parts = UnicodeData.decomposition(cp, compatibility: true)
        // Only presentation forms (<wide>, <narrow>, <isolated>, <final>, <circle>, <font>,
        // <fraction>...), which the name says; plain <compat>, <super>, <sub> and <noBreak>
        // mappings change meaning and are not used.
        let formWords = ["FULLWIDTH", "HALFWIDTH", " FORM", "CIRCLED", "FRACTION", "MATHEMATICAL", "SQUARED", "LIGATURE"]
        guard !parts.isEmpty, formWords.contains(where: { name.contains($0) }) else { return nil }
        var result: [UInt8] = []
        for part in parts where part != cp {
            result += info(part).output
        }
        return result
    }
}
