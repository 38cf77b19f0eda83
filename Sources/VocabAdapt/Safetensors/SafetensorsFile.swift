import VocabCore

/// A safetensors file opened for reading: memory-mapped, header parsed and validated.
public final class SafetensorsFile: Sendable {
    /// The file's path.
    public var path: String { mapped.path }
    /// The parsed header.
    public let header: SafetensorsHeader
    private let mapped: MappedFile
    private let positions: [String: Int]

    /// Opens and validates the file at `path`.
    public init(path: String) throws {
        mapped = try MappedFile(path: path)
        header = try SafetensorsHeader.parse(mapped.bytes, file: path)
        var positions: [String: Int] = [:]
        for (k, t) in header.tensors.enumerated() { positions[t.name] = k }
        self.positions = positions
    }

    /// The tensors in header order.
    public var tensors: [TensorInfo] { header.tensors }

    /// The entry of a tensor by name, or nil.
    public func tensor(named name: String) -> TensorInfo? {
        positions[name].map { header.tensors[$0] }
    }

    /// The data bytes of a tensor of this file; valid while this object is alive.
    public func data(of tensor: TensorInfo) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: mapped.bytes[header.dataStart + tensor.begin..<header.dataStart + tensor.end])
    }
}
