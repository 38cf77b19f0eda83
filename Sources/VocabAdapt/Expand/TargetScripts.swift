import VocabCore

/// The scripts of the target language: `--add` learns only tokens whose text holds one of their
/// characters, so text without them (English, when the target is Amharic) is segmented exactly
/// as before.
///
/// A token qualifies when its text holds a whole character of a target script, or ends with the
/// start of a character that can only be one of a target script (byte-level BPE builds
/// characters from bytes: `E1 8A` can only begin an Ethiopic character, `E1` alone could begin
/// a Latin, Myanmar or Georgian one). Either way, a text containing the token contains a
/// target-script character, so a new merge or piece never applies to text without one.
public struct TargetScripts: Sendable, Equatable {
    /// ICU script codes.
    public let codes: Set<Int32>
    /// Pieces are written in the byte-level alphabet (`Ġ` for a space byte).
    public let byteLevel: Bool

    /// Explicit scripts (ISO 15924 codes or names: `Ethi`, `Mymr`, `Latn`).
    public init(names: [String], byteLevel: Bool) throws {
        var codes = Set<Int32>()
        for name in names {
            guard let code = Scripts.scriptCode(named: name), code != Scripts.unknownCode else {
                throw VocabError("unknown script \"\(name)\" (give ISO 15924 codes such as Ethi, Mymr, Latn, or all)")
            }
            guard code > 1 else {
                throw VocabError("\(name) (Common or Inherited: digits, punctuation, marks) cannot be a target script; use all to allow every token")
            }
            codes.insert(code)
        }
        self.codes = codes
        self.byteLevel = byteLevel
    }

    /// The scripts that hold at least `share` of the characters of the corpus `files` that belong
    /// to a script (Common and Inherited characters, such as digits, punctuation and combining
    /// marks, do not count). The raw text is read, so words a vocabulary without byte fallback
    /// would lose to the unknown token still count.
    public init(
        detectingIn files: [String], byteLevel: Bool, policy: InvalidUTF8Policy = .fail,
        pipeline: LinePipeline = LinePipeline(), share: Double = 0.05
    ) throws {
        self.init(letters: try Self.letterCounts(in: files, policy: policy, pipeline: pipeline), byteLevel: byteLevel, share: share)
    }

    /// The scripts that hold at least `share` of `letters` (characters by ICU script code, as
    /// `letterCounts` counts them).
    public init(letters: [Int32: Int], byteLevel: Bool, share: Double = 0.05) {
        self.byteLevel = byteLevel
        let total = letters.values.reduce(0, +)
        codes = Set(letters.filter { Double($0.value) >= share * Double(total) }.keys)
    }

    /// The characters of `files` that belong to a script (not Common or Inherited), by ICU script code.
    public static func letterCounts(
        in files: [String], policy: InvalidUTF8Policy = .fail, pipeline: LinePipeline = LinePipeline()
    ) throws -> [Int32: Int] {
        let parts = try pipeline.run(
            files,
            state: { [Int32: Int]() },
            process: { counts, block in
                try block.forEachLine(policy: policy) { line, _ in
                    var i = 0
                    while i < line.count {
                        guard let n = UTF8Scan.validLength(line, at: i) else {
                            i += 1
                            continue
                        }
                        let code = Scripts.scriptCode(of: UTF8Scan.decode(line, at: i).scalar)
                        i += n
                        guard code > 1, code != Scripts.unknownCode else { continue }
                        counts[code, default: 0] += 1
                    }
                }
            })
        return parts.reduce(into: [:]) { all, part in all.merge(part, uniquingKeysWith: +) }
    }

    /// The ISO 15924 codes, sorted.
    public var names: [String] { codes.map { Scripts.name(ofScriptCode: $0) }.sorted() }

    /// Whether a new token with this piece (in the vocabulary's notation) may be learned.
    public func admits(_ piece: [UInt8]) -> Bool {
        let bytes = TargetScripts.text(of: piece, byteLevel: byteLevel)
        var i = 0
        while i < bytes.count {
            let length = UTF8Scan.sequenceLength(lead: bytes[i])
            let valid = bytes.withUnsafeBufferPointer { UTF8Scan.validLength($0, at: i) }
            if let valid {
                let cp = bytes.withUnsafeBufferPointer { UTF8Scan.decode($0, at: i).scalar }
                if codes.contains(Scripts.scriptCode(of: cp)) { return true }
                i += valid
                continue
            }
            // The start of a character cut off by the end of the piece.
            if length > 1, i + length > bytes.count, onlyTargetCompletions(Array(bytes[i...]), length: length) { return true }
            i += 1
        }
        return false
    }

    /// Whether every assigned code point whose UTF-8 encoding starts with `prefix` (a lead byte
    /// and fewer continuation bytes than `length` needs) has a target script.
    func onlyTargetCompletions(_ prefix: [UInt8], length: Int) -> Bool {
        guard prefix.dropFirst().allSatisfy({ $0 & 0xC0 == 0x80 }) else { return false }
        let leadBits: [UInt8: UInt32] = [2: 0x1F, 3: 0x0F, 4: 0x07]
        guard let mask = leadBits[UInt8(length)] else { return false }
        var value = UInt32(prefix[0]) & mask
        for b in prefix.dropFirst() { value = value << 6 | UInt32(b & 0x3F) }
        let free = 6 * (length - prefix.count)
        // A lead byte alone of a 4-byte character spans several planes, with many scripts.
        guard free <= 12 else { return false }
        let low = value << UInt32(free)
        let high = low | ((1 << UInt32(free)) - 1)
        guard high <= 0x10FFFF else { return false }
        var any = false
        for cp in low...high where !(0xD800...0xDFFF).contains(cp) {
            let code = Scripts.scriptCode(of: cp)
            if code == Scripts.unknownCode { continue }
            guard codes.contains(code) else { return false }
            any = true
        }
        return any
    }

    /// The raw text bytes of a piece: byte-level characters mapped back to their bytes.
    static func text(of piece: [UInt8], byteLevel: Bool) -> [UInt8] {
        guard byteLevel, let string = String(validating: piece, as: UTF8.self) else { return piece }
        var out: [UInt8] = []
        for scalar in string.unicodeScalars {
            if let b = ByteLevelAlphabet.byte(for: scalar.value) {
                out.append(b)
            } else {
                UTF8Scan.append(scalar.value, to: &out)
            }
        }
        return out
    }
}
