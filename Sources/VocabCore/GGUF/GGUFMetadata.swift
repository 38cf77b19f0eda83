/// The header and key/value section of a GGUF file (llama.cpp's model format, versions 2 and 3,
/// little-endian), read in place: only the bytes up to the end of the key/values are touched, so
/// a memory-mapped multi-gigabyte model costs a few pages. Tensor infos and data are never read.
///
/// Layout: `GGUF`, version (u32), tensor count (u64), key/value count (u64), then per key/value a
/// string key (u64 length + bytes), a value type (u32) and the value; an array value is an
/// element type (u32), a count (u64) and the elements. Every read is bounds-checked and every
/// error names the byte offset it was found at.
public struct GGUFMetadata: Sendable {
    /// `gguf_type`.
    public enum ValueType: UInt32, Sendable {
        case uint8 = 0, int8, uint16, int16, uint32, int32, float32, bool, string, array, uint64, int64, float64

        /// The width of a fixed-size value; nil for strings and arrays.
        var width: Int? {
            switch self {
            case .uint8, .int8, .bool: return 1
            case .uint16, .int16: return 2
            case .uint32, .int32, .float32: return 4
            case .uint64, .int64, .float64: return 8
            case .string, .array: return nil
            }
        }

        var isInteger: Bool { self != .float32 && self != .float64 && self != .bool && width != nil }
    }

    /// One key/value.
    public struct Entry: Sendable {
        public var key: String
        public var type: ValueType
        /// Offset of the key (where messages about the value point).
        public var offset: Int
        /// Offset of the value; for an array, of its first element.
        public var valueOffset: Int
        /// For an array, the element type; nil otherwise.
        public var elementType: ValueType?
        /// For an array, the number of elements; 1 otherwise.
        public var count: Int
    }

    public let version: UInt32
    public let tensorCount: UInt64
    /// The key/values in file order.
    public let entries: [Entry]
    /// The offset just past the last key/value.
    public let end: Int
    let index: [String: Int]

    /// The entry of `key`, or nil.
    public subscript(key: String) -> Entry? { index[key].map { entries[$0] } }

    static let magic: [UInt8] = Array("GGUF".utf8)

    /// Whether `bytes` starts with the GGUF magic.
    public static func hasMagic(_ bytes: some Collection<UInt8>) -> Bool { bytes.starts(with: magic) }

    /// Parses the header and key/values of the GGUF file in `bytes`.
    public init(parsing bytes: UnsafeRawBufferPointer) throws {
        var reader = GGUFReader(bytes: bytes)
        guard bytes.count >= 4, Self.hasMagic(UnsafeRawBufferPointer(rebasing: bytes[0..<4])) else {
            throw VocabError("not a GGUF file (it does not start with \"GGUF\")", at: .byte(0))
        }
        reader.position = 4
        let version = try reader.u32(what: "the GGUF version")
        if version != 2 && version != 3 {
            if version.byteSwapped == 2 || version.byteSwapped == 3 {
                throw VocabError("big-endian GGUF files are not supported", at: .byte(4))
            }
            throw VocabError("GGUF version \(version) is not supported (versions 2 and 3 are)", at: .byte(4))
        }
        tensorCount = try reader.u64(what: "the tensor count")
        let countOffset = reader.position
        let kvCount = try reader.u64(what: "the key/value count")
        // Each key/value takes at least 8 (key length) + 4 (type) + 1 bytes.
        guard kvCount <= UInt64(bytes.count - reader.position) / 13 else {
            throw VocabError(
                "the header claims \(kvCount) key/values, more than the \(bytes.count)-byte file can hold (truncated?)",
                at: .byte(countOffset))
        }
        var entries: [Entry] = []
        var index: [String: Int] = [:]
        entries.reserveCapacity(Int(kvCount))
        for k in 0..<Int(kvCount) {
            let offset = reader.position
            let keyRange = try reader.string(what: "the key of key/value \(k)")
            let key = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[keyRange]), as: UTF8.self)
            let type = try reader.valueType(what: "the type of \(key)")
            var entry = Entry(key: key, type: type, offset: offset, valueOffset: reader.position, elementType: nil, count: 1)
            if type == .array {
                let elementType = try reader.valueType(what: "the element type of \(key)")
                let countAt = reader.position
                let count = try reader.u64(what: "the element count of \(key)")
                entry.elementType = elementType
                entry.valueOffset = reader.position
                switch elementType {
                case .array:
                    throw VocabError("\(key) is an array of arrays (not supported)", at: .byte(offset))
                case .string:
                    guard count <= UInt64(bytes.count - reader.position) / 8 else {
                        throw VocabError("\(key) claims \(count) strings, more than the file can hold", at: .byte(countAt))
                    }
                    for i in 0..<Int(count) { _ = try reader.string(what: "string \(i) of \(key)") }
                default:
                    let width = UInt64(elementType.width!)
                    guard count <= UInt64(bytes.count - reader.position) / width else {
                        throw VocabError("\(key) claims \(count) elements, past the end of the file", at: .byte(countAt))
                    }
                    reader.position += Int(count * width)
                }
                entry.count = Int(count)
            } else if type == .string {
                _ = try reader.string(what: "the value of \(key)")
            } else {
                try reader.skip(type.width!, what: "the value of \(key)")
            }
            if index[key] != nil { throw VocabError("the key \(key) appears twice", at: .byte(offset)) }
            index[key] = entries.count
            entries.append(entry)
        }
        self.version = version
        self.entries = entries
        self.index = index
        self.end = reader.position
    }

    /// The string value of `key`, or nil when absent; throws when it is not a string.
    public func string(_ key: String, in bytes: UnsafeRawBufferPointer) throws -> String? {
        guard let entry = self[key] else { return nil }
        guard entry.type == .string else { throw wrongType(entry, expected: "a string") }
        var reader = GGUFReader(bytes: bytes, position: entry.valueOffset)
        let range = try reader.string(what: "the value of \(key)")
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// The integer value of `key` (any integer type), or nil when absent; throws when it is not
    /// an integer.
    public func integer(_ key: String, in bytes: UnsafeRawBufferPointer) throws -> Int64? {
        guard let entry = self[key] else { return nil }
        guard entry.type.isInteger else { throw wrongType(entry, expected: "an integer") }
        return GGUFReader(bytes: bytes, position: entry.valueOffset).integer(entry.type)
    }

    /// The boolean value of `key`, or nil when absent; throws when it is not a bool.
    public func bool(_ key: String, in bytes: UnsafeRawBufferPointer) throws -> Bool? {
        guard let entry = self[key] else { return nil }
        guard entry.type == .bool else { throw wrongType(entry, expected: "a bool") }
        return bytes[entry.valueOffset] != 0
    }

    /// Calls `body` with index and bytes of each string of the string array `key`.
    public func forEachString(
        _ key: String, in bytes: UnsafeRawBufferPointer, _ body: (Int, UnsafeRawBufferPointer) throws -> Void
    ) throws {
        guard let entry = self[key] else { return }
        guard entry.type == .array, entry.elementType == .string else { throw wrongType(entry, expected: "an array of strings") }
        var reader = GGUFReader(bytes: bytes, position: entry.valueOffset)
        for i in 0..<entry.count {
            let range = try reader.string(what: "string \(i) of \(key)")
            try body(i, UnsafeRawBufferPointer(rebasing: bytes[range]))
        }
    }

    /// The float32 array `key`, or nil when absent.
    public func floats(_ key: String, in bytes: UnsafeRawBufferPointer) throws -> [Float]? {
        guard let entry = self[key] else { return nil }
        guard entry.type == .array, entry.elementType == .float32 else { throw wrongType(entry, expected: "an array of float32") }
        return (0..<entry.count).map {
            Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: entry.valueOffset + 4 * $0, as: UInt32.self)))
        }
    }

    /// The integer array `key` (any integer element type), or nil when absent.
    public func integers(_ key: String, in bytes: UnsafeRawBufferPointer) throws -> [Int64]? {
        guard let entry = self[key] else { return nil }
        guard entry.type == .array, let element = entry.elementType, element.isInteger else {
            throw wrongType(entry, expected: "an array of integers")
        }
        let width = element.width!
        return (0..<entry.count).map {
            GGUFReader(bytes: bytes, position: entry.valueOffset + width * $0).integer(element)
        }
    }

    func wrongType(_ entry: Entry, expected: String) -> VocabError {
        var found = "\(entry.type)"
        if let element = entry.elementType { found = "an array of \(element)" }
        return VocabError("\(entry.key) is \(found), expected \(expected)", at: .byte(entry.offset))
    }
}

/// Bounds-checked little-endian reads over a GGUF file's bytes.
struct GGUFReader {
    let bytes: UnsafeRawBufferPointer
    var position = 0

    func truncated(_ what: String) -> VocabError {
        VocabError("the file ends inside the GGUF header (reading \(what); the file has \(bytes.count) bytes)", at: .byte(position))
    }

    mutating func skip(_ n: Int, what: String) throws {
        guard n <= bytes.count - position else { throw truncated(what) }
        position += n
    }

    mutating func u32(what: String) throws -> UInt32 {
        guard bytes.count - position >= 4 else { throw truncated(what) }
        defer { position += 4 }
        return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self))
    }

    mutating func u64(what: String) throws -> UInt64 {
        guard bytes.count - position >= 8 else { throw truncated(what) }
        defer { position += 8 }
        return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
    }

    mutating func valueType(what: String) throws -> GGUFMetadata.ValueType {
        let at = position
        let raw = try u32(what: what)
        guard let type = GGUFMetadata.ValueType(rawValue: raw) else {
            throw VocabError("\(what) is \(raw), not a GGUF value type (0-12)", at: .byte(at))
        }
        return type
    }

    /// A string's byte range (after its u64 length).
    mutating func string(what: String) throws -> Range<Int> {
        let at = position
        let length = try u64(what: what)
        guard length <= UInt64(bytes.count - position) else {
            throw VocabError(
                "\(what): a string of \(length) bytes runs past the end of the file (\(bytes.count) bytes)", at: .byte(at))
        }
        let start = position
        position += Int(length)
        return start..<position
    }

    /// The integer of `type` at `position` (already bounds-checked by the parse).
    func integer(_ type: GGUFMetadata.ValueType) -> Int64 {
        switch type {
        case .uint8: return Int64(bytes[position])
        case .int8: return Int64(Int8(bitPattern: bytes[position]))
        case .uint16: return Int64(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt16.self)))
        case .int16: return Int64(Int16(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: Int16.self)))
        case .uint32: return Int64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
        case .int32: return Int64(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: Int32.self)))
        case .uint64:
            let v = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
            return v > UInt64(Int64.max) ? -1 : Int64(v)
        case .int64: return Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: Int64.self))
        default: return 0
        }
    }
}
