extension HFTokenizer {
    /// Calls `body` with each pre-token of `text` (valid UTF-8) as the model receives it: after the
    /// normalizer and the pre-tokenizer (`Ġword` for byte-level, `▁word` for Metaspace). Text that
    /// matches an added token is left out. For corpus statistics (vocabulary expansion, training).
    public func forEachWord(_ text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        func normalizedWords(_ bytes: [UInt8], atOrigin: Bool) {
            if bytes.isEmpty { return }
            let pre = preTokens(bytes, atOrigin: atOrigin)
            pre.bytes.withUnsafeBufferPointer { all in
                for piece in pre.pieces { body(UnsafeBufferPointer(rebasing: all[piece.start..<piece.end])) }
            }
        }
        func splitWords(_ split: UnsafeBufferPointer<UInt8>, atOrigin: Bool) {
            if split.isEmpty { return }
            let normalized = normalizer?.normalize(Array(split)) ?? Array(split)
            guard let normalizedMatcher else {
                normalizedWords(normalized, atOrigin: atOrigin)
                return
            }
            let splits = normalized.withUnsafeBufferPointer { normalizedMatcher.split($0) }
            for s in splits where s.id == nil {
                normalizedWords(Array(normalized[s.range]), atOrigin: atOrigin && s.range.lowerBound == 0)
            }
        }
        guard let rawMatcher else {
            splitWords(text, atOrigin: true)
            return
        }
        for split in rawMatcher.split(text) where split.id == nil {
            splitWords(UnsafeBufferPointer(rebasing: text[split.range]), atOrigin: split.range.lowerBound == 0)
        }
    }
}
