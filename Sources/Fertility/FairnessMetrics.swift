import VocabCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Corpus-level measures of how evenly a tokenizer serves its vocabulary and its languages.
public enum FairnessMetrics {
    /// Rényi entropy of order `alpha` (in bits) of the distribution given by `frequencies`:
    /// `1 / (1 - alpha) * log2(sum p_i^alpha)`. 0 for an empty distribution.
    public static func renyiEntropy(_ frequencies: [Int], alpha: Double) -> Double {
        let total = Double(frequencies.reduce(0, +))
        guard total > 0 else { return 0 }
        var sum = 0.0
        for f in frequencies where f > 0 {
            sum += pow(Double(f) / total, alpha)
        }
        return log2(sum) / (1 - alpha)
    }

    /// Rényi efficiency: the entropy divided by `log2(vocabularySize)`, the most a vocabulary of
    /// that size could reach (TokEval's definition).
    public static func renyiEfficiency(entropy: Double, vocabularySize: Int) -> Double {
        vocabularySize > 1 ? entropy / log2(Double(vocabularySize)) : 0
    }

    /// The Gini coefficient of `values`: `sum_i sum_j |c_i - c_j| / (2 n^2 mean)`. 0 when the
    /// values are all equal; approaching 1 when one value holds everything. 0 for no values.
    public static func gini(_ values: [Double]) -> Double {
        let n = Double(values.count)
        guard n > 0 else { return 0 }
        let mean = values.reduce(0, +) / n
        guard mean > 0 else { return 0 }
        // Sorted form of the double sum: sum_i (2i - n + 1) c_(i) counts each pair once per sign.
        let sorted = values.sorted()
        var weighted = 0.0
        for (i, c) in sorted.enumerated() { weighted += (2 * Double(i) - n + 1) * c }
        return 2 * weighted / (2 * n * n * mean)
    }

    /// The median of `values` (the mean of the two middle values for an even count); nil when empty.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
