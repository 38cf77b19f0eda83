/// The raw counts of one tokenizer over one language (or a sum of several): everything the
/// metrics are computed from.
public struct FertilityCounts: Sendable, Equatable {
    /// Lines read.
    public var lines = 0
    /// Unicode scalars, newlines excluded.
    public var chars = 0
    /// UTF-8 bytes, newlines excluded.
    public var bytes = 0
    /// Words (ICU or whitespace, as chosen).
    public var words = 0
    /// Tokens, no special tokens, counted line by line.
    public var tokens = 0
    /// Tokens that are the model's unknown token.
    public var unkTokens = 0
    /// Tokens that are byte pieces (`<0xE3>`: byte fallback).
    public var byteTokens = 0
    /// Non-whitespace characters covered by unknown tokens.
    public var unkChars = 0
    /// Words with an unknown token among their tokens.
    public var unkWords = 0
    /// Words split into two or more tokens.
    public var continuedWords = 0

    public init() {}

    /// Adds another set of counts to this one.
    public mutating func add(_ other: FertilityCounts) {
        lines += other.lines
        chars += other.chars
        bytes += other.bytes
        words += other.words
        tokens += other.tokens
        unkTokens += other.unkTokens
        byteTokens += other.byteTokens
        unkChars += other.unkChars
        unkWords += other.unkWords
        continuedWords += other.continuedWords
    }
}
