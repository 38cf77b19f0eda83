import VocabCore

/// A small tokenizer for tests: greedy longest match over raw-byte pieces; a character no piece
/// starts becomes the unknown token (id 0). Decoding concatenates pieces.
struct GreedyTokenizer: TokenizerBackend {
    let table: TokenTable
    var format: TokenizerFormat { .tiktoken }
    var modelType: String { "Greedy" }
    var unknownID: Int32? { 0 }
    var pipelineSummary: [(stage: String, value: String)] { [] }

    /// Pieces become ids 1, 2, ...; `<0xHH>`-style byte pieces are given as `byte:` entries.
    init(_ pieces: [String], bytePieces: [UInt8] = []) {
        var table = TokenTable()
        table.append(Array("<unk>".utf8), kind: .unknown)
        for p in pieces { table.append(Array(p.utf8)) }
        for b in bytePieces { table.append([b], kind: .byte) }
        self.table = table
    }

    func encode(_ text: UnsafeBufferPointer<UInt8>, into ids: inout [Int32]) {
        var i = 0
        while i < text.count {
            var best: (id: Int32, length: Int)? = nil
            var length = min(16, text.count - i)
            while length > 0 {
                if let id = table.id(of: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(text)[i..<i + length])) {
                    best = (id, length)
                    break
                }
                length -= 1
            }
            if let best {
                ids.append(best.id)
                i += best.length
            } else {
                ids.append(0)
                i += UTF8Scan.sequenceLength(lead: text[i])
            }
        }
    }

    func decode(_ ids: [Int32]) throws -> [UInt8] {
        try checkRange(ids)
        return ids.flatMap { table.piece(Int($0)) }
    }

    func serialized() throws -> [UInt8] { [] }
}

/// A fresh temporary folder for corpus files.
func temporaryFolder() -> String {
    var template = Array("/tmp/vocabtool-fertility-XXXXXX".utf8CString)
    let path = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    return path.map { String(cString: $0) } ?? "/tmp"
}

/// Writes a file (test helper).
func write(_ text: String, to path: String) throws {
    try FileIO.writeAtomically(Array(text.utf8), to: path)
}

func writeBytes(_ bytes: [UInt8], to path: String) throws {
    try FileIO.writeAtomically(bytes, to: path)
}

#if canImport(Glibc)
import Glibc
#endif
