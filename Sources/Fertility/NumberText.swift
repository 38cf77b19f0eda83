/// Fixed-point number text for reports (no Foundation formatters).
enum NumberText {
    /// `x` rounded to `places` decimals, e.g. `fixed(1.005, 2)` = "1.01"; "-" for nil.
    static func fixed(_ x: Double?, _ places: Int) -> String {
        guard let x, x.isFinite else { return "-" }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(x) * scale).rounded()
        guard scaled < 9e18 else { return "\(x)" }
        let units = Int(scaled)
        let p = Int(scale)
        let sign = x < 0 && units != 0 ? "-" : ""
        if places == 0 { return sign + "\(units)" }
        let fraction = String(units % p)
        return sign + "\(units / p)." + String(repeating: "0", count: places - fraction.count) + fraction
    }

    /// A share as a percentage with one decimal, e.g. "12.5%"; "-" for nil.
    static func percent(_ x: Double?) -> String {
        guard let x else { return "-" }
        return fixed(x * 100, 1) + "%"
    }

    /// A JSON number, or `null`.
    static func json(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "null" }
        return "\(x)"
    }
}
