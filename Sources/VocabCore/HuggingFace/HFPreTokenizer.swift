/// An HF `tokenizers` pre-tokenizer (the `pre_tokenizer` of tokenizer.json), applied to each
/// split after normalization (`specs/ENCODERS.md` §3).
public indirect enum HFPreTokenizer: Sendable {
    /// GPT-2's: optional prefix space, the r50k split (when `useRegex`), bytes mapped to chars.
    case byteLevel(addPrefixSpace: Bool, useRegex: Bool)
    /// U+0020 → `replacement`, a prefix per `prependScheme`, then (if `split`) a cut before each
    /// replacement character.
    case metaspace(replacement: String, prependScheme: PrependScheme, split: Bool)
    /// Keeps runs of word characters and runs of other non-space characters.
    case whitespace
    /// Splits on White_Space, dropping it.
    case whitespaceSplit
    /// Splits on White_Space (dropped), then isolates each punctuation character.
    case bert
    /// Splits punctuation characters off with `behavior`.
    case punctuation(SplitBehavior)
    /// Splits numeric characters off (each alone, or runs together).
    case digits(individual: Bool)
    /// Splits on a pattern.
    case split(HFPattern, behavior: SplitBehavior, invert: Bool)
    case sequence([HFPreTokenizer])

    /// When Metaspace prepends its replacement.
    public enum PrependScheme: String, Sendable {
        case always, first, never
    }

    /// Reads a pre-tokenizer object.
    public init(json o: JSONObject) throws {
        let type = try o.typeTag("pre-tokenizer")
        switch type {
        case "ByteLevel":
            self = .byteLevel(
                addPrefixSpace: try o.bool("add_prefix_space", default: true),
                useRegex: try o.bool("use_regex", default: true))
        case "Metaspace":
            let replacement = try o.string("replacement")
            guard replacement.unicodeScalars.count == 1 else {
                throw o.fieldError("Metaspace \"replacement\" must be one character")
            }
            var scheme = PrependScheme.always
            if let s = try o.optionalString("prepend_scheme") {
                guard let parsed = PrependScheme(rawValue: s) else {
                    throw o.fieldError("unknown Metaspace prepend_scheme \"\(s)\"")
                }
                scheme = parsed
            }
            if let legacy = try o.optionalBool("add_prefix_space"), !legacy, scheme != .never {
                throw o.fieldError("Metaspace add_prefix_space does not match declared prepend_scheme")
            }
            self = .metaspace(replacement: replacement, prependScheme: scheme, split: try o.bool("split", default: true))
        case "Whitespace": self = .whitespace
        case "WhitespaceSplit": self = .whitespaceSplit
        case "BertPreTokenizer": self = .bert
        case "Punctuation":
            self = .punctuation(try Self.behavior(o, default: .isolated))
        case "Digits":
            self = .digits(individual: try o.bool("individual_digits", default: false))
        case "Split":
            self = .split(
                try HFPattern(json: o["pattern"], in: o), behavior: try Self.behavior(o, default: nil),
                invert: try o.bool("invert", default: false))
        case "Sequence":
            self = .sequence(try o.objects("pretokenizers").map { try HFPreTokenizer(json: $0) })
        default:
            throw o.fieldError("unknown pre-tokenizer type \"\(type)\"")
        }
    }

    static func behavior(_ o: JSONObject, default fallback: SplitBehavior?) throws -> SplitBehavior {
        guard let s = try o.optionalString("behavior") else {
            if let fallback { return fallback }
            throw o.fieldError("missing \"behavior\"")
        }
        guard let b = SplitBehavior(rawValue: s) else { throw o.fieldError("unknown split behavior \"\(s)\"") }
        return b
    }

    /// A one-line description.
    public var summary: String {
        switch self {
        case .byteLevel(let p, let r): return "ByteLevel(add_prefix_space: \(p), use_regex: \(r))"
        case .metaspace(let r, let s, let split):
            return "Metaspace(\(JSONText.quoted(r)), prepend_scheme: \(s.rawValue), split: \(split))"
        case .whitespace: return "Whitespace"
        case .whitespaceSplit: return "WhitespaceSplit"
        case .bert: return "BertPreTokenizer"
        case .punctuation(let b): return "Punctuation(\(b.rawValue))"
        case .digits(let i): return "Digits(individual_digits: \(i))"
        case .split(let p, let b, let inv): return "Split(\(p.summary), \(b.rawValue), invert: \(inv))"
        case .sequence(let list): return "Sequence[" + list.map(\.summary).joined(separator: ", ") + "]"
        }
    }

    /// Splits (and, for ByteLevel and Metaspace, rewrites) every piece of `input` into `output`.
    public func apply(_ input: PreTokens, into output: inout PreTokens) {
        output.removeAll()
        switch self {
        case .byteLevel(let addPrefixSpace, let useRegex):
            Self.byteLevel(input, &output, addPrefixSpace, useRegex)
        case .metaspace(let replacement, let scheme, let split):
            Self.metaspace(input, &output, Array(replacement.utf8), scheme, split)
        case .sequence(let list):
            var current = input
            var next = PreTokens()
            for p in list {
                p.apply(current, into: &next)
                swap(&current, &next)
            }
            output = current
        case .bert:
            output.bytes = input.bytes
            input.bytes.withUnsafeBufferPointer { all in
                for piece in input.pieces {
                    let text = UnsafeBufferPointer(rebasing: all[piece.start..<piece.end])
                    Self.bertWords(text) { start, end in
                        output.add(piece.start + start, piece.start + end, piece.atOrigin && start == 0)
                    }
                }
            }
        default:
            output.bytes = input.bytes
            input.bytes.withUnsafeBufferPointer { all in
                for piece in input.pieces {
                    let text = UnsafeBufferPointer(rebasing: all[piece.start..<piece.end])
                    for r in splitRanges(text) {
                        output.add(piece.start + r.lowerBound, piece.start + r.upperBound, piece.atOrigin && r.lowerBound == 0)
                    }
                }
            }
        }
    }

    /// The sub-pieces (byte ranges) of one piece of UTF-8 text for the pure splitters
    /// (`whitespace`, `whitespaceSplit`, `bert`, `punctuation`, `digits`, `split`); the rewriting
    /// ones (`byteLevel`, `metaspace`, `sequence`) return the whole piece.
    public func splitRanges(_ text: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        switch self {
        case .whitespace:
            return Self.wordRuns(text)
        case .whitespaceSplit:
            return SplitBehavior.removed.apply(SplitBehavior.segments(text) { UnicodeProperties.isWhiteSpace($0) })
        case .bert:
            var out: [Range<Int>] = []
            Self.bertWords(text) { out.append($0..<$1) }
            return out
        case .punctuation(let behavior):
            return behavior.apply(SplitBehavior.segments(text, isDelimiter: Self.isPunctuation))
        case .digits(let individual):
            let segments = SplitBehavior.segments(text) { UnicodeProperties.category($0).isNumber }
            return (individual ? SplitBehavior.isolated : .contiguous).apply(segments)
        case .split(let pattern, let behavior, let invert):
            if text.isEmpty { return [] }
            let matches = pattern.matches(in: text)
            return behavior.apply(SplitBehavior.segments(matches: matches, count: text.count, invert: invert))
        case .byteLevel, .metaspace, .sequence:
            return [0..<text.count]
        }
    }

    /// BertPreTokenizer's pieces in order: White_Space removed, each punctuation character
    /// (`isPunctuation`) its own piece, the runs between them the others.
    @inline(__always)
    static func bertWords(_ text: UnsafeBufferPointer<UInt8>, _ visit: (Int, Int) -> Void) {
        var runStart = 0
        var i = 0
        while i < text.count {
            let b = text[i]
            if b < 0x80 {
                if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
                    if runStart < i { visit(runStart, i) }
                    runStart = i + 1
                } else if isPunctuation(UInt32(b)) {
                    if runStart < i { visit(runStart, i) }
                    visit(i, i + 1)
                    runStart = i + 1
                }
                i += 1
                continue
            }
            let (cp, n) = UTF8Scan.decode(text, at: i)
            if UnicodeProperties.isWhiteSpace(cp) {
                if runStart < i { visit(runStart, i) }
                runStart = i + n
            } else if isPunctuation(cp) {
                if runStart < i { visit(runStart, i) }
                visit(i, i + n)
                runStart = i + n
            }
            i += n
        }
        if runStart < text.count { visit(runStart, text.count) }
    }

    /// ASCII punctuation or Unicode P*.
    static func isPunctuation(_ cp: UInt32) -> Bool {
        if cp < 0x80 {
            return (cp >= 0x21 && cp <= 0x2F) || (cp >= 0x3A && cp <= 0x40) || (cp >= 0x5B && cp <= 0x60)
                || (cp >= 0x7B && cp <= 0x7E)
        }
        return UnicodeProperties.category(cp).isPunctuation
    }

    /// Matches of `\w+|[^\w\s]+`.
    static func wordRuns(_ text: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var runStart = -1
        var runIsWord = false
        var i = 0
        while i < text.count {
            let (cp, n) = UTF8Scan.decode(text, at: i)
            if UnicodeProperties.isWhiteSpace(cp) {
                if runStart >= 0 { out.append(runStart..<i) }
                runStart = -1
            } else {
                let word = WordCharacters.isWord(cp)
                if runStart >= 0 && word != runIsWord {
                    out.append(runStart..<i)
                    runStart = -1
                }
                if runStart < 0 {
                    runStart = i
                    runIsWord = word
                }
            }
            i += n
        }
        if runStart >= 0 { out.append(runStart..<text.count) }
        return out
    }

    static func byteLevel(_ input: PreTokens, _ output: inout PreTokens, _ addPrefixSpace: Bool, _ useRegex: Bool) {
        var scratch: [UInt8] = []
        input.bytes.withUnsafeBufferPointer { all in
            for piece in input.pieces {
                let text = UnsafeBufferPointer(rebasing: all[piece.start..<piece.end])
                if addPrefixSpace && text.first != 0x20 {
                    scratch.removeAll(keepingCapacity: true)
                    scratch.append(0x20)
                    scratch.append(contentsOf: text)
                    scratch.withUnsafeBufferPointer { emitByteLevel($0, piece.atOrigin, useRegex, &output) }
                    continue
                }
                emitByteLevel(text, piece.atOrigin, useRegex, &output)
            }
        }
    }

    static func emitByteLevel(_ text: UnsafeBufferPointer<UInt8>, _ atOrigin: Bool, _ useRegex: Bool, _ output: inout PreTokens) {
        func emit(_ start: Int, _ end: Int) {
            let outStart = output.bytes.count
            for k in start..<end { ByteLevelAlphabet.append(text[k], to: &output.bytes) }
            output.add(outStart, output.bytes.count, atOrigin && start == 0)
        }
        if useRegex {
            SplitPattern.r50k.forEachPiece(in: text) { s, e in emit(s, e) }
        } else {
            emit(0, text.count)
        }
    }

    static func metaspace(
        _ input: PreTokens, _ output: inout PreTokens, _ replacement: [UInt8], _ scheme: PrependScheme, _ split: Bool
    ) {
        input.bytes.withUnsafeBufferPointer { all in
            for piece in input.pieces {
                let text = UnsafeBufferPointer(rebasing: all[piece.start..<piece.end])
                let outStart = output.bytes.count
                let startsWithReplacement =
                    text.count >= replacement.count && text.prefix(replacement.count).elementsEqual(replacement)
                let startsWithSpaceToReplace = text.first == 0x20
                let prepend: Bool
                switch scheme {
                case .always: prepend = !startsWithReplacement && !startsWithSpaceToReplace
                case .first: prepend = !startsWithReplacement && !startsWithSpaceToReplace && piece.atOrigin
                case .never: prepend = false
                }
                if prepend { output.bytes.append(contentsOf: replacement) }
                for b in text {
                    if b == 0x20 { output.bytes.append(contentsOf: replacement) } else { output.bytes.append(b) }
                }
                let outEnd = output.bytes.count
                if !split {
                    output.add(outStart, outEnd, piece.atOrigin)
                    continue
                }
                // Cut before every replacement character (MergedWithNext).
                var cut = outStart
                var i = outStart
                let r0 = replacement[0]
                while i < outEnd {
                    if output.bytes[i] == r0 && i + replacement.count <= outEnd
                        && output.bytes[i..<i + replacement.count].elementsEqual(replacement)
                    {
                        if i > cut { output.add(cut, i, piece.atOrigin && cut == outStart) }
                        cut = i
                        i += replacement.count
                    } else {
                        i += 1
                    }
                }
                output.add(cut, outEnd, piece.atOrigin && cut == outStart)
            }
        }
    }
}

/// GPT-2's byte-to-character alphabet: bytes 0x21–0x7E, 0xA1–0xAC and 0xAE–0xFF stand for
/// themselves; the other 68 bytes map, in order, to U+0100… (space → `Ġ` U+0120).
public enum ByteLevelAlphabet {
    /// The code point each byte stands for.
    public static let characters: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 256)
        var next: UInt32 = 0x100
        for b in 0..<256 {
            if (0x21...0x7E).contains(b) || (0xA1...0xAC).contains(b) || (0xAE...0xFF).contains(b) {
                table[b] = UInt32(b)
            } else {
                table[b] = next
                next += 1
            }
        }
        return table
    }()

    /// The UTF-8 of each byte's character.
    static let encoded: [[UInt8]] = characters.map { cp in
        var out: [UInt8] = []
        UTF8Scan.append(cp, to: &out)
        return out
    }

    /// The byte a character stands for, or nil.
    public static func byte(for cp: UInt32) -> UInt8? {
        if cp < 0x100, characters[Int(cp)] == cp { return UInt8(cp) }
        if cp >= 0x100 && cp < 0x144 {
            return byteOfExtra[Int(cp - 0x100)]
        }
        return nil
    }

    static let byteOfExtra: [UInt8] = {
        var out = [UInt8](repeating: 0, count: 0x44)
        for b in 0..<256 where characters[b] >= 0x100 { out[Int(characters[b] - 0x100)] = UInt8(b) }
        return out
    }()

    @inline(__always)
    static func append(_ byte: UInt8, to out: inout [UInt8]) {
        let cp = characters[Int(byte)]
        if cp < 0x80 {
            out.append(UInt8(cp))
        } else {
            out.append(UInt8(0xC0 | cp >> 6))
            out.append(UInt8(0x80 | cp & 0x3F))
        }
    }
}

/// Rust regex's Unicode `\w`: Alphabetic, marks, decimal digits, connector punctuation and
/// join controls (approximated from general categories: L, M, Nd, Nl, Pc, ZWNJ/ZWJ, circled
/// letters).
enum WordCharacters {
    static func isWord(_ cp: UInt32) -> Bool {
        if cp < 0x80 {
            return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5A) || (cp >= 0x61 && cp <= 0x7A) || cp == 0x5F
        }
        if cp == 0x200C || cp == 0x200D || (cp >= 0x24B6 && cp <= 0x24E9) { return true }
        let c = UnicodeProperties.category(cp)
        return c.isLetter || c.isMark || c == .decimalNumber || c == .letterNumber || c == .connectorPunctuation
    }
}
