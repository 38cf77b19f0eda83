/// SentencePiece's normalizer (`normalizer.cc`): user-defined symbols copied verbatim, the
/// precompiled charsmap's longest rule, whitespace handling and the `▁` escape, over the whole
/// input string.
public struct SentencePieceNormalizer: Sendable {
    let charsmap: PrecompiledCharsmap?
    let userDefined: PieceTrie?
    let addDummyPrefix: Bool
    let removeExtraWhitespaces: Bool
    let escapeWhitespaces: Bool
    let treatWhitespaceAsSuffix: Bool

    /// - Parameters:
    ///   - spec: the normalizer (or denormalizer) spec.
    ///   - userDefinedSymbols: pieces matched before the charsmap and copied unchanged.
    ///   - treatWhitespaceAsSuffix: the trainer spec's flag (the dummy `▁` goes at the end).
    public init(
        spec: SentencePieceModel.NormalizerSpec, userDefinedSymbols: [[UInt8]] = [],
        treatWhitespaceAsSuffix: Bool = false
    ) throws {
        let blob = spec.precompiledCharsmap
        charsmap = blob.isEmpty ? nil : try PrecompiledCharsmap(blob)
        let symbols = userDefinedSymbols.filter { !$0.isEmpty }
        userDefined = symbols.isEmpty ? nil : PieceTrie(symbols.map { ($0, 0) })
        addDummyPrefix = spec.addDummyPrefix
        removeExtraWhitespaces = spec.removeExtraWhitespaces
        escapeWhitespaces = spec.escapeWhitespaces
        self.treatWhitespaceAsSuffix = treatWhitespaceAsSuffix
    }

    /// The byte length of the valid UTF-8 character at `i`, or nil for a malformed one.
    @inline(__always)
    static func validCharacterLength(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        let b0 = p[i]
        if b0 < 0x80 { return 1 }
        let n = p.count - i
        @inline(__always) func trail(_ k: Int) -> UInt32? {
            let b = p[i + k]
            return b & 0xC0 == 0x80 ? UInt32(b & 0x3F) : nil
        }
        if b0 & 0xE0 == 0xC0, n >= 2, let t1 = trail(1) {
            let cp = UInt32(b0 & 0x1F) << 6 | t1
            return cp >= 0x80 ? 2 : nil
        }
        if b0 & 0xF0 == 0xE0, n >= 3, let t1 = trail(1), let t2 = trail(2) {
            let cp = UInt32(b0 & 0x0F) << 12 | t1 << 6 | t2
            return cp >= 0x800 && (cp < 0xD800 || cp >= 0xE000) ? 3 : nil
        }
        if b0 & 0xF8 == 0xF0, n >= 4, let t1 = trail(1), let t2 = trail(2), let t3 = trail(3) {
            let cp = UInt32(b0 & 0x07) << 18 | t1 << 12 | t2 << 6 | t3
            return cp >= 0x10000 && cp <= 0x10FFFF ? 4 : nil
        }
        return nil
    }

    /// What one normalization step produced: a range of the input, a range of the charsmap's
    /// strings, or U+FFFD for a malformed byte; and how many input bytes it consumed.
    enum Unit {
        case input(Range<Int>)
        case rule(PrecompiledCharsmap.Match)
        case replacementCharacter
    }

    @inline(__always)
    func normalizePrefix(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> (unit: Unit, consumed: Int) {
        if let userDefined, let m = userDefined.longestPrefix(of: p, from: i) {
            return (.input(i..<(i + m.length)), m.length)
        }
        if let charsmap, let m = charsmap.longestMatch(in: p, from: i) {
            return (.rule(m), m.length)
        }
        if let n = Self.validCharacterLength(p, i) { return (.input(i..<(i + n)), n) }
        return (.replacementCharacter, 1)
    }

    /// Calls `body` with the bytes of a unit.
    @inline(__always)
    func withBytes<R>(_ unit: Unit, in p: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        switch unit {
        case .input(let r):
            return body(UnsafeBufferPointer(rebasing: p[r]))
        case .rule(let m):
            guard let charsmap else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
            return charsmap.withReplacement(m, body)
        case .replacementCharacter:
            return withUnsafeBytes(of: (UInt8(0xEF), UInt8(0xBF), UInt8(0xBD))) {
                body($0.bindMemory(to: UInt8.self))
            }
        }
    }

    static let spaceSymbol: [UInt8] = [0xE2, 0x96, 0x81]

    /// `normalize` for a spec without charsmap or user-defined symbols (Llama's identity
    /// normalizer), where every unit is one character: the same result, without the general
    /// machinery.
    func normalizeCharacters(_ input: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        let n = input.count
        var i = 0
        if removeExtraWhitespaces {
            while i < n && input[i] == 0x20 { i += 1 }
            if i == n { return }
        }
        out.reserveCapacity(n + n / 2 + 8)
        let escape = escapeWhitespaces
        if !treatWhitespaceAsSuffix && addDummyPrefix {
            if escape { out.append(contentsOf: Self.spaceSymbol) } else { out.append(0x20) }
        }
        var isPrevSpace = removeExtraWhitespaces
        while i < n {
            let b = input[i]
            if b == 0x20 {
                if !isPrevSpace {
                    if escape { out.append(contentsOf: Self.spaceSymbol) } else { out.append(0x20) }
                    isPrevSpace = removeExtraWhitespaces
                }
                i += 1
            } else if b < 0x80 {
                out.append(b)
                isPrevSpace = false
                i += 1
            } else if let length = Self.validCharacterLength(input, i) {
                out.append(contentsOf: input[i..<(i + length)])
                isPrevSpace = false
                i += length
            } else {
                out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                isPrevSpace = false
                i += 1
            }
        }
        finish(&out)
    }

    /// Trailing whitespace removal and the suffix-mode `▁`, the last steps of `normalize`.
    func finish(_ out: inout [UInt8]) {
        if removeExtraWhitespaces {
            if escapeWhitespaces {
                while out.count >= 3 && out[out.count - 3] == 0xE2 && out[out.count - 2] == 0x96 && out[out.count - 1] == 0x81 {
                    out.removeLast(3)
                }
            } else {
                while out.last == 0x20 { out.removeLast() }
            }
        }
        if treatWhitespaceAsSuffix && addDummyPrefix {
            if escapeWhitespaces { out.append(contentsOf: Self.spaceSymbol) } else { out.append(0x20) }
        }
    }

    /// Normalizes `input` into `out` (cleared first), exactly as `Normalizer::Normalize`.
    public func normalize(_ input: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        if input.isEmpty { return }
        if charsmap == nil && userDefined == nil {
            normalizeCharacters(input, into: &out)
            return
        }
        let escape = escapeWhitespaces
        var i = 0
        if removeExtraWhitespaces {
            while i < input.count {
                let (unit, consumed) = normalizePrefix(input, at: i)
                let isSpace = withBytes(unit, in: input) { $0.count == 1 && $0[0] == 0x20 }
                if !isSpace { break }
                i += consumed
            }
            if i == input.count { return }
        }
        out.reserveCapacity(input.count * 3 / 2 + 8)
        func addSpace(_ out: inout [UInt8]) {
            if escape { out.append(contentsOf: Self.spaceSymbol) } else { out.append(0x20) }
        }
        if !treatWhitespaceAsSuffix && addDummyPrefix { addSpace(&out) }
        var isPrevSpace = removeExtraWhitespaces
        while i < input.count {
            let (unit, consumed) = normalizePrefix(input, at: i)
            withBytes(unit, in: input) { sp in
                var start = 0
                if isPrevSpace {
                    while start < sp.count && sp[start] == 0x20 { start += 1 }
                }
                if start < sp.count {
                    for k in start..<sp.count {
                        let b = sp[k]
                        if b == 0x20 { addSpace(&out) } else { out.append(b) }
                    }
                    isPrevSpace = sp[sp.count - 1] == 0x20
                }
            }
            i += consumed
            if !removeExtraWhitespaces { isPrevSpace = false }
        }
        finish(&out)
    }
}
