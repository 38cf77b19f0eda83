/// How parity-aware BPE picks the language each merge goes to (HF `ParityBpeTrainer`'s
/// `variant`).
public enum ParityVariant: String, Sendable, CaseIterable {
    /// The language with the longest dev text (or the lowest compression against its ratio).
    case base
    /// As `base`, skipping a language that took more than `alpha / languages` of the last
    /// `windowSize` merges.
    case window
}

/// The settings of parity-aware BPE training (Foroutan et al. 2025), as HF `tokenizers`'
/// `ParityBpeTrainer` has them. The plain BPE settings (`BPETrainingOptions`) apply as well; its
/// `vocabSize` is HF's `num_merges` with `total_symbols=True`: special tokens + alphabet + merges.
public struct ParityOptions: Sendable {
    /// What tells how well each language is compressed.
    public enum Balance: Sendable {
        /// Parallel dev text, one word multiset per language (in the languages' order): the
        /// language whose dev text is longest in tokens is the worst compressed.
        case dev([WordCounts])
        /// Target compression ratios, one per language: the language with the lowest
        /// (initial length / current length) / ratio of its training text is the worst compressed.
        case ratios([Double])
    }

    public var variant: ParityVariant = .base
    public var balance: Balance
    /// The first merges are plain BPE over all languages' counts (HF's `global_merges`).
    public var globalMerges = 0
    /// The `window` variant's window (HF's `window_size`).
    public var windowSize = 100
    /// The `window` variant's share factor (HF's `alpha`).
    public var alpha = 2.0

    public init(balance: Balance) { self.balance = balance }
}

/// Where parity-aware training stands, for progress displays.
public struct ParityProgress: Sendable {
    /// Merges made so far, and the number to make.
    public var merges: Int
    public var target: Int
    /// The language the last merge went to (nil during the global merges).
    public var language: Int?
    /// That language's length: its dev text in tokens, or (with ratios) its training text.
    public var length: Double
}
