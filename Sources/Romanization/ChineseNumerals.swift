/// Chinese numerals composed into Arabic numbers ("二十五" -> "25", "一" -> "1"), as uroman
/// writes them.
enum ChineseNumerals {
    /// Digit value, or the power of ten of a multiplier as a negative number.
    static func value(of cp: UInt32) -> Int? {
        switch cp {
        case 0x3007, 0x96F6: return 0  // 〇 零
        case 0x4E00: return 1  // 一
        case 0x4E8C, 0x4E24, 0x5169: return 2  // 二 两 兩
        case 0x4E09: return 3
        case 0x56DB: return 4
        case 0x4E94: return 5
        case 0x516D: return 6
        case 0x4E03: return 7
        case 0x516B: return 8
        case 0x4E5D: return 9
        case 0x5341: return -1  // 十
        case 0x767E: return -2  // 百
        case 0x5343: return -3  // 千
        case 0x4E07, 0x842C: return -4  // 万 萬
        case 0x4EBF, 0x5104: return -8  // 亿 億
        default: return nil
        }
    }

    /// Parses the run of numeral characters starting at `start`; returns its value and the index
    /// after it, or nil when the run is not a number.
    static func parse(_ s: UnsafeBufferPointer<UInt32>, from start: Int) -> (UInt64, Int)? {
        var end = start
        while end < s.count, value(of: s[end]) != nil { end += 1 }
        guard end > start else { return nil }
        var hasMultiplier = false
        var hasDigitOrSmallUnit = false
        for k in start..<end {
            let v = value(of: s[k]) ?? 0
            if v < 0 { hasMultiplier = true }
            if v > -4 { hasDigitOrSmallUnit = true }
        }
        // 万 and 亿 on their own are words ("1,000 万份" keeps "wan").
        if !hasDigitOrSmallUnit { return nil }
        if !hasMultiplier {
            // A plain digit string: 二〇二〇 -> 2020.
            var v: UInt64 = 0
            for k in start..<end {
                guard v < UInt64.max / 100 else { return nil }
                v = v * 10 + UInt64(value(of: s[k]) ?? 0)
            }
            if end - start > 1, value(of: s[start]) == 0 { return nil }
            return (v, end)
        }
        var total: UInt64 = 0
        var section: UInt64 = 0
        var number: UInt64 = 0
        for k in start..<end {
            let v = value(of: s[k]) ?? 0
            if v >= 0 {
                number = UInt64(v)
                continue
            }
            let power = -v
            var unit: UInt64 = 1
            for _ in 0..<power { unit *= 10 }
            if power < 4 {
                section += (number == 0 ? 1 : number) * unit
            } else {
                let part = section + number
                total = (total + (part == 0 ? 1 : part)).multipliedReportingOverflow(by: unit).partialValue
                section = 0
            }
            number = 0
        }
        return (total + section + number, end)
    }

    /// The number of zeros 万 (4) and 亿 (8) add to a number written in digits.
    static func largeUnitZeros(_ cp: UInt32) -> Int? {
        switch value(of: cp) {
        case -4: return 4
        case -8: return 8
        default: return nil
        }
    }

    static func append(_ value: UInt64, to out: inout [UInt8]) {
        var digits: [UInt8] = []
        var v = value
        repeat {
            digits.append(UInt8(48 + v % 10))
            v /= 10
        } while v > 0
        out.append(contentsOf: digits.reversed())
    }
}
