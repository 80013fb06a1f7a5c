internal import CDendrite

extension Kernels {
    // MARK: Softmax (rows of an n x c matrix)

    /// Softmax per row, numerically stable.
    public static func softmax<T: KernelScalar>(
        _ z: UnsafeBufferPointer<T>, _ shape: MatrixShape, into a: UnsafeMutableBufferPointer<T>
    ) throws {
        try checkRows("softmax", shape, [("Z", z.count), ("A", a.count)])
        T.kernels.softmaxForward(Int64(shape.rows), Int64(shape.cols), z.baseAddress, a.baseAddress)
    }

    /// Softmax per row of an array holding an n x c matrix, into `a`.
    public static func softmax<T: KernelScalar>(_ z: [T], _ shape: MatrixShape, into a: inout [T]) throws {
        try withBuffers([z], &a) { i, o in try softmax(i[0], shape, into: o) }
    }

    /// Softmax per row of an array holding an n x c matrix.
    public static func softmax<T: KernelScalar>(_ z: [T], _ shape: MatrixShape) throws -> [T] {
        var a = [T](repeating: 0, count: z.count)
        try softmax(z, shape, into: &a)
        return a
    }

    /// `dLdZ = A ⊙ (dLdA − ⟨dLdA, A⟩)` per row: the O(c) Jacobian-vector product.
    public static func softmaxBackward<T: KernelScalar>(
        a: UnsafeBufferPointer<T>, dLdA: UnsafeBufferPointer<T>, _ shape: MatrixShape,
        into dLdZ: UnsafeMutableBufferPointer<T>
    ) throws {
        try checkRows("softmax backward", shape, [("A", a.count), ("dLdA", dLdA.count), ("dLdZ", dLdZ.count)])
        T.kernels.softmaxBackward(Int64(shape.rows), Int64(shape.cols), a.baseAddress, dLdA.baseAddress, dLdZ.baseAddress)
    }

    /// The softmax backward on arrays, into `dLdZ`.
    public static func softmaxBackward<T: KernelScalar>(a: [T], dLdA: [T], _ shape: MatrixShape, into dLdZ: inout [T]) throws {
        try withBuffers([a, dLdA], &dLdZ) { i, o in try softmaxBackward(a: i[0], dLdA: i[1], shape, into: o) }
    }

    /// The softmax backward on arrays.
    public static func softmaxBackward<T: KernelScalar>(a: [T], dLdA: [T], _ shape: MatrixShape) throws -> [T] {
        var dLdZ = [T](repeating: 0, count: a.count)
        try softmaxBackward(a: a, dLdA: dLdA, shape, into: &dLdZ)
        return dLdZ
    }

    /// `log softmax(Z)` per row.
    public static func logSoftmax<T: KernelScalar>(
        _ z: UnsafeBufferPointer<T>, _ shape: MatrixShape, into l: UnsafeMutableBufferPointer<T>
    ) throws {
        try checkRows("log_softmax", shape, [("Z", z.count), ("L", l.count)])
        T.kernels.logSoftmaxForward(Int64(shape.rows), Int64(shape.cols), z.baseAddress, l.baseAddress)
    }

    /// `dLdZ = dLdL − exp(L)·Σ dLdL` per row, from the saved output `L`.
    public static func logSoftmaxBackward<T: KernelScalar>(
        l: UnsafeBufferPointer<T>, dLdL: UnsafeBufferPointer<T>, _ shape: MatrixShape,
        into dLdZ: UnsafeMutableBufferPointer<T>
    ) throws {
        try checkRows("log_softmax backward", shape, [("L", l.count), ("dLdL", dLdL.count), ("dLdZ", dLdZ.count)])
        T.kernels.logSoftmaxBackward(Int64(shape.rows), Int64(shape.cols), l.baseAddress, dLdL.baseAddress, dLdZ.baseAddress)
    }

    /// The explicit Jacobian of each row's softmax, `diag(a) − a aᵀ`: n x c x c values.
    /// For teaching and checking; the backward pass does not need it.
    public static func softmaxJacobian<T: KernelScalar>(
        a: UnsafeBufferPointer<T>, _ shape: MatrixShape, into jacobian: UnsafeMutableBufferPointer<T>
    ) throws {
        try checkRows("softmax jacobian", shape, [("A", a.count)])
        try checkCount("softmax jacobian", "J", expected: shape.rows * shape.cols * shape.cols,
                       shape: "\(shape.rows) x \(shape.cols) x \(shape.cols)", found: jacobian.count)
        T.kernels.softmaxJacobian(Int64(shape.rows), Int64(shape.cols), a.baseAddress, jacobian.baseAddress)
    }

    /// `dLdZ[i] = J[i]ᵀ dLdA[i]` through explicit Jacobians (the slow path).
    public static func softmaxJacobianBackward<T: KernelScalar>(
        jacobian: UnsafeBufferPointer<T>, dLdA: UnsafeBufferPointer<T>, _ shape: MatrixShape,
        into dLdZ: UnsafeMutableBufferPointer<T>
    ) throws {
        try checkRows("softmax jacobian backward", shape, [("dLdA", dLdA.count), ("dLdZ", dLdZ.count)])
        try checkCount("softmax jacobian backward", "J", expected: shape.rows * shape.cols * shape.cols,
                       shape: "\(shape.rows) x \(shape.cols) x \(shape.cols)", found: jacobian.count)
        T.kernels.softmaxJacobianBackward(Int64(shape.rows), Int64(shape.cols), jacobian.baseAddress,
                                           dLdA.baseAddress, dLdZ.baseAddress)
    }

    /// The explicit Jacobians of the rows of the softmax output `a`, into `jacobian` (n x c x c).
    public static func softmaxJacobian<T: KernelScalar>(a: [T], _ shape: MatrixShape, into jacobian: inout [T]) throws {
        try withBuffers([a], &jacobian) { i, o in try softmaxJacobian(a: i[0], shape, into: o) }
    }

    /// The explicit Jacobians of the rows of the softmax output `a`: n x c x c values.
    public static func softmaxJacobian<T: KernelScalar>(a: [T], _ shape: MatrixShape) throws -> [T] {
        var jacobian = [T](repeating: 0, count: shape.rows * shape.cols * shape.cols)
        try softmaxJacobian(a: a, shape, into: &jacobian)
        return jacobian
    }

    /// `dLdZ[i] = J[i]ᵀ dLdA[i]` through explicit Jacobians, on arrays.
    public static func softmaxJacobianBackward<T: KernelScalar>(
        jacobian: [T], dLdA: [T], _ shape: MatrixShape, into dLdZ: inout [T]
    ) throws {
        try withBuffers([jacobian, dLdA], &dLdZ) { i, o in try softmaxJacobianBackward(jacobian: i[0], dLdA: i[1], shape, into: o) }
    }
}
