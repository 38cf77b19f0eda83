import CICUShim
import VocabCore

/// Builds SentencePiece normalization rules from this machine's ICU, the way SentencePiece's
/// `Builder` (`builder.cc`: `BuildNFKCMap`, `BuildNmtNFKCMap`, `RemoveRedundantMap`,
/// `CompileCharsMap`) builds the rules it ships, and compiles them into a precompiled charsmap
/// blob that `PrecompiledCharsmap`, SentencePiece and HF's `Precompiled` normalizer all read.
///
/// The rules:
/// - every code point whose NFKC differs from itself maps to its NFKC;
/// - every sequence whose characters each decompose (NFKD) to a single character, and which
///   together spell the full NFKD of some code point, maps to that decomposition's NFKC when it
///   differs (so decomposed or compatibility-variant spellings of `é` or `각` compose);
/// - `nmtNFKC` adds SentencePiece's NMT rules: tab, line feed, form feed, carriage return,
///   U+061C, U+1680, U+200B, U+200C, U+200E, U+200F, U+2028, U+2029, `▁` U+2581, U+FEFF and U+FFFD
///   become a space; the C0 controls other than those, U+007F, U+008F and U+009F are removed;
///   FULLWIDTH TILDE U+FF5E is left as it is;
/// - rules that shorter rules already produce are dropped.
///
/// The Unicode version is the one of the ICU the tool runs with, so the rules can differ from the
/// ones compiled into a given SentencePiece release for characters added since.
public enum CharsmapBuilder {
    /// A SentencePiece normalization rule name.
    public enum Rule: String, Sendable {
        /// `nfkc`: Unicode NFKC.
        case nfkc
        /// `nmt_nfkc`: NFKC plus the NMT whitespace and control-character rules (SentencePiece's
        /// default).
        case nmtNFKC = "nmt_nfkc"
    }

    typealias Chars = [UInt32]
    typealias CharsMap = [Chars: Chars]

    /// The compiled charsmap blob of `rule` (built once per process).
    public static func blob(for rule: Rule) throws -> [UInt8] {
        switch rule {
        case .nfkc: return try nfkcBlob.get()
        case .nmtNFKC: return try nmtNFKCBlob.get()
        }
    }

    private static let nfkcBlob = Result<[UInt8], any Error>(catching: { try compile(try nfkcMap()) })
    private static let nmtNFKCBlob = Result<[UInt8], any Error>(catching: { try compile(try nmtNFKCMap()) })

    // MARK: Rules

    /// `U_IS_UNICODE_CHAR`: a scalar value that is not a noncharacter.
    static func isUnicodeCharacter(_ cp: UInt32) -> Bool {
        guard cp < 0xD800 || (cp > 0xDFFF && cp <= 0x10FFFF) else { return false }
        return !(cp >= 0xFDD0 && (cp <= 0xFDEF || cp & 0xFFFE == 0xFFFE))
    }

    /// NFKC rules (`BuildNFKCMap`), redundant rules removed.
    static func nfkcMap() throws -> CharsMap {
        var map = CharsMap()
        var originals: [UInt32: [UInt32]] = [:]  // one-character NFKD -> the code points with it
        var decompositions = Set<Chars>()
        var scratch = ICUScratch()
        for cp in UInt32(1)...0x10FFFF where isUnicodeCharacter(cp) {
            // Unassigned, private-use and surrogate code points normalize to themselves and are
            // in no decomposition: they add no rule.
            let category = vt_char_type(cp)
            if category == 0 || category == 17 || category == 18 { continue }
            let nfkc = try scratch.normalize([cp], form: Int32(VT_NFKC))
            if nfkc.count >= 2 || (nfkc.count == 1 && nfkc[0] != cp) { map[[cp]] = nfkc }
            let nfkd = try scratch.normalize([cp], form: Int32(VT_NFKD))
            if nfkd.count == 1 {
                originals[nfkd[0], default: []].append(cp)
            } else {
                decompositions.insert(nfkd)
            }
        }
        for nfkd in decompositions {
            let nfkc = try scratch.normalize(nfkd, form: Int32(VT_NFKC))
            if nfkc == nfkd { continue }
            // Every spelling of `nfkd` by characters that decompose to its characters.
            var spellings: [Chars] = [[]]
            for c in nfkd {
                guard let variants = originals[c] else {
                    throw VocabError("NFKC rules: U+\(String(c, radix: 16, uppercase: true)) has no one-character source")
                }
                spellings = spellings.flatMap { prefix in variants.map { prefix + [$0] } }
            }
            for spelling in spellings where spelling != nfkc { map[spelling] = nfkc }
        }
        return try removingRedundant(map)
    }

    /// NFKC plus SentencePiece's NMT rules (`BuildNmtNFKCMap`).
    static func nmtNFKCMap() throws -> CharsMap {
        var map = try nfkcMap()
        // U+061C ARABIC LETTER MARK is not in builder.cc's list but is a space in the
        // nmt_nfkc rules SentencePiece 0.2 ships, like the other direction marks.
        let spaces: [UInt32] = [
            0x09, 0x0A, 0x0C, 0x0D, 0x061C, 0x1680, 0x200B, 0x200E, 0x200F, 0x2028, 0x2029, 0x2581, 0xFEFF, 0xFFFD,
            0x200C,
        ]
        for cp in spaces { map[[cp]] = [0x20] }
        let removed: [UInt32] = Array(0x01...0x08) + [0x0B] + Array(0x0E...0x1F) + [0x7F, 0x8F, 0x9F]
        for cp in removed { map[[cp]] = [] }
        map[[0xFF5E]] = nil
        return try removingRedundant(map)
    }

    /// Applies `map` greedily, longest key (at most `maxLength` characters) first.
    static func apply(_ map: CharsMap, to source: Chars, maxLength: Int) -> Chars {
        var out: Chars = []
        var i = 0
        while i < source.count {
            var length = min(maxLength, source.count - i)
            var rule: Chars? = nil
            while length > 0 {
                if let found = map[Array(source[i..<(i + length)])] {
                    rule = found
                    break
                }
                length -= 1
            }
            if let rule {
                out += rule
                i += length
            } else {
                out.append(source[i])
                i += 1
            }
        }
        return out
    }

    /// `RemoveRedundantMap`: keeps the one-character rules and each longer rule that the
    /// shorter kept rules do not already produce.
    static func removingRedundant(_ map: CharsMap) throws -> CharsMap {
        var kept = CharsMap()
        var byLength: [Int: [(Chars, Chars)]] = [:]
        for (key, value) in map {
            if key.count == 1 { kept[key] = value } else { byLength[key.count, default: []].append((key, value)) }
        }
        let maxLength = map.keys.map(\.count).max() ?? 0
        guard maxLength > 0 else { throw VocabError("NFKC rules: empty rule set") }
        if maxLength >= 2 {
            for length in 2...maxLength {
                for (key, value) in byLength[length] ?? [] where apply(kept, to: key, maxLength: length - 1) != value {
                    kept[key] = value
                }
            }
        }
        for (key, value) in map where apply(kept, to: key, maxLength: maxLength) != value {
            throw VocabError("NFKC rules: the reduced rules do not reproduce a rule")
        }
        return kept
    }

    // MARK: Compiling

    /// `CompileCharsMap`: the replacement strings (each distinct one once, NUL-terminated, in
    /// code point order) and a double array from each key's UTF-8 to its string's offset.
    static func compile(_ map: CharsMap) throws -> [UInt8] {
        guard !map.isEmpty else { throw VocabError("cannot compile an empty charsmap") }
        var strings: [UInt8] = []
        var offsetOf: [Chars: Int] = [:]
        for target in Set(map.values).sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            offsetOf[target] = strings.count
            strings += utf8(target)
            strings.append(0)
        }
        let entries = map.map { (key: utf8($0.key), value: offsetOf[$0.value] ?? 0) }
            .sorted { $0.key.lexicographicallyPrecedes($1.key) }
        let units = try DoubleArrayBuilder.build(keys: entries.map(\.key), values: entries.map(\.value))
        var blob: [UInt8] = []
        blob.reserveCapacity(4 + units.count * 4 + strings.count)
        let trieSize = UInt32(units.count * 4)
        for shift in stride(from: 0, to: 32, by: 8) { blob.append(UInt8(truncatingIfNeeded: trieSize >> UInt32(shift))) }
        for unit in units {
            for shift in stride(from: 0, to: 32, by: 8) { blob.append(UInt8(truncatingIfNeeded: unit >> UInt32(shift))) }
        }
        blob += strings
        let compiled = try PrecompiledCharsmap(blob)
        for entry in entries {
            var matches = 0
            entry.key.withUnsafeBufferPointer { key in
                compiled.forEachPrefixMatch(in: key, from: 0) { _ in matches += 1; return true }
            }
            guard matches < PrecompiledCharsmap.maximumMatchesConsidered else {
                throw VocabError("charsmap has a key with \(matches) rules on its prefixes; SentencePiece considers 32")
            }
        }
        return blob
    }

    static func utf8(_ chars: Chars) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(chars.count * 3)
        for cp in chars {
            switch cp {
            case 0..<0x80:
                out.append(UInt8(cp))
            case 0x80..<0x800:
                out += [UInt8(0xC0 | cp >> 6), UInt8(0x80 | cp & 0x3F)]
            case 0x800..<0x10000:
                out += [UInt8(0xE0 | cp >> 12), UInt8(0x80 | cp >> 6 & 0x3F), UInt8(0x80 | cp & 0x3F)]
            default:
                out += [
                    UInt8(0xF0 | cp >> 18), UInt8(0x80 | cp >> 12 & 0x3F), UInt8(0x80 | cp >> 6 & 0x3F),
                    UInt8(0x80 | cp & 0x3F),
                ]
            }
        }
        return out
    }
}

/// One buffer for many ICU normalizations of short strings.
private struct ICUScratch {
    var output = [UInt8](repeating: 0, count: 256)

    mutating func normalize(_ chars: [UInt32], form: Int32) throws -> [UInt32] {
        let input = CharsmapBuilder.utf8(chars)
        while true {
            let n = input.withUnsafeBufferPointer { src in
                output.withUnsafeMutableBufferPointer { dst in
                    vt_normalize(form, src.baseAddress, Int32(src.count), dst.baseAddress, Int32(dst.count))
                }
            }
            if n < 0 { throw VocabError("ICU could not normalize U+\(String(chars.first ?? 0, radix: 16))") }
            if Int(n) > output.count {
                output = [UInt8](repeating: 0, count: Int(n))
                continue
            }
            return String(decoding: output[0..<Int(n)], as: UTF8.self).unicodeScalars.map(\.value)
        }
    }
}
