/// Where in a word a rule may apply.
struct RuleConditions: OptionSet, Sendable {
    let rawValue: UInt8
    /// Only when the match starts a word.
    static let atStart = RuleConditions(rawValue: 1)
    /// Only when the match ends a word.
    static let atEnd = RuleConditions(rawValue: 2)
    /// Never when the match starts a word.
    static let notAtStart = RuleConditions(rawValue: 4)
    /// Never when the match ends a word.
    static let notAtEnd = RuleConditions(rawValue: 8)
    /// Inside a syllable's final position only (Thai final consonants and the like).
    static let syllableEnd = RuleConditions(rawValue: 16)
}

/// One romanization rule: a sequence of scalars, its ASCII romanization, and when it applies.
struct Rule: Sendable {
    var source: [UInt32]
    var output: [UInt8]
    /// Language codes the rule is limited to (empty: every language).
    var languages: [String]
    var conditions: RuleConditions

    /// How specific the rule is: rules with more restrictions win over general ones.
    var restrictions: Int {
        (languages.isEmpty ? 0 : 2) + conditions.rawValue.nonzeroBitCount
    }
}

/// The rules of all embedded tables, indexed by their first scalar.
struct RuleTable: Sendable {
    /// Rules by first scalar, longest source first, then most specific first.
    private(set) var rulesByFirst: [UInt32: [Rule]] = [:]
    /// Lines that could not be read, as "file:line: reason" (empty for the shipped tables).
    private(set) var problems: [String] = []

    init(files: [(name: String, text: String)]) {
        for (name, text) in files {
            var lineNumber = 0
            for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
                lineNumber += 1
                if rawLine.isEmpty || rawLine.hasPrefix("#") { continue }
                switch Self.parse(rawLine) {
                case .success(let rule):
                    rulesByFirst[rule.source[0], default: []].append(rule)
                case .failure(let reason):
                    problems.append("\(name):\(lineNumber): \(reason.text)")
                }
            }
        }
        for key in rulesByFirst.keys {
            rulesByFirst[key]?.sort {
                if $0.source.count != $1.source.count { return $0.source.count > $1.source.count }
                return $0.restrictions > $1.restrictions
            }
        }
    }

    struct ParseFailure: Error { var text: String }

    /// Parses `SOURCE<TAB>OUTPUT[<TAB>CONDITIONS]`. SOURCE is literal text in which `<U+XXXX>`
    /// stands for one scalar; OUTPUT `""` is the empty romanization.
    static func parse(_ line: Substring) -> Result<Rule, ParseFailure> {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        guard fields.count >= 2, fields.count <= 3 else {
            return .failure(ParseFailure(text: "expected 2 or 3 tab-separated fields"))
        }
        guard let source = scalars(of: fields[0]), !source.isEmpty else {
            return .failure(ParseFailure(text: "bad source field"))
        }
        let output: [UInt8] = fields[1] == "\"\"" ? [] : Array(fields[1].utf8)
        var languages: [String] = []
        var conditions: RuleConditions = []
        if fields.count == 3 {
            for item in fields[2].split(separator: " ") {
                switch item {
                case "start": conditions.insert(.atStart)
                case "end": conditions.insert(.atEnd)
                case "notstart": conditions.insert(.notAtStart)
                case "notend": conditions.insert(.notAtEnd)
                case "word": conditions.formUnion([.atStart, .atEnd])
                case "sylend": conditions.insert(.syllableEnd)
                default:
                    if item.hasPrefix("lang=") {
                        languages += item.dropFirst(5).split(separator: "|").map(String.init)
                    } else {
                        return .failure(ParseFailure(text: "unknown condition '\(item)'"))
                    }
                }
            }
        }
        return .success(Rule(source: source, output: output, languages: languages, conditions: conditions))
    }

    /// The scalars of a source field, with `<U+XXXX>` escapes resolved.
    private static func scalars(of field: Substring) -> [UInt32]? {
        var result: [UInt32] = []
        var rest = field[...]
        while let first = rest.unicodeScalars.first {
            if rest.hasPrefix("<U+"), let close = rest.firstIndex(of: ">") {
                let hex = rest[rest.index(rest.startIndex, offsetBy: 3)..<close]
                guard let value = UInt32(hex, radix: 16), Unicode.Scalar(value) != nil else { return nil }
                result.append(value)
                rest = rest[rest.index(after: close)...]
            } else {
                result.append(first.value)
                rest = Substring(rest.unicodeScalars.dropFirst())
            }
        }
        return result
    }
}
