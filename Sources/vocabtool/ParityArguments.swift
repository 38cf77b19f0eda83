import ArgumentParser
import VocabCore
import VocabTraining

/// The options of parity-aware BPE training (`train --parity`).
struct ParityArguments: ParsableArguments {
    @Option(name: .long, help: "Train parity-aware BPE (HF ParityBpeTrainer): base (each merge to the worst-compressed language) or window (base, skipping a language over its share of the last --window-size merges). BPE only.")
    var parity: ParityVariant?

    @Option(name: .long, parsing: .upToNextOption, help: "Parallel dev text: one file per training language or a folder, matched to the training files by language name.")
    var dev: [String] = []

    @Option(name: .long, help: "Target compression ratios instead of dev text, one per training language: LANG=R,... (e.g. eng_Latn=1,hin_Deva=2.5).")
    var ratio: String?

    @Option(name: .long, help: "The first N merges are plain BPE over all languages (HF's global_merges).")
    var globalMerges = 0

    @Option(name: .long, help: "--parity window: the number of recent merges a language's share is counted over.")
    var windowSize = 100

    @Option(name: .long, help: "--parity window: a language may take at most alpha / languages of the window.")
    var alpha = 2.0

    func validate(model: Train.Model) throws {
        guard let parity else {
            if !dev.isEmpty || ratio != nil || globalMerges != 0 || windowSize != 100 || alpha != 2.0 {
                throw ValidationError("--dev, --ratio, --global-merges, --window-size and --alpha are settings of --parity")
            }
            return
        }
        if model != .bpe { throw ValidationError("--parity trains BPE: it cannot be used with --model \(model.rawValue)") }
        if dev.isEmpty == (ratio == nil) { throw ValidationError("--parity needs either --dev (parallel dev text) or --ratio, not both") }
        if globalMerges < 0 { throw ValidationError("--global-merges cannot be negative") }
        if parity == .window {
            if windowSize < 1 { throw ValidationError("--window-size must be positive") }
            if !(alpha.isFinite && alpha > 0) { throw ValidationError("--alpha must be a positive number") }
        }
    }

    /// The ratio of each training language from `--ratio LANG=R,...`, in the languages' order.
    func ratios(for languages: [LanguageFile]) throws -> [Double] {
        var given: [String: Double] = [:]
        for item in (ratio ?? "").split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { throw VocabError("--ratio: '\(item)' is not LANG=R") }
            let language = String(parts[0])
            guard languages.contains(where: { $0.language == language }) else {
                throw VocabError("--ratio names \(language), which is not a training language (\(languages.count) languages from the inputs)")
            }
            guard let value = Double(parts[1]), value.isFinite, value > 0 else {
                throw VocabError("--ratio: the ratio of \(language) must be a positive number, not '\(parts[1])'")
            }
            guard given.updateValue(value, forKey: language) == nil else { throw VocabError("--ratio names \(language) twice") }
        }
        let missing = languages.filter { given[$0.language] == nil }.map(\.language)
        guard missing.isEmpty else {
            throw VocabError("--ratio gives no ratio for \(missing.count) training languages: \(missing.prefix(5).joined(separator: ", "))\(missing.count > 5 ? ", ..." : "")")
        }
        return languages.map { given[$0.language]! }
    }
}

extension ParityVariant: ExpressibleByArgument {}

extension Train {
    /// Parity-aware BPE on one corpus per language.
    func trainParity(_ variant: ParityVariant, specials: [String]) throws -> (TrainedBPE, CountSettings) {
        let languages = try LanguageFiles.resolve(inputs, what: "training")
        var devFiles: [LanguageFile] = []
        var ratios: [Double] = []
        if parity.dev.isEmpty {
            ratios = try parity.ratios(for: languages)
        } else {
            devFiles = try LanguageFiles.match(dev: LanguageFiles.resolve(parity.dev, what: "dev"), to: languages)
        }
        var settings: CountSettings?
        func counts(_ file: LanguageFile) throws -> WordCounts {
            let (counts, these) = try counting.wordCounts([file.path])
            if let settings, settings != these {
                throw VocabError("counted with \(these), but the first input with \(settings): counts with different settings cannot be combined", file: file.path)
            }
            settings = these
            guard !counts.isEmpty else { throw VocabError("no words: the \(file.language) corpus is empty", file: file.path) }
            return counts
        }
        let training = try languages.map(counts)
        var options = ParityOptions(balance: .ratios(ratios))
        if !devFiles.isEmpty { options.balance = .dev(try devFiles.map(counts)) }
        options.variant = variant
        options.globalMerges = parity.globalMerges
        options.windowSize = parity.windowSize
        options.alpha = parity.alpha
        let trainer = BPETrainer(options: try bpeOptions(specials, wordPiece: false, settings: settings!))
        let progress = ProgressLine("merging", unit: .tokens, quiet: counting.quiet)
        let lengthName = devFiles.isEmpty ? "training length" : "dev length"
        let trained = try trainer.train(languages: training, parity: options) { step in
            let detail = step.language.map { "worst \(languages[$0].language), \(lengthName) \(Int(step.length))" } ?? "global merges"
            progress.update(step.merges, of: step.target, detail: detail)
        }
        progress.finish()
        return (trained, settings!)
    }
}
