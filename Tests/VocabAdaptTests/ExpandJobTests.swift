import Testing
import VocabCore
@testable import VocabAdapt

@Suite struct ExpandJobTests {
    let tokenizerJSON = """
        {"version":"1.0","added_tokens":[],"normalizer":null,"pre_tokenizer":{"type":"WhitespaceSplit"},
        "post_processor":null,"decoder":null,"model":{"type":"BPE","dropout":null,"unk_token":null,
        "continuing_subword_prefix":null,"end_of_word_suffix":null,"fuse_unk":false,"byte_fallback":false,
        "vocab":{"a":0,"b":1,"c":2,"d":3,"ab":4},"merges":["a b"]}}
        """

    func setUp(_ tag: String, tokens: String) throws -> (dir: String, request: ExpandRequest) {
        let dir = temporaryFolder(tag)
        try FileIO.writeAtomically(Array(tokenizerJSON.utf8), to: dir + "/tokenizer.json")
        try FileIO.writeAtomically(Array(tokens.utf8), to: dir + "/tokens.txt")
        try FileIO.writeAtomically(Array("abcd cd ab\ndab\n".utf8), to: dir + "/corpus.txt")
        var request = ExpandRequest(tokenizer: dir + "/tokenizer.json", output: dir + "/out")
        request.tokensFile = dir + "/tokens.txt"
        request.corpus = [dir + "/corpus.txt"]
        return (dir, request)
    }

    @Test func expandsABPETokenizerJSONThatReloads() throws {
        let (dir, request) = try setUp("expand-job", tokens: "abcd\nab\n")
        let report = try ExpandJob.run(request)
        #expect(report.vocabularyAfter == 7 && report.mergesAdded == 2)  // abc (a merge step), abcd
        #expect(report.result?.skipped.count == 1)
        #expect(report.corpus?.tokensBefore == 8 && report.corpus?.tokensAfter == 6)
        let (expanded, _) = try TokenizerLoader.load(path: dir + "/out")
        #expect(expanded.encode("abcd") == [6])
        #expect(expanded.encode("ab cd") == [4, 2, 3])
        #expect(FileIO.exists(dir + "/out/expand-report.json"))
    }

    @Test func nothingToAddIsAnErrorAndWritesNothing() throws {
        let (dir, request) = try setUp("expand-none", tokens: "ab\na\n")
        #expect(throws: VocabError.self) { try ExpandJob.run(request) }
        #expect(!FileIO.exists(dir + "/out"))
    }

    @Test func embeddingsSmallerThanTheVocabularyAreRejected() throws {
        let (dir, base) = try setUp("expand-rows", tokens: "abcd\n")
        var request = base
        request.embeddings = dir + "/model.safetensors"
        try SafetensorsWriter.write(
            [TensorOutput(name: "embed_tokens.weight", dtype: .f32, shape: [3, 2], data: .bytes([UInt8](repeating: 0, count: 24)))],
            metadata: nil, to: dir + "/model.safetensors")
        #expect(throws: VocabError.self) { try ExpandJob.run(request) }
        #expect(!FileIO.exists(dir + "/out"))
    }

    @Test func learnsTokensFromTheCorpusAndChecksArguments() throws {
        let (dir, base) = try setUp("expand-add", tokens: "")
        var request = base
        request.tokensFile = nil
        request.add = 5
        request.heldOut = [dir + "/corpus.txt"]
        let report = try ExpandJob.run(request)
        // Few pairs occur twice in this corpus: it supplies fewer than 5.
        #expect(report.requestedCount == 5 && (report.result?.added.count ?? 0) < 5)
        #expect(report.heldOut.first.map { $0.tokensAfter < $0.tokensBefore } == true)
        var zero = base
        zero.tokensFile = nil
        zero.add = 0
        #expect(throws: VocabError.self) { try ExpandJob.run(zero) }
        var both = base
        both.add = 3
        #expect(throws: VocabError.self) { try ExpandJob.run(both) }
    }

    @Test func trainMergeAddsReachableTokensOfTheAuxiliaryModel() throws {
        let (dir, base) = try setUp("expand-train-merge", tokens: "")
        try FileIO.writeAtomically(Array("abcd abcd cdab cdab dd dd\n".utf8), to: dir + "/corpus.txt")
        var request = base
        request.tokensFile = nil
        request.add = 4
        request.method = .trainMerge
        request.scripts = []
        let report = try ExpandJob.run(request)
        let added = try #require(report.result?.added)
        #expect(!added.isEmpty && report.method == .trainMerge)
        let (expanded, _) = try TokenizerLoader.load(path: dir + "/out")
        // Every added token is what the expanded tokenizer makes of its own string.
        for token in added { #expect(expanded.encode(String(decoding: token.piece, as: UTF8.self)) == [token.id]) }
        #expect(report.corpus.map { $0.tokensAfter < $0.tokensBefore } == true)
    }

    @Test func rankFilesAndSentencePieceModelsAlsoGetATokenizerJSON() throws {
        let dir = temporaryFolder("expand-formats")
        // A rank file: the 256 bytes, then "ab".
        let ranks = TokenTable(pieces: (0..<256).map { [UInt8($0)] } + [Array("ab".utf8)])
        try FileIO.writeAtomically(TiktokenRankFile.serialize(ranks), to: dir + "/tiny.tiktoken")
        try FileIO.writeAtomically(Array("abc\nabc\n".utf8), to: dir + "/tokens.txt")
        var request = ExpandRequest(tokenizer: dir + "/tiny.tiktoken", output: dir + "/out")
        request.pattern = "r50k"
        request.tokensFile = dir + "/tokens.txt"
        let report = try ExpandJob.run(request)
        #expect(report.filesWritten.contains("tokenizer.json") && report.format == "tiktoken")
        let (expanded, source) = try TokenizerLoader.load(path: dir + "/out")
        #expect(source.format == .huggingFace && expanded.encode("abc") == [257])

        // A SentencePiece BPE model: the .model and its tokenizer.json encode alike.
        var trainer = SentencePieceModel.TrainerSpec()
        trainer.modelType = .bpe
        var normalizer = SentencePieceModel.NormalizerSpec()
        normalizer.name = "identity"
        normalizer.addDummyPrefix = false
        let spPieces = [SentencePieceModel.Piece(piece: Array("<unk>".utf8), score: 0, type: .unknown)]
            + [("a", -1), ("b", -1), ("c", -1), ("ab", -2)].map { SentencePieceModel.Piece(piece: Array($0.0.utf8), score: $0.1, type: .normal) }
        let model = SentencePieceModel(pieces: spPieces, trainerSpec: trainer, normalizerSpec: normalizer)
        try FileIO.writeAtomically(model.serialized(), to: dir + "/sp.model")
        var sp = ExpandRequest(tokenizer: dir + "/sp.model", output: dir + "/sp-out")
        sp.tokensFile = dir + "/tokens.txt"
        let spReport = try ExpandJob.run(sp)
        #expect(spReport.filesWritten.contains("tokenizer.model") && spReport.filesWritten.contains("tokenizer.json"))
        let (fromModel, _) = try TokenizerLoader.load(path: dir + "/sp-out/tokenizer.model")
        let (fromJSON, _) = try TokenizerLoader.load(path: dir + "/sp-out/tokenizer.json")
        for text in ["abc", "cab", "abcabc", "ba"] { #expect(fromModel.encode(text) == fromJSON.encode(text), "\(text)") }
        #expect(fromModel.encode("abc") == [5])
    }
}
