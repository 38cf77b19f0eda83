import VocabCore

/// How the BPE trainer cuts a word into its initial symbols.
public enum WordSymbols: Sendable {
    /// One symbol per byte, written as its `ByteLevelAlphabet` character (byte-level BPE).
    case bytes
    /// One symbol per Unicode scalar; words must be valid UTF-8.
    case characters
}

/// The settings of a BPE training run; the names and meanings are those of HF's `BpeTrainer`.
public struct BPETrainingOptions: Sendable {
    /// The vocabulary size to reach: special tokens + alphabet + merges.
    public var vocabSize: Int
    /// A pair is merged only when its count is at least this.
    public var minFrequency: UInt64 = 0
    /// Tokens given the first ids, in order (repeats skipped).
    public var specialTokens: [String] = []
    /// HF's `max_token_length`: a merge result longer than this many characters is never
    /// formed (HF's check is `<`, so the longest token has `max - 1` characters for `max >= 3`;
    /// initial pairs are not checked).
    public var maxTokenLength: Int?
    /// Characters always in the alphabet (code points), seen in the corpus or not.
    public var initialAlphabet: [UInt32] = []
    /// How words are cut into initial symbols.
    public var symbols: WordSymbols = .bytes
    /// HF's `continuing_subword_prefix` (`##` for WordPiece): every symbol after the first of a
    /// word starts as the prefix plus its character, and a merge drops the prefix from its
    /// right part. The prefixed characters get ids right after the alphabet. HF numbers them as
    /// it meets them in the random order of its word map, so its ids and tie-breaks vary from run
    /// to run; here they are ordered as HF orders them on average: by the number of distinct
    /// words they occur in after the start (most first; a character in many words is met
    /// early), ties by code point.
    public var continuingSubwordPrefix: String?
    /// Put the 256 byte tokens `<0x00>` … `<0xFF>` in the vocabulary after the special tokens
    /// (where SentencePiece puts them), for a model with byte fallback. They are counted in the
    /// vocabulary size and take part in no merge.
    public var byteFallback = false

    public init(vocabSize: Int) { self.vocabSize = vocabSize }
}

/// The result of BPE training.
public struct TrainedBPE: Sendable {
    /// The vocabulary in id order (special tokens, alphabet, merge results) and the merges in
    /// rank order. A merge listed twice keeps only its last rank, as HF's saved model does.
    public var table: TokenTable
    /// The ids of the special tokens, in the order given.
    public var specialTokenIDs: [Int32]
    /// The continuing-subword prefix the vocabulary was trained with (WordPiece's `##`).
    public var continuingSubwordPrefix: String?
    /// Whether the vocabulary holds the 256 byte-fallback tokens.
    public var byteFallback: Bool
}

/// A BPE trainer that reproduces HF `tokenizers`' `BpeTrainer` exactly: the same vocabulary and
/// the same merges in the same order (`specs/TRAINERS.md` §1), from word counts.
///
/// Ids decide every tie: special tokens first, then the alphabet sorted by code point (for
/// byte-level words, the code points of the mapped characters), then merge results in creation
/// order. Each step merges the pair with the highest count, ties going to the smallest
/// (left id, right id). Pair counts are HF's wrapping `i32`s.
///
/// Words are arrays of integer symbol ids in one buffer; pair counts live in an open-addressing
/// map keyed by the packed pair; candidates wait in a max-heap and are re-checked when popped;
/// each candidate carries the list of words it occurs in, built incrementally as merges create
/// new pairs, so a merge touches only the words that contain its pair.
public struct BPETrainer: Sendable {
    public var options: BPETrainingOptions

    public init(options: BPETrainingOptions) { self.options = options }

    /// Trains on `words`.
    /// - Parameter progress: called now and then with (vocabulary size so far, target size).
    /// - Throws: `VocabError` when there are no words, when the vocabulary size cannot even hold
    ///   the special tokens and the alphabet, or when a word is not valid UTF-8 in
    ///   `.characters` mode.
    ///
    /// Complexity: O(W + M log P) for W symbols over the distinct words, M merges and P live
    /// pairs: each merge touches only the words holding its pair (through the pair-to-word index)
    /// and re-queues the pairs it changes.
    public func train(_ words: WordCounts, progress: ((Int, Int) -> Void)? = nil) throws -> TrainedBPE {
        guard !words.isEmpty else { throw VocabError("no words to train on (the input is empty)") }
        var state = try TrainingState(words: words, options: options)
        try state.run(progress: progress)
        return state.result()
    }
}

/// The mutable state of one training run.
private struct TrainingState {
    let options: BPETrainingOptions
    var table: TokenTable
    var specialTokenIDs: [Int32] = []
    /// Character count of each id's token.
    var tokenLengths: [Int32] = []
    /// All words' symbols, word after word; a word shrinks in place as merges apply.
    var symbols: [UInt32] = []
    var wordStarts: [Int] = []
    var wordLengths: [Int32] = []
    /// HF's `counts[w] as i32`.
    var wordCounts: [Int32] = []
    var pairs: PairTable
    /// Word indices of each queued candidate, in ranges.
    var positions: [UInt32] = []
    var queue: MergeQueue
    /// The merges made, in order.
    var merges: [TokenPair] = []

    init(words: WordCounts, options: BPETrainingOptions) throws {
        self.options = options
        table = TokenTable(capacity: options.vocabSize)
        pairs = PairTable(capacity: 1 << 16)
        queue = MergeQueue([])
        for special in options.specialTokens {
            let bytes = Array(special.utf8)
            guard !bytes.isEmpty else { throw VocabError("a special token cannot be empty") }
            if let existing = table.id(of: bytes) {
                if !specialTokenIDs.contains(existing) { specialTokenIDs.append(existing) }
                continue
            }
            specialTokenIDs.append(table.append(bytes, kind: .control))
            tokenLengths.append(Int32(special.unicodeScalars.count))
        }
        if options.byteFallback { addByteTokens() }
        let fixed = table.count
        let symbolIDs = try buildAlphabet(words)
        guard table.count <= options.vocabSize else {
            let prefixed = options.continuingSubwordPrefix == nil ? "" : " (with its prefixed variants)"
            let bytes = options.byteFallback ? " and 256 byte tokens" : ""
            throw VocabError(
                "vocabulary size \(options.vocabSize) is too small for the \(specialTokenIDs.count) special tokens\(bytes) plus the \(table.count - fixed)-character alphabet\(prefixed) (\(table.count))"
            )
        }
        try buildWords(words, symbolIDs: symbolIDs)
        countInitialPairs()
    }

    /// `<0x00>` … `<0xFF>` (SentencePiece's spelling), after the special tokens.
    mutating func addByteTokens() {
        let hex = Array("0123456789ABCDEF".utf8)
        for b in 0..<256 {
            let piece: [UInt8] = Array("<0x".utf8) + [hex[b >> 4], hex[b & 15], UInt8(ascii: ">")]
            if table.id(of: piece) != nil { continue }
            table.append(piece, kind: .byte)
            tokenLengths.append(6)
        }
    }

    /// The alphabet's ids, sorted by code point after the special tokens, then (with a
    /// continuing-subword prefix) the ids of the prefixed characters that occur after the start
    /// of a word, in the order `continuingSubwordPrefix` describes; returns the map from an
    /// initial symbol (a byte, or a scalar, at the start of a word or after it) to its id.
    mutating func buildAlphabet(_ words: WordCounts) throws -> SymbolMap {
        var present = Set<UInt32>(options.initialAlphabet)
        // Code point -> (distinct words it occurs in after the start, last such word).
        var continuing: [UInt32: (words: Int, last: Int)] = [:]
        let prefixed = options.continuingSubwordPrefix != nil
        func noteContinuing(_ cp: UInt32, word w: Int) {
            let entry = continuing[cp] ?? (0, -1)
            if entry.last != w { continuing[cp] = (entry.words + 1, w) }
        }
        switch options.symbols {
        case .bytes:
            var seen = [Bool](repeating: false, count: 256)
            for w in 0..<words.count {
                words.withWord(w) {
                    for b in $0 { seen[Int(b)] = true }
                    if prefixed { for b in $0.dropFirst() { noteContinuing(ByteLevelAlphabet.characters[Int(b)], word: w) } }
                }
            }
            for b in 0..<256 where seen[b] { present.insert(ByteLevelAlphabet.characters[b]) }
        case .characters:
            for w in 0..<words.count {
                try words.forEachScalar(ofWord: w) { cp, offset in
                    present.insert(cp)
                    if prefixed && offset > 0 { noteContinuing(cp, word: w) }
                }
            }
        }
        var idOfCodePoint: [UInt32: UInt32] = [:]
        for cp in present.sorted() {
            guard let scalar = Unicode.Scalar(cp) else {
                throw VocabError("the initial alphabet holds U+\(String(cp, radix: 16, uppercase: true)), which is not a character")
            }
            let bytes = Array(String(scalar).utf8)
            if let existing = table.id(of: bytes) {
                idOfCodePoint[cp] = UInt32(existing)
            } else {
                idOfCodePoint[cp] = UInt32(table.append(bytes))
                tokenLengths.append(1)
            }
        }
        var idOfContinuing = idOfCodePoint
        if let prefix = options.continuingSubwordPrefix {
            let byReach = continuing.sorted { a, b in
                a.value.words != b.value.words ? a.value.words > b.value.words : a.key < b.key
            }
            for (cp, _) in byReach {
                guard let scalar = Unicode.Scalar(cp) else { continue }
                let bytes = Array((prefix + String(scalar)).utf8)
                if let existing = table.id(of: bytes) {
                    // HF's symbols start one character long, whatever token they reuse.
                    idOfContinuing[cp] = UInt32(existing)
                    tokenLengths[Int(existing)] = 1
                } else {
                    idOfContinuing[cp] = UInt32(table.append(bytes))
                    tokenLengths.append(1)
                }
            }
        }
        switch options.symbols {
        case .bytes:
            var first = [UInt32](repeating: 0, count: 256)
            var rest = [UInt32](repeating: 0, count: 256)
            for b in 0..<256 {
                first[b] = idOfCodePoint[ByteLevelAlphabet.characters[b]] ?? UInt32.max
                rest[b] = idOfContinuing[ByteLevelAlphabet.characters[b]] ?? UInt32.max
            }
            return .bytes(first: first, rest: rest)
        case .characters:
            return .characters(first: idOfCodePoint, rest: idOfContinuing)
        }
    }

    /// Words of two or more symbols as id sequences (shorter ones hold no pair).
    mutating func buildWords(_ words: WordCounts, symbolIDs: SymbolMap) throws {
        wordStarts.reserveCapacity(words.count)
        wordLengths.reserveCapacity(words.count)
        wordCounts.reserveCapacity(words.count)
        for w in 0..<words.count {
            let start = symbols.count
            words.withWord(w) { word in
                switch symbolIDs {
                case .bytes(let first, let rest):
                    for (k, b) in word.enumerated() { symbols.append(k == 0 ? first[Int(b)] : rest[Int(b)]) }
                case .characters(let first, let rest):
                    let bytes = word.bindMemory(to: UInt8.self)
                    var i = 0
                    while i < bytes.count {
                        let (cp, length) = UTF8Scan.decode(bytes, at: i)
                        if let id = i == 0 ? first[cp] : rest[cp] { symbols.append(id) }
                        i += length
                    }
                }
            }
            let length = symbols.count - start
            if length < 2 {
                symbols.removeLast(length)
                continue
            }
            guard length <= Int(Int32.max) else { throw VocabError("a word is longer than 2^31 symbols") }
            wordStarts.append(start)
            wordLengths.append(Int32(length))
            wordCounts.append(Int32(truncatingIfNeeded: words.counts[w]))
        }
        guard wordStarts.count < Int(UInt32.max) else { throw VocabError("more than 2^32 distinct words") }
    }

    /// HF's `count_pairs`: every overlapping window of every word, weighted by the word count;
    /// then one queue candidate per pair with a positive count, listing the words it occurs in.
    mutating func countInitialPairs() {
        var lastWord: [Int32] = []
        var occurrences: [UInt32] = []
        symbols.withUnsafeBufferPointer { sym in
            for w in 0..<wordStarts.count {
                let s = wordStarts[w]
                let c = wordCounts[w]
                for i in s..<s + Int(wordLengths[w]) - 1 {
                    let index = Int(pairs.index(pairKey(sym[i], sym[i + 1])))
                    if index == lastWord.count {
                        lastWord.append(-1)
                        occurrences.append(0)
                    }
                    pairs.counts[index] &+= c
                    if lastWord[index] != Int32(w) {
                        lastWord[index] = Int32(w)
                        occurrences[index] += 1
                    }
                }
            }
        }
        // Lay out each pair's word list in `positions` (only pairs that get queued).
        var next = [UInt32](repeating: 0, count: pairs.count)
        var candidates: [MergeCandidate] = []
        candidates.reserveCapacity(pairs.count)
        var total: UInt32 = 0
        for index in 0..<pairs.count where pairs.counts[index] > 0 {
            next[index] = total
            candidates.append(
                MergeCandidate(
                    count: UInt64(bitPattern: Int64(pairs.counts[index])), key: pairs.keys[index],
                    positionsStart: total, positionsCount: occurrences[index]))
            total += occurrences[index]
        }
        occurrences = []
        positions = [UInt32](repeating: 0, count: Int(total))
        for i in 0..<lastWord.count { lastWord[i] = -1 }
        symbols.withUnsafeBufferPointer { sym in
            positions.withUnsafeMutableBufferPointer { pos in
                for w in 0..<wordStarts.count {
                    let s = wordStarts[w]
                    for i in s..<s + Int(wordLengths[w]) - 1 {
                        let index = Int(pairs.find(pairKey(sym[i], sym[i + 1])))
                        guard pairs.counts[index] > 0, lastWord[index] != Int32(w) else { continue }
                        lastWord[index] = Int32(w)
                        pos[Int(next[index])] = UInt32(w)
                        next[index] += 1
                    }
                }
            }
        }
        queue = MergeQueue(candidates)
    }

    /// HF's merge loop.
    mutating func run(progress: ((Int, Int) -> Void)?) throws {
        let maxLength = options.maxTokenLength ?? Int.max
        let prefix = options.continuingSubwordPrefix.map { Array($0.utf8) } ?? []
        var step = StepScratch()
        while table.count < options.vocabSize {
            guard var top = queue.pop() else { break }
            let index = Int(pairs.find(top.key))
            let current = UInt64(bitPattern: Int64(pairs.counts[index]))
            if top.count != current {
                top.count = current
                queue.push(top)
                continue
            }
            if top.count < 1 || options.minFrequency > top.count { break }

            let left = UInt32(truncatingIfNeeded: top.key >> 32)
            let right = UInt32(truncatingIfNeeded: top.key)
            var piece = table.piece(Int(left))
            let rightPiece = table.piece(Int(right))
            // HF drops the continuing-subword prefix from the right part.
            if !prefix.isEmpty && rightPiece.starts(with: prefix) {
                piece.append(contentsOf: rightPiece[prefix.count...])
            } else {
                piece.append(contentsOf: rightPiece)
            }
            let newID: UInt32
            if let existing = table.id(of: piece) {
                newID = UInt32(existing)
            } else {
                newID = UInt32(table.append(piece))
                tokenLengths.append(tokenLengths[Int(left)] + tokenLengths[Int(right)])
            }
            merges.append(TokenPair(Int32(left), Int32(right)))
            applyMerge(top, left: left, right: right, newID: newID, maxLength: maxLength, step: &step)
            try queueNewPairs(&step)
            if let progress, merges.count & 255 == 0 { progress(table.count, options.vocabSize) }
        }
        progress?(table.count, options.vocabSize)
    }

    /// HF's `Word::merge` on every word of the candidate, applying the count changes at once
    /// and noting the words in which each new pair was formed.
    mutating func applyMerge(
        _ top: MergeCandidate, left a: UInt32, right b: UInt32, newID: UInt32, maxLength: Int,
        step: inout StepScratch
    ) {
        let newLength = Int(tokenLengths[Int(newID)])
        let begin = Int(top.positionsStart)
        let end = begin + Int(top.positionsCount)
        for p in begin..<end {
            let w = Int(positions[p])
            let s = wordStarts[w]
            let n = Int(wordLengths[w])
            let c = wordCounts[w]
            var r = 0
            var out = 0
            var changed = false
            while r < n {
                let x = symbols[s + r]
                if x == a && r + 1 < n && symbols[s + r + 1] == b {
                    changed = true
                    if out > 0 {
                        let previous = symbols[s + out - 1]
                        pairs.counts[Int(pairs.index(pairKey(previous, a)))] &-= c
                        if Int(tokenLengths[Int(previous)]) + newLength < maxLength {
                            step.add(pairKey(previous, newID), count: c, word: UInt32(w), pairs: &pairs)
                        }
                    }
                    if r + 2 < n {
                        let following = symbols[s + r + 2]
                        pairs.counts[Int(pairs.index(pairKey(b, following)))] &-= c
                        if newLength + Int(tokenLengths[Int(following)]) < maxLength {
                            step.add(pairKey(newID, following), count: c, word: UInt32(w), pairs: &pairs)
                        }
                    }
                    symbols[s + out] = newID
                    out += 1
                    r += 2
                } else {
                    if changed { symbols[s + out] = x }
                    out += 1
                    r += 1
                }
            }
            wordLengths[w] = Int32(out)
        }
    }

    /// Queues every pair formed in this step whose total count is positive, with the words it
    /// was formed in (HF's `where_to_update` drain).
    mutating func queueNewPairs(_ step: inout StepScratch) throws {
        var total = 0
        for index in step.pairs where pairs.counts[Int(index)] > 0 {
            step.next[Int(index)] = UInt32(positions.count + total)
            total += Int(step.tally[Int(index)])
        }
        guard positions.count + total < Int(UInt32.max) else {
            throw VocabError("the corpus is too large for the trainer (over 2^32 word positions)")
        }
        let base = positions.count
        positions.append(contentsOf: repeatElement(0, count: total))
        for (index, word) in step.touched where pairs.counts[Int(index)] > 0 {
            positions[Int(step.next[Int(index)])] = word
            step.next[Int(index)] += 1
        }
        var start = UInt32(base)
        for index in step.pairs where pairs.counts[Int(index)] > 0 {
            let count = step.tally[Int(index)]
            queue.push(
                MergeCandidate(
                    count: UInt64(bitPattern: Int64(pairs.counts[Int(index)])), key: pairs.keys[Int(index)],
                    positionsStart: start, positionsCount: count))
            start += count
        }
        step.reset()
    }

    func result() -> TrainedBPE {
        var final = table
        // HF's saved model maps each pair to its last rank: drop earlier repeats.
        var seen = Set<TokenPair>()
        var kept: [TokenPair] = []
        for merge in merges.reversed() where seen.insert(merge).inserted { kept.append(merge) }
        final.merges = kept.reversed()
        return TrainedBPE(
            table: final, specialTokenIDs: specialTokenIDs, continuingSubwordPrefix: options.continuingSubwordPrefix,
            byteFallback: options.byteFallback)
    }
}

/// The map from an initial symbol to its id, at the start of a word (`first`) and after it
/// (`rest`, the same unless there is a continuing-subword prefix).
enum SymbolMap {
    case bytes(first: [UInt32], rest: [UInt32])
    case characters(first: [UInt32: UInt32], rest: [UInt32: UInt32])
}

/// Per-step bookkeeping of new pairs: which pairs were formed, in which words (each word once
/// per pair), with per-pair arrays indexed by pair index that grow with the pair table.
struct StepScratch {
    /// Pairs formed in this step, in order of first formation.
    var pairs: [Int32] = []
    /// (pair index, word) for each word a pair was formed in.
    var touched: [(Int32, UInt32)] = []
    /// Number of words each pair was formed in (valid for `pairs`).
    var tally: [UInt32] = []
    /// The last word a pair was noted for in this step (valid for `pairs`).
    var lastWord: [UInt32] = []
    /// Write cursor of each pair's word list in the position pool.
    var next: [UInt32] = []
    var inStep: [Bool] = []

    @inline(__always)
    mutating func add(_ key: PairKey, count: Int32, word: UInt32, pairs table: inout PairTable) {
        let index = Int(table.index(key))
        table.counts[index] &+= count
        while inStep.count < table.count {
            inStep.append(false)
            tally.append(0)
            lastWord.append(0)
            next.append(0)
        }
        if !inStep[index] {
            inStep[index] = true
            pairs.append(Int32(index))
            tally[index] = 1
            lastWord[index] = word
            touched.append((Int32(index), word))
        } else if lastWord[index] != word {
            lastWord[index] = word
            tally[index] += 1
            touched.append((Int32(index), word))
        }
    }

    mutating func reset() {
        for index in pairs { inStep[Int(index)] = false }
        pairs.removeAll(keepingCapacity: true)
        touched.removeAll(keepingCapacity: true)
    }
}
