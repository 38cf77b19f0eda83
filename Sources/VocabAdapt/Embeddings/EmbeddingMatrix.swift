import VocabCore

/// A row-major matrix of `Float`s: one row per token id, `columns` values a row.
public struct EmbeddingMatrix: Sendable, Equatable {
    /// The number of rows.
    public let rows: Int
    /// The values per row.
    public let columns: Int
    /// `rows · columns` values, row after row.
    public var values: [Float]

    /// A matrix over `values` (row after row).
    public init(rows: Int, columns: Int, values: [Float]) throws {
        guard rows >= 0, columns >= 0, values.count == rows * columns else {
            throw VocabError("a \(rows)×\(columns) matrix needs \(rows * columns) values, not \(values.count)")
        }
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// The first `rows` rows of a tensor (F32, F16, BF16 or F64), as `Float`s; a 1-D tensor gives
    /// one value per row.
    public init(tensor: TensorInfo, data: UnsafeRawBufferPointer, rows: Int) throws {
        guard let total = tensor.shape.first, total >= rows, rows >= 0 else {
            throw VocabError("tensor \"\(tensor.name)\" has fewer than \(rows) rows")
        }
        let columns = tensor.shape.dropFirst().reduce(1, *)
        guard let width = tensor.dtype.bytesPerElement, data.count >= rows * columns * width else {
            throw VocabError("tensor \"\(tensor.name)\" has dtype \(tensor.dtype), which cannot be read as numbers")
        }
        let values = try FloatElements.decode(UnsafeRawBufferPointer(rebasing: data[0..<rows * columns * width]), dtype: tensor.dtype)
        try self.init(rows: rows, columns: columns, values: values)
    }

    /// The values of row `r`.
    public func row(_ r: Int) -> ArraySlice<Float> { values[r * columns..<(r + 1) * columns] }

    /// The per-column mean and (population) standard deviation over all rows.
    public func columnStatistics() -> (mean: [Float], deviation: [Float]) {
        var sum = [Double](repeating: 0, count: columns)
        var squares = [Double](repeating: 0, count: columns)
        for r in 0..<rows {
            let base = r * columns
            for c in 0..<columns {
                let v = Double(values[base + c])
                guard v.isFinite else { continue }
                sum[c] += v
                squares[c] += v * v
            }
        }
        let n = Double(max(rows, 1))
        let mean = sum.map { $0 / n }
        let deviation = zip(squares, mean).map { (sq, m) in (max(sq / n - m * m, 0)).squareRoot() }
        return (mean.map { Float($0) }, deviation.map { Float($0) })
    }
}
