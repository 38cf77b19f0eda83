/// The order of a `BinaryHeap`: which of two elements comes out first.
package protocol HeapOrder {
    associatedtype Element
    /// Whether `a` leaves the heap before `b`.
    func isAbove(_ a: Element, _ b: Element) -> Bool
}

/// An array-backed binary heap whose top is the element that is above all others in `Order`.
/// The one priority queue of the BPE merge loops (HF BPE, SentencePiece BPE, tiktoken) and of
/// the BPE trainers; all of them delete lazily, re-checking an entry when it is popped.
package struct BinaryHeap<Order: HeapOrder> {
    @usableFromInline var items: [Order.Element] = []
    @usableFromInline let order: Order

    /// An empty heap with room for `capacity` elements.
    @inlinable
    package init(order: Order, capacity: Int = 0) {
        self.order = order
        items.reserveCapacity(capacity)
    }

    /// A heap holding `elements`. Complexity: O(n).
    @inlinable
    package init(_ elements: [Order.Element], order: Order) {
        self.order = order
        items = elements
        var i = items.count / 2
        while i > 0 {
            i -= 1
            siftDown(from: i, items[i])
        }
    }

    @inlinable package var isEmpty: Bool { items.isEmpty }
    @inlinable package var count: Int { items.count }

    /// Adds `element`. Complexity: O(log n).
    @inlinable
    package mutating func push(_ element: Order.Element) {
        items.append(element)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard order.isAbove(element, items[parent]) else { break }
            items[i] = items[parent]
            i = parent
        }
        items[i] = element
    }

    /// Removes and returns the top element, or nil when the heap is empty. Complexity: O(log n).
    @inlinable
    package mutating func pop() -> Order.Element? {
        guard let last = items.popLast() else { return nil }
        guard !items.isEmpty else { return last }
        let top = items[0]
        siftDown(from: 0, last)
        return top
    }

    /// Places `element` at `start` or below it.
    @inlinable
    mutating func siftDown(from start: Int, _ element: Order.Element) {
        let n = items.count
        var i = start
        while true {
            var child = 2 * i + 1
            if child >= n { break }
            if child + 1 < n && order.isAbove(items[child + 1], items[child]) { child += 1 }
            guard order.isAbove(items[child], element) else { break }
            items[i] = items[child]
            i = child
        }
        items[i] = element
    }
}

/// Smallest key first: the merge loops' (rank, position) keys packed into one `UInt64`.
package struct SmallestKeyFirst: HeapOrder {
    @inlinable package init() {}
    @inlinable package func isAbove(_ a: UInt64, _ b: UInt64) -> Bool { a < b }
}
