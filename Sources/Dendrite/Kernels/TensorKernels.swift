internal import CDendrite

// The tensor layer's kernel calls. The caller has validated shapes (with messages in its own
// terms); these hand the storage to the C kernels and return new tensors, never recorded.

extension Kernels {
    enum BinaryOp { case add, subtract, multiply, divide, maximum, minimum, power, equal, notEqual, less, lessOrEqual, greater, greaterOrEqual }
    enum UnaryOp { case negate, exp, log, abs, sqrt, square, reciprocal, sign }
}

extension Tensor {
    /// A tensor of `shape` whose elements are all written by `body` (no zero fill first).
    static func filled(_ shape: [Int], _ body: (UnsafeMutablePointer<Scalar>?) -> Void) -> Tensor {
        let count = shape.reduce(1, *)
        let storage = ContiguousArray<Scalar>(unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { body(buffer.baseAddress) }
            initialized = count
        }
        return Tensor(shape: shape, storage: storage)
    }

    /// Runs `body` with the address of the elements (nil or dangling when empty).
    func reading<R>(_ body: (UnsafePointer<Scalar>?) -> R) -> R {
        scalars.withUnsafeBufferPointer { body($0.baseAddress) }
    }

    /// Runs `body` with the address of the elements, copying first only if they are shared;
    /// nil for an empty tensor (which is never copied: the empty storage is shared by all).
    mutating func writing<R>(_ body: (UnsafeMutablePointer<Scalar>?) -> R) -> R {
        if scalars.isEmpty { return body(nil) }
        return scalars.withUnsafeMutableBufferPointer { body($0.baseAddress) }
    }

    /// `a op b` element-wise along `plan`.
    static func zipRaw(_ a: Tensor, _ b: Tensor, _ plan: Broadcast, _ op: Kernels.BinaryOp) -> Tensor {
        let result = filled(plan.shape) { out in
            a.reading { pa in
                b.reading { pb in
                    Scalar.kernels.binary(op.c, Int64(plan.m), Int64(plan.n), pa, Int64(plan.lhs.0), Int64(plan.lhs.1),
                                          pb, Int64(plan.rhs.0), Int64(plan.rhs.1), out)
                }
            }
        }
        record { .binary(op.c, m: Int64(plan.m), n: Int64(plan.n), x: $0.read(a), xs: (Int64(plan.lhs.0), Int64(plan.lhs.1)),
                         y: $0.read(b), ys: (Int64(plan.rhs.0), Int64(plan.rhs.1)), out: $0.write(result)) }
        return result
    }

    /// `op(x)` element-wise.
    func mapRaw(_ op: Kernels.UnaryOp) -> Tensor {
        let result = Tensor.filled(shape) { out in reading { Scalar.kernels.unary(op.c, Int64(count), $0, out) } }
        Tensor.record { .unary(op.c, count: Int64(count), x: $0.read(self), out: $0.write(result)) }
        return result
    }

    /// `alpha * x + beta` element-wise.
    func affineRaw(_ alpha: Scalar, _ beta: Scalar) -> Tensor {
        let result = Tensor.filled(shape) { out in reading { Scalar.kernels.affine(Int64(count), alpha, beta, $0, out) } }
        Tensor.record { .affine(count: Int64(count), alpha: Double(alpha), beta: Double(beta), x: $0.read(self), out: $0.write(result)) }
        return result
    }

    /// The values limited to `lo...hi`.
    func clampedRaw(_ lo: Scalar, _ hi: Scalar) -> Tensor {
        let result = Tensor.filled(shape) { out in reading { Scalar.kernels.clamp(Int64(count), lo, hi, $0, out) } }
        Tensor.record { .clamp(count: Int64(count), lo: Double(lo), hi: Double(hi), x: $0.read(self), out: $0.write(result)) }
        return result
    }

    /// `x *= alpha` in place.
    mutating func scaleInPlace(by alpha: Scalar) {
        let n = Int64(count)
        let source = Tensor.trace?.read(self)
        writing { Scalar.kernels.scale(n, alpha, $0) }
        if let trace = Tensor.trace, let source {
            // While tracing, the trace holds the old buffer, so writing copied it first.
            let target = trace.write(self)
            if target != source { trace.append(.copy(count: n, from: source, to: target)) }
            trace.append(.scale(count: n, alpha: Double(alpha), x: target))
        }
    }

    /// The transpose of a matrix.
    func transposedRaw() -> Tensor {
        let (m, n) = (shape[0], shape[1])
        let result = Tensor.filled([n, m]) { out in reading { Scalar.kernels.transpose(Int64(m), Int64(n), $0, out) } }
        Tensor.record { .transpose(m: Int64(m), n: Int64(n), x: $0.read(self), out: $0.write(result)) }
        return result
    }

    /// Rows `index` of this tensor (viewed as `shape[0]` rows), as a tensor of `outShape`.
    func gatheredRaw(_ index: [Int64], outShape: [Int]) -> Tensor {
        let width = count / Swift.max(shape[0], 1)
        let result = Tensor.filled(outShape) { out in
            reading { x in index.withUnsafeBufferPointer { Scalar.kernels.gatherRows(Int64(index.count), Int64(width), x, $0.baseAddress, out) } }
        }
        Tensor.record { .gather(count: Int64(index.count), width: Int64(width), x: $0.read(self), index: $0.readIndex(index), out: $0.write(result)) }
        return result
    }

    /// Zeros of `shape` with the rows of this tensor added at rows `index` (the gather's backward).
    func scatteredRaw(_ index: [Int64], into shape: [Int]) -> Tensor {
        var result = Tensor.zeros(shape)
        let width = count / Swift.max(index.count, 1)
        guard count > 0 else { return result }
        result.writing { dst in
            reading { src in index.withUnsafeBufferPointer { Scalar.kernels.scatterAddRows(Int64(index.count), Int64(width), src, $0.baseAddress, dst) } }
        }
        let out = result
        Tensor.record { .fill(count: Int64(out.count), value: 0, out: $0.write(out)) }
        Tensor.record { .scatterAdd(count: Int64(index.count), width: Int64(width), x: $0.read(self), index: $0.readIndex(index), out: $0.write(out)) }
        return result
    }

    /// The matrix product `op(a) · op(b)` of contiguous matrices.
    static func productRaw(_ a: Tensor, transposeA: Bool = false, _ b: Tensor, transposeB: Bool = false) -> Tensor {
        let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let n = transposeB ? b.shape[0] : b.shape[1]
        if k == 0 { return zeros([m, n]) }
        let result = filled([m, n]) { c in
            a.reading { pa in
                b.reading { pb in
                    Scalar.kernels.gemm(transposeA ? DD_TRANS : DD_NO_TRANS, transposeB ? DD_TRANS : DD_NO_TRANS,
                                        Int64(m), Int64(n), Int64(k), 1, pa, Int64(transposeA ? m : k),
                                        pb, Int64(transposeB ? k : n), 0, c, Int64(n))
                }
            }
        }
        record { .gemm(ta: transposeA ? DD_TRANS : DD_NO_TRANS, tb: transposeB ? DD_TRANS : DD_NO_TRANS, m: Int64(m), n: Int64(n), k: Int64(k),
                       a: $0.read(a), lda: Int64(transposeA ? m : k), b: $0.read(b), ldb: Int64(transposeB ? k : n), c: $0.write(result), ldc: Int64(n)) }
        return result
    }

    /// Adds `bias` (one value per column) to every row of this matrix, in place.
    mutating func addRowBiasInPlace(_ bias: Tensor) {
        let (m, n) = (Int64(shape[0]), Int64(shape[1]))
        let source = Tensor.trace?.read(self)
        writing { y in bias.reading { Scalar.kernels.addRowBias(m, n, y, $0, y) } }
        // While tracing, the trace holds the old buffer, so writing copied it first: the
        // instruction reads the old slot and writes the new one.
        let y = self
        if let source { Tensor.record { .addRowBias(m: m, n: n, x: source, bias: $0.read(bias), y: $0.write(y)) } }
    }

    /// Column sums (one per column, shape `target`) or row sums of this tensor viewed as `view`.
    func sumsRaw(_ view: MatrixShape, ofColumns: Bool, shape target: [Int]) -> Tensor {
        let result = Tensor.filled(target) { out in
            reading { (ofColumns ? Scalar.kernels.colSums : Scalar.kernels.rowSums)(Int64(view.rows), Int64(view.cols), $0, out) }
        }
        Tensor.record { .sums(columns: ofColumns, m: Int64(view.rows), n: Int64(view.cols), x: $0.read(self), out: $0.write(result)) }
        return result
    }

    /// The sum, mean, mean of absolute values or L2 norm of all elements, accumulated in
    /// double (0 for an empty tensor). Not recorded: a statistic for reports and checks.
    public func reduced(_ statistic: Kernels.Statistic) -> Double {
        reading { Kernels.reduce(count: count, $0, statistic) }
    }

    /// The same reduction as a one-element tensor of `shape` (`[]` or `[1]`, …): the form a
    /// traced step can replay.
    func reducedRaw(_ statistic: Kernels.Statistic, shape target: [Int]) -> Tensor {
        let result = Tensor(shape: target, storage: [Scalar(reduced(statistic))])
        Tensor.record { .reduce(statistic, count: Int64(count), x: $0.read(self), out: $0.write(result)) }
        return result
    }

    /// The column of the largest value in each of `m` rows of `n` values.
    func argmaxRowsRaw(m: Int, n: Int) -> [Int] {
        Tracing.refuse("argmax gives Swift integers, which a compiled step cannot replay")
        var index = [Int64](repeating: 0, count: m)
        reading { x in index.withUnsafeMutableBufferPointer { Scalar.kernels.argmaxRows(Int64(m), Int64(n), x, $0.baseAddress) } }
        return index.map(Int.init)
    }
}

extension Kernels.BinaryOp {
    var c: dd_binary_op {
        switch self {
        case .add: DD_BINARY_ADD
        case .subtract: DD_BINARY_SUB
        case .multiply: DD_BINARY_MUL
        case .divide: DD_BINARY_DIV
        case .maximum: DD_BINARY_MAX
        case .minimum: DD_BINARY_MIN
        case .power: DD_BINARY_POW
        case .equal: DD_BINARY_EQ
        case .notEqual: DD_BINARY_NE
        case .less: DD_BINARY_LT
        case .lessOrEqual: DD_BINARY_LE
        case .greater: DD_BINARY_GT
        case .greaterOrEqual: DD_BINARY_GE
        }
    }
}

extension Kernels.UnaryOp {
    var c: dd_unary_op {
        switch self {
        case .negate: DD_UNARY_NEG
        case .exp: DD_UNARY_EXP
        case .log: DD_UNARY_LOG
        case .abs: DD_UNARY_ABS
        case .sqrt: DD_UNARY_SQRT
        case .square: DD_UNARY_SQUARE
        case .reciprocal: DD_UNARY_RECIPROCAL
        case .sign: DD_UNARY_SIGN
        }
    }
}
