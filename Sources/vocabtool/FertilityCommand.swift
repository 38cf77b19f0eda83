import ArgumentParser
import Fertility
import VocabCore

struct FertilityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fertility",
        abstract: "How many tokens each language costs: fertility, parity and fairness per language or script.",
        discussion: """
            Without arguments, runs on the built-in defaults in vocabularies/: GPT-2, XLM-R and a \
            small vocabtool-trained BPE over the Universal Declaration of Human Rights in hundreds of \
            languages, by script. A rank file vocabtool does not recognize names its split pattern \
            as --tokenizer PATH@PATTERN, or --pattern gives one for every such file. \
            JSON schema and metric definitions: docs/fertility.md.
            """)

    @Option(name: .long, help: "A tokenizer file or folder, PATH or PATH@PATTERN; repeat to compare several side by side.")
    var tokenizer: [TokenizerArgument] = []

    @Option(name: .long, help: "Split pattern for every tiktoken rank file given without its own @PATTERN (r50k, cl100k, o200k, llama3, qwen2).")
    var pattern: String?

    @Option(name: .long, help: "Corpus files or folders (FLORES <lang>_<Script>.<split> names, or *.txt); repeatable.")
    var corpus: [String] = []

    @Option(name: .long, help: "The language key of a single corpus file (default: its name).")
    var lang: String?

    @Option(name: .long, help: "The pivot language parity is relative to.")
    var pivot = "eng_Latn"

    @Option(name: .long, help: "Word segmentation: icu (dictionary-based for Thai, Lao, Khmer, Myanmar, Chinese, Japanese) or whitespace.")
    var words: WordSegmentation = .icu

    @Option(name: .long, help: "Rows per language or per script (default: language; script on the built-in corpus).")
    var by: FertilityGrouping?

    @Flag(name: .long, help: "Romanize the text (uroman-style, with each language's rules) before measuring it.")
    var romanize = false

    @OptionGroup var input: TextInputOptions

    @Option(name: .long, help: "table, markdown, csv or json.")
    var format: FertilityFormat = .table

    @Option(name: .long, help: "Also write a chart: FILE.svg, or FILE.html (a page embedding the SVG).")
    var chart: String?

    @Option(name: .long, help: "Worker threads.")
    var threads = 2

    func validate() throws {
        if let chart, !(chart.hasSuffix(".svg") || chart.hasSuffix(".html")) {
            throw ValidationError("--chart must name a .svg or .html file")
        }
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        try reportingErrors {
            var specs = tokenizer.map { TokenizerArgument(path: $0.path, pattern: $0.pattern ?? pattern) }
            var corpusPaths = corpus
            let builtInCorpus = corpusPaths.isEmpty
            if specs.isEmpty || corpusPaths.isEmpty {
                let defaults = try BuiltInDefaults.paths()
                if specs.isEmpty { specs = defaults.tokenizers.map { TokenizerArgument(path: $0) } }
                if corpusPaths.isEmpty { corpusPaths = [defaults.corpus] }
            }
            let languages = try Corpus.discover(corpusPaths, lang: lang)
            let measured = try FertilityRun.loadTokenizers(specs, threads: threads)
            let measurement = try FertilityRun.measure(
                corpus: languages, tokenizers: measured,
                options: FertilityOptions(words: words, onInvalid: input.onInvalid, romanize: romanize, threads: threads))
            for warning in measurement.warnings { StandardStreams.error("vocabtool: warning: \(warning)\n") }
            let grouping = by ?? (builtInCorpus ? .script : .language)
            let report = FertilityReport(measurement, grouping: grouping, pivot: pivot)
            if report.pivot == nil {
                StandardStreams.error("vocabtool: warning: pivot \(pivot) is not in the corpus; no parity\n")
            }
            if let chart {
                let chartText = chart.hasSuffix(".html") ? ParityChart(report).html() : ParityChart(report).svg()
                try FileIO.writeAtomically(Array(chartText.utf8), to: chart)
            }
            var out = OutputBuffer()
            out.append(report.render(format))
            out.flush()
        }
    }
}

extension TokenizerArgument: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}
extension WordSegmentation: ExpressibleByArgument {}
extension FertilityGrouping: ExpressibleByArgument {}
extension FertilityFormat: ExpressibleByArgument {}
