import CICUShim

/// Extended grapheme clusters (UAX #29) from ICU's character break iterator.
public enum GraphemeClusters {
    /// Calls `body(start, end)` for each cluster of valid UTF-8 `text`, in order. ASCII text
    /// without CR is split per byte without calling ICU.
    public static func forEach(in text: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void) {
        var simple = true
        for b in text where b >= 0x80 || b == 0x0D {
            simple = false
            break
        }
        if simple {
            for i in 0..<text.count { body(i, i + 1) }
            return
        }
        var cap = text.count + 2
        var offsets = [Int32](repeating: 0, count: cap)
        var n = Int(offsets.withUnsafeMutableBufferPointer {
            vt_breaks(Int32(VT_BREAK_CHARACTER), text.baseAddress, Int32(text.count), $0.baseAddress, nil, Int32(cap))
        })
        if n > cap {
            cap = n
            offsets = [Int32](repeating: 0, count: cap)
            n = Int(offsets.withUnsafeMutableBufferPointer {
                vt_breaks(Int32(VT_BREAK_CHARACTER), text.baseAddress, Int32(text.count), $0.baseAddress, nil, Int32(cap))
            })
        }
        guard n >= 2 else {
            // ICU failed: fall back to one cluster per scalar.
            var i = 0
            while i < text.count {
                let len = min(UTF8Scan.sequenceLength(lead: text[i]), text.count - i)
                body(i, i + len)
                i += len
            }
            return
        }
        for k in 0..<(n - 1) where offsets[k] < offsets[k + 1] {
            body(Int(offsets[k]), Int(offsets[k + 1]))
        }
    }
}
