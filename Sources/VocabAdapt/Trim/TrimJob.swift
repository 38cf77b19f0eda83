import VocabCore

/// Runs `vocabtool trim`: mines the corpus, trims the vocabulary, writes the trimmed tokenizer,
/// the sliced embeddings, the rest of the model folder (`ModelFolderWriter`) and
/// `trim-report.json` into a folder that appears only when everything succeeded.
public enum TrimJob {
    /// Runs the request and returns its report.
    /// - Parameter progress: receives short status messages (for stderr).
    public static func run(_ request: TrimRequest, progress: ((String) -> Void)? = nil) throws -> TrimReport {
        guard !request.corpus.isEmpty else { throw VocabError("trimming needs a corpus") }
        guard request.minFrequency >= 1 else { throw VocabError("the minimum frequency must be at least 1") }
        if let m = request.maxVocabulary, m < 1 { throw VocabError("the vocabulary size limit must be at least 1") }
        if let p = request.padToMultipleOf, p < 1 { throw VocabError("the row padding multiple must be at least 1") }
        let weights = request.embeddings != nil || request.model != nil
        if request.padToMultipleOf != nil && !weights { throw VocabError("padding rows needs embeddings (or a model folder)") }
        if request.tensors != nil && !weights { throw VocabError("naming tensors needs embeddings (or a model folder)") }
        let folder = try OutputFolder(destination: request.output, replace: request.force || request.dryRun)

        let input = try ModelFolder(
            model: request.model, tokenizer: request.tokenizer, pattern: request.pattern, embeddings: request.embeddings,
            config: request.config, tensors: request.tensors)
        let (tokenizer, source, originalBytes) = (input.tokenizer, input.tokenizerSource, input.tokenizerBytes)
        var table = tokenizer.table
        var continuingPrefix: [UInt8] = []
        if source.format == .huggingFace && tokenizer.modelType == "BPE" && table.merges.isEmpty {
            // The merge list (rank order) decides which pieces a kept piece needs.
            (table.merges, continuingPrefix) = try HFVocabularySubset.bpeMerges(originalBytes, table: table, file: source.file)
        }
        progress?("counting tokens of \(request.corpus.count) corpus file(s)")
        let counts = try CorpusCounts(tokenizer: tokenizer, files: request.corpus, policy: request.onInvalidUTF8) { done, total in
            progress?("read \(done >> 10) of \(total >> 10) KiB")
        }

        // The ids the config files name (pad, bos, eos, decoder start ...) stay.
        var alwaysKeep = input.configTokenIDs
        if let file = request.keepTokensFile { alwaysKeep += try TrimRules.keepTokens(file: file, table: table) }
        if !request.keepScripts.isEmpty {
            alwaysKeep += TrimRules.singleCharacterPieces(of: tokenizer, scripts: Set(request.keepScripts))
        }
        if TrimRules.isByteLevel(tokenizer) { alwaysKeep += TrimRules.byteTokens(of: tokenizer, table: table) }
        let model = try TrimRules.model(of: tokenizer, table: table, continuingPrefix: continuingPrefix)
        let result = try VocabularyTrim.trim(
            table: table, model: model, counts: counts.counts,
            options: TrimOptions(minFrequency: request.minFrequency, maxVocabulary: request.maxVocabulary, alwaysKeep: alwaysKeep))

        var report = TrimReport(tokenizer: source.file, format: source.format.rawValue, model: tokenizer.modelType, corpus: request.corpus)
        report.corpusLines = counts.lines
        report.corpusTokens = counts.tokens
        report.corpusCoverage = counts.share(keptIDs: result.newToOld)
        report.minFrequency = request.minFrequency
        report.maxVocabulary = request.maxVocabulary
        report.vocabularyBefore = table.count
        report.vocabularyAfter = result.table.count
        report.mined = result.minedCount
        report.keptByRule = result.ruleCount
        report.keptForClosure = result.closureCount
        report.mergesBefore = table.merges.count
        report.mergesAfter = result.table.merges.count
        report.newToOld = result.newToOld

        report.tokenizerBytesBefore = originalBytes.count
        for (name, bytes) in try trimmedTokenizerFiles(source: source, original: originalBytes, result: result, vocabularySize: table.count) {
            try FileIO.writeAtomically(bytes, to: folder.file(name))
            report.tokenizerBytesAfter += bytes.count
            report.filesWritten.append(name)
        }

        var embeddingRows = result.table.count
        if let checkpoint = input.checkpoint {
            progress?("slicing embeddings")
            let trim = try EmbeddingTrim(
                checkpoint: checkpoint, vocabularySize: table.count, newToOld: result.newToOld, tensorNames: request.tensors,
                padToMultipleOf: request.padToMultipleOf)
            report.tensors = trim.sliced
            report.embeddingBytesBefore = trim.bytesBefore
            report.embeddingBytesAfter = trim.bytesAfter
            embeddingRows = trim.sliced.first?.rowsAfter ?? embeddingRows
            if !request.dryRun { report.filesWritten += try trim.write(into: folder.path) }
        }
        let map = try VocabularyIDMap(newToOld: result.newToOld, oldCount: table.count, table: result.table)
        let others = try ModelFolderWriter.write(
            input, map: map, rows: embeddingRows, alreadyWritten: report.filesWritten + ["trim-report.json"], into: folder)
        report.filesWritten += others.written
        report.filesLeftOut = others.leftOut

        if !request.heldOut.isEmpty || request.verify {
            // A trimmed rank file is no longer a published one: reload it with the original's pattern.
            let pattern = request.pattern ?? (tokenizer as? TiktokenTokenizer)?.pattern.rawValue
            let (trimmed, _) = try TokenizerLoader.load(path: folder.path, pattern: pattern)
            if !request.heldOut.isEmpty {
                progress?("measuring held-out coverage")
                let before = try CorpusCounts(tokenizer: tokenizer, files: request.heldOut, policy: request.onInvalidUTF8)
                let after = try CorpusCounts(tokenizer: trimmed, files: request.heldOut, policy: request.onInvalidUTF8)
                report.heldOut = TrimReport.HeldOut(
                    files: request.heldOut, tokensBefore: before.tokens, tokensAfter: after.tokens,
                    coverage: before.share(keptIDs: result.newToOld), fallbackBefore: 1 - before.coverage,
                    fallbackAfter: 1 - after.coverage)
            }
            if request.verify {
                progress?("verifying the corpus segmentation")
                report.changedLines = try changedLines(
                    request.corpus, original: tokenizer, trimmed: trimmed, newToOld: result.newToOld, policy: request.onInvalidUTF8)
            }
        }

        if request.dryRun {
            folder.discard()
            report.filesWritten = []
            return report
        }
        report.filesWritten.append("trim-report.json")
        try FileIO.writeAtomically(Array(report.json().utf8), to: folder.file("trim-report.json"))
        try folder.commit()
        return report
    }

    /// The trimmed tokenizer's files, in the input's format (a SentencePiece model also as tokenizer.json).
    static func trimmedTokenizerFiles(
        source: TokenizerLoader.Source, original: [UInt8], result: TrimResult, vocabularySize: Int
    ) throws -> [(name: String, bytes: [UInt8])] {
        switch source.format {
        case .huggingFace:
            let json = try HFVocabularySubset.tokenizerJSON(
                original, newToOld: result.newToOld, vocabularySize: vocabularySize, file: source.file)
            return [("tokenizer.json", json)]
        case .tiktoken:
            // Gaps and dropped ranks disappear; the kept ranks keep their order, so merging is unchanged.
            let name = source.file.split(separator: "/").last.map(String.init) ?? "trimmed.tiktoken"
            var files = [(name, TiktokenRankFile.serialize(result.table))]
            if result.table.kinds.contains(.control) {
                files.append((TiktokenSpecialTokens.path(besideRankFile: name), TiktokenSpecialTokens.serialize(result.table)))
            }
            return files
        case .sentencePiece:
            // The model, and the tokenizer.json transformers would make of it.
            let model = try SentencePieceModel(parsing: original).keepingPieces(result.newToOld)
            let json = try TokenizerConversion.toHuggingFace(SentencePieceTokenizer(model: model)).serialized()
            return [("tokenizer.model", model.serialized()), ("tokenizer.json", json)]
        case .gpt2VocabMerges:
            return [("vocab.json", GPT2VocabMerges.vocabJSON(result.table)), ("merges.txt", GPT2VocabMerges.mergesText(result.table))]
        case .wordPieceVocab:
            return [("vocab.txt", WordPieceVocab.vocabText(result.table))]
        }
    }

    /// Lines of `files` whose tokens under `trimmed`, mapped back to original ids, differ from `original`'s.
    static func changedLines(
        _ files: [String], original: any TokenizerBackend, trimmed: any TokenizerBackend, newToOld: [Int32], policy: InvalidUTF8Policy
    ) throws -> Int {
        var changed = 0
        var a: [Int32] = []
        var b: [Int32] = []
        for file in files {
            try TextLines.forEach(in: try FileIO.read(file), file: file, policy: policy) { line, _ in
                a.removeAll(keepingCapacity: true)
                b.removeAll(keepingCapacity: true)
                original.encode(line, into: &a)
                trimmed.encode(line, into: &b)
                if a.count != b.count || zip(a, b).contains(where: { $0 != newToOld[Int($1)] }) { changed += 1 }
            }
        }
        return changed
    }
}
