import VocabCore

/// Deterministic byte mutations for fuzz tests (splitmix64), so every failure reproduces from
/// its seed: truncations, flipped bytes, inserted random bytes and deleted runs.
struct Mutator {
    private var generator: SeededGenerator

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    /// The next 64 random bits.
    mutating func next() -> UInt64 { generator.next() }

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
