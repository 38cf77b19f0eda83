#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress display on stderr (rate and ETA), redrawn at most five times a second;
/// silent unless stderr is a terminal and the user did not ask for `--quiet`.
final class ProgressLine {
    let enabled: Bool
    private let label: String
    private let unit: ProgressUnit
    private let started = monotonicSeconds()
    private var lastDrawn = 0.0
    private var drew = false

    /// What the progress counts.
    enum ProgressUnit {
        case bytes
        case tokens
    }

    init(_ label: String, unit: ProgressUnit, quiet: Bool) {
        self.label = label
        self.unit = unit
        enabled = !quiet && isatty(2) != 0
    }

    /// Shows `done` of `total`, then `detail` when given.
    func update(_ done: Int, of total: Int, detail: String = "") {
        guard enabled else { return }
        let now = monotonicSeconds()
        guard now - lastDrawn >= 0.2 || done >= total else { return }
        lastDrawn = now
        let elapsed = max(now - started, 1e-6)
        let rate = Double(done) / elapsed
        var text = "\r\(label): "
        switch unit {
        case .bytes:
            text += "\(megabytes(done)) of \(megabytes(total)) MB, \(megabytes(Int(rate))) MB/s"
        case .tokens:
            text += "\(done) of \(total), \(Int(rate))/s"
        }
        if done < total && rate > 0 {
            text += ", ETA \(Int((Double(total - done) / rate).rounded(.up)))s"
        }
        if !detail.isEmpty { text += "; " + detail }
        StandardStreams.error(text + "\u{1B}[K")
        drew = true
    }

    /// Ends the line, if one was drawn.
    func finish() {
        if drew { StandardStreams.error("\n") }
        drew = false
    }

    private func megabytes(_ bytes: Int) -> String {
        let tenths = (bytes * 10 + (1 << 19)) >> 20
        return "\(tenths / 10).\(tenths % 10)"
    }
}

/// Seconds on the monotonic clock.
func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
