/// SentencePiece's BPE segmentation (`bpe_model.cc`): start from characters (user-defined
/// symbols frozen), repeatedly merge the adjacent pair whose concatenation is the
/// highest-scoring piece (ties: leftmost), then split UNUSED pieces back into their parts.
struct SentencePieceBPE: Sendable {
    let table: TokenTable
    /// Piece type per id (after SentencePiece's load-time adjustments).
    let types: [SentencePieceModel.PieceType]
    /// Score per id as a key whose unsigned order is SentencePiece's comparator order.
    let scoreKeys: [UInt32]
    /// User-defined symbols, with their ids.
    let userDefined: PieceTrie?
    let unknownID: Int32
    let hasUnused: Bool
    let pairs: PiecePairIndex

    init(table: TokenTable, types: [SentencePieceModel.PieceType], scores: [Float], userDefined: PieceTrie?, unknownID: Int32) {
        self.table = table
        self.types = types
        scoreKeys = scores.map { Self.orderKey($0) }
        self.userDefined = userDefined
        self.unknownID = unknownID
        hasUnused = types.contains(.unused)
        pairs = PiecePairIndex(table: table) { id in
            let t = types[Int(id)]
            return id != unknownID && (t == .normal || t == .userDefined || t == .unused)
        }
    }

    /// Maps a float's bits so that unsigned comparison follows SentencePiece's pair comparator
    /// (IEEE order on the integer patterns: -0.0 ranks below +0.0).
    static func orderKey(_ score: Float) -> UInt32 {
        let bits = score.bitPattern
        return bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
    }

    /// True for ids a merge may produce (NORMAL, USER_DEFINED, UNUSED).
    @inline(__always)
    func isMergeable(_ id: Int32) -> Bool {
        let t = types[Int(id)]
        return t == .normal || t == .userDefined || t == .unused
    }

    /// A symbol of the merge loop: a span of the normalized text and the piece it spells.
    struct Symbol {
        var start: Int32
        var length: Int32
        var id: Int32  // -1 when the span is no piece
        var prev: Int32
        var next: Int32
        var frozen: Bool
    }

    /// A candidate merge: ordered by score key, then by smaller left index.
    struct Candidate {
        var key: UInt64  // score key << 32 | ~left
        var right: Int32
        var size: Int32
        var id: Int32  // the merged piece
        var left: Int32 { Int32(bitPattern: ~UInt32(truncatingIfNeeded: key)) }
    }

    /// Appends (start, length, id) for each output piece of `text` (normalized); id -1 = unknown.
    func encode(_ text: UnsafeBufferPointer<UInt8>, into out: inout [(start: Int32, length: Int32, id: Int32)]) {
        let n = text.count
        if n == 0 { return }
        // One symbol per character (or user-defined symbol); merged symbols grow in place and
        // absorbed ones get length 0. Plain memory, so the merge loop pays no array overhead.
        let symbols = UnsafeMutableBufferPointer<Symbol>.allocate(capacity: n)
        defer { symbols.deallocate() }
        var count = 0
        var i = 0
        while i < n {
            var symbol = Symbol(start: Int32(i), length: 0, id: -1, prev: Int32(count - 1), next: -1, frozen: false)
            if let userDefined, let m = userDefined.longestPrefix(of: text, from: i) {
                symbol.length = Int32(m.length)
                symbol.frozen = true
                symbol.id = m.id
            } else {
                symbol.length = Int32(min(n - i, oneCharLength(text[i])))
                symbol.id = lookup(symbol.start, symbol.length) ?? -1
            }
            i += Int(symbol.length)
            if i < n { symbol.next = Int32(count + 1) }
            symbols[count] = symbol
            count += 1
        }
        var heap = BinaryHeap(order: HighestScoreFirst(), capacity: count)
        var splits: [Int32: Int32] = [:]  // UNUSED piece id -> left part length (last candidate wins)

        func consider(_ left: Int32, _ right: Int32, _ heap: inout BinaryHeap<HighestScoreFirst>, _ splits: inout [Int32: Int32]) {
            if left < 0 || right < 0 { return }
            let a = symbols[Int(left)]
            let b = symbols[Int(right)]
            if a.frozen || b.frozen { return }
            let size = a.length + b.length
            let id: Int32
            if a.id >= 0 && b.id >= 0 {
                id = pairs.merged(a.id, b.id)
                if id < 0 { return }
            } else {
                // A symbol that is no piece (a character missing from the vocabulary).
                guard let found = lookup(a.start, size), found != unknownID, isMergeable(found) else { return }
                id = found
            }
            let c = Candidate(
                key: UInt64(scoreKeys[Int(id)]) << 32 | UInt64(~UInt32(bitPattern: left)), right: right, size: size, id: id)
            heap.push(c)
            if hasUnused && types[Int(id)] == .unused { splits[id] = a.length }
        }

        for k in 1..<max(count, 1) { consider(Int32(k - 1), Int32(k), &heap, &splits) }

        while let top = heap.pop() {
            let left = Int(top.left)
            let right = Int(top.right)
            let a = symbols[left]
            let b = symbols[right]
            if a.length == 0 || b.length == 0 || a.length + b.length != top.size { continue }
            symbols[left].length = top.size
            symbols[left].id = top.id
            symbols[left].next = b.next
            if b.next >= 0 { symbols[Int(b.next)].prev = Int32(left) }
            symbols[right].length = 0
            consider(a.prev, Int32(left), &heap, &splits)
            consider(Int32(left), b.next, &heap, &splits)
        }

        var k: Int32 = 0
        while k >= 0 {
            let symbol = symbols[Int(k)]
            let id = symbol.id
            if id >= 0 && id != unknownID && isMergeable(id) && types[Int(id)] != .unused {
                out.append((symbol.start, symbol.length, id))
            } else {
                resegment(symbol.start, symbol.length, depth: 0, splits: splits, text: text, into: &out)
            }
            k = symbol.next
        }

        func lookup(_ start: Int32, _ length: Int32) -> Int32? {
            table.id(of: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(text)[Int(start)..<Int(start + length)]))
        }
    }

    /// SentencePiece's `resegment`: UNUSED pieces are split back into the parts they were
    /// (last) merged from; pieces that are no mergeable piece become the unknown id.
    private func resegment(
        _ start: Int32, _ length: Int32, depth: Int, splits: [Int32: Int32], text: UnsafeBufferPointer<UInt8>,
        into out: inout [(start: Int32, length: Int32, id: Int32)]
    ) {
        let found = table.id(of: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(text)[Int(start)..<Int(start + length)]))
        if depth > 100 {
            out.append((start, length, found ?? unknownID))
            return
        }
        guard let id = found, id != unknownID, isMergeable(id) else {
            out.append((start, length, unknownID))
            return
        }
        if types[Int(id)] != .unused {
            out.append((start, length, id))
            return
        }
        guard let leftLength = splits[id], leftLength > 0, leftLength < length else {
            out.append((start, length, unknownID))
            return
        }
        resegment(start, leftLength, depth: depth + 1, splits: splits, text: text, into: &out)
        resegment(start + leftLength, length - leftLength, depth: depth + 1, splits: splits, text: text, into: &out)
    }
}

/// SentencePiece's `OneCharLen`: the length a lead byte announces (1 for trail bytes).
@inline(__always)
func oneCharLength(_ lead: UInt8) -> Int {
    switch lead >> 4 {
    case 0xC, 0xD: return 2
    case 0xE: return 3
    case 0xF: return 4
    default: return 1
    }
}

/// Highest score key first (ties: the leftmost pair, whose inverted position is larger).
struct HighestScoreFirst: HeapOrder {
    @inline(__always) func isAbove(_ a: SentencePieceBPE.Candidate, _ b: SentencePieceBPE.Candidate) -> Bool { a.key > b.key }
}
