import VocabCore

/// A tokenizer prepared for measuring: its display name, and per id how much of the text its
/// token stands for, which `TokenAttribution` uses to give tokens to words.
public struct MeasuredTokenizer: Sendable {
    /// The name shown in reports.
    public let name: String
    /// The tokenizer.
    public let tokenizer: any TokenizerBackend
    /// Non-whitespace bytes of each id's decoded text; -1 where that is unknown (the unknown
    /// token, control tokens, ids that fail to decode).
    let surfaceLengths: [Int32]
    /// Which ids are byte pieces.
    let isBytePiece: [Bool]
    /// The unknown token's id, or -1.
    let unknownID: Int32

    public init(name: String, tokenizer: any TokenizerBackend) {
        self.name = name
        self.tokenizer = tokenizer
        let table = tokenizer.table
        unknownID = tokenizer.unknownID ?? -1
        var lengths = [Int32](repeating: -1, count: table.count)
        var bytePieces = [Bool](repeating: false, count: table.count)
        let wordPiece = tokenizer.modelType == "WordPiece"
        let continuation: [UInt8] = [0x23, 0x23]  // "##"
        for id in 0..<table.count {
            let kind = table.kinds[id]
            bytePieces[id] = kind == .byte
            if kind == .unknown || kind == .control || Int32(id) == unknownID { continue }
            guard var decoded = try? tokenizer.decode([Int32(id)]) else { continue }
            // A byte piece stands for one byte, whatever its decoder makes of a lone byte
            // (the raw byte or U+FFFD); none when that byte is whitespace.
            if kind == .byte {
                lengths[id] = decoded.count == 1 && PythonWhitespace.isSpace(UInt32(decoded[0])) ? 0 : 1
                continue
            }
            // WordPiece decoders keep "##" on a first token; inside a word it is dropped.
            if wordPiece, decoded.starts(with: continuation), table.pieceLength(id) >= 2,
                table.withPiece(id, { $0[0] == 0x23 && $0[1] == 0x23 })
            {
                decoded.removeFirst(2)
            }
            lengths[id] = Int32(decoded.withUnsafeBufferPointer { MeasuredTokenizer.nonSpaceBytes($0) })
        }
        surfaceLengths = lengths
        isBytePiece = bytePieces
    }

    /// The vocabulary size.
    public var vocabularySize: Int { surfaceLengths.count }

    /// Bytes of (possibly partial) UTF-8 that are not Python whitespace.
    static func nonSpaceBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var i = 0
        var count = 0
        while i < bytes.count {
            let space = PythonWhitespace.spaceLength(in: bytes, at: i)
            if space > 0 {
                i += space
            } else {
                count += 1
                i += 1
            }
        }
        return count
    }
}
