import VocabCore

/// Where the bytes of a tensor being written come from.
public enum TensorData: Sendable {
    /// Bytes held in memory.
    case bytes([UInt8])
    /// A tensor of an open file, copied unchanged.
    case copy(SafetensorsFile, TensorInfo)
    /// Rows (slices along the first dimension) of a tensor of an open file: output row `i` is
    /// input row `rowMap[i]`, or a row of zero bytes when `rowMap[i]` is negative.
    case rows(SafetensorsFile, TensorInfo, rowMap: [Int32])
    /// The bytes of several sources, one after the other (e.g. old rows, then new ones).
    indirect case concatenation([TensorData])

    /// The number of bytes this data writes.
    public var byteCount: Int {
        switch self {
        case .bytes(let b): return b.count
        case .copy(_, let info): return info.byteCount
        case .rows(_, let info, let rowMap): return rowMap.count * rowByteCount(info)
        case .concatenation(let parts): return parts.reduce(0) { $0 + $1.byteCount }
        }
    }

    /// The row-sliced sources in this data.
    var rowSources: [(info: TensorInfo, rowMap: [Int32])] {
        switch self {
        case .rows(_, let info, let rowMap): return [(info, rowMap)]
        case .concatenation(let parts): return parts.flatMap(\.rowSources)
        case .bytes, .copy: return []
        }
    }
}

/// A tensor to write: its header entry and its data.
public struct TensorOutput: Sendable {
    public var name: String
    public var dtype: TensorDType
    public var shape: [Int]
    public var data: TensorData

    public init(name: String, dtype: TensorDType, shape: [Int], data: TensorData) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.data = data
    }

    /// The number of data bytes this tensor writes.
    public var byteCount: Int { data.byteCount }
}

/// The bytes of one row (one index of the first dimension) of a tensor with at least one dimension.
func rowByteCount(_ info: TensorInfo) -> Int {
    guard let first = info.shape.first, first > 0 else { return 0 }
    return info.byteCount / first
}

/// Writes safetensors files, streaming tensor data from memory-mapped inputs.
public enum SafetensorsWriter {
    /// The header (length prefix included) for `tensors` written in order with `metadata`. The
    /// JSON is padded with spaces so the data section starts at a multiple of 8 bytes.
    public static func header(for tensors: [TensorOutput], metadata: [(key: String, value: String)]?) -> [UInt8] {
        var json = "{"
        var first = true
        if let metadata {
            json += "\"__metadata__\":{"
            json += metadata.map { "\(JSONText.quoted($0.key)):\(JSONText.quoted($0.value))" }.joined(separator: ",")
            json += "}"
            first = false
        }
        var offset = 0
        for t in tensors {
            if !first { json += "," }
            first = false
            let size = t.byteCount
            json += "\(JSONText.quoted(t.name)):{\"dtype\":\(JSONText.quoted(t.dtype.name)),"
            json += "\"shape\":[\(t.shape.map(String.init).joined(separator: ","))],"
            json += "\"data_offsets\":[\(offset),\(offset + size)]}"
            offset += size
        }
        json += "}"
        var body = Array(json.utf8)
        while (8 + body.count) % 8 != 0 { body.append(0x20) }
        var out: [UInt8] = []
        out.reserveCapacity(8 + body.count)
        withUnsafeBytes(of: UInt64(body.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: body)
        return out
    }

    /// Writes `tensors` (in this order) and `metadata` to `path` atomically: a failure leaves no
    /// file at `path`. Data is streamed in chunks; sliced rows are read straight from the mapping.
    public static func write(
        _ tensors: [TensorOutput], metadata: [(key: String, value: String)]?, to path: String
    ) throws {
        for t in tensors {
            for (info, rowMap) in t.data.rowSources {
                let rows = info.shape.first ?? 0
                if let bad = rowMap.first(where: { Int($0) >= rows }) {
                    throw VocabError("row \(bad) of tensor \"\(info.name)\" is out of range (\(rows) rows)", file: path)
                }
            }
        }
        let chunkSize = 8 << 20
        try FileIO.writeAtomically(to: path) { write in
            var buffer: [UInt8] = []
            buffer.reserveCapacity(chunkSize)
            func append(_ bytes: UnsafeRawBufferPointer) throws {
                if buffer.count + bytes.count > chunkSize {
                    try write(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
                if bytes.count >= chunkSize {
                    var start = 0
                    while start < bytes.count {
                        let end = min(bytes.count, start + chunkSize)
                        try write(Array(UnsafeRawBufferPointer(rebasing: bytes[start..<end])))
                        start = end
                    }
                } else {
                    buffer.append(contentsOf: bytes)
                }
            }
            let head = header(for: tensors, metadata: metadata)
            try head.withUnsafeBytes { try append($0) }
            func emit(_ data: TensorData) throws {
                switch data {
                case .bytes(let b):
                    try b.withUnsafeBytes { try append($0) }
                case .copy(let file, let info):
                    try append(file.data(of: info))
                case .rows(let file, let info, let rowMap):
                    let data = file.data(of: info)
                    let rowBytes = rowByteCount(info)
                    let zeros = [UInt8](repeating: 0, count: rowBytes)
                    for old in rowMap {
                        if old < 0 {
                            try zeros.withUnsafeBytes { try append($0) }
                        } else {
                            let start = Int(old) * rowBytes
                            try append(UnsafeRawBufferPointer(rebasing: data[start..<start + rowBytes]))
                        }
                    }
                case .concatenation(let parts):
                    for part in parts { try emit(part) }
                }
            }
            for t in tensors { try emit(t.data) }
            if !buffer.isEmpty { try write(buffer) }
        }
    }
}
