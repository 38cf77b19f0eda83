/// How report rows are grouped.
public enum FertilityGrouping: String, Sendable, CaseIterable {
    /// One row per corpus language.
    case language
    /// One row per script: the counts of its languages summed, so every ratio is weighted by
    /// text size.
    case script
}

/// One report row: one tokenizer over one language (or one script), with its metrics.
public struct FertilityRow: Sendable {
    /// The tokenizer's report name.
    public var tokenizer: String
    /// The language key, or the script for script rows.
    public var lang: String
    /// The ISO 15924 script.
    public var script: String
    /// Languages summed into this row (1 for a language row).
    public var languages: Int
    /// A word of the language in its own script (the first language's, for script rows).
    public var sampleWord: String
    /// The raw counts.
    public var counts: FertilityCounts
    /// Tokens the same tokenizer spends on the pivot language for the same amount of parallel
    /// text; nil without a pivot.
    public var pivotTokens: Int?

    /// Tokens per word.
    public var fertility: Double? { ratio(counts.tokens, counts.words) }
    /// Share of words split into two or more tokens.
    public var continued: Double? { ratio(counts.continuedWords, counts.words) }
    /// Tokens per character.
    public var tokensPerChar: Double? { ratio(counts.tokens, counts.chars) }
    /// UTF-8 bytes per token (compression).
    public var bytesPerToken: Double? { ratio(counts.bytes, counts.tokens) }
    /// Unknown tokens per token.
    public var unkRate: Double? { ratio(counts.unkTokens, counts.tokens) }
    /// Share of words with an unknown token.
    public var unkWords: Double? { ratio(counts.unkWords, counts.words) }
    /// Share of characters that fall to unknown tokens.
    public var unkChars: Double? { ratio(counts.unkChars, counts.chars) }
    /// Share of tokens that are byte pieces.
    public var byteFallback: Double? { ratio(counts.byteTokens, counts.tokens) }
    /// Tokens relative to the pivot language on parallel text (Petrov et al.'s premium).
    public var parity: Double? { pivotTokens.flatMap { ratio(counts.tokens, $0) } }
    /// True when more than 10% of the characters fall to the unknown token: parity is then not
    /// meaningful (the text was not really encoded).
    public var invalid: Bool { (unkChars ?? 0) > 0.10 }

    private func ratio(_ a: Int, _ b: Int) -> Double? { b > 0 ? Double(a) / Double(b) : nil }
}

/// Per-tokenizer figures over the whole corpus.
public struct TokenizerSummary: Sendable {
    public var usage: TokenizerUsage
    /// Distinct ids used / vocabulary size.
    public var utilization: Double
    /// Rényi entropy (alpha 2.5) / log2(vocabulary size).
    public var renyiEfficiency: Double
    /// Gini coefficient over languages of tokens per byte (0: every language costs the same).
    public var gini: Double
    /// Gini coefficient over languages of tokens (on parallel text, the spread of what the same
    /// content costs each language).
    public var tokenGini: Double
    /// Median parity over the non-pivot languages whose parity is valid; nil without a pivot.
    public var medianParity: Double?
    /// The highest of those parities (the worst-served language); nil without a pivot.
    public var worstParity: Double?
    /// The counts over all languages.
    public var total: FertilityCounts
}

/// A fertility report: rows sorted worst-served first, plus per-tokenizer summaries.
public struct FertilityReport: Sendable {
    /// The word segmentation used.
    public var words: WordSegmentation
    /// Whether the text was romanized before measuring.
    public var romanized: Bool
    /// The grouping of the rows.
    public var grouping: FertilityGrouping
    /// The pivot language, when it was found in the corpus.
    public var pivot: String?
    /// The tokenizer names, in the order given.
    public var tokenizerNames: [String]
    /// Row keys (languages or scripts), worst-served first: rows invalid for more tokenizers
    /// first, then by mean parity over the tokenizers (tokens per character without a pivot).
    public var keys: [String]
    /// `rows[t][k]`: tokenizer `t` on `keys[k]`.
    public var rows: [[FertilityRow]]
    /// One per tokenizer.
    public var summaries: [TokenizerSummary]
    /// Non-fatal problems met while reading.
    public var warnings: [String]

    /// Builds the report of a measurement.
    /// - Parameter pivot: the pivot language key (`eng_Latn`); parity is absent when it is not in the corpus.
    public init(_ m: FertilityMeasurement, grouping: FertilityGrouping, pivot: String?) {
        words = m.words
        romanized = m.romanized
        self.grouping = grouping
        let pivotIndex = pivot.flatMap { p in m.languages.firstIndex { $0.lang == p } }
        self.pivot = pivotIndex.map { m.languages[$0].lang }
        tokenizerNames = m.tokenizers.map(\.name)
        warnings = m.warnings.map(\.description)

        var languageRows: [[FertilityRow]] = []
        for (t, usage) in m.tokenizers.enumerated() {
            let pivotTokens = pivotIndex.map { m.counts[t][$0].tokens }
            languageRows.append(
                m.languages.enumerated().map { l, language in
                    FertilityRow(
                        tokenizer: usage.name, lang: language.lang, script: language.script, languages: 1,
                        sampleWord: language.sampleWord, counts: m.counts[t][l], pivotTokens: pivotTokens)
                })
        }
        summaries = m.tokenizers.enumerated().map { t, usage in
            var total = FertilityCounts()
            for c in m.counts[t] { total.add(c) }
            let perByte = m.counts[t].compactMap { $0.bytes > 0 ? Double($0.tokens) / Double($0.bytes) : nil }
            let parities = languageRows[t].filter { !$0.invalid && $0.lang != pivot }.compactMap(\.parity)
            return TokenizerSummary(
                usage: usage,
                utilization: usage.vocabularySize > 0 ? Double(usage.usedIDs) / Double(usage.vocabularySize) : 0,
                renyiEfficiency: FairnessMetrics.renyiEfficiency(
                    entropy: usage.renyiEntropy, vocabularySize: usage.vocabularySize),
                gini: FairnessMetrics.gini(perByte), tokenGini: FairnessMetrics.gini(m.counts[t].map { Double($0.tokens) }),
                medianParity: FairnessMetrics.median(parities), worstParity: parities.max(), total: total)
        }

        var grouped = languageRows
        if grouping == .script {
            grouped = languageRows.map { rows in
                var order: [String] = []
                var byScript: [String: FertilityRow] = [:]
                for row in rows {
                    if var existing = byScript[row.script] {
                        existing.counts.add(row.counts)
                        existing.languages += 1
                        existing.pivotTokens = existing.pivotTokens.map { $0 + (row.pivotTokens ?? 0) }
                        byScript[row.script] = existing
                    } else {
                        order.append(row.script)
                        var first = row
                        first.lang = row.script
                        byScript[row.script] = first
                    }
                }
                return order.compactMap { byScript[$0] }
            }
        }
        // Worst-served first: rows some tokenizer cannot really encode (invalid), then the highest
        // mean parity (tokens per character without a pivot).
        let count = grouped.first?.count ?? 0
        let invalidCounts = (0..<count).map { k in grouped.filter { $0[k].invalid }.count }
        let means = (0..<count).map { k in
            let values = grouped.compactMap { $0[k].parity ?? $0[k].tokensPerChar }
            return values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
        }
        let order = (0..<count).sorted { a, b in
            if invalidCounts[a] != invalidCounts[b] { return invalidCounts[a] > invalidCounts[b] }
            if means[a] != means[b] { return means[a] > means[b] }
            return a < b
        }
        rows = grouped.map { r in order.map { r[$0] } }
        keys = order.map { grouped.first?[$0].lang ?? "" }
    }
}
