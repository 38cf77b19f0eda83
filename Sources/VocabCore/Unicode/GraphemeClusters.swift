import CICUShim
import Synchronization

/// Extended grapheme clusters (UAX #29) as ICU's character break iterator finds them.
///
/// Most code points start a cluster whatever precedes them: a boundary always lies between `a`
/// and `b` when `b`'s Grapheme_Cluster_Break value is Other (not Extended_Pictographic), Control,
/// LF, LV or LVT and `a`'s is not Prepend, CR or L, unless `a` is Extend or ZWJ and `b` a letter
/// (ICU 72 adds an Indic conjunct rule: consonant, virama, consonant). No rule of ICU's joins
/// such a pair, and none looks further back than such a boundary. Text is cut at those boundaries; a piece holding one
/// code point is one cluster, and only runs of longer pieces (marks, joiners, emoji sequences,
/// supplementary code points) go to ICU, through a reused break iterator.
public enum GraphemeClusters {
    /// Calls `body(start, end)` for each cluster of valid UTF-8 `text`, in order.
    public static func forEach(in text: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void) {
        let n = text.count
        var simple = true
        for b in text where b >= 0x80 || b == 0x0D {
            simple = false
            break
        }
        if simple {
            for i in 0..<n { body(i, i + 1) }
            return
        }
        let flags = bmpFlags
        // The pending run of multi-code-point pieces: runStart..<pieceStart; -1 when none.
        var runStart = -1
        var pieceStart = 0
        var pieceScalars = 0
        var previous: UInt8 = 0
        var i = 0
        while i < n {
            let lead = text[i]
            let length = min(UTF8Scan.sequenceLength(lead: lead), n - i)
            let f: UInt8
            if lead < 0x80 {
                f = flags[Int(lead)]
            } else if length < 4 {
                let (cp, _) = UTF8Scan.decode(text, at: i)
                f = cp < 0x10000 ? flags[Int(cp)] : joinsNext
            } else {
                f = joinsNext
            }
            if i > 0 && f & starts != 0 && previous & joinsNext == 0 && (previous & extends == 0 || f & letter == 0) {
                // A boundary at i ends the piece pieceStart..<i.
                if pieceScalars == 1 {
                    if runStart >= 0 {
                        icuClusters(text, from: runStart, to: pieceStart, body)
                        runStart = -1
                    }
                    body(pieceStart, i)
                } else if runStart < 0 {
                    runStart = pieceStart
                }
                pieceStart = i
                pieceScalars = 0
            }
            pieceScalars += 1
            previous = f
            i += length
        }
        if pieceScalars == 1 {
            if runStart >= 0 { icuClusters(text, from: runStart, to: pieceStart, body) }
            body(pieceStart, n)
        } else {
            icuClusters(text, from: runStart >= 0 ? runStart : pieceStart, to: n, body)
        }
    }

    static let starts = UInt8(VT_GRAPHEME_STARTS)
    static let joinsNext = UInt8(VT_GRAPHEME_JOINS_NEXT)
    static let extends = UInt8(VT_GRAPHEME_EXTENDS)
    static let letter = UInt8(VT_GRAPHEME_LETTER)

    /// `vt_grapheme_flags` of every BMP code point (supplementary ones are taken as joining
    /// both ways, so they always go to ICU).
    static let bmpFlags: [UInt8] = (0..<0x10000).map { UInt8(truncatingIfNeeded: vt_grapheme_flags(UInt32($0))) }

    /// Reusable ICU character break iterators (opening one is slow), one per concurrent caller.
    static let breakers = Mutex<[Breaker]>([])

    /// An open `vt_breaker`, used by one thread at a time (it moves through the mutex).
    struct Breaker: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    /// The clusters of `text[start..<end]` by ICU.
    static func icuClusters(_ text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, _ body: (Int, Int) -> Void) {
        let slice = UnsafeBufferPointer(rebasing: text[start..<end])
        let breaker = breakers.withLock { $0.popLast() } ?? vt_breaker_open(Int32(VT_BREAK_CHARACTER)).map { Breaker(pointer: $0) }
        defer { if let breaker { breakers.withLock { $0.append(breaker) } } }
        var done = false
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: slice.count + 2) { offsets in
            let cap = Int32(offsets.count)
            let count: Int32
            if let breaker {
                count = vt_breaker_breaks(breaker.pointer, slice.baseAddress, Int32(slice.count), offsets.baseAddress, nil, cap)
            } else {
                count = vt_breaks(Int32(VT_BREAK_CHARACTER), slice.baseAddress, Int32(slice.count), offsets.baseAddress, nil, cap)
            }
            // At most one boundary per byte plus both ends, so the buffer always suffices.
            guard count >= 2 && count <= cap else { return }
            for k in 0..<Int(count - 1) where offsets[k] < offsets[k + 1] {
                body(start + Int(offsets[k]), start + Int(offsets[k + 1]))
            }
            done = true
        }
        if done { return }
        // ICU failed: one cluster per scalar.
        var i = start
        while i < end {
            let len = min(UTF8Scan.sequenceLength(lead: text[i]), end - i)
            body(i, i + len)
            i += len
        }
    }
}
