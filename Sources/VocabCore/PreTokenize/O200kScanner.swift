extension PieceCursor {
    /// The end of the o200k piece starting at `i`. The pattern's alternatives, tried in order:
    ///
    /// 1. `[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?`
    /// 2. `[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?`
    /// 3. `\p{N}{1,3}`
    /// 4. ` ?[^\s\p{L}\p{N}]+[\r\n/]*`
    /// 5. `\s*[\r\n]+`, 6. `\s+(?!\S)`, 7. `\s+`
    ///
    /// Backtracking order matters in 1 and 2 (a mark is both a possible prefix character and a
    /// member of both letter classes), so each is tried with the prefix, then without it.
    ///
    /// Mistral's tekken pattern is the same without the contractions and with `\p{N}` for
    /// `\p{N}{1,3}`: `contractions: false, digits: 1`.
    @inlinable
    func o200kPieceEnd(at i: Int, contractions: Bool = true, digits: Int = 3) -> Int {
        let (f, length) = char(at: i)
        let hasPrefix = f & (CharFlags.letter | CharFlags.number | CharFlags.newline) == 0 && i + length < count
        if hasPrefix, let end = lowerTailedWordEnd(from: i + length, contractions) { return end }
        if let end = lowerTailedWordEnd(from: i, contractions) { return end }
        if hasPrefix, let end = upperHeadedWordEnd(from: i + length, contractions) { return end }
        if let end = upperHeadedWordEnd(from: i, contractions) { return end }
        if f & CharFlags.number != 0 { return run(from: i, CharFlags.number, limit: digits) }
        if let end = punctuationEnd(at: i, f, length, slashTrails: true) { return end }
        return whitespaceEnd(at: i, newlineRule: true, wholeRunAtEndFirst: false)
    }

    /// Alternative 1 without its prefix: `[upper]*[lower]+` plus an optional contraction (when
    /// `contractions`), from `j`.
    @inlinable
    func lowerTailedWordEnd(from j: Int, _ contractions: Bool) -> Int? {
        var k = j
        var lastLower = -1
        while k < count {
            let (f, length) = char(at: k)
            if f & CharFlags.upper == 0 { break }
            if f & CharFlags.lower != 0 { lastLower = k }
            k += length
        }
        // Greedy `[upper]*` gives back characters until `[lower]+` can start.
        var lowerStart = lastLower
        if k < count && char(at: k).flags & CharFlags.lower != 0 { lowerStart = k }
        guard lowerStart >= 0 else { return nil }
        let end = run(from: lowerStart, CharFlags.lower)
        guard contractions else { return end }
        return contraction(at: end, ignoringCase: true) ?? end
    }

    /// Alternative 2 without its prefix: `[upper]+[lower]*` plus an optional contraction (when
    /// `contractions`), from `j`.
    @inlinable
    func upperHeadedWordEnd(from j: Int, _ contractions: Bool) -> Int? {
        let upperEnd = run(from: j, CharFlags.upper)
        guard upperEnd > j else { return nil }
        let end = run(from: upperEnd, CharFlags.lower)
        guard contractions else { return end }
        return contraction(at: end, ignoringCase: true) ?? end
    }
}
