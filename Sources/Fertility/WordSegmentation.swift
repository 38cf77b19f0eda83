import CICUShim
import VocabCore

/// How a line is cut into words.
public enum WordSegmentation: String, Sendable, CaseIterable {
    /// ICU's word break iterator (root locale; dictionary-based for Thai, Lao, Khmer, Myanmar,
    /// Chinese and Japanese). A segment is a word when its rule status is not "none": letters,
    /// numbers, kana, ideographs. Segments of spaces, punctuation or symbols only are not words.
    case icu
    /// Maximal runs of non-whitespace characters, as Python's `str.split()` gives them.
    case whitespace
}

/// An ICU word break iterator reused line after line. Not thread-safe: one per thread.
final class ICUWordBreaker {
    private let breaker: OpaquePointer
    private var offsets = [Int32](repeating: 0, count: 512)
    private var status = [Int32](repeating: 0, count: 512)

    init() throws {
        guard let breaker = vt_breaker_open(Int32(VT_BREAK_WORD)) else {
            throw VocabError("ICU's word break iterator is not available")
        }
        self.breaker = breaker
    }

    deinit { vt_breaker_close(breaker) }

    /// Calls `body(start, end)` with the byte range of each word of `line` (valid UTF-8), in order.
    func forEachWord(in line: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void) throws {
        guard let base = line.baseAddress, line.count > 0 else { return }
        guard line.count < Int(Int32.max) else { throw VocabError("a line longer than 2 GB cannot be segmented") }
        var count = 0
        while true {
            let capacity = offsets.count
            count = Int(
                offsets.withUnsafeMutableBufferPointer { off in
                    status.withUnsafeMutableBufferPointer { st in
                        vt_breaker_breaks(breaker, base, Int32(line.count), off.baseAddress, st.baseAddress, Int32(capacity))
                    }
                })
            if count < 0 { throw VocabError("ICU word segmentation failed") }
            if count <= capacity { break }
            offsets = [Int32](repeating: 0, count: count)
            status = [Int32](repeating: 0, count: count)
        }
        // The segment ending at boundary k starts at boundary k-1; status 100+ is a word
        // (100 number, 200 letter, 300 kana, 400 ideograph).
        var k = 1
        while k < count {
            if status[k] >= 100 { body(Int(offsets[k - 1]), Int(offsets[k])) }
            k += 1
        }
    }
}
