import VocabCore

/// The output formats of a fertility report.
public enum FertilityFormat: String, Sendable, CaseIterable {
    /// An aligned text table, worst-served first, then per-tokenizer summaries.
    case table
    /// The same as a Markdown table.
    case markdown
    /// One CSV record per (tokenizer, row), every metric a column.
    case csv
    /// One JSON document; schema in docs/fertility.md.
    case json
}

extension FertilityReport {
    /// The report in `format`.
    public func render(_ format: FertilityFormat) -> String {
        switch format {
        case .table: return textTable(markdown: false)
        case .markdown: return textTable(markdown: true)
        case .csv: return csv()
        case .json: return json()
        }
    }

    /// A one-line description of how the numbers were made.
    public var caption: String {
        let segmentation =
            words == .icu
            ? "words: ICU word segmentation (dictionary-based for Thai, Lao, Khmer, Myanmar, Chinese, Japanese)"
            : "words: whitespace (Python str.split())"
        let pivotText = pivot.map { "parity: tokens / tokens of \($0) on the same text" } ?? "parity: no pivot language in the corpus"
        return (romanized ? "text romanized first; " : "") + segmentation + "; " + pivotText + "; rows: " + (grouping == .language ? "languages" : "scripts")
            + ", worst-served first"
    }

    // MARK: table and markdown

    private func textTable(markdown: Bool) -> String {
        var header: [String] = [grouping == .language ? "lang" : "script"]
        if grouping == .language { header.append("script") } else { header.append("langs") }
        var cells: [[String]] = []
        let single = rows.count == 1
        if single {
            header += ["words", "tokens", "fertility", "continued", "tok/char", "bytes/tok", "unk", "bytefb", "parity"]
        } else {
            for name in tokenizerNames { header += markdown ? ["\(name) fert", "\(name) parity"] : ["fert", "parity"] }
        }
        for k in 0..<keys.count {
            let first = rows[0][k]
            var line = [first.lang, grouping == .language ? first.script : String(first.languages)]
            if single {
                line += [
                    String(first.counts.words), String(first.counts.tokens), NumberText.fixed(first.fertility, 2),
                    NumberText.percent(first.continued), NumberText.fixed(first.tokensPerChar, 3),
                    NumberText.fixed(first.bytesPerToken, 2), NumberText.percent(first.unkRate),
                    NumberText.percent(first.byteFallback), parityText(first),
                ]
            } else {
                for t in 0..<rows.count { line += [NumberText.fixed(rows[t][k].fertility, 2), parityText(rows[t][k])] }
            }
            cells.append(line)
        }
        var out = markdown ? "" : caption + "\n\n"
        if markdown { out += "_" + caption + "_\n\n" }
        out += layout(header: header, cells: cells, markdown: markdown, groups: single || markdown ? [] : tokenizerNames)
        if rows.joined().contains(where: \.invalid) {
            out += "\n! more than 10% of the characters fall to the unknown token: parity is not meaningful\n"
        }
        out += "\n"
        let summaryHeader = [
            "tokenizer", "model", "vocab", "used ids", "utilization", "renyi eff 2.5", "gini tok/byte", "gini tokens",
            "median parity", "worst parity", "tokens", "fertility",
        ]
        let summaryCells = summaries.map { s in
            [
                s.usage.name, s.usage.modelType, String(s.usage.vocabularySize), String(s.usage.usedIDs),
                NumberText.percent(s.utilization), NumberText.fixed(s.renyiEfficiency, 3), NumberText.fixed(s.gini, 3),
                NumberText.fixed(s.tokenGini, 3), NumberText.fixed(s.medianParity, 2), NumberText.fixed(s.worstParity, 2),
                String(s.total.tokens), NumberText.fixed(s.total.words > 0 ? Double(s.total.tokens) / Double(s.total.words) : nil, 2),
            ]
        }
        out += layout(header: summaryHeader, cells: summaryCells, markdown: markdown)
        return out
    }

    private func parityText(_ row: FertilityRow) -> String {
        guard let parity = row.parity else { return "-" }
        if grouping == .language && row.lang == pivot { return "1.00 pivot" }
        return NumberText.fixed(parity, 2) + (row.invalid ? " !" : "")
    }

    /// Aligned columns: the first two left-aligned, the rest right-aligned. `groups` names the
    /// column pairs after the first two in a line above the header (the tokenizers, side by side).
    private func layout(header: [String], cells: [[String]], markdown: Bool, groups: [String] = []) -> String {
        var widths = header.map(\.count)
        for line in cells {
            for (i, cell) in line.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        var groupLine = ""
        if !groups.isEmpty {
            groupLine = String(repeating: " ", count: widths[0] + 2 + widths[1])
            for (g, name) in groups.enumerated() {
                let first = 2 + 2 * g
                let span = widths[first] + 2 + widths[first + 1]
                if name.count > span { widths[first + 1] += name.count - span }
                let width = widths[first] + 2 + widths[first + 1]
                groupLine += "  " + String(repeating: " ", count: width - name.count) + name
            }
            groupLine += "\n"
        }
        func pad(_ s: String, _ i: Int) -> String {
            let fill = String(repeating: " ", count: max(0, widths[i] - s.count))
            return i < 2 ? s + fill : fill + s
        }
        func render(_ line: [String]) -> String {
            let padded = line.enumerated().map { pad($0.element, $0.offset) }
            return markdown ? "| " + padded.joined(separator: " | ") + " |\n" : padded.joined(separator: "  ") + "\n"
        }
        var out = groupLine + render(header)
        if markdown {
            out += "|" + widths.enumerated().map { i, w in
                i < 2 ? ":" + String(repeating: "-", count: w + 1) : String(repeating: "-", count: w + 1) + ":"
            }.joined(separator: "|") + "|\n"
        }
        for line in cells { out += render(line) }
        return out
    }

    // MARK: csv

    /// The CSV columns, in order (the JSON row keys, minus none).
    public static let columns = [
        "tokenizer", "lang", "script", "languages", "sample", "lines", "chars", "bytes", "words", "tokens", "unk",
        "unk_chars", "unk_words", "continued_words", "byte_tokens", "pivot_tokens", "fertility", "continued",
        "tokens_per_char", "bytes_per_token", "unk_rate", "unk_word_share", "unk_char_share", "byte_fallback_rate",
        "parity", "invalid",
    ]

    private func values(_ row: FertilityRow) -> [(String, String, quoted: Bool)] {
        let c = row.counts
        return [
            ("tokenizer", row.tokenizer, true), ("lang", row.lang, true), ("script", row.script, true),
            ("languages", String(row.languages), false), ("sample", row.sampleWord, true),
            ("lines", String(c.lines), false), ("chars", String(c.chars), false), ("bytes", String(c.bytes), false),
            ("words", String(c.words), false), ("tokens", String(c.tokens), false), ("unk", String(c.unkTokens), false),
            ("unk_chars", String(c.unkChars), false), ("unk_words", String(c.unkWords), false),
            ("continued_words", String(c.continuedWords), false), ("byte_tokens", String(c.byteTokens), false),
            ("pivot_tokens", row.pivotTokens.map(String.init) ?? "null", false),
            ("fertility", NumberText.json(row.fertility), false), ("continued", NumberText.json(row.continued), false),
            ("tokens_per_char", NumberText.json(row.tokensPerChar), false),
            ("bytes_per_token", NumberText.json(row.bytesPerToken), false),
            ("unk_rate", NumberText.json(row.unkRate), false), ("unk_word_share", NumberText.json(row.unkWords), false),
            ("unk_char_share", NumberText.json(row.unkChars), false),
            ("byte_fallback_rate", NumberText.json(row.byteFallback), false),
            ("parity", NumberText.json(row.parity), false), ("invalid", row.invalid ? "true" : "false", false),
        ]
    }

    private func csv() -> String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\"" : s
        }
        var out = FertilityReport.columns.joined(separator: ",") + "\n"
        for tokenizerRows in rows {
            for row in tokenizerRows {
                out += values(row).map { $0.1 == "null" ? "" : field($0.1) }.joined(separator: ",") + "\n"
            }
        }
        return out
    }

    // MARK: json

    private func json() -> String {
        var out = "{\"segmentation\":\(JSONText.quoted(words.rawValue)),\"romanized\":\(romanized),"
        out += "\"grouping\":\(JSONText.quoted(grouping.rawValue)),"
        out += "\"pivot\":" + (pivot.map(JSONText.quoted) ?? "null") + ",\"tokenizers\":[\n"
        out += summaries.map { s in
            "{\"name\":\(JSONText.quoted(s.usage.name)),\"model\":\(JSONText.quoted(s.usage.modelType)),"
                + "\"format\":\(JSONText.quoted(s.usage.format.rawValue)),\"vocab_size\":\(s.usage.vocabularySize),"
                + "\"used_ids\":\(s.usage.usedIDs),\"utilization\":\(NumberText.json(s.utilization)),"
                + "\"renyi_efficiency\":\(NumberText.json(s.renyiEfficiency)),\"gini\":\(NumberText.json(s.gini)),"
                + "\"token_gini\":\(NumberText.json(s.tokenGini)),\"median_parity\":\(NumberText.json(s.medianParity)),"
                + "\"worst_parity\":\(NumberText.json(s.worstParity)),\"tokens\":\(s.total.tokens),\"words\":\(s.total.words)}"
        }.joined(separator: ",\n")
        out += "],\n\"rows\":[\n"
        var objects: [String] = []
        for tokenizerRows in rows {
            for row in tokenizerRows {
                objects.append(
                    "{" + values(row).map { "\"\($0.0)\":" + ($0.quoted ? JSONText.quoted($0.1) : $0.1) }.joined(separator: ",") + "}")
            }
        }
        out += objects.joined(separator: ",\n")
        out += "],\n\"warnings\":[" + warnings.map(JSONText.quoted).joined(separator: ",") + "]}\n"
        return out
    }
}
