/// The regex split patterns of the tiktoken encodings (and HF ByteLevel's, which is r50k's), as
/// hand-written exact scanners over UTF-8 bytes.
///
/// Each scanner reproduces its regex under backtracking, leftmost-first semantics (fancy-regex /
/// Oniguruma): `\p{…}` and `\s` come from `UnicodeProperties` (ICU 72 = Unicode 15.0, which agrees
/// with the reference engines on every FLORES character), `(?i:…)` uses simple case folding
/// (`'ſ` matches `'s`), `$` is the end of the text. See `specs/ENCODERS.md` §6.1.
public enum SplitPattern: String, Sendable, CaseIterable {
    /// GPT-2 / r50k / p50k; also HF ByteLevel's regex.
    case r50k
    /// cl100k_base (GPT-3.5/4).
    case cl100k
    /// o200k_base (GPT-4o).
    case o200k
    /// Llama 3.
    case llama3
    /// Qwen2 (single digits).
    case qwen2
    /// Mistral's tekken (o200k without contractions, single digits).
    case tekken

    /// The pattern called `name` (`r50k`, `cl100k`, `o200k`, `llama3`, `qwen2`, `tekken`; also
    /// `gpt2`, `p50k`, `llama-3`, and the `_base` spellings), case-insensitively.
    public init?(name: String) {
        var key = name.lowercased()
        if key.hasSuffix("_base") { key.removeLast(5) }
        switch key {
        case "r50k", "gpt2", "p50k": self = .r50k
        case "cl100k": self = .cl100k
        case "o200k": self = .o200k
        case "llama3", "llama-3": self = .llama3
        case "qwen2", "qwen": self = .qwen2
        case "tekken": self = .tekken
        default: return nil
        }
    }

    /// The regex this scanner implements, as the reference library writes it.
    public var regex: String {
        switch self {
        case .r50k:
            return #"'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s"#
        case .cl100k:
            return #"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"#
        case .o200k:
            return [
                #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?"#,
                #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?"#,
                #"\p{N}{1,3}"#, #" ?[^\s\p{L}\p{N}]+[\r\n/]*"#, #"\s*[\r\n]+"#, #"\s+(?!\S)"#, #"\s+"#,
            ].joined(separator: "|")
        case .llama3:
            return #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
        case .qwen2:
            return #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
        case .tekken:
            return [
                #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+"#,
                #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*"#,
                #"\p{N}"#, #" ?[^\s\p{L}\p{N}]+[\r\n/]*"#, #"\s*[\r\n]+"#, #"\s+(?!\S)"#, #"\s+"#,
            ].joined(separator: "|")
        }
    }

    /// Calls `body(start, end)` with the byte range of each piece of UTF-8 `text`, in order.
    /// The pieces cover the text exactly; empty text has none.
    /// - Complexity: O(n) in the byte length of `text`.
    @inlinable
    public func forEachPiece(in text: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void) {
        guard !text.isEmpty else { return }
        PieceCursor.with(text) { cursor in
            var i = 0
            let n = cursor.count
            while i < n {
                let end: Int
                switch self {
                case .r50k: end = cursor.r50kPieceEnd(at: i)
                case .cl100k: end = cursor.cl100kPieceEnd(at: i, digits: 3, wholeRunAtEndFirst: true)
                case .o200k: end = cursor.o200kPieceEnd(at: i)
                case .llama3: end = cursor.cl100kPieceEnd(at: i, digits: 3, wholeRunAtEndFirst: false)
                case .qwen2: end = cursor.cl100kPieceEnd(at: i, digits: 1, wholeRunAtEndFirst: false)
                case .tekken: end = cursor.o200kPieceEnd(at: i, contractions: false, digits: 1)
                }
                body(i, end)
                i = end
            }
        }
    }

    /// The byte ranges of the pieces of UTF-8 `text`.
    public func pieces(in text: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        forEachPiece(in: text) { result.append($0..<$1) }
        return result
    }

    /// The pieces of a string (convenience for tests and small inputs).
    public func pieces(of text: String) -> [String] {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            pieces(in: buffer).map { String(decoding: buffer[$0], as: UTF8.self) }
        }
    }
}
