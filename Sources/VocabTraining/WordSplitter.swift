import CICUShim
import VocabCore

/// Turns one line of text into the words it contributes: normalization, then pre-tokenization,
/// as `CountSettings` say. One splitter per thread (it owns a scratch buffer).
struct WordSplitter {
    let settings: CountSettings
    private var scratch: [UInt8] = []

    init(settings: CountSettings) { self.settings = settings }

    /// Calls `body` with each word of a line of valid UTF-8 (the line keeps its `\n`, as HF's
    /// `Tokenizer.train(files)` reads it).
    mutating func forEachWord(in line: UnsafeBufferPointer<UInt8>, _ body: (UnsafeRawBufferPointer) -> Void) throws {
        switch settings.normalizer {
        case .none:
            split(line, body)
        case .nfc, .nfkc:
            let n = try normalize(line, form: settings.normalizer == .nfc ? Int32(VT_NFC) : Int32(VT_NFKC))
            let preTokenizer = settings.preTokenizer
            scratch.withUnsafeBufferPointer { Self.split(preTokenizer, UnsafeBufferPointer(rebasing: $0[0..<n]), body) }
        }
    }

    private func split(_ text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeRawBufferPointer) -> Void) {
        Self.split(settings.preTokenizer, text, body)
    }

    private static func split(
        _ preTokenizer: TrainingPreTokenizer, _ text: UnsafeBufferPointer<UInt8>,
        _ body: (UnsafeRawBufferPointer) -> Void
    ) {
        switch preTokenizer {
        case .byteLevel:
            SplitPattern.r50k.forEachPiece(in: text) { start, end in
                body(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: text[start..<end])))
            }
        }
    }

    /// Normalizes `line` into `scratch`; returns the byte length of the result.
    private mutating func normalize(_ line: UnsafeBufferPointer<UInt8>, form: Int32) throws -> Int {
        guard line.count < Int(Int32.max) / 4 else { throw VocabError("a line is too long to normalize") }
        if scratch.count < line.count * 3 + 16 { scratch = [UInt8](repeating: 0, count: line.count * 3 + 16) }
        for _ in 0..<2 {
            let n = scratch.withUnsafeMutableBufferPointer { out in
                vt_normalize(form, line.baseAddress, Int32(line.count), out.baseAddress, Int32(out.count))
            }
            if n < 0 { throw VocabError("normalization failed") }
            if Int(n) <= scratch.count { return Int(n) }
            scratch = [UInt8](repeating: 0, count: Int(n))
        }
        throw VocabError("normalization failed")
    }
}
