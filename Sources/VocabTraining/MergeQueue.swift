/// One candidate merge in the BPE trainer's queue, as HF's `Merge`: a pair, the count it had
/// when queued, and the words to look in (a range of the trainer's position pool).
struct MergeCandidate {
    /// The count as HF keeps it: the `i32` pair count converted to `u64` (sign-extended).
    var count: UInt64
    var key: PairKey
    var positionsStart: UInt32
    var positionsCount: UInt32

    /// HF's order: higher count first; on equal counts the smaller pair (left id, then right id).
    @inline(__always)
    func isAbove(_ other: MergeCandidate) -> Bool {
        count != other.count ? count > other.count : key < other.key
    }
}

/// The order of a merge queue: which of two candidates is merged first.
protocol CandidateOrder {
    associatedtype Candidate
    func isAbove(_ a: Candidate, _ b: Candidate) -> Bool
}

/// `BpeTrainer`'s order: higher count first, then the smaller pair of ids.
struct PairIDOrder: CandidateOrder {
    @inline(__always)
    func isAbove(_ a: MergeCandidate, _ b: MergeCandidate) -> Bool { a.isAbove(b) }
}

/// A binary max-heap of candidates in an order (HF's `BpeTrainer` order unless given). Stale
/// entries are re-checked by the trainer when popped (lazy deletion), as HF does.
struct MergeQueue<Order: CandidateOrder> {
    private var heap: [Order.Candidate] = []
    private let order: Order

    /// A queue holding `items`, built in O(n).
    init(_ items: [Order.Candidate], order: Order) {
        self.order = order
        heap = items
        var i = heap.count / 2
        while i > 0 {
            i -= 1
            siftDown(i)
        }
    }

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }

    mutating func push(_ item: Order.Candidate) {
        heap.append(item)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard order.isAbove(heap[i], heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    /// Removes and returns the top candidate.
    mutating func pop() -> Order.Candidate? {
        guard let last = heap.popLast() else { return nil }
        guard !heap.isEmpty else { return last }
        let top = heap[0]
        heap[0] = last
        siftDown(0)
        return top
    }

    private mutating func siftDown(_ start: Int) {
        let n = heap.count
        var i = start
        let item = heap[i]
        while true {
            var child = 2 * i + 1
            if child >= n { break }
            if child + 1 < n && order.isAbove(heap[child + 1], heap[child]) { child += 1 }
            guard order.isAbove(heap[child], item) else { break }
            heap[i] = heap[child]
            i = child
        }
        heap[i] = item
    }
}

extension MergeQueue where Order == PairIDOrder {
    /// A queue in `BpeTrainer`'s order.
    init(_ items: [MergeCandidate]) { self.init(items, order: PairIDOrder()) }
}
