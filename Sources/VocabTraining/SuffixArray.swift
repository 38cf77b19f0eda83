/// Suffix array and LCP array of an integer text, for the Unigram trainer's seed pieces.
///
/// Built by prefix doubling with radix sorts (O(n log m) for a longest repeat of m symbols),
/// then Kasai's LCP in O(n). Memory is a few `Int32` arrays of the text's length.
struct SuffixArray {
    /// Suffix start positions in lexicographic order.
    var order: [Int32]
    /// `lcp[i]` is the longest common prefix of the suffixes at `order[i - 1]` and `order[i]`
    /// (`lcp[0]` is 0).
    var lcp: [Int32]

    /// - Parameter text: symbols, each below `alphabetSize`.
    init(_ text: [Int32], alphabetSize: Int) {
        let n = text.count
        order = []
        lcp = []
        guard n > 0 else { return }
        var rank = text
        var sa = [Int32](repeating: 0, count: n)
        var second = [Int32](repeating: 0, count: n)
        var buckets = [Int32](repeating: 0, count: max(alphabetSize, n) + 1)
        // Initial order by the first symbol.
        Self.countingSort(input: Array(0..<Int32(n)), by: rank, keys: alphabetSize, into: &sa, buckets: &buckets)
        var classes = Self.reRank(sa, rank: &rank, step: 0, scratch: &second)
        var step = 1
        while classes < n && step < n {
            // Order by (rank[i], rank[i + step]): first by the second key, then stably by the first.
            var k = 0
            for i in (n - step)..<n {
                second[k] = Int32(i)
                k += 1
            }
            for j in 0..<n where Int(sa[j]) >= step {
                second[k] = sa[j] - Int32(step)
                k += 1
            }
            Self.countingSort(input: second, by: rank, keys: classes, into: &sa, buckets: &buckets)
            classes = Self.reRank(sa, rank: &rank, step: step, scratch: &second)
            step *= 2
        }
        second = []
        buckets = []
        order = sa
        sa = []
        // Kasai: rank is now the inverse of order.
        lcp = [Int32](repeating: 0, count: n)
        var h = 0
        for i in 0..<n {
            let r = Int(rank[i])
            if r > 0 {
                let j = Int(order[r - 1])
                while i + h < n && j + h < n && text[i + h] == text[j + h] { h += 1 }
                lcp[r] = Int32(h)
                if h > 0 { h -= 1 }
            } else {
                h = 0
            }
        }
    }

    /// Stable counting sort of `input` by `key[input[i]]` (keys below `keys`).
    private static func countingSort(
        input: [Int32], by key: [Int32], keys: Int, into output: inout [Int32], buckets: inout [Int32]
    ) {
        for k in 0...keys { buckets[k] = 0 }
        for i in input { buckets[Int(key[Int(i)]) + 1] += 1 }
        for k in 0..<keys { buckets[k + 1] += buckets[k] }
        for i in input {
            let k = Int(key[Int(i)])
            output[Int(buckets[k])] = i
            buckets[k] += 1
        }
    }

    /// New ranks after sorting by (rank[i], rank[i + step]) (`step` 0: by rank alone); returns
    /// the number of classes.
    private static func reRank(_ sa: [Int32], rank: inout [Int32], step: Int, scratch: inout [Int32]) -> Int {
        let n = sa.count
        func pairKey(_ i: Int) -> (Int32, Int32) {
            (rank[i], step > 0 && i + step < n ? rank[i + step] : -1)
        }
        scratch[Int(sa[0])] = 0
        var classes: Int32 = 0
        var previous = pairKey(Int(sa[0]))
        for j in 1..<n {
            let current = pairKey(Int(sa[j]))
            if current != previous { classes += 1 }
            scratch[Int(sa[j])] = classes
            previous = current
        }
        swap(&rank, &scratch)
        return Int(classes) + 1
    }
}
