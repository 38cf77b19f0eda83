import CICUShim
import Romanization
import VocabCore

/// Turns one line of text into the words it contributes: romanization (when asked for), then
/// normalization, then pre-tokenization, as `CountSettings` say. One splitter per thread (it
/// owns scratch buffers and the romanizer's caches).
struct WordSplitter {
    let settings: CountSettings
    private var scratch: [UInt8] = []
    private var spaced: [UInt8] = []
    private var romanized: [UInt8] = []
    private var romanizer: Romanizer?
    /// `nmt-nfkc`'s charsmap alone (no whitespace handling), for the HF-style pre-tokenizers.
    private let charsmapOnly: SentencePieceNormalizer?
    /// SentencePiece's normalizer for the `sentencepiece` pre-tokenizer.
    private let sentencePiece: SentencePieceNormalizer?

    init(settings: CountSettings) throws {
        self.settings = settings
        if settings.romanize { romanizer = Romanizer(language: nil) }
        let charsmap = settings.normalizer == .nmtNFKC ? try CharsmapBuilder.blob(for: .nmtNFKC) : []
        if settings.preTokenizer == .sentencePiece {
            sentencePiece = try SentencePieceNormalizer(spec: Self.sentencePieceSpec(charsmap: charsmap))
            charsmapOnly = nil
        } else {
            sentencePiece = nil
            var spec = Self.sentencePieceSpec(charsmap: charsmap)
            spec.addDummyPrefix = false
            spec.removeExtraWhitespaces = false
            spec.escapeWhitespaces = false
            charsmapOnly = charsmap.isEmpty ? nil : try SentencePieceNormalizer(spec: spec)
        }
    }

    /// The normalizer spec SentencePiece trains with: the charsmap (empty for identity), a dummy
    /// `▁` prefix, extra whitespace removed, spaces escaped.
    static func sentencePieceSpec(charsmap: [UInt8]) -> SentencePieceModel.NormalizerSpec {
        var spec = SentencePieceModel.NormalizerSpec()
        spec.name = charsmap.isEmpty ? "identity" : CharsmapBuilder.Rule.nmtNFKC.rawValue
        if !charsmap.isEmpty { spec.precompiledCharsmap = charsmap }
        spec.addDummyPrefix = true
        spec.removeExtraWhitespaces = true
        spec.escapeWhitespaces = true
        return spec
    }

    /// Calls `body` with each word of a line of valid UTF-8 (the line keeps its `\n`, as HF's
    /// `Tokenizer.train(files)` reads it).
    mutating func forEachWord(in line: UnsafeBufferPointer<UInt8>, _ body: (UnsafeRawBufferPointer) -> Void) throws {
        guard romanizer != nil else { return try normalizeAndSplit(line, body) }
        // The romanizer takes a line without its break; the break is put back after it.
        var end = line.count
        while end > 0 && (line[end - 1] == 0x0A || line[end - 1] == 0x0D) { end -= 1 }
        romanized.removeAll(keepingCapacity: true)
        romanizer?.romanize(UnsafeBufferPointer(rebasing: line[0..<end]), into: &romanized)
        romanized.append(contentsOf: line[end...])
        let text = romanized
        try text.withUnsafeBufferPointer { try normalizeAndSplit($0, body) }
    }

    private mutating func normalizeAndSplit(_ line: UnsafeBufferPointer<UInt8>, _ body: (UnsafeRawBufferPointer) -> Void) throws {
        switch settings.normalizer {
        case .none, .nmtNFKC:
            if let charsmapOnly {
                var normalized: [UInt8] = []
                swap(&normalized, &scratch)
                charsmapOnly.normalize(line, into: &normalized)
                normalized.withUnsafeBufferPointer { split($0, body) }
                swap(&normalized, &scratch)
            } else {
                split(line, body)
            }
        case .nfc, .nfkc:
            let n = try normalize(line, form: settings.normalizer == .nfc ? Int32(VT_NFC) : Int32(VT_NFKC))
            let normalized = scratch
            normalized.withUnsafeBufferPointer { split(UnsafeBufferPointer(rebasing: $0[0..<n]), body) }
        case .bert:
            let normalized = Self.bertNormalizer.normalize(Array(line))
            normalized.withUnsafeBufferPointer { split($0, body) }
        }
    }

    /// HF `BertNormalizer()`'s defaults (`strip_accents` follows `lowercase`).
    static let bertNormalizer = HFNormalizer.bert(cleanText: true, handleChineseChars: true, stripAccents: true, lowercase: true)

    private mutating func split(_ text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeRawBufferPointer) -> Void) {
        switch settings.preTokenizer {
        case .byteLevel:
            SplitPattern.r50k.forEachPiece(in: text) { start, end in
                body(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: text[start..<end])))
            }
        case .metaspace:
            metaspaceSplit(text, body)
        case .sentencePiece:
            sentencePieceSplit(text, body)
        case .whitespace:
            for r in HFPreTokenizer.whitespace.splitRanges(text) {
                body(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: text[r])))
            }
        case .bert:
            for r in HFPreTokenizer.bert.splitRanges(text) {
                body(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: text[r])))
            }
        }
    }

    /// HF `Metaspace(replacement="▁", prepend_scheme="always", split=True)`: every space becomes
    /// `▁`, a `▁` is put in front unless the text starts with one, and the text is cut before
    /// each `▁` (the delimiter opens the word that follows it).
    private mutating func metaspaceSplit(_ text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeRawBufferPointer) -> Void) {
        guard !text.isEmpty else { return }
        let mark: [UInt8] = [0xE2, 0x96, 0x81]
        spaced.removeAll(keepingCapacity: true)
        let startsWithMark = text.count >= 3 && text[0] == 0xE2 && text[1] == 0x96 && text[2] == 0x81
        if text[0] != 0x20 && !startsWithMark { spaced.append(contentsOf: mark) }
        for b in text {
            if b == 0x20 { spaced.append(contentsOf: mark) } else { spaced.append(b) }
        }
        spaced.withUnsafeBytes { Self.cutBeforeMarks($0, body) }
    }

    /// SentencePiece's words: the line without its `\n`, normalized by SentencePiece's
    /// normalizer (charsmap, whitespace, `▁`), cut before each `▁`.
    private mutating func sentencePieceSplit(_ text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeRawBufferPointer) -> Void) {
        guard let sentencePiece else { return }
        var n = text.count
        if n > 0 && text[n - 1] == 0x0A { n -= 1 }
        sentencePiece.normalize(UnsafeBufferPointer(rebasing: text[0..<n]), into: &spaced)
        spaced.withUnsafeBytes { Self.cutBeforeMarks($0, body) }
    }

    /// Calls `body` with the pieces of `text` cut before each `▁` after its first byte (a `▁`
    /// opens the word that follows it); nothing for empty text.
    private static func cutBeforeMarks(_ text: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        var start = 0
        var i = 3
        while i + 2 < text.count {
            if text[i] == 0xE2 && text[i + 1] == 0x96 && text[i + 2] == 0x81 {
                body(UnsafeRawBufferPointer(rebasing: text[start..<i]))
                start = i
                i += 3
            } else {
                i += 1
            }
        }
        if start < text.count { body(UnsafeRawBufferPointer(rebasing: text[start...])) }
    }

    /// Normalizes `line` into `scratch`; returns the byte length of the result.
    private mutating func normalize(_ line: UnsafeBufferPointer<UInt8>, form: Int32) throws -> Int {
        guard line.count < Int(Int32.max) / 4 else { throw VocabError("a line is too long to normalize") }
        if scratch.count < line.count * 3 + 16 { scratch = [UInt8](repeating: 0, count: line.count * 3 + 16) }
        for _ in 0..<2 {
            let n = scratch.withUnsafeMutableBufferPointer { out in
                vt_normalize(form, line.baseAddress, Int32(line.count), out.baseAddress, Int32(out.count))
            }
            if n < 0 { throw VocabError("normalization failed") }
            if Int(n) <= scratch.count { return Int(n) }
            scratch = [UInt8](repeating: 0, count: Int(n))
        }
        throw VocabError("normalization failed")
    }
}
