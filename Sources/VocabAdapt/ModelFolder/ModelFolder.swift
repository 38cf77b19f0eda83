import VocabCore

/// What a vocabulary change (trim, expand, transplant) reads: a tokenizer, the checkpoint holding
/// the vocabulary tensors and the config, taken from a Hugging Face model folder (`--model`) or
/// given one by one (`--tokenizer`, `--embeddings`, `--config`, which override the folder's).
///
/// Opening checks that the parts agree, so that a change never starts on a folder it would
/// write back inconsistently: the folder has safetensors weights; the input embeddings are as wide
/// as the config's hidden size; a head the config ties to the input embeddings is the same tensor;
/// `tokenizer_config.json`'s `added_tokens_decoder` names each token at the tokenizer's id for it.
/// `ModelFolderWriter` writes the changed folder from the same object.
public struct ModelFolder {
    /// The folder given as `--model`; nil when only separate files were given.
    public let path: String?
    /// Every file of the folder (paths relative to it, hidden files and subfolders included), sorted.
    public let files: [String]
    /// The tokenizer, its file and format, and the file's bytes.
    public let tokenizer: any TokenizerBackend
    public let tokenizerSource: TokenizerLoader.Source
    public let tokenizerBytes: [UInt8]
    /// The weights (`--embeddings`, or the folder's safetensors); nil when none were given.
    public let checkpoint: SafetensorsCheckpoint?
    /// `config.json` (`--config`, or the folder's).
    public let configPath: String?
    /// The vocabulary tensors of `checkpoint` (input embeddings, untied heads and their biases).
    public let vocabularyTensors: [String]
    /// True when the model's output head is its input embedding matrix (no separate head tensor).
    public let tiedEmbeddings: Bool
    /// The token ids the config files name (`pad_token_id`, `eos_token_id`, ...), ascending: a trim keeps them.
    public let configTokenIDs: [Int32]

    /// Name endings of input embedding matrices.
    static let inputEmbeddingSuffixes = [
        "word_embeddings.weight", "embed_tokens.weight", "wte.weight", "tok_embeddings.weight", "shared.weight",
    ]
    /// Name endings of output heads (matrices with a row per token).
    static let headSuffixes = ["lm_head.weight", "lm_head.decoder.weight", "embed_out.weight", "predictions.decoder.weight"]
    /// Opens the inputs.
    /// - Parameters:
    ///   - model: a Hugging Face model folder, or nil.
    ///   - tokenizer, embeddings, config: files that replace the folder's (each may be given without a folder).
    ///   - pattern: the split pattern of a tiktoken rank file.
    ///   - tensors: the vocabulary tensors by name; nil to find them by name.
    public init(
        model: String?, tokenizer: String? = nil, pattern: String? = nil, embeddings: String? = nil, config: String? = nil,
        tensors: [String]? = nil
    ) throws {
        var folder = model
        if let dir = folder {
            guard FileIO.isDirectory(dir) else { throw VocabError("not a model folder", file: dir) }
            while folder!.count > 1, folder!.hasSuffix("/") { folder!.removeLast() }
        }
        path = folder
        let files = try folder.map { try ModelFolder.listFiles($0) } ?? []
        self.files = files
        func inFolder(_ name: String) -> String? {
            guard let folder, files.contains(name) else { return nil }
            return folder + "/" + name
        }

        guard let tokenizerPath = tokenizer ?? folder else { throw VocabError("give --model DIR or --tokenizer FILE") }
        let source = try TokenizerLoader.resolve(tokenizerPath)
        tokenizerSource = source
        let bytes = try FileIO.read(source.file)
        tokenizerBytes = bytes
        let loaded = try TokenizerLoader.load(bytes: bytes, source: source, pattern: pattern)
        self.tokenizer = loaded

        let checkpoint: SafetensorsCheckpoint?
        if let embeddings {
            checkpoint = try SafetensorsCheckpoint(path: embeddings)
        } else if let folder {
            guard files.contains(where: { !$0.contains("/") && $0.hasSuffix(".safetensors") }) else {
                let others = files.filter { !$0.contains("/") && ModelFolderWriter.isVocabularyWeights($0) }
                throw VocabError(
                    "no safetensors weights in the model folder (model.safetensors or model.safetensors.index.json)"
                        + (others.isEmpty ? "" : "; \(others.joined(separator: ", ")) must be converted to safetensors first"),
                    file: folder)
            }
            checkpoint = try SafetensorsCheckpoint(path: folder)
        } else {
            checkpoint = nil
        }
        self.checkpoint = checkpoint
        let configPath = config ?? inFolder("config.json")
        self.configPath = configPath

        var configObject: JSONObject? = nil
        if let configPath {
            guard let object = try JSONParser.parse(try FileIO.read(configPath), file: configPath).object else {
                throw VocabError("the config is not a JSON object", file: configPath)
            }
            configObject = object
        }
        var ids = configObject.map { ModelConfigIDs.tokenIDs(in: $0) } ?? []
        if let generation = inFolder("generation_config.json"),
            let object = try JSONParser.parse(try FileIO.read(generation), file: generation).object
        {
            ids += ModelConfigIDs.tokenIDs(in: object)
        }
        let vocabularySize = loaded.table.count
        configTokenIDs = Set(ids.filter { $0 >= 0 && Int($0) < vocabularySize }).sorted()

        if let checkpoint {
            let chosen = try EmbeddingTrim.vocabularyTensors(in: checkpoint, names: tensors)
            vocabularyTensors = chosen.map(\.tensor.name)
            tiedEmbeddings = try ModelFolder.checkTensors(chosen, of: checkpoint, config: configObject, configPath: configPath)
        } else {
            vocabularyTensors = []
            tiedEmbeddings = true
        }
        if let tokenizerConfig = inFolder("tokenizer_config.json") {
            try TokenizerConfigFiles.check(tokenizerConfig, against: loaded.table, tokenizerFile: source.file)
        }
    }

    /// The size of the tokenizer's vocabulary.
    public var vocabularySize: Int { tokenizer.table.count }

    /// Checks widths and tying; returns whether the head is tied (no separate head matrix).
    static func checkTensors(
        _ chosen: [(shard: Int, tensor: TensorInfo)], of checkpoint: SafetensorsCheckpoint, config: JSONObject?, configPath: String?
    ) throws -> Bool {
        func ends(_ name: String, _ suffixes: [String]) -> Bool { suffixes.contains { name == $0 || name.hasSuffix("." + $0) } }
        let inputs = chosen.filter { ends($0.tensor.name, inputEmbeddingSuffixes) }
        let heads = chosen.filter { ends($0.tensor.name, headSuffixes) && $0.tensor.shape.count == 2 }
        if let config, let (key, width) = ModelConfigIDs.embeddingWidth(in: config) {
            for entry in inputs + heads where entry.tensor.shape.count == 2 && entry.tensor.shape[1] != width {
                let t = entry.tensor
                throw VocabError(
                    "tensor \"\(t.name)\" is \(t.shape[0]) x \(t.shape[1]), but \(configPath ?? "config.json") gives \(key) \(width)",
                    file: checkpoint.shards[entry.shard].file.path)
            }
        }
        guard let input = inputs.first else { return heads.isEmpty }
        let tiedByConfig = config.map { ModelConfigIDs.tiesEmbeddings($0) } ?? false
        for head in heads {
            let inputData = checkpoint.shards[input.shard].file.data(of: input.tensor)
            let headData = checkpoint.shards[head.shard].file.data(of: head.tensor)
            if tiedByConfig && (input.tensor.shape != head.tensor.shape || input.tensor.dtype != head.tensor.dtype || !inputData.elementsEqual(headData)) {
                throw VocabError(
                    "\(configPath ?? "config.json") ties the output head to the input embeddings, but \"\(head.tensor.name)\" "
                        + "differs from \"\(input.tensor.name)\" (set tie_word_embeddings to false for an untied head)",
                    file: checkpoint.shards[head.shard].file.path)
            }
        }
        return heads.isEmpty || tiedByConfig
    }

    /// Every file under `root`, relative paths, hidden files included, sorted bytewise.
    static func listFiles(_ root: String) throws -> [String] {
        var out: [String] = []
        var pending = [""]
        while let relative = pending.popLast() {
            let dir = relative.isEmpty ? root : root + "/" + relative
            for name in try FileIO.listDirectory(dir, includingHidden: true) {
                let child = relative.isEmpty ? name : relative + "/" + name
                if FileIO.isDirectory(root + "/" + child) { pending.append(child) } else { out.append(child) }
            }
        }
        return out.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }
}
