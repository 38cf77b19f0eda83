import VocabCore

/// Conversion between the floating-point element types of safetensors (F32, F16, BF16, F64;
/// little-endian) and `Float`, for computing new embedding rows.
///
/// Conversion is done on bit patterns, so it behaves the same on every platform: F16 and BF16
/// widen exactly; narrowing rounds to nearest, ties to even, and keeps infinities and NaN.
public enum FloatElements {
    /// Whether values of `dtype` can be read and written as `Float`s.
    public static func supports(_ dtype: TensorDType) -> Bool {
        dtype == .f32 || dtype == .f16 || dtype == .bf16 || dtype.name == "F64"
    }

    /// The values of little-endian elements of `dtype`.
    /// - Throws: when the dtype is not a float type or the byte count is not a whole number of elements.
    public static func decode(_ raw: UnsafeRawBufferPointer, dtype: TensorDType) throws -> [Float] {
        guard supports(dtype), let width = dtype.bytesPerElement else {
            throw VocabError("cannot read \(dtype) values as numbers (F32, F16, BF16 and F64 are supported)")
        }
        guard raw.count % width == 0 else {
            throw VocabError("\(raw.count) bytes are not a whole number of \(dtype) values")
        }
        let n = raw.count / width
        var out = [Float](repeating: 0, count: n)
        out.withUnsafeMutableBufferPointer { dst in
            switch dtype.name {
            case "F32":
                for i in 0..<n { dst[i] = Float(bitPattern: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self).littleEndian) }
            case "F16":
                for i in 0..<n { dst[i] = float(fromHalf: raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self).littleEndian) }
            case "BF16":
                for i in 0..<n {
                    let bits = UInt32(raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self).littleEndian) << 16
                    dst[i] = Float(bitPattern: bits)
                }
            default:
                for i in 0..<n {
                    dst[i] = Float(Double(bitPattern: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self).littleEndian))
                }
            }
        }
        return out
    }

    /// Little-endian elements of `dtype` holding `values` (rounded to nearest, ties to even).
    public static func encode(_ values: [Float], dtype: TensorDType) throws -> [UInt8] {
        guard supports(dtype), let width = dtype.bytesPerElement else {
            throw VocabError("cannot write numbers as \(dtype) values (F32, F16, BF16 and F64 are supported)")
        }
        var out = [UInt8](repeating: 0, count: values.count * width)
        out.withUnsafeMutableBytes { dst in
            switch dtype.name {
            case "F32":
                for (i, v) in values.enumerated() { dst.storeBytes(of: v.bitPattern.littleEndian, toByteOffset: 4 * i, as: UInt32.self) }
            case "F16":
                for (i, v) in values.enumerated() { dst.storeBytes(of: half(from: v).littleEndian, toByteOffset: 2 * i, as: UInt16.self) }
            case "BF16":
                for (i, v) in values.enumerated() { dst.storeBytes(of: bfloat16(from: v).littleEndian, toByteOffset: 2 * i, as: UInt16.self) }
            default:
                for (i, v) in values.enumerated() {
                    dst.storeBytes(of: Double(v).bitPattern.littleEndian, toByteOffset: 8 * i, as: UInt64.self)
                }
            }
        }
        return out
    }

    /// The value of IEEE binary16 bits.
    static func float(fromHalf h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exponent = UInt32(h >> 10) & 0x1F
        let mantissa = UInt32(h & 0x3FF)
        if exponent == 0x1F {
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        }
        if exponent == 0 {
            // Zero or subnormal: mantissa · 2^-24.
            let magnitude = Float(mantissa) * (1.0 / 16_777_216.0)
            return sign != 0 ? -magnitude : magnitude
        }
        return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
    }

    /// IEEE binary16 bits of `value`, rounded to nearest, ties to even; overflow gives infinity.
    static func half(from value: Float) -> UInt16 {
        let bits = value.bitPattern
        let sign = UInt16((bits >> 16) & 0x8000)
        let exponent = Int((bits >> 23) & 0xFF)
        let mantissa = bits & 0x7F_FFFF
        if exponent == 0xFF {
            return sign | 0x7C00 | (mantissa != 0 ? 0x200 : 0)
        }
        let unbiased = exponent - 127
        if unbiased > 15 { return sign | 0x7C00 }
        if unbiased >= -14 {
            // Normal half: keep 10 mantissa bits, round the 13 dropped bits.
            var result = UInt32((unbiased + 15) << 10) | (mantissa >> 13)
            let dropped = mantissa & 0x1FFF
            if dropped > 0x1000 || (dropped == 0x1000 && result & 1 == 1) { result += 1 }
            return sign | UInt16(result)  // a carry into the exponent rounds up correctly, to infinity at most
        }
        if unbiased < -25 { return sign }
        // Subnormal half: the value is (1.mantissa) · 2^unbiased = m · 2^-24 with m < 1024.
        let full = mantissa | 0x80_0000
        let shift = UInt32(-unbiased - 14 + 13)
        var result = full >> shift
        let remainder = full & ((1 << shift) - 1)
        let halfway = UInt32(1) << (shift - 1)
        if remainder > halfway || (remainder == halfway && result & 1 == 1) { result += 1 }
        return sign | UInt16(result)
    }

    /// bfloat16 bits of `value`, rounded to nearest, ties to even; NaN stays NaN.
    static func bfloat16(from value: Float) -> UInt16 {
        let bits = value.bitPattern
        if value.isNaN { return UInt16(bits >> 16) | 0x40 }
        let rounding = UInt32(0x7FFF) + ((bits >> 16) & 1)
        return UInt16((bits &+ rounding) >> 16)
    }
}
