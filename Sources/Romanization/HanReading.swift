import CICUShim
import VocabCore

/// Toneless Mandarin pinyin for Han characters, from ICU's Han-Latin transliterator.
final class HanReading {
    private let transliterator: OpaquePointer?

    init() {
        transliterator = vt_translit_open("Han-Latin")
    }

    deinit {
        if let transliterator { vt_translit_close(transliterator) }
    }

    /// The toneless reading of one Han character in lowercase ASCII, or nil when ICU has none.
    func reading(_ cp: UInt32) -> [UInt8]? {
        guard let transliterator else { return nil }
        var source: [UInt8] = []
        UTF8Scan.append(cp, to: &source)
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = source.withUnsafeBufferPointer { src in
            vt_translit_utf8(transliterator, src.baseAddress, Int32(src.count), &buffer, 64)
        }
        guard n > 0, n <= 64 else { return nil }
        var result: [UInt8] = []
        // Strip the tone marks and the umlaut of ü (pinyin "lǜ" -> "lu").
        for scalar in String(decoding: buffer[0..<Int(n)], as: UTF8.self).unicodeScalars {
            var base = scalar.value
            while let first = UnicodeData.decomposition(base, compatibility: false).first { base = first }
            if base >= 0x41, base <= 0x5A {
                result.append(UInt8(base) | 0x20)
            } else if base >= 0x61, base <= 0x7A {
                result.append(UInt8(base))
            } else if base == 0x20 || base == 0x27 {
                continue
            } else {
                return nil  // not a reading (ICU left the character as it was)
            }
        }
        return result.isEmpty ? nil : result
    }
}
