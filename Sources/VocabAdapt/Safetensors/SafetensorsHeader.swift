import VocabCore

/// One tensor entry of a safetensors header.
public struct TensorInfo: Sendable, Equatable {
    /// The tensor's name (the header key).
    public var name: String
    public var dtype: TensorDType
    /// The dimensions, outermost first; empty for a scalar.
    public var shape: [Int]
    /// Byte range of the data, relative to the start of the data section.
    public var begin: Int
    public var end: Int

    public init(name: String, dtype: TensorDType, shape: [Int], begin: Int, end: Int) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.begin = begin
        self.end = end
    }

    /// The number of elements (the product of the shape; 1 for a scalar).
    public var elementCount: Int { shape.reduce(1, *) }

    /// The number of data bytes.
    public var byteCount: Int { end - begin }
}

/// The parsed header of a safetensors file: an 8-byte little-endian length, then that many
/// bytes of JSON mapping tensor names to dtype, shape and data offsets, plus an optional
/// `__metadata__` object of strings; the data section follows.
public struct SafetensorsHeader: Sendable {
    /// The tensors in header order.
    public var tensors: [TensorInfo]
    /// The `__metadata__` entries in header order, or nil when the header has none.
    public var metadata: [(key: String, value: String)]?
    /// The file offset where the data section starts (8 + header length).
    public var dataStart: Int

    /// The largest header accepted (the reference implementation's limit).
    public static let maximumHeaderLength = 100_000_000

    /// Parses and validates the header of a file of `bytes.count` bytes.
    ///
    /// Checks: the length fits in the file; the header is one strict JSON object; each entry has a
    /// string `dtype`, an array of non-negative integer `shape` and two `data_offsets`; data ranges
    /// cover the data section exactly, with no gap, overlap or range past the end; a tensor of a
    /// known dtype has exactly `elements x width` bytes. Errors give the file and byte position.
    public static func parse(_ bytes: UnsafeRawBufferPointer, file: String) throws -> SafetensorsHeader {
        guard bytes.count >= 8 else {
            throw VocabError("not a safetensors file: shorter than the 8-byte header length", file: file, at: .byte(0))
        }
        let declared = bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self).littleEndian
        guard declared <= UInt64(maximumHeaderLength) else {
            throw VocabError("corrupt safetensors header: header length \(declared) is too large", file: file, at: .byte(0))
        }
        let length = Int(declared)
        guard 8 + length <= bytes.count else {
            throw VocabError(
                "corrupt safetensors header: header length \(length) runs past the end of the file (\(bytes.count) bytes)",
                file: file, at: .byte(0))
        }
        guard length > 0, bytes[8] == UInt8(ascii: "{") else {
            throw VocabError("corrupt safetensors header: the header is not a JSON object", file: file, at: .byte(8))
        }
        let root = try bytes.withMemoryRebound(to: UInt8.self) { all in
            try JSONReader.parse(UnsafeBufferPointer(rebasing: all[8..<8 + length]), file: file, base: 8)
        }
        guard let members = root.members else {
            throw VocabError("corrupt safetensors header: the header is not a JSON object", file: file, at: .byte(8))
        }
        let dataStart = 8 + length
        let dataLength = bytes.count - dataStart
        var header = SafetensorsHeader(tensors: [], metadata: nil, dataStart: dataStart)
        var seen = Set<String>()
        func fail(_ message: String, _ node: JSONNode) -> VocabError {
            VocabError("corrupt safetensors header: " + message, file: file, at: .byte(8 + node.start))
        }
        for (key, node) in members {
            guard seen.insert(key).inserted else { throw fail("tensor \"\(key)\" appears twice", node) }
            if key == "__metadata__" {
                guard let entries = node.members else { throw fail("__metadata__ is not an object", node) }
                header.metadata = try entries.map { entry in
                    guard let text = entry.value.string else {
                        throw fail("__metadata__ value \"\(entry.key)\" is not a string", entry.value)
                    }
                    return (entry.key, text)
                }
                continue
            }
            guard node.members != nil else { throw fail("entry \"\(key)\" is not an object", node) }
            guard let dtypeName = node["dtype"]?.string else { throw fail("tensor \"\(key)\" has no string dtype", node) }
            guard let shapeNodes = node["shape"]?.elements else { throw fail("tensor \"\(key)\" has no shape array", node) }
            var shape: [Int] = []
            for dim in shapeNodes {
                guard let d = dim.unsignedInteger, d <= UInt64(Int32.max) else {
                    throw fail("tensor \"\(key)\" has an invalid dimension", dim)
                }
                shape.append(Int(d))
            }
            guard let offsetsNode = node["data_offsets"], let offsets = offsetsNode.elements, offsets.count == 2,
                let begin = offsets[0].unsignedInteger, let end = offsets[1].unsignedInteger
            else {
                throw fail("tensor \"\(key)\" needs data_offsets [begin, end]", node)
            }
            guard begin <= end else { throw fail("tensor \"\(key)\" has data_offsets with begin > end", offsetsNode) }
            guard end <= UInt64(dataLength) else {
                throw fail(
                    "tensor \"\(key)\" data_offsets end \(end) is past the end of the data (\(dataLength) bytes)",
                    offsetsNode)
            }
            let info = TensorInfo(name: key, dtype: TensorDType(name: dtypeName), shape: shape, begin: Int(begin), end: Int(end))
            if let bits = info.dtype.bitsPerElement {
                var elements = 1
                for d in shape {
                    let (product, overflow) = elements.multipliedReportingOverflow(by: d)
                    guard !overflow else { throw fail("tensor \"\(key)\" shape is too large", node) }
                    elements = product
                }
                let (totalBits, overflow) = elements.multipliedReportingOverflow(by: bits)
                guard !overflow, totalBits % 8 == 0, totalBits / 8 == info.byteCount else {
                    throw fail(
                        "tensor \"\(key)\" has \(info.byteCount) bytes but shape \(shape) of \(dtypeName) needs "
                            + (overflow ? "more" : "\(totalBits / 8)"), offsetsNode)
                }
            }
            header.tensors.append(info)
        }
        // The data ranges, in offset order, must tile the data section.
        let order = header.tensors.indices.sorted {
            (header.tensors[$0].begin, header.tensors[$0].end) < (header.tensors[$1].begin, header.tensors[$1].end)
        }
        var position = 0
        for k in order {
            let t = header.tensors[k]
            if t.begin != position {
                let what = t.begin < position ? "overlaps the previous tensor" : "leaves a gap after the previous tensor"
                throw VocabError(
                    "corrupt safetensors header: tensor \"\(t.name)\" data at \(t.begin)..<\(t.end) \(what)",
                    file: file, at: .byte(dataStart + t.begin))
            }
            position = t.end
        }
        if position != dataLength {
            throw VocabError(
                "corrupt safetensors file: the tensors cover \(position) data bytes but the file has \(dataLength)",
                file: file, at: .byte(dataStart + position))
        }
        return header
    }
}
