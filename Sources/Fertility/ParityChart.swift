#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The report as a chart: one horizontal bar per language (or script) and tokenizer, parity on a
/// log scale growing from the pivot line at 1×, worst-served languages on top.
public struct ParityChart: Sendable {
    let report: FertilityReport

    public init(_ report: FertilityReport) { self.report = report }

    /// Okabe-Ito colours (distinguishable with colour-blindness), then a few more.
    static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#7F6A00", "#000000",
                          "#999999", "#882255"]

    /// A self-contained HTML page embedding the SVG.
    public func html() -> String {
        let title = xml(titleText)
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(title)</title>
            <style>body{margin:24px;background:#fafafa;font-family:'Noto Sans','DejaVu Sans',sans-serif;color:#222}
            svg{display:block;background:#fff;box-shadow:0 1px 4px rgba(0,0,0,.15);max-width:100%;height:auto}</style>
            </head><body>
            \(svg())</body></html>

            """
    }

    private var hasParity: Bool { report.pivot != nil }

    private var titleText: String {
        hasParity
            ? "Tokens per language relative to \(report.pivot ?? "") (parity)"
            : "Tokens per character by language"
    }

    /// The chart as a standalone SVG document.
    public func svg() -> String {
        let tokenizers = report.rows.count
        let keys = report.keys.count
        let bar = tokenizers == 1 ? 14.0 : tokenizers <= 3 ? 10.0 : 7.0
        let groupGap = tokenizers == 1 ? 6.0 : 10.0
        let group = Double(tokenizers) * (bar + 1) + groupGap
        let width = 1040.0
        let labelWidth = 300.0
        let left = labelWidth + 10
        let right = width - 70
        // Legend items (colour swatches, then the invalid hatch), wrapped to the width.
        var legend: [(x: Double, y: Double, fill: String, text: String)] = []
        var items = report.tokenizerNames.enumerated().map { (color($0.offset), $0.element) }
        if report.rows.joined().contains(where: \.invalid) {
            items.append(("url(#invalid)", "invalid: over 10% of characters fall to UNK"))
        }
        var lx = 24.0
        var ly = 70.0
        for (fill, text) in items {
            let itemWidth = 19 + Double(text.count) * 7.5 + 22
            if lx > 24 && lx + itemWidth > width - 24 {
                lx = 24
                ly += 22
            }
            legend.append((lx, ly, fill, text))
            lx += itemWidth
        }
        let top = ly + 48
        let height = top + Double(keys) * group + 56

        // Log-scale domain in powers of two around the values (and 1×).
        var values: [Double] = []
        for rows in report.rows { for row in rows { if let v = value(row), v > 0 { values.append(v) } } }
        var lo = hasParity ? 1.0 : (values.min() ?? 1)
        var hi = hasParity ? 1.0 : (values.max() ?? 1)
        for v in values {
            lo = min(lo, v)
            hi = max(hi, v)
        }
        var lowExp = floor(log2(lo))
        var highExp = ceil(log2(hi))
        if highExp - lowExp < 2 {
            lowExp -= 1
            highExp += 1
        }
        func x(_ v: Double) -> Double {
            left + (log2(max(v, 1e-9)) - lowExp) / (highExp - lowExp) * (right - left)
        }
        let origin = hasParity ? x(1) : left

        var s = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="'Noto Sans','DejaVu Sans',sans-serif">
            <defs><pattern id="invalid" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#888" stroke-width="3"/></pattern></defs>
            <rect width="100%" height="100%" fill="#fff"/>
            <text x="24" y="34" font-size="20" font-weight="bold" fill="#222">\(xml(titleText))</text>
            <text x="24" y="56" font-size="12" fill="#555">\(xml(subtitle))</text>

            """
        for item in legend {
            let stroke = item.fill.hasPrefix("url") ? " stroke=\"#888\"" : ""
            s += "<rect x=\"\(f(item.x))\" y=\"\(f(item.y))\" width=\"14\" height=\"14\" fill=\"\(item.fill)\"\(stroke)/>"
            s += "<text x=\"\(f(item.x + 19))\" y=\"\(f(item.y + 12))\" font-size=\"13\" fill=\"#222\">\(xml(item.text))</text>\n"
        }
        // Grid and axis labels (top and bottom).
        var e = lowExp
        while e <= highExp {
            let v = pow(2, e)
            let gx = x(v)
            s += "<line x1=\"\(f(gx))\" y1=\"\(f(top - 8))\" x2=\"\(f(gx))\" y2=\"\(f(height - 44))\" stroke=\"#e4e4e4\"/>"
            s += "<text x=\"\(f(gx))\" y=\"\(f(top - 12))\" font-size=\"11\" fill=\"#666\" text-anchor=\"middle\">\(tick(v))</text>"
            s += "<text x=\"\(f(gx))\" y=\"\(f(height - 30))\" font-size=\"11\" fill=\"#666\" text-anchor=\"middle\">\(tick(v))</text>\n"
            e += 1
        }
        // Rows.
        for k in 0..<keys {
            let y0 = top + Double(k) * group
            let first = report.rows[0][k]
            if k % 2 == 1 {
                s += "<rect x=\"0\" y=\"\(f(y0 - groupGap / 2))\" width=\"\(Int(width))\" height=\"\(f(group))\" fill=\"#000\" fill-opacity=\"0.03\"/>"
            }
            let mid = y0 + (group - groupGap) / 2 + 4
            s += "<text x=\"24\" y=\"\(f(mid))\" font-size=\"12\" font-family=\"'DejaVu Sans Mono',monospace\" fill=\"#333\">\(xml(first.lang))</text>"
            let label = Autonyms.name(of: first.lang) ?? first.sampleWord
            if !label.isEmpty && report.grouping == .language {
                s += "<text x=\"\(f(labelWidth))\" y=\"\(f(mid + 1))\" font-size=\"15\" text-anchor=\"end\" fill=\"#111\">\(xml(label))</text>"
            } else if report.grouping == .script {
                s += "<text x=\"\(f(labelWidth))\" y=\"\(f(mid))\" font-size=\"12\" text-anchor=\"end\" fill=\"#555\">\(first.languages) languages</text>"
            }
            s += "\n"
            for t in 0..<tokenizers {
                let row = report.rows[t][k]
                let y = y0 + Double(t) * (bar + 1)
                guard let v = value(row), v > 0 else { continue }
                let vx = x(v)
                let x0 = min(origin, vx)
                let w = max(1, abs(vx - origin))
                let fill = row.invalid ? "url(#invalid)" : color(t)
                let stroke = row.invalid ? " stroke=\"\(color(t))\" stroke-width=\"1.5\"" : ""
                s += "<rect x=\"\(f(x0))\" y=\"\(f(y))\" width=\"\(f(w))\" height=\"\(f(bar))\" fill=\"\(fill)\"\(stroke)>"
                s += "<title>\(xml(row.tokenizer)) · \(xml(row.lang)): \(xml(valueText(v)))\(row.invalid ? " (invalid)" : "")</title></rect>"
                if bar >= 9 || tokenizers <= 3 {
                    let tx = vx >= origin ? vx + 4 : vx - 4
                    let anchor = vx >= origin ? "start" : "end"
                    s += "<text x=\"\(f(tx))\" y=\"\(f(y + bar - 1.5))\" font-size=\"\(bar >= 12 ? 11 : 9)\" fill=\"#444\" text-anchor=\"\(anchor)\">\(valueText(v))</text>"
                }
                s += "\n"
            }
        }
        if hasParity {
            s += "<line x1=\"\(f(origin))\" y1=\"\(f(top - 6))\" x2=\"\(f(origin))\" y2=\"\(f(height - 44))\" stroke=\"#c00\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>"
            s += "<text x=\"\(f(origin + 5))\" y=\"\(f(height - 14))\" font-size=\"12\" fill=\"#c00\">\(xml(report.pivot ?? "")) = 1× (pivot)</text>\n"
        }
        s += "<text x=\"\(f(right))\" y=\"\(f(height - 14))\" font-size=\"11\" fill=\"#666\" text-anchor=\"end\">\(hasParity ? "parity (log scale)" : "tokens per character (log scale)")</text>\n"
        s += "</svg>\n"
        return s
    }

    private var subtitle: String {
        let words = report.words == .icu ? "ICU words" : "whitespace words"
        let rows = report.grouping == .language ? "languages" : "scripts"
        let what = hasParity ? "tokens on the same parallel text ÷ tokens of \(report.pivot ?? "")" : "no pivot language in the corpus"
        return "\(what) · \(report.keys.count) \(rows), worst-served first · \(words)" + (report.romanized ? " · romanized" : "")
    }

    private func value(_ row: FertilityRow) -> Double? { hasParity ? row.parity : row.tokensPerChar }

    private func valueText(_ v: Double) -> String {
        hasParity ? NumberText.fixed(v, v >= 10 ? 1 : 2) + "×" : NumberText.fixed(v, 3)
    }

    private func tick(_ v: Double) -> String {
        let text = v >= 1 ? NumberText.fixed(v, 0) : NumberText.fixed(v, v >= 0.25 ? 2 : 3)
        return hasParity ? text + "×" : text
    }

    private func color(_ t: Int) -> String { ParityChart.palette[t % ParityChart.palette.count] }

    private func f(_ v: Double) -> String { NumberText.fixed(v, 1) }

    private func xml(_ text: String) -> String {
        var out = ""
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                // Control characters are not allowed in XML 1.0.
                if c.value < 0x20 && c != "\t" { out += " " } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }
}
