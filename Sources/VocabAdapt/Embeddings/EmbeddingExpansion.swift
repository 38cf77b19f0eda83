import VocabCore

/// Appends rows for new tokens to the vocabulary tensors of a checkpoint (input embeddings, an
/// untied LM head and its bias, each computed from its own old rows) and copies every other
/// tensor unchanged.
///
/// The old rows are copied bit for bit. Rows past the old vocabulary are padding (XLM-R has
/// 250,037 rows for 250,002 pieces): they are dropped, the new rows follow the old vocabulary,
/// and zero rows are added up to `padToMultipleOf` when asked. A tensor with fewer rows than the
/// old vocabulary is an error.
public struct EmbeddingExpansion: Sendable {
    /// What happened to one vocabulary tensor.
    public struct ExpandedTensor: Sendable {
        public var name: String
        public var dtype: String
        public var rowsBefore: Int
        public var rowsAfter: Int
        /// How many new rows each method produced (fallbacks included).
        public var methods: [(method: EmbeddingInitMethod, rows: Int)]
    }

    /// The vocabulary tensors expanded.
    public let expanded: [ExpandedTensor]
    /// The method actually used for each new row of the first expanded tensor.
    public let rowMethods: [EmbeddingInitMethod]
    let shards: [EmbeddingTrim.ShardOutput]
    private let checkpoint: SafetensorsCheckpoint

    /// Computes the new rows.
    /// - Parameters:
    ///   - vocabularySize: the size of the old vocabulary (rows past it are padding).
    ///   - origins: what each new token's row is computed from, in new-id order.
    ///   - tensorNames: the vocabulary tensors; nil to find them by name.
    ///   - padToMultipleOf: append zero rows up to a multiple of this; nil for none.
    ///   - auxiliary: the space of methods that need one (`focus`).
    public init(
        checkpoint: SafetensorsCheckpoint, vocabularySize: Int, origins: [NewTokenOrigin], method: EmbeddingInitMethod,
        seed: UInt64, tensorNames: [String]?, padToMultipleOf: Int?, auxiliary: AuxiliarySpace? = nil
    ) throws {
        self.checkpoint = checkpoint
        let chosen = try EmbeddingTrim.vocabularyTensors(in: checkpoint, names: tensorNames)
        var rows = vocabularySize + origins.count
        if let multiple = padToMultipleOf, multiple > 1 { rows = (rows + multiple - 1) / multiple * multiple }
        let padding = rows - vocabularySize - origins.count
        var replaced: [String: TensorData] = [:]
        var expanded: [ExpandedTensor] = []
        var rowMethods: [EmbeddingInitMethod] = []
        let oldRows = (0..<vocabularySize).map { Int32($0) }
        for (shard, t) in chosen where replaced[t.name] == nil {
            let file = checkpoint.shards[shard].file
            guard let count = t.shape.first else {
                throw VocabError("tensor \"\(t.name)\" is a scalar and has no rows", file: file.path)
            }
            guard FloatElements.supports(t.dtype) else {
                throw VocabError("tensor \"\(t.name)\" has dtype \(t.dtype); new rows can be computed for F32, F16, BF16 and F64", file: file.path)
            }
            guard count >= vocabularySize else {
                throw VocabError(
                    "tensor \"\(t.name)\" has \(count) rows, fewer than the vocabulary's \(vocabularySize) tokens", file: file.path)
            }
            let old = try EmbeddingMatrix(tensor: t, data: file.data(of: t), rows: vocabularySize)
            let (values, used) = try EmbeddingInitialization.newRows(
                method: method, old: old, origins: origins, seed: seed, auxiliary: auxiliary)
            if rowMethods.isEmpty { rowMethods = used }
            let newBytes = try FloatElements.encode(values, dtype: t.dtype)
            let rowBytes = old.columns * (t.dtype.bytesPerElement ?? 0)
            replaced[t.name] = .concatenation([
                .rows(file, t, rowMap: oldRows), .bytes(newBytes), .bytes([UInt8](repeating: 0, count: padding * rowBytes)),
            ])
            var tally: [EmbeddingInitMethod: Int] = [:]
            for m in used { tally[m, default: 0] += 1 }
            expanded.append(
                ExpandedTensor(
                    name: t.name, dtype: t.dtype.name, rowsBefore: count, rowsAfter: rows,
                    methods: EmbeddingInitMethod.allCases.compactMap { m in tally[m].map { (m, $0) } }))
        }
        self.expanded = expanded
        self.rowMethods = rowMethods
        shards = checkpoint.shards.map { shard in
            let tensors = shard.file.tensors.map { t -> TensorOutput in
                if let data = replaced[t.name] {
                    var shape = t.shape
                    shape[0] = rows
                    return TensorOutput(name: t.name, dtype: t.dtype, shape: shape, data: data)
                }
                return TensorOutput(name: t.name, dtype: t.dtype, shape: t.shape, data: .copy(shard.file, t))
            }
            return EmbeddingTrim.ShardOutput(name: shard.name, tensors: tensors, metadata: shard.file.header.metadata)
        }
    }

    /// The number of rows of the expanded tensors (vocabulary plus padding).
    public var rowsAfter: Int? { expanded.first?.rowsAfter }

    /// Writes the output files into `directory` (each atomically): the shards under their input
    /// names and, for a sharded input, the index with its `total_size` updated.
    /// - Returns: the names of the files written.
    @discardableResult
    public func write(into directory: String) throws -> [String] {
        try EmbeddingTrim.write(shards, of: checkpoint, into: directory)
    }
}
