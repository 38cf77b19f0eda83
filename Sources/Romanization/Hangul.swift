/// Romanization of precomposed Hangul syllables by their algorithmic decomposition into
/// lead consonant, vowel and tail (Unicode chapter 3.12), jamo by jamo without sound changes.
enum Hangul {
    static let first: UInt32 = 0xAC00
    static let last: UInt32 = 0xD7A3

    private static let leads = ["g", "gg", "n", "d", "dd", "r", "m", "b", "bb", "s", "ss", "", "j", "jj", "c", "k", "t", "p", "h"]
    private static let vowels = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wai", "oe", "yo", "u", "weo", "we", "wi", "yu", "eu", "yi", "i"]
    private static let tails = ["", "g", "gg", "gs", "n", "nj", "nh", "d", "l", "lg", "lm", "lb", "ls", "lt", "lp", "lh", "m", "b", "bs", "s", "ss", "ng", "j", "c", "k", "t", "p", "h"]

    /// The romanization of a syllable in U+AC00...U+D7A3.
    static func romanize(_ cp: UInt32) -> [UInt8] {
        let index = Int(cp - first)
        let lead = index / 588
        let vowel = (index / 28) % 21
        let tail = index % 28
        return Array((leads[lead] + vowels[vowel] + tails[tail]).utf8)
    }
}
