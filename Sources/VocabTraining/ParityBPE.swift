import VocabCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension BPETrainer {
    /// Parity-aware BPE (Foroutan et al. 2025) exactly as HF `tokenizers`' `ParityBpeTrainer`
    /// (0.23.3) trains it: the same vocabulary and the same merges in the same order.
    ///
    /// The vocabulary starts as plain BPE's (special tokens, byte tokens, the alphabet of every
    /// language's training and dev words by code point). Each merge then goes to one language:
    /// for the first `globalMerges` merges the pair most frequent over all languages; after that
    /// the pair most frequent in the worst-compressed language (`ParityOptions.Balance`), picked
    /// by `variant`. A merge is applied to every language's words (and the dev words), so every
    /// count and length stays current. Unlike plain BPE, ties between pairs of equal count go to
    /// the larger (left token, right token) compared as byte strings, and counts are `Int64`. A
    /// language whose best pair is below `minFrequency` (or that has no pair left) is done for
    /// the rest of the run; training ends when all are done or `vocabSize` is reached
    /// (`vocabSize` = HF's `num_merges` with `total_symbols=True`).
    ///
    /// `languages` holds one word multiset per language, in HF's iterator order.
    /// - Throws: `VocabError` when a language has no words, the balance does not have one entry
    ///   per language, a ratio is not a positive number, or as `train(_:)` does.
    public func train(
        languages: [WordCounts], parity: ParityOptions, progress: ((ParityProgress) -> Void)? = nil
    ) throws -> TrainedBPE {
        guard !languages.isEmpty else { throw VocabError("no languages to train on") }
        if let empty = languages.firstIndex(where: \.isEmpty) {
            throw VocabError("language \(empty + 1) has no words to train on (its corpus is empty)")
        }
        switch parity.balance {
        case .dev(let dev):
            guard dev.count == languages.count else {
                throw VocabError("\(dev.count) dev sets for \(languages.count) languages: give one per language")
            }
        case .ratios(let ratios):
            guard ratios.count == languages.count else {
                throw VocabError("\(ratios.count) ratios for \(languages.count) languages: give one per language")
            }
            if let bad = ratios.firstIndex(where: { !($0.isFinite && $0 > 0) }) {
                throw VocabError("the ratio of language \(bad + 1) is \(ratios[bad]): ratios must be positive numbers")
            }
        }
        if parity.variant == .window {
            guard parity.windowSize > 0 else { throw VocabError("the window size must be positive") }
            guard parity.alpha.isFinite && parity.alpha > 0 else { throw VocabError("alpha must be a positive number") }
        }
        guard parity.globalMerges >= 0 else { throw VocabError("the number of global merges cannot be negative") }
        var state = try ParityState(languages: languages, parity: parity, options: options)
        state.run(progress: progress)
        return state.core.result()
    }
}

/// The token strings by id, shared with the merge queues' order (a class, so that appending to
/// it never copies what the queues hold).
final class PieceStore {
    private var bytes: [UInt8] = []
    private var offsets: [Int] = [0]

    var count: Int { offsets.count - 1 }

    func append(_ piece: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: piece)
        offsets.append(bytes.count)
    }

    /// Compares the strings of two ids bytewise (a prefix sorts first): <0, 0 or >0.
    @inline(__always)
    func compare(_ a: UInt32, _ b: UInt32) -> Int {
        if a == b { return 0 }
        return bytes.withUnsafeBufferPointer { all in
            let (sa, la) = (offsets[Int(a)], offsets[Int(a) + 1] - offsets[Int(a)])
            let (sb, lb) = (offsets[Int(b)], offsets[Int(b) + 1] - offsets[Int(b)])
            let common = min(la, lb)
            if common > 0 {
                let c = memcmp(all.baseAddress! + sa, all.baseAddress! + sb, common)
                if c != 0 { return Int(c) }
            }
            return la - lb
        }
    }
}

/// A candidate pair of the parity-aware trainer: a count and the pair.
struct ParityCandidate {
    var count: UInt64
    var key: PairKey
}

/// `ParityBpeTrainer`'s order: higher count first; on equal counts the larger
/// (left string, right string), as Python's `max(stats, key=lambda x: (stats[x], x))`.
struct PairStringOrder: CandidateOrder {
    let pieces: PieceStore

    @inline(__always)
    func isAbove(_ a: ParityCandidate, _ b: ParityCandidate) -> Bool {
        if a.count != b.count { return a.count > b.count }
        let left = pieces.compare(UInt32(truncatingIfNeeded: a.key >> 32), UInt32(truncatingIfNeeded: b.key >> 32))
        if left != 0 { return left > 0 }
        return pieces.compare(UInt32(truncatingIfNeeded: a.key), UInt32(truncatingIfNeeded: b.key)) > 0
    }
}

/// The word entries of one kind (training or dev) per distinct word: which languages have the
/// word, how often (compressed rows, by word index in the union of all words).
struct LanguageCounts {
    var start: [Int]
    var language: [UInt32] = []
    var count: [Int64] = []

    /// Rows from (word, language, count) entries listed language by language.
    init(_ entries: [(word: Int32, language: UInt32, count: Int64)], words: Int) {
        start = [Int](repeating: 0, count: words + 1)
        for e in entries { start[Int(e.word) + 1] += 1 }
        for w in 0..<words { start[w + 1] += start[w] }
        var next = start
        language = [UInt32](repeating: 0, count: entries.count)
        count = [Int64](repeating: 0, count: entries.count)
        for e in entries {
            let at = next[Int(e.word)]
            language[at] = e.language
            count[at] = e.count
            next[Int(e.word)] += 1
        }
    }

    @inline(__always) func range(_ word: Int) -> Range<Int> { start[word]..<start[word + 1] }
}

/// The state of one parity-aware run: plain BPE's vocabulary and words (`core`), pair counts per
/// language beside the totals, a queue per language, and the lengths that pick the language.
struct ParityState {
    var core: TrainingState
    let parity: ParityOptions
    let options: BPETrainingOptions
    let languageCount: Int
    let train: LanguageCounts
    let dev: LanguageCounts
    /// The training count of each distinct word over all languages.
    var wordTotals: [Int64]
    /// Pair counts over all languages, and the dense pair index of every pair.
    var pairs = PairTable<Int64>(capacity: 1 << 16)
    /// Pair counts per language, keyed by (pair index, language).
    var languagePairs = PairTable<Int64>(capacity: 1 << 18)
    /// Pairs already merged (their counts are zero, as HF sets them).
    var merged: [Bool] = []
    /// The words each pair occurs in: a range of `positions` by pair index.
    var positionStart: [UInt32] = []
    var positionCount: [UInt32] = []
    var positions: [UInt32] = []
    let pieces = PieceStore()
    var queues: [MergeQueue<PairStringOrder>] = []
    var globalQueue: MergeQueue<PairStringOrder>
    var step = StepScratch()
    /// (pair, language) entries formed in this step, and whether each is listed.
    var formed: [Int32] = []
    var formedListed: [Bool] = []
    var exhausted: [Bool]
    var exhaustedCount = 0
    /// Dev mode: each language's dev text length in tokens.
    var devLengths: [Int64]
    /// Ratio mode: each language's training text length in tokens, at the start and now.
    var initialLengths: [Double]
    var lengths: [Double]
    /// The window variant's last choices (a ring) and how often each language is in it.
    var window: [Int] = []
    var windowHead = 0
    var windowCounts: [Int]

    init(languages: [WordCounts], parity: ParityOptions, options: BPETrainingOptions) throws {
        self.parity = parity
        self.options = options
        languageCount = languages.count
        var all = WordCounts(capacity: languages.reduce(0) { $0 + $1.count })
        var trainEntries: [(word: Int32, language: UInt32, count: Int64)] = []
        for (l, words) in languages.enumerated() {
            for i in 0..<words.count {
                let u = words.withWord(i) { all.add($0, count: words.counts[i]) }
                trainEntries.append((Int32(u), UInt32(l), Int64(truncatingIfNeeded: words.counts[i])))
            }
        }
        var devEntries: [(word: Int32, language: UInt32, count: Int64)] = []
        if case .dev(let devSets) = parity.balance {
            for (l, words) in devSets.enumerated() {
                for i in 0..<words.count {
                    let u = words.withWord(i) { all.add($0, count: 0) }
                    devEntries.append((Int32(u), UInt32(l), Int64(truncatingIfNeeded: words.counts[i])))
                }
            }
        }
        guard all.count < Int(Int32.max) else { throw VocabError("more than 2^31 distinct words") }
        core = try TrainingState(words: all, options: options)
        train = LanguageCounts(trainEntries, words: all.count)
        dev = LanguageCounts(devEntries, words: all.count)
        wordTotals = [Int64](repeating: 0, count: all.count)
        for (u, _, c) in trainEntries { wordTotals[Int(u)] &+= c }

        // Lengths in initial symbols: bytes, or characters.
        let bytes = options.symbols == .bytes
        let symbolCounts: [Int64] = (0..<all.count).map { u in
            all.withWord(u) { word in Int64(bytes ? word.count : word.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }) }
        }
        devLengths = [Int64](repeating: 0, count: languageCount)
        for (u, l, c) in devEntries { devLengths[Int(l)] += symbolCounts[Int(u)] * c }
        initialLengths = [Double](repeating: 0, count: languageCount)
        if case .ratios = parity.balance {
            for (u, l, c) in trainEntries { initialLengths[Int(l)] += Double(symbolCounts[Int(u)]) * Double(c) }
        }
        lengths = initialLengths
        exhausted = [Bool](repeating: false, count: languageCount)
        windowCounts = [Int](repeating: 0, count: languageCount)
        globalQueue = MergeQueue([], order: PairStringOrder(pieces: pieces))
        for id in 0..<core.table.count { core.table.withPiece(id) { pieces.append($0) } }
        countInitialPairs()
    }

    /// Every overlapping window of every word, counted per language and in total; the words
    /// each pair occurs in; a queue per language (and the global one when there are global merges).
    mutating func countInitialPairs() {
        var lastWord: [Int32] = []
        var occurrences: [UInt32] = []
        for w in 0..<core.wordStarts.count {
            let u = Int(core.wordSources[w])
            let s = core.wordStarts[w]
            for i in s..<s + Int(core.wordLengths[w]) - 1 {
                let index = Int(pairs.index(pairKey(core.symbols[i], core.symbols[i + 1])))
                if index == lastWord.count {
                    lastWord.append(-1)
                    occurrences.append(0)
                }
                pairs.counts[index] &+= wordTotals[u]
                for e in train.range(u) {
                    let lp = Int(languagePairs.index(pairKey(UInt32(index), train.language[e])))
                    languagePairs.counts[lp] &+= train.count[e]
                }
                if lastWord[index] != Int32(w) {
                    lastWord[index] = Int32(w)
                    occurrences[index] += 1
                }
            }
        }
        growPairArrays()
        var total: UInt32 = 0
        for index in 0..<pairs.count where pairs.counts[index] > 0 {
            positionStart[index] = total
            total += occurrences[index]
        }
        occurrences = []
        positions = [UInt32](repeating: 0, count: Int(total))
        var next = positionStart
        for i in 0..<lastWord.count { lastWord[i] = -1 }
        for w in 0..<core.wordStarts.count {
            let s = core.wordStarts[w]
            for i in s..<s + Int(core.wordLengths[w]) - 1 {
                let index = Int(pairs.find(pairKey(core.symbols[i], core.symbols[i + 1])))
                guard pairs.counts[index] > 0, lastWord[index] != Int32(w) else { continue }
                lastWord[index] = Int32(w)
                positions[Int(next[index])] = UInt32(w)
                next[index] += 1
                positionCount[index] += 1
            }
        }
        let order = PairStringOrder(pieces: pieces)
        var candidates = [[ParityCandidate]](repeating: [], count: languageCount)
        for lp in 0..<languagePairs.count where languagePairs.counts[lp] > 0 {
            let key = languagePairs.keys[lp]
            candidates[Int(key & 0xFFFF_FFFF)].append(
                ParityCandidate(count: UInt64(languagePairs.counts[lp]), key: pairs.keys[Int(key >> 32)]))
        }
        queues = candidates.map { MergeQueue($0, order: order) }
        if parity.globalMerges > 0 {
            globalQueue = MergeQueue(
                (0..<pairs.count).filter { pairs.counts[$0] > 0 }.map {
                    ParityCandidate(count: UInt64(pairs.counts[$0]), key: pairs.keys[$0])
                }, order: order)
        }
    }

    mutating func growPairArrays() {
        let n = pairs.count - merged.count
        guard n > 0 else { return }
        merged.append(contentsOf: repeatElement(false, count: n))
        positionStart.append(contentsOf: repeatElement(0, count: n))
        positionCount.append(contentsOf: repeatElement(0, count: n))
    }

    /// HF's merge loop.
    mutating func run(progress: ((ParityProgress) -> Void)?) {
        let target = max(0, options.vocabSize - core.table.count)
        let maxLength = options.maxTokenLength ?? Int.max
        let prefix = options.continuingSubwordPrefix.map { Array($0.utf8) } ?? []
        var made = 0
        var language: Int?
        while made < target && exhaustedCount < languageCount {
            if made < parity.globalMerges {
                language = nil
            } else {
                guard let picked = pickLanguage() else { break }
                language = picked
            }
            guard let top = popBest(language), top.count >= options.minFrequency else {
                guard let l = language else { break }
                if !exhausted[l] {
                    exhausted[l] = true
                    exhaustedCount += 1
                }
                continue
            }
            let left = UInt32(truncatingIfNeeded: top.key >> 32)
            let right = UInt32(truncatingIfNeeded: top.key)
            let newID = core.token(merging: left, right, prefix: prefix)
            if Int(newID) == pieces.count { core.table.withPiece(Int(newID)) { pieces.append($0) } }
            core.merges.append(TokenPair(Int32(left), Int32(right)))
            let index = Int(pairs.find(top.key))
            applyMerge(pair: index, left: left, right: right, newID: newID, maxLength: maxLength)
            merged[index] = true
            pairs.counts[index] = 0
            finishStep(global: made + 1 < parity.globalMerges)
            made += 1
            if let progress, made & 63 == 0 || made == target { progress(report(made, target, language)) }
        }
        progress?(report(made, target, language))
    }

    func report(_ made: Int, _ target: Int, _ language: Int?) -> ParityProgress {
        var length = 0.0
        if let l = language {
            if case .dev = parity.balance { length = Double(devLengths[l]) } else { length = lengths[l] }
        }
        return ParityProgress(merges: made, target: target, language: language, length: length)
    }

    /// HF's `pop_best_pair`: the top candidate of the language's queue (or the global one) whose
    /// count is current, re-queuing stale ones and dropping pairs whose count is gone.
    mutating func popBest(_ language: Int?) -> ParityCandidate? {
        while true {
            guard var top = language.map({ queues[$0].pop() }) ?? globalQueue.pop() else { return nil }
            let index = Int(pairs.find(top.key))
            var current: Int64 = 0
            if !merged[index] {
                if let l = language {
                    current = languagePairs.counts[Int(languagePairs.find(pairKey(UInt32(index), UInt32(l))))]
                } else {
                    current = pairs.counts[index]
                }
            }
            if current <= 0 { continue }
            if top.count != UInt64(current) {
                top.count = UInt64(current)
                if let l = language { queues[l].push(top) } else { globalQueue.push(top) }
                continue
            }
            return top
        }
    }

    /// HF's `select_next_language` after the global merges; nil where HF's window selection
    /// never returns (every language left is over its window share and index 0 is done or over it).
    mutating func pickLanguage() -> Int? {
        let picked: Int?
        switch (parity.balance, parity.variant) {
        case (.dev, .base):
            var best = 0
            var bestValue = Int64.min
            for l in 0..<languageCount where !exhausted[l] && devLengths[l] > bestValue {
                best = l
                bestValue = devLengths[l]
            }
            return best
        case (.ratios(let ratios), .base):
            var best = 0
            var bestValue = Double.infinity
            for l in 0..<languageCount where !exhausted[l] {
                let adjusted = (initialLengths[l] / lengths[l]) / ratios[l]
                if adjusted < bestValue {
                    best = l
                    bestValue = adjusted
                }
            }
            return best
        case (.dev, .window):
            picked = windowPick((0..<languageCount).map { exhausted[$0] ? Int64.min : devLengths[$0] }, lowest: Int64.min)
        case (.ratios(let ratios), .window):
            picked = windowPick(
                (0..<languageCount).map { exhausted[$0] ? -Double.infinity : -((initialLengths[$0] / lengths[$0]) / ratios[$0]) },
                lowest: -Double.infinity)
        }
        guard let picked else { return nil }
        if window.count < parity.windowSize {
            window.append(picked)
        } else {
            windowCounts[window[windowHead]] -= 1
            window[windowHead] = picked
            windowHead = (windowHead + 1) % parity.windowSize
        }
        windowCounts[picked] += 1
        return picked
    }

    /// HF's `select_language_window`: the highest value whose share of the window is at most
    /// alpha / languages, masking the others in turn.
    func windowPick<Value: Comparable>(_ values: [Value], lowest: Value) -> Int? {
        let threshold = parity.alpha / Double(languageCount)
        var mask = [Bool](repeating: true, count: languageCount)
        var unmasked = languageCount
        while true {
            var best = 0
            var bestValue = lowest
            for l in 0..<languageCount where mask[l] && values[l] > bestValue {
                best = l
                bestValue = values[l]
            }
            if Double(windowCounts[best]) / Double(parity.windowSize) <= threshold { return best }
            guard mask[best] else { return nil }
            mask[best] = false
            unmasked -= 1
            if unmasked == 0 { return best }
        }
    }

    /// HF's `Word::merge` on every word holding the pair: pair counts change per language and in
    /// total, new pairs are noted with their words, and the languages' lengths shrink.
    mutating func applyMerge(pair index: Int, left a: UInt32, right b: UInt32, newID: UInt32, maxLength: Int) {
        let newLength = Int(core.tokenLengths[Int(newID)])
        let begin = Int(positionStart[index])
        for p in begin..<begin + Int(positionCount[index]) {
            let w = Int(positions[p])
            let u = Int(core.wordSources[w])
            let s = core.wordStarts[w]
            let n = Int(core.wordLengths[w])
            var r = 0
            var out = 0
            while r < n {
                let x = core.symbols[s + r]
                if x == a && r + 1 < n && core.symbols[s + r + 1] == b {
                    if out > 0 {
                        let previous = core.symbols[s + out - 1]
                        change(pairKey(previous, a), by: -1, word: w, source: u)
                        if Int(core.tokenLengths[Int(previous)]) + newLength < maxLength {
                            change(pairKey(previous, newID), by: 1, word: w, source: u)
                        }
                    }
                    if r + 2 < n {
                        let following = core.symbols[s + r + 2]
                        change(pairKey(b, following), by: -1, word: w, source: u)
                        if newLength + Int(core.tokenLengths[Int(following)]) < maxLength {
                            change(pairKey(newID, following), by: 1, word: w, source: u)
                        }
                    }
                    core.symbols[s + out] = newID
                    out += 1
                    r += 2
                } else {
                    if out != r { core.symbols[s + out] = x }
                    out += 1
                    r += 1
                }
            }
            guard out < n else { continue }
            core.wordLengths[w] = Int32(out)
            let saved = Int64(n - out)
            switch parity.balance {
            case .dev:
                for e in dev.range(u) { devLengths[Int(dev.language[e])] -= saved * dev.count[e] }
            case .ratios:
                for e in train.range(u) { lengths[Int(train.language[e])] -= Double(saved * train.count[e]) }
            }
        }
    }

    /// One pair change in one word (`delta` of -1 or +1 occurrences), in every language the word
    /// is trained in; a formed pair notes the word.
    @inline(__always)
    mutating func change(_ key: PairKey, by delta: Int64, word w: Int, source u: Int) {
        let index = Int(pairs.index(key))
        pairs.counts[index] &+= delta &* wordTotals[u]
        if delta > 0 { step.note(index, word: UInt32(w), pairCount: pairs.count) }
        for e in train.range(u) {
            let lp = Int(languagePairs.index(pairKey(UInt32(index), train.language[e])))
            languagePairs.counts[lp] &+= delta &* train.count[e]
            guard delta > 0 else { continue }
            while formedListed.count < languagePairs.count { formedListed.append(false) }
            if !formedListed[lp] {
                formedListed[lp] = true
                formed.append(Int32(lp))
            }
        }
    }

    /// The words of each pair formed in this step whose count is positive; queue entries for
    /// them in each language they occur in (and in the global queue during global merges).
    mutating func finishStep(global: Bool) {
        growPairArrays()
        var total = 0
        for index in step.pairs where pairs.counts[Int(index)] > 0 {
            positionStart[Int(index)] = UInt32(positions.count + total)
            step.next[Int(index)] = UInt32(positions.count + total)
            total += Int(step.tally[Int(index)])
        }
        positions.append(contentsOf: repeatElement(0, count: total))
        for (index, word) in step.touched where pairs.counts[Int(index)] > 0 {
            positions[Int(step.next[Int(index)])] = word
            step.next[Int(index)] += 1
        }
        for index in step.pairs where pairs.counts[Int(index)] > 0 {
            positionCount[Int(index)] = step.tally[Int(index)]
            if global {
                globalQueue.push(ParityCandidate(count: UInt64(pairs.counts[Int(index)]), key: pairs.keys[Int(index)]))
            }
        }
        step.reset()
        for lp in formed {
            formedListed[Int(lp)] = false
            let count = languagePairs.counts[Int(lp)]
            guard count > 0 else { continue }
            let key = languagePairs.keys[Int(lp)]
            queues[Int(key & 0xFFFF_FFFF)].push(ParityCandidate(count: UInt64(count), key: pairs.keys[Int(key >> 32)]))
        }
        formed.removeAll(keepingCapacity: true)
    }
}
