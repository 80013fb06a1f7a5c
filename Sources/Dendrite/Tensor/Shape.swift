// Reshaping, transposition, row slicing and gathering.

extension Tensor {
    /// The same elements in a new shape with the same count. One dimension may be -1.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var target = newShape
        if let wild = target.firstIndex(of: -1) {
            let known = target.enumerated().filter { $0.offset != wild }.map(\.element).reduce(1, *)
            precondition(known > 0 && count % known == 0, "reshape: cannot reshape \(shape) to \(newShape)")
            target[wild] = count / known
        }
        precondition(target.allSatisfy { $0 >= 0 } && target.reduce(1, *) == count,
                     "reshape: cannot reshape \(shape) (\(count) elements) to \(newShape)")
        let old = shape
        return Tensor(shape: target, storage: scalars).recorded("reshape", inputs: [self]) { g, _ in [g.reshapedRaw(old)] }
    }

    func reshapedRaw(_ newShape: [Int]) -> Tensor { Tensor(shape: newShape, storage: scalars) }

    /// The transpose of a matrix.
    public func transposed() -> Tensor {
        precondition(rank == 2, "transposed: needs a matrix, the tensor has shape \(shape)")
        return transposedRaw().recorded("transpose", inputs: [self]) { g, _ in [g.transposedRaw()] }
    }

    /// The transpose of a matrix (a vector is returned as is).
    public var T: Tensor { rank == 2 ? transposed() : self }

    /// The rows (first-axis slices) in `range`, as a new tensor.
    public func rows(_ range: Range<Int>) -> Tensor {
        precondition(rank >= 1, "rows: needs at least one dimension, the tensor is a scalar")
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[0],
                     "rows: range \(range) is outside 0..<\(shape[0]) for shape \(shape)")
        return gathered(rows: Array(range))
    }

    /// The rows at `indices` (repeats allowed), e.g. a mini-batch.
    public func gathered(rows indices: [Int]) -> Tensor {
        precondition(rank >= 1, "gathered: needs at least one dimension, the tensor is a scalar")
        let n = shape[0]
        if let bad = indices.first(where: { !(0 ..< n).contains($0) }) {
            preconditionFailure("gathered: row \(bad) is outside 0..<\(n) for shape \(shape)")
        }
        let index = indices.map(Int64.init)
        var outShape = shape
        outShape[0] = indices.count
        let inShape = shape
        return gatheredRaw(index, outShape: outShape).recorded("gather", inputs: [self]) { g, _ in [g.scatteredRaw(index, into: inShape)] }
    }
}
