import Testing
import VocabCore
@testable import VocabAdapt

@Suite struct TargetScriptsTests {
    func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test func detectsTheCorpusScriptsAndAdmitsOnlyTheirTokens() throws {
        // 27 Ethiopic letters and 1 Latin one; digits and punctuation (Common) do not count.
        let dir = temporaryFolder("target-scripts")
        let line = "ሰላም ዓለም 2024. 2024. 2024. 2024. 2024."
        try FileIO.writeAtomically(Array((String(repeating: line + "\n", count: 4) + "ሰላም 12 A\n").utf8), to: dir + "/corpus.txt")
        let scripts = try TargetScripts(detectingIn: [dir + "/corpus.txt"], byteLevel: false)
        #expect(scripts.names == ["Ethi"])
        #expect(scripts.admits(bytes("▁ሰ")) && scripts.admits(bytes("ላም")))
        #expect(!scripts.admits(bytes("▁A")) && !scripts.admits(bytes("12")) && !scripts.admits(bytes("▁.")))
        let given = try TargetScripts(names: ["Latn", "Ethi"], byteLevel: false)
        #expect(given.names == ["Ethi", "Latn"] && given.admits(bytes("ab")))
        #expect(throws: VocabError.self) { try TargetScripts(names: ["Nope"], byteLevel: false) }
    }

    @Test func byteLevelPiecesAndCutCharacters() throws {
        let scripts = try TargetScripts(names: ["Ethi"], byteLevel: true)
        // ሰ is E1 88 B0; in the byte-level alphabet E1 -> á, 88 -> Ī, B0 -> °, space -> Ġ.
        let byteLevel: (String) -> [UInt8] = { text in
            var out: [UInt8] = []
            for b in text.utf8 { UTF8Scan.append(ByteLevelAlphabet.characters[Int(b)], to: &out) }
            return out
        }
        #expect(scripts.admits(byteLevel(" ሰ")))
        let ethiopicStart: [UInt8] = [0xE1, 0x88]
        var piece: [UInt8] = []
        for b in ethiopicStart { UTF8Scan.append(ByteLevelAlphabet.characters[Int(b)], to: &piece) }
        // E1 88 begins only Ethiopic characters (U+1200-U+123F); E1 alone begins many scripts'.
        #expect(scripts.admits(piece))
        var lead: [UInt8] = []
        UTF8Scan.append(ByteLevelAlphabet.characters[0xE1], to: &lead)
        #expect(!scripts.admits(lead))
        // Continuation bytes alone can end any character.
        var tail: [UInt8] = []
        UTF8Scan.append(ByteLevelAlphabet.characters[0x88], to: &tail)
        UTF8Scan.append(ByteLevelAlphabet.characters[0xB0], to: &tail)
        #expect(!scripts.admits(tail))
        #expect(!scripts.admits(byteLevel(" the")))
    }
}
