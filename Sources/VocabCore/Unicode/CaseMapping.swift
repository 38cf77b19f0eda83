import CICUShim

/// Full lowercase mapping of single code points (no context, root locale: what Rust's
/// `char::to_lowercase` gives), from ICU 72.
public enum CaseMapping {
    /// Code points whose lowercase differs from themselves, with the UTF-8 of their lowercase.
    /// Only letters (Lu, Lt), Roman numerals (Nl) and circled letters (So) have one.
    static let lowerTable: [UInt32: [UInt8]] = {
        var table: [UInt32: [UInt8]] = [:]
        var buf = [UInt8](repeating: 0, count: 16)
        for cp in UInt32(0)..<0x110000 {
            switch UnicodeProperties.category(cp) {
            case .uppercaseLetter, .titlecaseLetter, .letterNumber, .otherSymbol:
                let n = buf.withUnsafeMutableBufferPointer { vt_lowercase_cp(cp, $0.baseAddress, 16) }
                guard n > 0 && n <= 16 else { continue }
                let lower = Array(buf[0..<Int(n)])
                var own: [UInt8] = []
                UTF8Scan.append(cp, to: &own)
                if lower != own { table[cp] = lower }
            default:
                continue
            }
        }
        return table
    }()

    /// Appends the lowercase of `cp` (UTF-8) to `out`.
    public static func appendLowercase(_ cp: UInt32, to out: inout [UInt8]) {
        if cp < 0x80 {
            out.append(cp >= 0x41 && cp <= 0x5A ? UInt8(cp + 0x20) : UInt8(cp))
            return
        }
        if let lower = lowerTable[cp] {
            out.append(contentsOf: lower)
        } else {
            UTF8Scan.append(cp, to: &out)
        }
    }
}
