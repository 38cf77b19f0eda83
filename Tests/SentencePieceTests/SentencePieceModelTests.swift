import Testing
import TestSupport
@testable import VocabCore

/// Every `.model` file under ../shared/tokenizers.
func sharedModelFiles() throws -> [String] {
    guard let root = SharedData.file("tokenizers") else { return [] }
    var out: [String] = []
    for dir in try FileIO.listDirectory(root) where FileIO.isDirectory(root + "/" + dir) {
        for name in try FileIO.listDirectory(root + "/" + dir) where name.hasSuffix(".model") {
            out.append(root + "/" + dir + "/" + name)
        }
    }
    return out
}

@Suite struct SentencePieceModelTests {
    @Test(.enabled(if: SharedData.path != nil, "needs ../shared")) func sharedModelsResaveByteIdentically() throws {
        let files = try sharedModelFiles()
        #expect(files.count >= 10)
        for file in files {
            let bytes = try FileIO.read(file)
            let model = try SentencePieceModel(parsing: bytes)
            #expect(model.serialized() == bytes, "\(file)")
            #expect(!model.pieces.isEmpty)
        }
    }
}
