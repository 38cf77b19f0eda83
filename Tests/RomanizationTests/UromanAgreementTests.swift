import Romanization
import TestSupport
import VocabCore
import Testing

/// Agreement with Python uroman 1.3.1.1 on ../shared/reference/uroman-dev.tsv (FLORES dev lines
/// 1-20 of 78 non-Latin languages; Ol Chiki and N'Ko are left out, uroman's own output there is
/// broken). `Scripts/romanize-agreement` prints the per-language figures.
@Suite struct UromanAgreementTests {
    static let excluded: Set<String> = ["sat_Olck", "nqo_Nkoo"]

    @Test(.enabled(if: SharedData.path != nil, "needs ../shared")) func overallAgreementFloor() throws {
        let path = try #require(SharedData.file("reference/uroman-dev.tsv"))
        let bytes = try FileIO.read(path)
        var romanizers: [String: Romanizer] = [:]
        var distance = 0
        var referenceLength = 0
        var lines = 0
        var identical = 0
        var out: [UInt8] = []
        var header = true
        try TextLines.forEach(in: bytes, file: path, policy: .fail) { line, _ in
            if header { header = false; return }
            let fields = line.split(separator: 0x09, omittingEmptySubsequences: false)
            guard fields.count == 5 else { return }
            let lang = String(decoding: fields[0], as: UTF8.self)
            if Self.excluded.contains(lang) { return }
            let lcode = String(decoding: fields[2], as: UTF8.self)
            var romanizer = romanizers[lcode] ?? Romanizer(language: lcode)
            out.removeAll(keepingCapacity: true)
            Array(fields[3]).withUnsafeBufferPointer { romanizer.romanize($0, into: &out) }
            romanizers[lcode] = romanizer
            let ours = String(decoding: out, as: UTF8.self).unicodeScalars.map(\.value)
            let reference = String(decoding: fields[4], as: UTF8.self).unicodeScalars.map(\.value)
            let d = Self.editDistance(ours, reference)
            distance += d
            referenceLength += reference.count
            lines += 1
            if d == 0 { identical += 1 }
        }
        let cer = Double(distance) / Double(max(referenceLength, 1))
        let same = Double(identical) / Double(max(lines, 1))
        print("uroman agreement: \(lines) lines, CER \(cer * 100)%, identical \(same * 100)%")
        #expect(lines == 76 * 20)
        #expect(cer < Self.maximumCER)
        #expect(same >= Self.minimumIdentical)
    }

    /// The floor this test holds (the targets are CER < 2% and >= 80% identical lines).
    static let maximumCER = 0.001
    static let minimumIdentical = 0.96

    /// Levenshtein distance over scalars.
    static func editDistance(_ a: [UInt32], _ b: [UInt32]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            let ai = a[i - 1]
            for j in 1...b.count {
                let substitution = previous[j - 1] + (ai == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
