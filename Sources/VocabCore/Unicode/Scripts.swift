import CICUShim

/// Unicode scripts (ISO 15924 codes) from ICU.
public enum Scripts {
    /// The ISO 15924 code ("Latn", "Cyrl", "Zyyy" for Common, "Zinh" for Inherited) of a scalar.
    public static func code(of cp: UInt32) -> String {
        name(ofScriptCode: vt_script(cp))
    }

    /// ICU's numeric script code of a scalar (0 Common, 1 Inherited).
    public static func scriptCode(of cp: UInt32) -> Int32 { vt_script(cp) }

    /// ICU's numeric script code of an ISO 15924 code or script name ("Ethi", "Ethiopic"); nil
    /// when ICU knows no such script.
    public static func scriptCode(named name: String) -> Int32? {
        let code = vt_script_from_name(name)
        return code >= 0 ? code : nil
    }

    /// ICU's code of unassigned code points ("Zzzz").
    public static let unknownCode: Int32 = vt_script_from_name("Zzzz")

    /// The ISO 15924 code of an ICU script code.
    public static func name(ofScriptCode code: Int32) -> String {
        var buf = [CChar](repeating: 0, count: 16)
        let n = vt_script_short_name(code, &buf, 16)
        if n <= 0 { return "Zzzz" }
        return String(decoding: buf[0..<Int(n)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The dominant script of UTF-8 text: the script with the most letters (Common and Inherited
    /// characters do not count); "Zyyy" when the text has none. Invalid UTF-8 (a byte-level
    /// piece may hold part of a character) is read with U+FFFD in place of each bad sequence.
    public static func dominant(in text: UnsafeBufferPointer<UInt8>) -> String {
        if UTF8Scan.firstInvalidOffset(text) != nil {
            return UTF8Scan.repairing(text).withUnsafeBufferPointer { dominant(in: $0) }
        }
        var counts: [Int32: Int] = [:]
        var i = 0
        while i < text.count {
            let (cp, len) = UTF8Scan.decode(text, at: i)
            i += len
            let s = vt_script(cp)
            if s > 1 { counts[s, default: 0] += 1 }
        }
        guard let best = counts.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }) else {
            return "Zyyy"
        }
        return name(ofScriptCode: best.key)
    }
}
