import VocabCore

/// A model's weights in safetensors form: one file, or shards listed by an index
/// (`model.safetensors.index.json`: `{"metadata": {...}, "weight_map": {tensor: shard file}}`).
public final class SafetensorsCheckpoint: Sendable {
    /// One file of the checkpoint.
    public struct Shard: Sendable {
        /// The file name (relative to the checkpoint's folder).
        public var name: String
        public var file: SafetensorsFile
    }

    /// The files, in index order (one for an unsharded checkpoint).
    public let shards: [Shard]
    /// The index file, for a sharded checkpoint.
    public let indexPath: String?
    /// The index's `metadata` object (empty when unsharded).
    let indexMetadata: JSONObject

    /// Opens a `.safetensors` file, an index `.json`, or a folder holding
    /// `model.safetensors.index.json` or `model.safetensors` (or a single `.safetensors` file).
    public init(path: String) throws {
        var file = path
        if FileIO.isDirectory(path) {
            let names = try FileIO.listDirectory(path)
            let dir = path.hasSuffix("/") ? path : path + "/"
            if names.contains("model.safetensors.index.json") {
                file = dir + "model.safetensors.index.json"
            } else if names.contains("model.safetensors") {
                file = dir + "model.safetensors"
            } else {
                let candidates = names.filter { $0.hasSuffix(".safetensors") }
                guard candidates.count == 1 else {
                    throw VocabError(
                        candidates.isEmpty
                            ? "no .safetensors file in the folder"
                            : "several .safetensors files and no model.safetensors.index.json", file: path)
                }
                file = dir + candidates[0]
            }
        }
        if file.hasSuffix(".json") {
            let (shards, metadata) = try SafetensorsCheckpoint.openIndex(file)
            self.shards = shards
            self.indexPath = file
            self.indexMetadata = metadata
        } else {
            let name = file.split(separator: "/").last.map(String.init) ?? file
            shards = [Shard(name: name, file: try SafetensorsFile(path: file))]
            indexPath = nil
            indexMetadata = JSONObject()
        }
    }

    /// The shard index and entry of a tensor, or nil.
    public func locate(_ name: String) -> (shard: Int, tensor: TensorInfo)? {
        for (k, shard) in shards.enumerated() {
            if let t = shard.file.tensor(named: name) { return (k, t) }
        }
        return nil
    }

    /// Every tensor with its shard index, shards in order, tensors in header order.
    public var allTensors: [(shard: Int, tensor: TensorInfo)] {
        shards.enumerated().flatMap { k, shard in shard.file.tensors.map { (k, $0) } }
    }

    private static func openIndex(_ path: String) throws -> ([Shard], JSONObject) {
        let bytes = try FileIO.read(path)
        guard let object = try JSONParser.parse(bytes, file: path).object else { throw VocabError("the index is not a JSON object", file: path) }
        guard let entries = object["weight_map"]?.object?.members else {
            throw VocabError("the index has no weight_map object", file: path, at: .byte(object.offset))
        }
        var metadata = JSONObject()
        if let meta = object["metadata"] {
            guard let members = meta.object else {
                throw VocabError("the index metadata is not an object", file: path, at: .byte(object.offset))
            }
            metadata = members
        }
        let dir = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        var shardNames: [String] = []
        var expected: [String: String] = [:]
        for (tensor, value) in entries {
            guard let name = value.string, !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
                throw VocabError("weight_map entry \"\(tensor)\" must name a file beside the index", file: path)
            }
            guard expected.updateValue(name, forKey: tensor) == nil else {
                throw VocabError("weight_map lists \"\(tensor)\" twice", file: path)
            }
            if !shardNames.contains(name) { shardNames.append(name) }
        }
        var shards: [Shard] = []
        for name in shardNames {
            let shardPath = dir.isEmpty ? name : dir + "/" + name
            guard FileIO.exists(shardPath) else {
                throw VocabError("weight_map names \(name), which is not in the folder", file: path)
            }
            let file = try SafetensorsFile(path: shardPath)
            for t in file.tensors where expected[t.name] != name {
                throw VocabError(
                    "tensor \"\(t.name)\" of \(name) is " + (expected[t.name].map { "mapped to \($0)" } ?? "not in the weight_map")
                        + " in the index", file: path)
            }
            shards.append(Shard(name: name, file: file))
        }
        for (tensor, _) in entries {
            let name = expected[tensor] ?? ""
            if !shards.contains(where: { $0.name == name && $0.file.tensor(named: tensor) != nil }) {
                throw VocabError("the index maps \"\(tensor)\" to \(name), which has no such tensor", file: path)
            }
        }
        return (shards, metadata)
    }
}
