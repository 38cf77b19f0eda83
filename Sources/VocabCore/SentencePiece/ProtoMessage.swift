/// One field record of a protobuf message, as it appeared on the wire.
public struct ProtoField: Sendable, Equatable {
    /// A field's payload, by wire type.
    public enum Value: Sendable, Equatable {
        /// Wire type 0.
        case varint(UInt64)
        /// Wire type 1.
        case fixed64(UInt64)
        /// Wire type 2: strings, bytes, sub-messages, packed repeated scalars.
        case bytes([UInt8])
        /// Wire type 5.
        case fixed32(UInt32)

        /// The wire type number.
        public var wireType: UInt8 {
            switch self {
            case .varint: return 0
            case .fixed64: return 1
            case .bytes: return 2
            case .fixed32: return 5
            }
        }
    }

    /// The field number.
    public var number: UInt32
    /// The payload.
    public var value: Value

    public init(_ number: UInt32, _ value: Value) {
        self.number = number
        self.value = value
    }
}

/// A protobuf message kept as its ordered list of field records, so that fields nobody models
/// (and their order) survive a load/save round trip unchanged.
///
/// Scalar accessors follow proto2 semantics: the last occurrence of a field wins.
public struct ProtoMessage: Sendable, Equatable {
    /// The field records in wire order.
    public var fields: [ProtoField]

    public init(fields: [ProtoField] = []) {
        self.fields = fields
    }

    /// Parses `bytes[range]`; byte offsets in errors are offsets into `bytes`.
    /// - Parameter expected: wire types required for known field numbers; a record of another
    ///   wire type is an error (as it would be for SentencePiece's generated parser).
    public init(
        parsing bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, message: String,
        expected: [UInt32: UInt8] = [:]
    ) throws {
        var reader = ProtoReader(bytes: bytes, position: range.lowerBound, end: range.upperBound)
        var fields: [ProtoField] = []
        while !reader.atEnd {
            let start = reader.position
            let field = try reader.readField(in: message)
            if let wire = expected[field.number], wire != field.value.wireType {
                throw VocabError(
                    "\(message) field \(field.number) has wire type \(field.value.wireType), expected \(wire)",
                    at: .byte(start))
            }
            fields.append(field)
        }
        self.fields = fields
    }

    /// The last value of field `number`, or nil.
    public func last(_ number: UInt32) -> ProtoField.Value? {
        var i = fields.count - 1
        while i >= 0 {
            if fields[i].number == number { return fields[i].value }
            i -= 1
        }
        return nil
    }

    /// Every value of field `number`, in order.
    public func all(_ number: UInt32) -> [ProtoField.Value] {
        fields.compactMap { $0.number == number ? $0.value : nil }
    }

    /// The last varint of field `number`, or nil.
    public func varint(_ number: UInt32) -> UInt64? {
        if case .varint(let v)? = last(number) { return v }
        return nil
    }

    /// The last length-delimited payload of field `number`, or nil.
    public func bytes(_ number: UInt32) -> [UInt8]? {
        if case .bytes(let v)? = last(number) { return v }
        return nil
    }

    /// The last fixed32 payload of field `number`, or nil.
    public func fixed32(_ number: UInt32) -> UInt32? {
        if case .fixed32(let v)? = last(number) { return v }
        return nil
    }

    /// Sets field `number` to `value`: the last occurrence is replaced in place and earlier ones
    /// removed; a field not present is appended.
    public mutating func set(_ number: UInt32, _ value: ProtoField.Value) {
        guard let lastIndex = fields.lastIndex(where: { $0.number == number }) else {
            fields.append(ProtoField(number, value))
            return
        }
        fields[lastIndex].value = value
        var i = 0
        var kept: [ProtoField] = []
        kept.reserveCapacity(fields.count)
        for field in fields {
            if field.number != number || i == lastIndex { kept.append(field) }
            i += 1
        }
        fields = kept
    }

    /// Removes every occurrence of field `number`.
    public mutating func remove(_ number: UInt32) {
        fields.removeAll { $0.number == number }
    }

    /// The wire encoding.
    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        write(into: &out)
        return out
    }

    /// Appends the wire encoding to `out`.
    public func write(into out: inout [UInt8]) {
        for field in fields { ProtoWriter.write(field, into: &out) }
    }
}

/// Encodes protobuf wire-format pieces.
public enum ProtoWriter {
    /// Appends a base-128 varint.
    public static func writeVarint(_ value: UInt64, into out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    /// Appends one field record (tag and payload).
    public static func write(_ field: ProtoField, into out: inout [UInt8]) {
        writeVarint(UInt64(field.number) << 3 | UInt64(field.value.wireType), into: &out)
        switch field.value {
        case .varint(let v):
            writeVarint(v, into: &out)
        case .fixed64(let v):
            for k in 0..<8 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(k)))) }
        case .fixed32(let v):
            for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(k)))) }
        case .bytes(let b):
            writeVarint(UInt64(b.count), into: &out)
            out.append(contentsOf: b)
        }
    }

    /// Appends a length-delimited field whose payload is `body`'s output.
    public static func writeMessage(_ number: UInt32, into out: inout [UInt8], _ body: (inout [UInt8]) -> Void) {
        var payload: [UInt8] = []
        body(&payload)
        write(ProtoField(number, .bytes(payload)), into: &out)
    }
}

/// Reads protobuf wire format from a byte buffer, with bounds checks that report the byte offset.
public struct ProtoReader {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The offset of the next unread byte.
    public private(set) var position: Int
    let end: Int
    /// The offset where the payload of the last field read starts.
    public private(set) var lastPayloadStart = 0

    public init(bytes: UnsafeBufferPointer<UInt8>, position: Int, end: Int) {
        self.bytes = bytes
        self.position = position
        self.end = end
    }

    /// True when the whole range has been read.
    public var atEnd: Bool { position >= end }

    /// Reads a varint (at most 10 bytes).
    public mutating func readVarint(in message: String) throws -> UInt64 {
        let start = position
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else {
                throw VocabError("\(message): truncated varint", at: .byte(start))
            }
            let b = bytes[position]
            position += 1
            if shift == 63 && b > 1 {
                throw VocabError("\(message): malformed varint (more than 64 bits)", at: .byte(start))
            }
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
            if shift > 63 {
                throw VocabError("\(message): malformed varint (more than 10 bytes)", at: .byte(start))
            }
        }
    }

    /// Reads one field record.
    public mutating func readField(in message: String) throws -> ProtoField {
        let start = position
        let tag = try readVarint(in: message)
        let number = tag >> 3
        guard number > 0, number <= 0x1FFF_FFFF else {
            throw VocabError("\(message): invalid field number \(number)", at: .byte(start))
        }
        let value: ProtoField.Value
        switch tag & 7 {
        case 0:
            value = .varint(try readVarint(in: message))
        case 1:
            value = .fixed64(try readFixed(8, in: message))
        case 5:
            value = .fixed32(UInt32(try readFixed(4, in: message)))
        case 2:
            let lengthAt = position
            let length = try readVarint(in: message)
            guard length <= UInt64(end - position) else {
                throw VocabError(
                    "\(message): field \(number) length \(length) runs past the end of its message (\(end - position) bytes left)",
                    at: .byte(lengthAt))
            }
            lastPayloadStart = position
            value = .bytes(Array(bytes[position..<(position + Int(length))]))
            position += Int(length)
        case 3, 4:
            throw VocabError("\(message): field \(number) uses groups (wire type \(tag & 7)), which are not supported", at: .byte(start))
        default:
            throw VocabError("\(message): field \(number) has invalid wire type \(tag & 7)", at: .byte(start))
        }
        return ProtoField(UInt32(number), value)
    }

    mutating func readFixed(_ count: Int, in message: String) throws -> UInt64 {
        guard end - position >= count else {
            throw VocabError("\(message): truncated fixed-width field", at: .byte(position))
        }
        var v: UInt64 = 0
        for k in 0..<count { v |= UInt64(bytes[position + k]) << (8 * UInt64(k)) }
        position += count
        return v
    }
}
