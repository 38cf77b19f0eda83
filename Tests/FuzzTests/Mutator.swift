/// Deterministic byte mutations for fuzz tests (splitmix64), so every failure reproduces from
/// its seed: truncations, flipped bytes, inserted random bytes and deleted runs.
struct Mutator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<max(n, 1)`.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }

    /// `bytes` with one random mutation applied.
    mutating func mutate(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        switch below(4) {
        case 0:  // truncate
            out.removeLast(below(out.count))
        case 1:  // flip bytes
            for _ in 0..<(1 + below(8)) where !out.isEmpty {
                out[below(out.count)] ^= UInt8(truncatingIfNeeded: 1 + below(255))
            }
        case 2:  // insert random bytes
            let at = below(out.count)
            out.insert(contentsOf: (0..<(1 + below(16))).map { _ in UInt8(truncatingIfNeeded: next()) }, at: at)
        default:  // delete a run
            let at = below(out.count)
            out.removeSubrange(at..<min(out.count, at + 1 + below(64)))
        }
        return out
    }
}
