internal import CDendrite

extension Kernels {
    // MARK: Helpers and reductions

    /// `y[i, j] = x[i, j] + bias[j]`; `y` may be the memory of `x`.
    public static func addRowBias<T: KernelScalar>(
        _ x: UnsafeBufferPointer<T>, _ shape: MatrixShape, bias: UnsafeBufferPointer<T>,
        into y: UnsafeMutableBufferPointer<T>
    ) throws {
        try checkRows("add_row_bias", shape, [("x", x.count), ("y", y.count)])
        try checkCount("add_row_bias", "bias", expected: shape.cols, shape: "\(shape.cols)", found: bias.count)
        T.kernels.addRowBias(Int64(shape.rows), Int64(shape.cols), x.baseAddress, bias.baseAddress, y.baseAddress)
    }

    /// Column sums (length `cols`, the backward of ``addRowBias(_:_:bias:into:)``), or row
    /// sums (length `rows`) when `alongRows` is false.
    public static func sums<T: KernelScalar>(
        _ x: UnsafeBufferPointer<T>, _ shape: MatrixShape, ofColumns: Bool = true,
        into out: UnsafeMutableBufferPointer<T>
    ) throws {
        try checkRows(ofColumns ? "col_sums" : "row_sums", shape, [("x", x.count)])
        let expected = ofColumns ? shape.cols : shape.rows
        try checkCount(ofColumns ? "col_sums" : "row_sums", "out", expected: expected, shape: "\(expected)", found: out.count)
        (ofColumns ? T.kernels.colSums : T.kernels.rowSums)(Int64(shape.rows), Int64(shape.cols), x.baseAddress, out.baseAddress)
    }

    /// Full reductions, accumulated in double.
    public enum Statistic: Sendable { case sum, mean, meanAbsolute, l2Norm }

    /// Sum, mean, mean of absolute values or L2 norm of `x` (0 for an empty buffer).
    public static func reduce<T: KernelScalar>(_ x: UnsafeBufferPointer<T>, _ statistic: Statistic) -> Double {
        reduce(count: x.count, x.baseAddress, statistic)
    }

    static func reduce<T: KernelScalar>(count: Int, _ x: UnsafePointer<T>?, _ statistic: Statistic) -> Double {
        let run = switch statistic {
        case .sum: T.kernels.sum
        case .mean: T.kernels.mean
        case .meanAbsolute: T.kernels.meanAbs
        case .l2Norm: T.kernels.norm2
        }
        return run(Int64(count), x)
    }

    /// The same reductions on an array.
    public static func reduce<T: KernelScalar>(_ x: [T], _ statistic: Statistic) -> Double {
        x.withUnsafeBufferPointer { reduce($0, statistic) }
    }

    /// ⟨x, y⟩, accumulated in double.
    public static func dot<T: KernelScalar>(_ x: UnsafeBufferPointer<T>, _ y: UnsafeBufferPointer<T>) throws -> Double {
        try checkSameCount("dot", [("x", x.count), ("y", y.count)])
        return T.kernels.dot(Int64(x.count), x.baseAddress, y.baseAddress)
    }

    /// `y += alpha·x`.
    public static func axpy<T: KernelScalar>(_ alpha: T, _ x: UnsafeBufferPointer<T>, _ y: UnsafeMutableBufferPointer<T>) throws {
        try checkSameCount("axpy", [("x", x.count), ("y", y.count)])
        T.kernels.axpy(Int64(x.count), alpha, x.baseAddress, y.baseAddress)
    }

    /// `x *= alpha`.
    public static func scale<T: KernelScalar>(_ x: UnsafeMutableBufferPointer<T>, by alpha: T) {
        T.kernels.scale(Int64(x.count), alpha, x.baseAddress)
    }

    /// Every element of `x` set to `value`.
    public static func fill<T: KernelScalar>(_ x: UnsafeMutableBufferPointer<T>, with value: T) {
        T.kernels.fill(Int64(x.count), value, x.baseAddress)
    }
}
