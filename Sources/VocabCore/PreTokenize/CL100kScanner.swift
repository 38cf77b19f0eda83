extension PieceCursor {
    /// The end of the piece starting at `i` for cl100k, Llama-3 and Qwen2, which share one shape:
    ///
    /// - cl100k: `'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s`
    /// - Llama-3: `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
    /// - Qwen2: as Llama-3 with `\p{N}` instead of `\p{N}{1,3}`.
    ///
    /// - Parameters:
    ///   - digits: the most digits in one piece (3, or 1 for Qwen2).
    ///   - wholeRunAtEndFirst: cl100k's `\s++$` comes before the newline rule, so a whitespace run
    ///     reaching the end of the text stays whole even when it holds a newline.
    @inlinable
    func cl100kPieceEnd(at i: Int, digits: Int, wholeRunAtEndFirst: Bool) -> Int {
        if let end = contraction(at: i, ignoringCase: true) { return end }
        let (f, length) = char(at: i)
        if f & CharFlags.letter != 0 { return run(from: i + length, CharFlags.letter) }
        if f & (CharFlags.number | CharFlags.newline) == 0 && i + length < count {
            let (next, nextLength) = char(at: i + length)
            if next & CharFlags.letter != 0 { return run(from: i + length + nextLength, CharFlags.letter) }
        }
        if f & CharFlags.number != 0 { return run(from: i, CharFlags.number, limit: digits) }
        if let end = punctuationEnd(at: i, f, length, slashTrails: false) { return end }
        return whitespaceEnd(at: i, newlineRule: true, wholeRunAtEndFirst: wholeRunAtEndFirst)
    }
}
