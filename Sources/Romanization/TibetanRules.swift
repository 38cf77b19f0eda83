/// Tibetan syllables: a syllable without a vowel sign gets its "a" after the letter that most
/// plausibly is its root, judged by which letters may stand before a root (prefixes,
/// superscripts) and after it (suffixes); subjoined letters stack under the root; a final འ after
/// the root is silent.
extension Romanizer {
    static func isTibetanLetter(_ cp: UInt32) -> Bool { (0x0F40...0x0F6C).contains(cp) }
    static func isTibetanSubjoined(_ cp: UInt32) -> Bool { (0x0F90...0x0FBC).contains(cp) }
    static func isTibetanVowelSign(_ cp: UInt32) -> Bool { (0x0F71...0x0F7D).contains(cp) || cp == 0x0F80 }
    static let tibetanAChung: UInt32 = 0x0F60
    static let tibetanA: UInt32 = 0x0F68
    static let tibetanSubjoinedAChung: UInt32 = 0x0FB0

    /// The romanization of the Tibetan syllable starting at `start`, and the index after it.
    mutating func tibetanSyllable(_ s: UnsafeBufferPointer<UInt32>, at start: Int) -> ([UInt8], Int) {
        var end = start
        while end < s.count, Romanizer.isTibetanLetter(s[end]) || Romanizer.isTibetanSubjoined(s[end])
            || Romanizer.isTibetanVowelSign(s[end]) || (0x0F7E...0x0F84).contains(s[end])
        {
            end += 1
        }
        var roms: [[UInt8]] = []
        var letters: [Int] = []  // offsets of consonant letters (full and subjoined)
        var noVowel = Set<Int>()
        var vowelAt: Int? = nil
        var hasVowelSign = false
        var silent = Set<Int>()
        for k in start..<end {
            let c = s[k]
            let offset = k - start
            roms.append(info(c).output)
            if Romanizer.isTibetanVowelSign(c) {
                hasVowelSign = true
                // A syllable-initial འ before a vowel sign is silent.
                if letters == [offset - 1], s[k - 1] == Romanizer.tibetanAChung { silent.insert(offset - 1) }
                continue
            }
            guard Romanizer.isTibetanLetter(c) || Romanizer.isTibetanSubjoined(c) else { continue }
            if Romanizer.isTibetanSubjoined(c), let previous = letters.last {
                if c == Romanizer.tibetanSubjoinedAChung { vowelAt = previous } else { noVowel.insert(previous) }
            } else if c == Romanizer.tibetanAChung {
                noVowel.insert(offset)
                if !letters.isEmpty {
                    // The vowel belongs before འ (a vowel sign there needs no "a").
                    vowelAt = offset - 1
                    if k + 1 == end { silent.insert(offset) }
                }
            }
            letters.append(offset)
        }
        if vowelAt == nil, !hasVowelSign, !letters.isEmpty {
            vowelAt = chooseTibetanRoot(letters: letters, roms: roms, noVowel: noVowel, s: s, start: start)
        }
        var out: [UInt8] = []
        for (offset, rom) in roms.enumerated() where !silent.contains(offset) {
            out += rom
            // ཨ stands for the bare vowel: "a" unless a vowel sign follows it.
            if s[start + offset] == Romanizer.tibetanA, offset != vowelAt,
                start + offset + 1 >= end || !Romanizer.isTibetanVowelSign(s[start + offset + 1])
            {
                out.append(UInt8(ascii: "a"))
            }
            if offset == vowelAt, !Romanizer.isTibetanVowelSign(s[start + offset]) { out.append(UInt8(ascii: "a")) }
        }
        return (out, end)
    }

    /// The letter after which the inherent vowel is spoken: the cheapest split into a
    /// plausible onset (ending with the root) and a plausible coda.
    private func chooseTibetanRoot(letters: [Int], roms: [[UInt8]], noVowel: Set<Int>, s: UnsafeBufferPointer<UInt32>, start: Int) -> Int? {
        if letters.count <= 2 {
            return letters.first(where: { !noVowel.contains($0) }) ?? letters.last
        }
        var best: (cost: Double, at: Int)? = nil
        for (index, offset) in letters.enumerated() {
            var cost: Double
            if noVowel.contains(offset) {
                cost = 20
            } else {
                let onset = letters[...index].map { roms[$0] }
                let coda = letters[(index + 1)...].map { roms[$0] }
                let onsetLength = Double(onset.reduce(0) { $0 + $1.count })
                let stackedRest = letters[(index + 1)...].dropFirst().allSatisfy { Romanizer.isTibetanSubjoined(s[start + $0]) }
                let goodOnset = Romanizer.isTibetanOnset(onset)
                if Romanizer.isTibetanCoda(coda) {
                    cost = goodOnset ? onsetLength * 0.1 : onsetLength
                } else if stackedRest && index + 1 < letters.count {
                    cost = goodOnset ? onsetLength * 0.3 : onsetLength * 0.5
                } else {
                    cost = .infinity
                }
            }
            if best == nil || cost < best!.cost { best = (cost, offset) }
        }
        return best?.at
    }

    /// Letters that may precede a root (prefixes) and stand above it (superscripts), and the
    /// letters that may follow it (suffixes and the second suffixes s and d).
    private static let tibetanPrefixes: Set<[UInt8]> = [[0x67], [0x64], [0x62], [0x6D], [0x27]]  // g d b m '
    private static let tibetanSuperscripts: Set<[UInt8]> = [[0x72], [0x6C], [0x73]]  // r l s
    private static let tibetanSubscripts: Set<[UInt8]> = [[0x79], [0x72], [0x6C], [0x77]]  // y r l w
    /// Letters after which d may stand as a second suffix (s may follow any suffix).
    private static let tibetanDaDragBases: Set<[UInt8]> = [[0x6E], [0x72], [0x6C]]

    /// A plausible onset: root alone, or with a prefix and/or superscript before it and a
    /// subscript after it.
    static func isTibetanOnset(_ units: [[UInt8]]) -> Bool {
        var rest = units[...]
        if rest.count >= 2, let last = rest.last, tibetanSubscripts.contains(last) { rest = rest.dropLast() }
        if rest.count == 1 { return true }
        if rest.count == 2 { return tibetanPrefixes.contains(rest[rest.startIndex]) || tibetanSuperscripts.contains(rest[rest.startIndex]) }
        if rest.count == 3 {
            return tibetanPrefixes.contains(rest[rest.startIndex]) && tibetanSuperscripts.contains(rest[rest.startIndex + 1])
        }
        return false
    }

    /// A plausible coda: nothing, one suffix, or a suffix and a second suffix.
    static func isTibetanCoda(_ units: [[UInt8]]) -> Bool {
        var rest = units
        if rest.last == [0x27] { rest.removeLast() }
        if rest.count <= 1 { return true }
        guard rest.count == 2 else { return false }
        return rest[1] == [0x73] || (rest[1] == [0x64] && tibetanDaDragBases.contains(rest[0]))
    }
}
