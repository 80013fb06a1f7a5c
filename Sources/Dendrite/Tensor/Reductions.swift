// Sums, means and arg-max.

extension Tensor {
    /// The sum of all elements, as a scalar tensor (accumulated in double).
    public func sum() -> Tensor {
        let inShape = shape
        return reducedRaw(.sum, shape: []).recorded("sum", inputs: [self]) { g, _ in [g.expanded(toShape: inShape)] }
    }

    /// The mean of all elements, as a scalar tensor.
    public func mean() -> Tensor {
        sum() / Scalar(Swift.max(count, 1))
    }

    /// Sums along `axis` of a matrix (0: down the columns, giving one value per column;
    /// 1: along the rows). `keepingDimension` keeps the summed axis with size 1.
    public func sum(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
        precondition(rank == 2 && (axis == 0 || axis == 1),
                     "sum(alongAxis:): needs a matrix and axis 0 or 1, got shape \(shape) and axis \(axis)")
        let target = axis == 0 ? [1, shape[1]] : [shape[0], 1]
        let result = summed(toShape: target).detached()
        let inShape = shape
        let out = keepingDimension ? result : result.reshapedRaw([target[1 - axis]])
        return out.recorded("sum(axis: \(axis))", inputs: [self]) { g, _ in [g.reshapedRaw(target).expanded(toShape: inShape)] }
    }

    /// Means along `axis` of a matrix; see ``sum(alongAxis:keepingDimension:)``.
    public func mean(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
        precondition(rank == 2, "mean(alongAxis:): needs a matrix, got shape \(shape)")
        return sum(alongAxis: axis, keepingDimension: keepingDimension) / Scalar(Swift.max(shape[axis], 1))
    }

    /// The column of the largest value in each row of a matrix (the first on ties; NaN wins).
    public func argmax() -> [Int] {
        let (m, n) = rank == 2 ? (shape[0], shape[1]) : (1, count)
        precondition(n > 0, "argmax: the rows of shape \(shape) are empty")
        return argmaxRowsRaw(m: m, n: n)
    }
}
