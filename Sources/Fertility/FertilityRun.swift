import Dispatch
import Synchronization
import VocabCore

/// Options of a fertility measurement.
public struct FertilityOptions: Sendable {
    /// How lines are cut into words.
    public var words: WordSegmentation
    /// What to do with lines that are not valid UTF-8.
    public var onInvalid: InvalidUTF8Policy
    /// Romanize every line (uroman-style, with the language's rules) before measuring it.
    public var romanize: Bool
    /// Worker threads (languages and tokenizers are measured in parallel).
    public var threads: Int

    public init(
        words: WordSegmentation = .icu, onInvalid: InvalidUTF8Policy = .fail, romanize: Bool = false, threads: Int = 2
    ) {
        self.words = words
        self.onInvalid = onInvalid
        self.romanize = romanize
        self.threads = max(1, threads)
    }
}

/// A corpus language as measured: its key, script and a sample word for labels.
public struct MeasuredLanguage: Sendable, Equatable {
    public var lang: String
    public var script: String
    public var sampleWord: String
}

/// What one tokenizer did over the whole corpus, beyond per-language counts.
public struct TokenizerUsage: Sendable {
    /// The report name.
    public var name: String
    /// The model family ("BPE", "Unigram", "WordPiece").
    public var modelType: String
    /// The file format.
    public var format: TokenizerFormat
    /// Vocabulary size.
    public var vocabularySize: Int
    /// Distinct ids produced over the corpus.
    public var usedIDs: Int
    /// Rényi entropy of order 2.5 of the id distribution, in bits.
    public var renyiEntropy: Double
}

/// The raw result of measuring tokenizers over a corpus.
public struct FertilityMeasurement: Sendable {
    /// The segmentation words were counted with.
    public var words: WordSegmentation
    /// Whether the text was romanized before measuring.
    public var romanized: Bool
    /// The measured languages, in corpus order (empty files and all-skipped languages left out).
    public var languages: [MeasuredLanguage]
    /// One entry per tokenizer, in the order given.
    public var tokenizers: [TokenizerUsage]
    /// `counts[t][l]`: tokenizer `t` over language `l`.
    public var counts: [[FertilityCounts]]
    /// Problems that did not stop the measurement, in corpus order.
    public var warnings: [VocabError]
}

/// Measures tokenizers over a corpus.
public enum FertilityRun {
    /// Reads and segments every language, then encodes each with every tokenizer, spreading both
    /// stages over `options.threads` threads.
    /// - Throws: the first reading error in corpus order; an error when nothing could be measured.
    public static func measure(
        corpus: [CorpusLanguage], tokenizers: [MeasuredTokenizer], options: FertilityOptions = FertilityOptions()
    ) throws -> FertilityMeasurement {
        guard !corpus.isEmpty else { throw VocabError("the corpus has no languages") }
        guard !tokenizers.isEmpty else { throw VocabError("no tokenizer to measure") }

        // Stage 1: read and segment each language once.
        let loaded = Mutex<[Int: (text: Result<LanguageText, VocabError>, warnings: [VocabError])]>([:])
        try parallel(jobs: corpus.count, threads: options.threads) { next in
            let breaker = try ICUWordBreaker()
            while let job = next() {
                var warnings: [VocabError] = []
                let result: Result<LanguageText, VocabError>
                do {
                    result = .success(
                        try LanguageText(
                            corpus[job], words: options.words, policy: options.onInvalid, romanize: options.romanize,
                            breaker: breaker,
                            warn: { warnings.append($0) }))
                } catch let error as VocabError {
                    result = .failure(error)
                }
                loaded.withLock { $0[job] = (result, warnings) }
            }
        }
        var texts: [LanguageText] = []
        var warnings: [VocabError] = []
        try loaded.withLock { all in
            for job in 0..<corpus.count {
                guard let entry = all[job] else { continue }
                warnings += entry.warnings
                let text = try entry.text.get()
                if text.lineCount == 0 {
                    warnings.append(VocabError("\(text.lang): no lines to measure, left out"))
                } else {
                    texts.append(text)
                }
            }
        }
        guard !texts.isEmpty else {
            throw VocabError("nothing to measure: every corpus file is empty or was skipped")
        }

        // Stage 2: every (tokenizer, language) pair; each thread keeps its own id histograms.
        let pairs = tokenizers.count * texts.count
        let counts = Mutex<[FertilityCounts]>([FertilityCounts](repeating: FertilityCounts(), count: pairs))
        let histograms = Mutex<[[Int]]>(tokenizers.map { [Int](repeating: 0, count: $0.vocabularySize) })
        let frozenTexts = texts
        try parallel(jobs: pairs, threads: options.threads) { next in
            var attribution = TokenAttribution()
            var local: [[Int]] = tokenizers.map { _ in [] }
            while let job = next() {
                let t = job / frozenTexts.count
                let l = job % frozenTexts.count
                if local[t].isEmpty { local[t] = [Int](repeating: 0, count: tokenizers[t].vocabularySize) }
                let result = attribution.measure(frozenTexts[l], with: tokenizers[t], histogram: &local[t])
                counts.withLock { $0[job] = result }
            }
            histograms.withLock { shared in
                for t in 0..<local.count where !local[t].isEmpty {
                    for id in 0..<local[t].count { shared[t][id] += local[t][id] }
                }
            }
        }
        let flat = counts.withLock { $0 }
        let usage = histograms.withLock { all in
            tokenizers.enumerated().map { t, tokenizer in
                TokenizerUsage(
                    name: tokenizer.name, modelType: tokenizer.tokenizer.modelType, format: tokenizer.tokenizer.format,
                    vocabularySize: tokenizer.vocabularySize, usedIDs: all[t].reduce(0) { $0 + ($1 > 0 ? 1 : 0) },
                    renyiEntropy: FairnessMetrics.renyiEntropy(all[t], alpha: 2.5))
            }
        }
        return FertilityMeasurement(
            words: options.words, romanized: options.romanize,
            languages: texts.map { MeasuredLanguage(lang: $0.lang, script: $0.script, sampleWord: $0.sampleWord) },
            tokenizers: usage,
            counts: (0..<tokenizers.count).map { t in Array(flat[t * texts.count..<(t + 1) * texts.count]) },
            warnings: warnings)
    }

    /// Loads tokenizers and prepares them for measuring, spread over `threads` threads.
    /// Report names come from `TokenizerArgument.names(for:)`.
    /// - Throws: the first loading error in the order given.
    public static func loadTokenizers(_ specs: [TokenizerArgument], threads: Int) throws -> [MeasuredTokenizer] {
        let loaded = Mutex<[Int: Result<(any TokenizerBackend, String), VocabError>]>([:])
        try parallel(jobs: specs.count, threads: threads) { next in
            while let job = next() {
                let result: Result<(any TokenizerBackend, String), VocabError>
                do {
                    let (tokenizer, source) = try TokenizerLoader.load(path: specs[job].path, pattern: specs[job].pattern)
                    result = .success((tokenizer, source.file))
                } catch let error as VocabError {
                    result = .failure(error)
                }
                loaded.withLock { $0[job] = result }
            }
        }
        let tokenizers = try loaded.withLock { all in
            try (0..<specs.count).map { k in
                guard let result = all[k] else { throw VocabError("the tokenizer was not loaded", file: specs[k].path) }
                return try result.get()
            }
        }
        let names = TokenizerArgument.names(for: tokenizers.map(\.1))
        let prepared = Mutex<[Int: MeasuredTokenizer]>([:])
        try parallel(jobs: tokenizers.count, threads: threads) { next in
            while let job = next() {
                let measured = MeasuredTokenizer(name: names[job], tokenizer: tokenizers[job].0)
                prepared.withLock { $0[job] = measured }
            }
        }
        return prepared.withLock { all in (0..<tokenizers.count).compactMap { all[$0] } }
    }

    /// Runs `worker` on `threads` threads (fewer when there are fewer jobs); each worker pulls
    /// job indices from the shared `next` until it returns nil. Rethrows the first worker error.
    static func parallel(
        jobs: Int, threads: Int, _ worker: @Sendable (_ next: () -> Int?) throws -> Void
    ) throws {
        let counter = Atomic<Int>(0)
        let failure = Mutex<VocabError?>(nil)
        let workers = max(1, min(threads, jobs))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            do {
                try worker {
                    let job = counter.wrappingAdd(1, ordering: .relaxed).oldValue
                    return job < jobs ? job : nil
                }
            } catch let error as VocabError {
                failure.withLock { if $0 == nil { $0 = error } }
            } catch {
                failure.withLock { if $0 == nil { $0 = VocabError("\(error)") } }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
    }
}
