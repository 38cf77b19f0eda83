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
        let root: JSONValue
        do {
            root = try bytes.withMemoryRebound(to: UInt8.self) { all in
                try JSONParser.parse(UnsafeBufferPointer(rebasing: all[8..<8 + length]))
            }
        } catch let error as VocabError {
            var located = error.inFile(file)
            if case .byte(let offset) = error.location { located.location = .byte(8 + offset) }
            located.message = "corrupt safetensors header: " + error.message
            throw located
        }
        guard let object = root.object else {
            throw VocabError("corrupt safetensors header: the header is not a JSON object", file: file, at: .byte(8))
        }
        let dataStart = 8 + length
        let dataLength = bytes.count - dataStart
        var header = SafetensorsHeader(tensors: [], metadata: nil, dataStart: dataStart)
        var seen = Set<String>()
        /// An error pointing at the entry (errors inside an entry point at its opening brace).
        func fail(_ message: String, _ entry: JSONObject?) -> VocabError {
            VocabError("corrupt safetensors header: " + message, file: file, at: .byte(8 + (entry ?? object).offset))
        }
        for (key, node) in object.members {
            let entry = node.object
            guard seen.insert(key).inserted else { throw fail("tensor \"\(key)\" appears twice", entry) }
            if key == "__metadata__" {
                guard let entries = entry?.members else { throw fail("__metadata__ is not an object", nil) }
                header.metadata = try entries.map { member in
                    guard let text = member.value.string else {
                        throw fail("__metadata__ value \"\(member.key)\" is not a string", entry)
                    }
                    return (member.key, text)
                }
                continue
            }
            guard let entry else { throw fail("entry \"\(key)\" is not an object", nil) }
            guard let dtypeName = entry["dtype"]?.string else { throw fail("tensor \"\(key)\" has no string dtype", entry) }
            guard let shapeNodes = entry["shape"]?.array else { throw fail("tensor \"\(key)\" has no shape array", entry) }
            var shape: [Int] = []
            for dim in shapeNodes {
                guard let d = dim.integer, d >= 0, d <= Int(Int32.max) else {
                    throw fail("tensor \"\(key)\" has an invalid dimension", entry)
                }
                shape.append(d)
            }
            guard let offsets = entry["data_offsets"]?.array, offsets.count == 2,
                let begin = offsets[0].integer, let end = offsets[1].integer, begin >= 0
            else {
                throw fail("tensor \"\(key)\" needs data_offsets [begin, end]", entry)
            }
            guard begin <= end else { throw fail("tensor \"\(key)\" has data_offsets with begin > end", entry) }
            guard end <= dataLength else {
                throw fail(
                    "tensor \"\(key)\" data_offsets end \(end) is past the end of the data (\(dataLength) bytes)", entry)
            }
            let info = TensorInfo(name: key, dtype: TensorDType(name: dtypeName), shape: shape, begin: begin, end: end)
            if let bits = info.dtype.bitsPerElement {
                var elements = 1
                for d in shape {
                    let (product, overflow) = elements.multipliedReportingOverflow(by: d)
                    guard !overflow else { throw fail("tensor \"\(key)\" shape is too large", entry) }
                    elements = product
                }
                let (totalBits, overflow) = elements.multipliedReportingOverflow(by: bits)
                guard !overflow, totalBits % 8 == 0, totalBits / 8 == info.byteCount else {
                    throw fail(
                        "tensor \"\(key)\" has \(info.byteCount) bytes but shape \(shape) of \(dtypeName) needs "
                            + (overflow ? "more" : "\(totalBits / 8)"), entry)
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
