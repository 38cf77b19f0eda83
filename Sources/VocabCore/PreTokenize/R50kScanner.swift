extension PieceCursor {
    /// The end of the r50k / GPT-2 piece starting at `i`:
    /// `'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+$|\s+(?!\S)|\s`
    /// (identical to HF ByteLevel's `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`).
    @inlinable
    func r50kPieceEnd(at i: Int) -> Int {
        if let end = contraction(at: i, ignoringCase: false) { return end }
        var start = i
        var (f, length) = char(at: i)
        if text[i] == 0x20 && i + 1 < count {
            start = i + 1
            (f, length) = char(at: start)
        }
        if f & CharFlags.letter != 0 { return run(from: start + length, CharFlags.letter) }
        if f & CharFlags.number != 0 { return run(from: start + length, CharFlags.number) }
        if f & CharFlags.space == 0 {
            return run(from: start + length, without: CharFlags.letter | CharFlags.number | CharFlags.space)
        }
        return whitespaceEnd(at: i, newlineRule: false, wholeRunAtEndFirst: true)
    }
}
