/// A fast, deterministic hash over bytes (64-bit FNV-1a on 8-byte words with a final mix).
///
/// Token pieces are byte strings; Swift's `String` hashing is both slow and wrong for them
/// (canonically equivalent strings compare equal), so every piece map hashes raw bytes with this.
@inlinable
public func byteHash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
    let n = bytes.count
    var i = 0
    while i + 8 <= n {
        let w = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        h = (h ^ w) &* 0x0000_0100_0000_01b3
        h ^= h >> 29
        i += 8
    }
    if i < n {
        var w: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            w |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ w) &* 0x0000_0100_0000_01b3
    }
    h ^= h >> 32
    h = h &* 0xd6e8_feb8_6659_fd93
    h ^= h >> 32
    return h
}
