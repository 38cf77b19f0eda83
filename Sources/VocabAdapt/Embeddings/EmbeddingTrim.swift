import VocabCore

/// Slices the vocabulary tensors of a checkpoint (input embeddings, an untied LM head and its
/// bias) to the rows of a trimmed vocabulary, and copies every other tensor unchanged.
///
/// A vocabulary tensor may have more rows than the vocabulary (models pad it, e.g. 250,037 rows
/// for XLM-R's 250,002 pieces): rows past the vocabulary are padding and are dropped, or replaced
/// by zero rows up to `padToMultipleOf`. Fewer rows than the vocabulary is an error.
public struct EmbeddingTrim: Sendable {
    /// What happened to one vocabulary tensor.
    public struct SlicedTensor: Sendable {
        public var name: String
        public var rowsBefore: Int
        public var rowsAfter: Int
        public var parametersBefore: Int
        public var parametersAfter: Int
    }

    /// One output file: its name and tensors in the input's order.
    public struct ShardOutput: Sendable {
        public var name: String
        public var tensors: [TensorOutput]
        public var metadata: [(key: String, value: String)]?
    }

    /// The vocabulary tensors sliced.
    public let sliced: [SlicedTensor]
    /// The files to write.
    public let shards: [ShardOutput]
    private let checkpoint: SafetensorsCheckpoint

    /// Name endings that identify vocabulary tensors when none are named.
    public static let vocabularyTensorSuffixes = [
        "word_embeddings.weight", "embed_tokens.weight", "wte.weight", "tok_embeddings.weight", "shared.weight",
        "lm_head.weight", "lm_head.bias", "lm_head.decoder.weight", "lm_head.decoder.bias", "embed_out.weight",
        "predictions.decoder.weight", "predictions.decoder.bias", "predictions.bias",
    ]

    /// Plans the trim.
    /// - Parameters:
    ///   - vocabularySize: the size of the original vocabulary.
    ///   - newToOld: entry `i` is the original id of new id `i`.
    ///   - tensorNames: the vocabulary tensors; nil to find them by name
    ///     (`vocabularyTensorSuffixes`, with at least `vocabularySize` rows).
    ///   - padToMultipleOf: append zero rows up to a multiple of this; nil for none.
    public init(
        checkpoint: SafetensorsCheckpoint, vocabularySize: Int, newToOld: [Int32], tensorNames: [String]?,
        padToMultipleOf: Int?
    ) throws {
        self.checkpoint = checkpoint
        let chosen = try EmbeddingTrim.vocabularyTensors(in: checkpoint, names: tensorNames)
        var rowMap = newToOld
        if let multiple = padToMultipleOf, multiple > 1 {
            let padded = (newToOld.count + multiple - 1) / multiple * multiple
            rowMap += [Int32](repeating: -1, count: padded - newToOld.count)
        }
        var sliced: [SlicedTensor] = []
        var slicedNames = Set<String>()
        for (shard, t) in chosen {
            let path = checkpoint.shards[shard].file.path
            guard let rows = t.shape.first else {
                throw VocabError("tensor \"\(t.name)\" is a scalar and cannot be sliced by token id", file: path)
            }
            guard t.dtype.bytesPerElement != nil else {
                throw VocabError("tensor \"\(t.name)\" has dtype \(t.dtype), which cannot be sliced by rows", file: path)
            }
            guard rows >= vocabularySize else {
                throw VocabError(
                    "tensor \"\(t.name)\" has \(rows) rows, fewer than the vocabulary's \(vocabularySize) tokens", file: path)
            }
            guard slicedNames.insert(t.name).inserted else { continue }
            let perRow = t.shape.dropFirst().reduce(1, *)
            sliced.append(
                SlicedTensor(
                    name: t.name, rowsBefore: rows, rowsAfter: rowMap.count, parametersBefore: rows * perRow,
                    parametersAfter: rowMap.count * perRow))
        }
        self.sliced = sliced
        shards = checkpoint.shards.map { shard in
            let tensors = shard.file.tensors.map { t -> TensorOutput in
                if slicedNames.contains(t.name) {
                    var shape = t.shape
                    shape[0] = rowMap.count
                    return TensorOutput(name: t.name, dtype: t.dtype, shape: shape, data: .rows(shard.file, t, rowMap: rowMap))
                }
                return TensorOutput(name: t.name, dtype: t.dtype, shape: t.shape, data: .copy(shard.file, t))
            }
            return ShardOutput(name: shard.name, tensors: tensors, metadata: shard.file.header.metadata)
        }
    }

    /// The vocabulary tensors of a checkpoint: those named, or else those whose names end in one
    /// of `vocabularyTensorSuffixes`.
    /// - Throws: when a named tensor is missing or none is found.
    public static func vocabularyTensors(in checkpoint: SafetensorsCheckpoint, names: [String]?) throws -> [(shard: Int, tensor: TensorInfo)] {
        var chosen: [(shard: Int, tensor: TensorInfo)] = []
        if let names {
            for name in names {
                guard let found = checkpoint.locate(name) else {
                    throw VocabError("no tensor named \"\(name)\" in the checkpoint", file: checkpoint.shards.first?.file.path)
                }
                chosen.append(found)
            }
        } else {
            chosen = checkpoint.allTensors.filter { entry in
                let name = entry.tensor.name
                return EmbeddingTrim.vocabularyTensorSuffixes.contains { name == $0 || name.hasSuffix("." + $0) }
            }
            if chosen.isEmpty {
                throw VocabError(
                    "no vocabulary tensor found (looked for names ending in word_embeddings.weight, embed_tokens.weight, lm_head.weight, ...); name them with --tensor",
                    file: checkpoint.shards.first?.file.path)
            }
        }
        return chosen
    }

    /// Total data bytes of the input and of the output.
    public var bytesBefore: Int { checkpoint.shards.reduce(0) { $0 + $1.file.tensors.reduce(0) { $0 + $1.byteCount } } }
    public var bytesAfter: Int { shards.reduce(0) { $0 + $1.tensors.reduce(0) { $0 + $1.byteCount } } }

    /// Writes the output files into `directory` (each atomically): `model.safetensors` for a single
    /// file; for a sharded input, the shards under their names and the index with `total_size` updated.
    /// - Returns: the names of the files written.
    @discardableResult
    public func write(into directory: String) throws -> [String] {
        try EmbeddingTrim.write(shards, of: checkpoint, into: directory)
    }

    /// Writes `shards` (the output files of `checkpoint`) into `directory`, each atomically, and,
    /// for a sharded checkpoint, its index with `total_size` updated.
    /// - Returns: the names of the files written.
    static func write(_ shards: [ShardOutput], of checkpoint: SafetensorsCheckpoint, into directory: String) throws -> [String] {
        var written: [String] = []
        for shard in shards {
            // A single file is written as model.safetensors; shards keep the names the index gives.
            let name = checkpoint.indexPath == nil ? "model.safetensors" : shard.name
            try SafetensorsWriter.write(shard.tensors, metadata: shard.metadata, to: directory + "/" + name)
            written.append(name)
        }
        if let indexPath = checkpoint.indexPath {
            let name = indexPath.split(separator: "/").last.map(String.init) ?? "model.safetensors.index.json"
            var metadata = checkpoint.indexMetadata
            metadata["total_size"] = .integer(shards.reduce(0) { $0 + $1.tensors.reduce(0) { $0 + $1.byteCount } })
            var weightMap = JSONObject()
            for shard in shards {
                for t in shard.tensors { weightMap.members.append((t.name, .string(shard.name))) }
            }
            let index = JSONObject([("metadata", .object(metadata)), ("weight_map", .object(weightMap))])
            let text = JSONWriter.serialize(.object(index), style: .pretty) + [0x0A]
            try FileIO.writeAtomically(text, to: directory + "/" + name)
            written.append(name)
        }
        return written
    }
}
