/// The element type of a safetensors tensor, by its header name (`F16`, `BF16`, `F32`, ...).
///
/// Names the format defines carry their width; any other name is kept as read so a tensor that
/// is only copied passes through unchanged, but such a tensor cannot be sliced or size-checked.
public struct TensorDType: Hashable, Sendable, CustomStringConvertible {
    /// The name as written in the header.
    public var name: String
    /// Bits per element, or nil for a name this tool does not know.
    public var bitsPerElement: Int?

    /// The dtype for a header name.
    public init(name: String) {
        self.name = name
        self.bitsPerElement = TensorDType.knownWidths[name]
    }

    public static let f32 = TensorDType(name: "F32")
    public static let f16 = TensorDType(name: "F16")
    public static let bf16 = TensorDType(name: "BF16")

    /// Bytes per element, when the width is known and whole.
    public var bytesPerElement: Int? {
        guard let bits = bitsPerElement, bits % 8 == 0 else { return nil }
        return bits / 8
    }

    public var description: String { name }

    /// The dtypes of the safetensors format (0.6) and their widths in bits.
    static let knownWidths: [String: Int] = [
        "BOOL": 8, "U8": 8, "I8": 8, "F8_E5M2": 8, "F8_E4M3": 8, "F8_E8M0": 8, "F8_E4M3FNUZ": 8, "F8_E5M2FNUZ": 8,
        "I16": 16, "U16": 16, "F16": 16, "BF16": 16,
        "I32": 32, "U32": 32, "F32": 32,
        "I64": 64, "U64": 64, "F64": 64, "C64": 64,
        "F4": 4, "F6_E2M3": 6, "F6_E3M2": 6,
    ]
}
