/// The normalization applied to each line before pre-tokenization when counting words.
public enum TrainingNormalizer: String, Sendable, CaseIterable {
    /// Text as it is.
    case none
    /// Unicode NFC (ICU; equal to HF's NFC on all FLORES text).
    case nfc
    /// Unicode NFKC (ICU; equal to HF's NFKC on all FLORES text).
    case nfkc
    /// HF `BertNormalizer()` with its defaults: control characters removed and whitespace made
    /// spaces, spaces around CJK ideographs, accents stripped, lowercase.
    case bert
    /// SentencePiece's default rule `nmt_nfkc`: NFKC per character and character sequence plus
    /// SentencePiece's whitespace and control-character rules, as a precompiled charsmap built
    /// from ICU (`CharsmapBuilder`) and applied as SentencePiece applies it (longest rule first).
    /// Tokenizers trained with it carry the charsmap (tokenizer.json `Precompiled`, `.model`
    /// `normalizer_spec`).
    case nmtNFKC = "nmt-nfkc"
}

/// How a normalized line is cut into the words a trainer counts.
public enum TrainingPreTokenizer: String, Sendable, CaseIterable {
    /// HF `ByteLevel(add_prefix_space=False, use_regex=True)`: the GPT-2 split pattern; words are
    /// later seen as one symbol per byte through the GPT-2 byte-to-character map.
    case byteLevel = "byte-level"
    /// HF `Metaspace(replacement="▁", prepend_scheme="always", split=True)`: spaces become `▁`,
    /// one is put in front, and words start at each `▁`; words are seen one symbol per character.
    case metaspace
    /// SentencePiece's trainer (for Unigram): the line's `\n` is dropped, the line is normalized
    /// as SentencePiece's normalizer does (`add_dummy_prefix`, `remove_extra_whitespaces`,
    /// spaces escaped as `▁`), and cut before each `▁`; words are seen one symbol per character.
    /// Only U+0020 separates words (with `nmt-nfkc`, tab, CR and the other NMT spaces become
    /// U+0020 first).
    case sentencePiece = "sentencepiece"
    /// HF `Whitespace()`: the matches of `\w+|[^\w\s]+` (runs of word characters and runs of
    /// other non-space characters); words are seen one symbol per character.
    case whitespace
    /// HF `BertPreTokenizer()`: split on whitespace (dropped), then each punctuation character is
    /// a word of its own; words are seen one symbol per character.
    case bert

    /// Whether words are seen one symbol per byte (byte-level) rather than per character.
    public var isByteLevel: Bool { self == .byteLevel }
}

/// What a set of word counts was counted with. Counts are only comparable (and mergeable) when
/// these are equal, so count files record them.
public struct CountSettings: Sendable, Equatable, CustomStringConvertible {
    public var normalizer: TrainingNormalizer
    public var preTokenizer: TrainingPreTokenizer
    /// Whether each line was romanized (`Romanizer` with no language given) before normalization.
    public var romanize: Bool

    public init(normalizer: TrainingNormalizer = .none, preTokenizer: TrainingPreTokenizer = .byteLevel, romanize: Bool = false) {
        self.normalizer = normalizer
        self.preTokenizer = preTokenizer
        self.romanize = romanize
    }

    public var description: String {
        "normalizer \(normalizer.rawValue), pre-tokenizer \(preTokenizer.rawValue)" + (romanize ? ", romanized" : ", not romanized")
    }
}
