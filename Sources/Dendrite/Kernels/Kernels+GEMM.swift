internal import CDendrite

extension Kernels {
    // MARK: GEMM

    /// `C = alpha·op(A)·op(B) + beta·C`.
    ///
    /// Shapes are the stored shapes; `transposeA` makes op(A) = Aᵀ. Leading dimensions
    /// default to the column counts. `beta == 0` never reads C.
    public static func gemm<T: KernelScalar>(
        _ a: UnsafeBufferPointer<T>, _ shapeA: MatrixShape, transposeA: Bool = false, lda: Int? = nil,
        _ b: UnsafeBufferPointer<T>, _ shapeB: MatrixShape, transposeB: Bool = false, ldb: Int? = nil,
        into c: UnsafeMutableBufferPointer<T>, _ shapeC: MatrixShape, ldc: Int? = nil,
        alpha: T = 1, beta: T = 0, reference: Bool = false
    ) throws {
        let opA = transposeA ? shapeA.transposed : shapeA
        let opB = transposeB ? shapeB.transposed : shapeB
        guard opA.cols == opB.rows else {
            throw KernelError("gemm", "op(A) is \(opA) but op(B) is \(opB): inner dimensions \(opA.cols) and \(opB.rows) differ")
        }
        guard shapeC == MatrixShape(opA.rows, opB.cols) else {
            throw KernelError("gemm", "C is \(shapeC) but op(A)·op(B) is \(opA.rows) x \(opB.cols)")
        }
        let lda = try checkMatrix("gemm", "A", shapeA, ld: lda, count: a.count)
        let ldb = try checkMatrix("gemm", "B", shapeB, ld: ldb, count: b.count)
        let ldc = try checkMatrix("gemm", "C", shapeC, ld: ldc, count: c.count)
        let run = reference ? T.kernels.gemmReference : T.kernels.gemm
        run(transposeA ? DD_TRANS : DD_NO_TRANS, transposeB ? DD_TRANS : DD_NO_TRANS,
            Int64(shapeC.rows), Int64(shapeC.cols), Int64(opA.cols),
            alpha, a.baseAddress, Int64(lda), b.baseAddress, Int64(ldb),
            beta, c.baseAddress, Int64(ldc))
    }

    /// `C = alpha·op(A)·op(B) + beta·C` on arrays; see the buffer version.
    public static func gemm<T: KernelScalar>(
        _ a: [T], _ shapeA: MatrixShape, transposeA: Bool = false, lda: Int? = nil,
        _ b: [T], _ shapeB: MatrixShape, transposeB: Bool = false, ldb: Int? = nil,
        into c: inout [T], _ shapeC: MatrixShape, ldc: Int? = nil,
        alpha: T = 1, beta: T = 0, reference: Bool = false
    ) throws {
        try a.withUnsafeBufferPointer { a in
            try b.withUnsafeBufferPointer { b in
                try c.withUnsafeMutableBufferPointer { c in
                    try gemm(a, shapeA, transposeA: transposeA, lda: lda,
                             b, shapeB, transposeB: transposeB, ldb: ldb,
                             into: c, shapeC, ldc: ldc, alpha: alpha, beta: beta, reference: reference)
                }
            }
        }
    }
}
