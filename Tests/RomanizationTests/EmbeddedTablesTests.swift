import Testing
import TestSupport
import VocabCore
@testable import Romanization

/// `EmbeddedTables.swift` is generated from `vocabularies/romanization/*.txt`; an edit to a table
/// without running `Scripts/generate-romanization-tables` must fail here, not ship stale rules.
@Suite struct EmbeddedTablesTests {
    @Test func embeddedTablesEqualTheTableFiles() throws {
        let folder = SharedData.repositoryRoot + "/vocabularies/romanization"
        let names = try FileIO.listDirectory(folder).filter { $0.hasSuffix(".txt") }.sorted()
        #expect(EmbeddedTables.files.map(\.name) == names)
        for (name, text) in EmbeddedTables.files where names.contains(name) {
            // A multi-line string literal ends before the file's final line break.
            let same = Array(text.utf8) + [0x0A] == (try FileIO.read(folder + "/" + name))
            #expect(same, "\(name) differs from its embedded copy: run Scripts/generate-romanization-tables")
        }
    }
}
