import VocabCore

/// Writes the files of a changed model that the change itself does not write: the change writes
/// its tokenizer file(s) and its weights; this writes `config.json` and, for a model folder,
/// every other file, so the output folder is a drop-in replacement for the input.
///
/// Every vocabulary-dependent file is rewritten from one `VocabularyIDMap`: `config.json` and
/// `generation_config.json` (token ids, `vocab_size`), `tokenizer_config.json`
/// (`added_tokens_decoder`), `added_tokens.json`, and the slow-tokenizer files (`vocab.txt`,
/// `vocab.json` + `merges.txt`, SentencePiece models). Files that do not depend on the
/// vocabulary (`special_tokens_map.json`, sentence-transformers' `modules.json`, `1_Pooling/`,
/// `sentence_bert_config.json`, README, licence, weights in subfolders) are copied byte for byte.
/// Top-level weights in other formats (`pytorch_model.bin`, `tf_model.h5`, ONNX, ...) hold the old
/// vocabulary's rows and are left out, and listed as such; so is a SentencePiece model that cannot
/// give the new ids (XLM-R's after an expansion: see `SlowTokenizerFiles.sentencePiece`).
public enum ModelFolderWriter {
    /// What was written and what was left out (paths relative to the output folder).
    public struct Files: Sendable {
        public var written: [String] = []
        /// Files of the input not carried over, each with the reason in parentheses.
        public var leftOut: [String] = []
    }

    /// Writes into `output` the files of `input` that `alreadyWritten` (relative paths) does not name.
    /// - Parameters:
    ///   - map: old ids to new ids.
    ///   - rows: the rows of the written embedding tensors (the config's `vocab_size`).
    ///   - alreadyWritten: the files the change wrote (its tokenizer files, weights and report).
    ///   - leaving: files of the input not to carry over, each with the reason (a transplant
    ///     leaves the old tokenizer's slow files), reported in `leftOut`.
    ///   - nullingUnmapped: set config ids of tokens the new vocabulary lacks to `null` instead of failing.
    public static func write(
        _ input: ModelFolder, map: VocabularyIDMap, rows: Int, alreadyWritten: [String], leaving: [String: String] = [:],
        into output: OutputFolder, nullingUnmapped: Bool = false
    ) throws -> Files {
        var files = Files()
        var done = Set(alreadyWritten)
        func put(_ name: String, _ bytes: [UInt8]) throws {
            try output.createParents(of: name)
            try FileIO.writeAtomically(bytes, to: output.file(name))
            files.written.append(name)
            done.insert(name)
        }
        if let config = input.configPath, !done.contains("config.json") {
            try put("config.json", try ModelConfigIDs.rewrite(try FileIO.read(config), file: config, map: map, rows: rows, nullingUnmapped: nullingUnmapped))
        }
        guard let folder = input.path else { return files }
        for name in input.files where !done.contains(name) {
            let path = folder + "/" + name
            let topLevel = !name.contains("/")
            if name == "config.json" { continue }
            if let reason = leaving[name] {
                files.leftOut.append("\(name) (\(reason))")
                continue
            }
            if (topLevel && isVocabularyWeights(name)) || name.hasPrefix("onnx/") || name.hasPrefix("openvino/") {
                files.leftOut.append("\(name) (the old vocabulary's weights in a format vocabtool does not rewrite)")
                continue
            }
            let bytes = try FileIO.read(path)
            if name == "tokenizer_config.json" || name == "special_tokens_map.json" {
                try TokenizerConfigFiles.checkSpecialTokens(bytes, file: path, old: input.tokenizer.table, new: map.table)
            }
            switch name {
            case "generation_config.json":
                try put(name, try ModelConfigIDs.rewrite(bytes, file: path, map: map, rows: nil, nullingUnmapped: nullingUnmapped))
            case "tokenizer_config.json":
                try put(name, try TokenizerConfigFiles.rewriteTokenizerConfig(bytes, file: path, map: map))
            case "added_tokens.json":
                try put(name, try TokenizerConfigFiles.rewriteAddedTokens(bytes, file: path, map: map))
            case "vocab.txt":
                try put(name, try SlowTokenizerFiles.vocabText(bytes, file: path, map: map))
            case "vocab.json":
                try put(name, try SlowTokenizerFiles.vocabJSON(bytes, file: path, map: map))
            case "merges.txt":
                guard done.contains("tokenizer.json") else {
                    throw VocabError("merges.txt can only be rewritten beside a tokenizer.json", file: path)
                }
                let json = output.file("tokenizer.json")
                try put(name, try SlowTokenizerFiles.mergesText(bytes, tokenizerJSON: try FileIO.read(json), tokenizerFile: json))
            default:
                if topLevel && name.hasSuffix(".model") && (try? TokenizerLoader.detect(bytes, file: path)) == .sentencePiece {
                    if let model = try SlowTokenizerFiles.sentencePiece(bytes, file: path, map: map) {
                        try put(name, model)
                    } else {
                        files.leftOut.append("\(name) (its slow-tokenizer layout cannot give the new ids; tokenizer.json has them)")
                    }
                } else {
                    try put(name, bytes)
                }
            }
        }
        return files
    }

    /// Top-level files holding a model's weights: safetensors (the change writes its own) and the
    /// formats vocabtool does not rewrite.
    static func isVocabularyWeights(_ name: String) -> Bool {
        name.hasSuffix(".safetensors") || name.hasSuffix(".safetensors.index.json") || name.hasSuffix(".bin")
            || name.hasSuffix(".bin.index.json") || name.hasSuffix(".h5") || name.hasSuffix(".msgpack")
            || name.hasSuffix(".onnx") || name.hasSuffix(".gguf") || name.hasSuffix(".ot")
    }
}
