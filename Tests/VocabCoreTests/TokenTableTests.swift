import Testing
@testable import VocabCore

@Suite struct TokenTableTests {
    @Test func piecesAreBytesNotStrings() {
        // NFC "é" and NFD "e\u{301}" are equal as Swift Strings but distinct tokens.
        var table = TokenTable()
        let nfc = table.append(Array("é".utf8))
        let nfd = table.append(Array("e\u{301}".utf8))
        #expect(nfc != nfd)
        #expect(table.id(of: Array("é".utf8)) == nfc)
        #expect(table.id(of: Array("e\u{301}".utf8)) == nfd)
        #expect(table.id(of: Array("e".utf8)) == nil)
    }

    @Test func manyPiecesResolve() {
        var table = TokenTable()
        for i in 0..<50_000 { table.append(Array("piece\(i)".utf8), score: Double(i)) }
        #expect(table.count == 50_000)
        for i in stride(from: 0, to: 50_000, by: 997) {
            #expect(table.id(of: Array("piece\(i)".utf8)) == Int32(i))
            #expect(table.scores[i] == Double(i))
        }
    }

    @Test func emptyPiecesAreGapsNotKeys() {
        var table = TokenTable()
        table.append([UInt8](), kind: .unused)
        #expect(table.count == 1)
        #expect(table.id(of: [UInt8]()) == nil)
    }
}

@Suite struct TextLinesTests {
    func lines(_ bytes: [UInt8], _ policy: InvalidUTF8Policy = .fail) throws -> [[UInt8]] {
        var out: [[UInt8]] = []
        try TextLines.forEach(in: bytes, file: "t", policy: policy) { line, _ in out.append(Array(line)) }
        return out
    }

    @Test func splitsOnNewlineOnlyAndKeepsEverythingElse() throws {
        #expect(try lines(Array("a\r\nb \n\n c\n".utf8)) == [Array("a\r".utf8), Array("b ".utf8), [], Array(" c".utf8)])
        #expect(try lines(Array("x".utf8)) == [Array("x".utf8)])
        #expect(try lines([]) == [])
    }

    @Test func invalidUTF8FollowsPolicy() throws {
        let text: [UInt8] = [0x61, 0x0A, 0x62, 0xFF, 0x0A, 0x63]
        #expect(throws: VocabError.self) { try lines(text) }
        do {
            _ = try lines(text)
        } catch let error as VocabError {
            #expect(error.location == .lineColumn(2, 2))
        }
        #expect(try lines(text, .skip) == [[0x61], [0x63]])
        #expect(try lines(text, .replace) == [[0x61], [0x62, 0xEF, 0xBF, 0xBD], [0x63]])
    }
}
