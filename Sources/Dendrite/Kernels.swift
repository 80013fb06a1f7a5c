// The one Swift file that talks to CDendrite: it checks shapes and buffer sizes,
// then passes pointers. Everything above it is plain Swift.

internal import CDendrite

/// The C kernels of one precision, as Swift closures (C function pointers cannot be generic).
// C function pointers hold no state, so sharing the table across threads is safe.
public struct KernelTable<T: KernelScalar>: @unchecked Sendable {
    typealias In = UnsafePointer<T>?
    typealias Out = UnsafeMutablePointer<T>?
    typealias Labels = UnsafePointer<Int32>?

    let gemm: (dd_trans, dd_trans, Int64, Int64, Int64, T, In, Int64, In, Int64, T, Out, Int64) -> Void
    let gemmReference: (dd_trans, dd_trans, Int64, Int64, Int64, T, In, Int64, In, Int64, T, Out, Int64) -> Void
    let activationForward: (dd_act, UnsafePointer<dd_act_params>?, Int64, In, Out) -> Void
    let activationBackward: (dd_act, UnsafePointer<dd_act_params>?, Int64, In, In, In, Out) -> Void
    let softmaxForward: (Int64, Int64, In, Out) -> Void
    let softmaxBackward: (Int64, Int64, In, In, Out) -> Void
    let logSoftmaxForward: (Int64, Int64, In, Out) -> Void
    let logSoftmaxBackward: (Int64, Int64, In, In, Out) -> Void
    let softmaxJacobian: (Int64, Int64, In, Out) -> Void
    let softmaxJacobianBackward: (Int64, Int64, In, In, Out) -> Void
    let mse: (dd_reduction, Int64, In, In, Out, Out) -> Void
    let bce: (dd_reduction, Int64, In, In, Out, Out) -> Void
    let bceLogits: (dd_reduction, Int64, In, In, Out, Out) -> Void
    let crossEntropy: (dd_reduction, Int64, Int64, In, Labels, Out, Out) -> Void
    let crossEntropySoft: (dd_reduction, Int64, Int64, In, In, Out, Out) -> Void
    let nll: (dd_reduction, Int64, Int64, In, Labels, Out, Out) -> Void
    let addRowBias: (Int64, Int64, In, In, Out) -> Void
    let colSums: (Int64, Int64, In, Out) -> Void
    let rowSums: (Int64, Int64, In, Out) -> Void
    let sum: (Int64, In) -> Double
    let mean: (Int64, In) -> Double
    let meanAbs: (Int64, In) -> Double
    let norm2: (Int64, In) -> Double
    let dot: (Int64, In, In) -> Double
    let axpy: (Int64, T, In, Out) -> Void
    let scale: (Int64, T, Out) -> Void
    let fill: (Int64, T, Out) -> Void
    let sgd: (Int64, UnsafePointer<dd_sgd_config>?, Int64, In, Out, Out) -> Void
    let adam: (Int64, UnsafePointer<dd_adam_config>?, Int64, In, Out, Out, Out, Out) -> Void
    let adamw: (Int64, UnsafePointer<dd_adam_config>?, Int64, In, Out, Out, Out, Out) -> Void
    let rmsprop: (Int64, UnsafePointer<dd_rmsprop_config>?, In, Out, Out, Out, Out) -> Void
    let adagrad: (Int64, UnsafePointer<dd_adagrad_config>?, Int64, In, Out, Out) -> Void
    let binary: (dd_binary_op, Int64, Int64, In, Int64, Int64, In, Int64, Int64, Out) -> Void
    let unary: (dd_unary_op, Int64, In, Out) -> Void
    let affine: (Int64, T, T, In, Out) -> Void
    let clamp: (Int64, T, T, In, Out) -> Void
    let transpose: (Int64, Int64, In, Out) -> Void
    let gatherRows: (Int64, Int64, In, UnsafePointer<Int64>?, Out) -> Void
    let scatterAddRows: (Int64, Int64, In, UnsafePointer<Int64>?, Out) -> Void
    let argmaxRows: (Int64, Int64, In, UnsafeMutablePointer<Int64>?) -> Void
}

extension Float: KernelScalar {
    public static let _kernels = KernelTable<Float>(
        gemm: dd_sgemm, gemmReference: dd_sgemm_ref,
        activationForward: dd_s_act_forward, activationBackward: dd_s_act_backward,
        softmaxForward: dd_s_softmax_forward, softmaxBackward: dd_s_softmax_backward,
        logSoftmaxForward: dd_s_log_softmax_forward, logSoftmaxBackward: dd_s_log_softmax_backward,
        softmaxJacobian: dd_s_softmax_jacobian, softmaxJacobianBackward: dd_s_softmax_jacobian_backward,
        mse: dd_s_mse_loss, bce: dd_s_bce_loss, bceLogits: dd_s_bce_logits_loss,
        crossEntropy: dd_s_cross_entropy_loss, crossEntropySoft: dd_s_cross_entropy_soft_loss,
        nll: dd_s_nll_loss,
        addRowBias: dd_s_add_row_bias, colSums: dd_s_col_sums, rowSums: dd_s_row_sums,
        sum: dd_s_sum, mean: dd_s_mean, meanAbs: dd_s_mean_abs, norm2: dd_s_norm2, dot: dd_s_dot,
        axpy: dd_s_axpy, scale: dd_s_scale, fill: dd_s_fill,
        sgd: dd_s_sgd_update, adam: dd_s_adam_update, adamw: dd_s_adamw_update,
        rmsprop: dd_s_rmsprop_update, adagrad: dd_s_adagrad_update,
        binary: dd_s_binary, unary: dd_s_unary, affine: dd_s_affine, clamp: dd_s_clamp,
        transpose: dd_s_transpose, gatherRows: dd_s_gather_rows, scatterAddRows: dd_s_scatter_add_rows,
        argmaxRows: dd_s_argmax_rows)
}

extension Double: KernelScalar {
    public static let _kernels = KernelTable<Double>(
        gemm: dd_dgemm, gemmReference: dd_dgemm_ref,
        activationForward: dd_d_act_forward, activationBackward: dd_d_act_backward,
        softmaxForward: dd_d_softmax_forward, softmaxBackward: dd_d_softmax_backward,
        logSoftmaxForward: dd_d_log_softmax_forward, logSoftmaxBackward: dd_d_log_softmax_backward,
        softmaxJacobian: dd_d_softmax_jacobian, softmaxJacobianBackward: dd_d_softmax_jacobian_backward,
        mse: dd_d_mse_loss, bce: dd_d_bce_loss, bceLogits: dd_d_bce_logits_loss,
        crossEntropy: dd_d_cross_entropy_loss, crossEntropySoft: dd_d_cross_entropy_soft_loss,
        nll: dd_d_nll_loss,
        addRowBias: dd_d_add_row_bias, colSums: dd_d_col_sums, rowSums: dd_d_row_sums,
        sum: dd_d_sum, mean: dd_d_mean, meanAbs: dd_d_mean_abs, norm2: dd_d_norm2, dot: dd_d_dot,
        axpy: dd_d_axpy, scale: dd_d_scale, fill: dd_d_fill,
        sgd: dd_d_sgd_update, adam: dd_d_adam_update, adamw: dd_d_adamw_update,
        rmsprop: dd_d_rmsprop_update, adagrad: dd_d_adagrad_update,
        binary: dd_d_binary, unary: dd_d_unary, affine: dd_d_affine, clamp: dd_d_clamp,
        transpose: dd_d_transpose, gatherRows: dd_d_gather_rows, scatterAddRows: dd_d_scatter_add_rows,
        argmaxRows: dd_d_argmax_rows)
}

/// Direct access to Dendrite's C kernels, with every shape and buffer size checked first.
///
/// Buffers are row-major. A call whose shapes do not fit throws ``KernelError`` naming the
/// operation and both shapes, and touches no memory. Every kernel exists for `Float` and
/// `Double`.
///
/// ```swift
/// let a: [Float] = [1, 2, 3,
///                   4, 5, 6]          // 2 x 3
/// let b: [Float] = [1, 0,
///                   0, 1,
///                   1, 1]             // 3 x 2
/// var c = [Float](repeating: 0, count: 4)
/// try Kernels.gemm(a, [2, 3], b, [3, 2], into: &c, [2, 2])
/// // c == [4, 5, 10, 11]
/// ```
public enum Kernels {
    // MARK: Library

    /// The library version.
    public static var version: String { String(cString: dd_version()) }
    /// Whether the kernels were compiled with OpenMP.
    public static var openMPEnabled: Bool { dd_openmp_enabled() != 0 }
    /// Compiler and OpenMP version the kernels were built with.
    public static var buildInfo: String { String(cString: dd_build_info()) }
    /// Logical processors available to this process.
    public static var processorCount: Int { Int(dd_num_procs()) }

    /// Threads the parallel kernels use (1 without OpenMP). Starts from `OMP_NUM_THREADS`
    /// when set. Call kernels from one thread at a time in hot loops: every calling thread
    /// gets its own OpenMP team.
    public static var threadCount: Int {
        get { Int(dd_get_num_threads()) }
        set { dd_set_num_threads(Int32(clamping: newValue)) }
    }

    /// GEMM micro kernels.
    public enum GEMMKernel: Sendable, Hashable {
        /// Plain C, any CPU.
        case portable
        /// AVX2 + FMA, chosen automatically when the CPU has it and lacks AVX-512.
        case avx2
        /// AVX-512 (F, DQ, BW, VL), chosen automatically when the CPU has it.
        case avx512

        var cKernel: dd_gemm_kernel {
            switch self {
            case .portable: DD_GEMM_KERNEL_PORTABLE
            case .avx2: DD_GEMM_KERNEL_AVX2
            case .avx512: DD_GEMM_KERNEL_AVX512
            }
        }
    }

    /// The GEMM micro kernel in use. Setting one the CPU lacks leaves the choice unchanged.
    public static var gemmKernel: GEMMKernel {
        get {
            switch dd_gemm_get_kernel() {
            case DD_GEMM_KERNEL_AVX512: .avx512
            case DD_GEMM_KERNEL_AVX2: .avx2
            default: .portable
            }
        }
        set { _ = dd_gemm_set_kernel(newValue.cKernel) }
    }

    /// Whether the CPU can run `kernel`.
    public static func isAvailable(_ kernel: GEMMKernel) -> Bool {
        let current = dd_gemm_get_kernel()
        defer { _ = dd_gemm_set_kernel(current) }
        return dd_gemm_set_kernel(kernel.cKernel) != 0
    }

    /// A description of the GEMM micro kernel in use, e.g. `"avx2-fma 6x16 f32 / 6x8 f64"`.
    public static var gemmKernelName: String { String(cString: dd_gemm_kernel_name()) }

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
        let run = reference ? T._kernels.gemmReference : T._kernels.gemm
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

    // MARK: Activations

    /// `A = f(Z)`, element-wise. `a` may be the same memory as `z`.
    public static func activationForward<T: KernelScalar>(
        _ activation: Activation, _ z: UnsafeBufferPointer<T>, into a: UnsafeMutableBufferPointer<T>
    ) throws {
        try checkSameCount(activation.name, [("Z", z.count), ("A", a.count)])
        var (kind, params) = activation.cKernel
        T._kernels.activationForward(kind, &params, Int64(z.count), z.baseAddress, a.baseAddress)
    }

    /// `dLdZ = dLdA ⊙ f'(Z)` from the saved `Z` and `A = f(Z)`. `dLdZ` may be the memory of `dLdA`.
    public static func activationBackward<T: KernelScalar>(
        _ activation: Activation, z: UnsafeBufferPointer<T>, a: UnsafeBufferPointer<T>,
        dLdA: UnsafeBufferPointer<T>, into dLdZ: UnsafeMutableBufferPointer<T>
    ) throws {
        try checkSameCount(activation.name, [("Z", z.count), ("A", a.count), ("dLdA", dLdA.count), ("dLdZ", dLdZ.count)])
        var (kind, params) = activation.cKernel
        T._kernels.activationBackward(kind, &params, Int64(z.count), z.baseAddress, a.baseAddress,
                                      dLdA.baseAddress, dLdZ.baseAddress)
    }

    /// `f(Z)` for an array.
    public static func activationForward<T: KernelScalar>(_ activation: Activation, _ z: [T]) -> [T] {
        [T](unsafeUninitializedCapacity: z.count) { a, count in
            z.withUnsafeBufferPointer { z in
                var (kind, params) = activation.cKernel
                T._kernels.activationForward(kind, &params, Int64(z.count), z.baseAddress, a.baseAddress)
            }
            count = z.count
        }
    }

    /// `dLdA ⊙ f'(Z)` for arrays of equal length.
    public static func activationBackward<T: KernelScalar>(
        _ activation: Activation, z: [T], a: [T], dLdA: [T]
    ) throws -> [T] {
        var dLdZ = [T](repeating: 0, count: z.count)
        try z.withUnsafeBufferPointer { z in
            try a.withUnsafeBufferPointer { a in
                try dLdA.withUnsafeBufferPointer { g in
                    try dLdZ.withUnsafeMutableBufferPointer { out in
                        try activationBackward(activation, z: z, a: a, dLdA: g, into: out)
                    }
                }
            }
        }
        return dLdZ
    }

    // MARK: Softmax (rows of an n x c matrix)

    /// Softmax per row, numerically stable.
    public static func softmax<T: KernelScalar>(
        _ z: UnsafeBufferPointer<T>, _ shape: MatrixShape, into a: UnsafeMutableBufferPointer<T>
    ) throws {
        try checkRows("softmax", shape, [("Z", z.count), ("A", a.count)])
        T._kernels.softmaxForward(Int64(shape.rows), Int64(shape.cols), z.baseAddress, a.baseAddress)
    }

    /// Softmax per row of an array holding an n x c matrix.
    public static func softmax<T: KernelScalar>(_ z: [T], _ shape: MatrixShape) throws -> [T] {
        try mapRows(z, shape) { z, a in try softmax(z, shape, into: a) }
    }

    /// `dLdZ = A ⊙ (dLdA − ⟨dLdA, A⟩)` per row: the O(c) Jacobian-vector product.
    public static func softmaxBackward<T: KernelScalar>(
        a: UnsafeBufferPointer<T>, dLdA: UnsafeBufferPointer<T>, _ shape: MatrixShape,
        into dLdZ: UnsafeMutableBufferPointer<T>
    ) throws {
        try checkRows("softmax backward", shape, [("A", a.count), ("dLdA", dLdA.count), ("dLdZ", dLdZ.count)])
        T._kernels.softmaxBackward(Int64(shape.rows), Int64(shape.cols), a.baseAddress, dLdA.baseAddress, dLdZ.baseAddress)
    }

    /// The softmax backward on arrays.
    public static func softmaxBackward<T: KernelScalar>(a: [T], dLdA: [T], _ shape: MatrixShape) throws -> [T] {
        try dLdA.withUnsafeBufferPointer { g in
            try mapRows(a, shape) { a, out in try softmaxBackward(a: a, dLdA: g, shape, into: out) }
        }
    }

    /// `log softmax(Z)` per row.
    public static func logSoftmax<T: KernelScalar>(
        _ z: UnsafeBufferPointer<T>, _ shape: MatrixShape, into l: UnsafeMutableBufferPointer<T>
    ) throws {
        try checkRows("log_softmax", shape, [("Z", z.count), ("L", l.count)])
        T._kernels.logSoftmaxForward(Int64(shape.rows), Int64(shape.cols), z.baseAddress, l.baseAddress)
    }

    /// `dLdZ = dLdL − exp(L)·Σ dLdL` per row, from the saved output `L`.
    public static func logSoftmaxBackward<T: KernelScalar>(
        l: UnsafeBufferPointer<T>, dLdL: UnsafeBufferPointer<T>, _ shape: MatrixShape,
        into dLdZ: UnsafeMutableBufferPointer<T>
    ) throws {
        try checkRows("log_softmax backward", shape, [("L", l.count), ("dLdL", dLdL.count), ("dLdZ", dLdZ.count)])
        T._kernels.logSoftmaxBackward(Int64(shape.rows), Int64(shape.cols), l.baseAddress, dLdL.baseAddress, dLdZ.baseAddress)
    }

    /// The explicit Jacobian of each row's softmax, `diag(a) − a aᵀ`: n x c x c values.
    /// For teaching and checking; the backward pass does not need it.
    public static func softmaxJacobian<T: KernelScalar>(
        a: UnsafeBufferPointer<T>, _ shape: MatrixShape, into jacobian: UnsafeMutableBufferPointer<T>
    ) throws {
        try checkRows("softmax jacobian", shape, [("A", a.count)])
        try checkCount("softmax jacobian", "J", expected: shape.rows * shape.cols * shape.cols,
                       shape: "\(shape.rows) x \(shape.cols) x \(shape.cols)", found: jacobian.count)
        T._kernels.softmaxJacobian(Int64(shape.rows), Int64(shape.cols), a.baseAddress, jacobian.baseAddress)
    }

    /// `dLdZ[i] = J[i]ᵀ dLdA[i]` through explicit Jacobians (the slow path).
    public static func softmaxJacobianBackward<T: KernelScalar>(
        jacobian: UnsafeBufferPointer<T>, dLdA: UnsafeBufferPointer<T>, _ shape: MatrixShape,
        into dLdZ: UnsafeMutableBufferPointer<T>
    ) throws {
        try checkRows("softmax jacobian backward", shape, [("dLdA", dLdA.count), ("dLdZ", dLdZ.count)])
        try checkCount("softmax jacobian backward", "J", expected: shape.rows * shape.cols * shape.cols,
                       shape: "\(shape.rows) x \(shape.cols) x \(shape.cols)", found: jacobian.count)
        T._kernels.softmaxJacobianBackward(Int64(shape.rows), Int64(shape.cols), jacobian.baseAddress,
                                           dLdA.baseAddress, dLdZ.baseAddress)
    }

    // MARK: Losses

    /// The element-wise losses: mean squared error, binary cross-entropy on probabilities,
    /// and on logits.
    public enum PairLoss: Sendable {
        case mse, binaryCrossEntropy, binaryCrossEntropyWithLogits
        var name: String {
            switch self {
            case .mse: "mse"
            case .binaryCrossEntropy: "binary_cross_entropy"
            case .binaryCrossEntropyWithLogits: "binary_cross_entropy_with_logits"
            }
        }
    }

    /// An element-wise loss of `input` against `target` (same count). `loss` holds one value
    /// per element for ``Reduction/none``, else one. `grad`, when given, receives the
    /// gradient with respect to `input` (of the sum for ``Reduction/none``).
    public static func loss<T: KernelScalar>(
        _ kind: PairLoss, _ input: UnsafeBufferPointer<T>, target: UnsafeBufferPointer<T>,
        reduction: Reduction, into loss: UnsafeMutableBufferPointer<T>,
        gradient grad: UnsafeMutableBufferPointer<T>? = nil
    ) throws {
        var buffers = [("input", input.count), ("target", target.count)]
        if let grad { buffers.append(("gradient", grad.count)) }
        try checkSameCount(kind.name, buffers)
        try checkCount(kind.name, "loss", expected: reduction == .none ? input.count : 1,
                       shape: reduction == .none ? "\(input.count)" : "1", found: loss.count)
        let run = switch kind {
        case .mse: T._kernels.mse
        case .binaryCrossEntropy: T._kernels.bce
        case .binaryCrossEntropyWithLogits: T._kernels.bceLogits
        }
        run(reduction.c, Int64(input.count), input.baseAddress, target.baseAddress, loss.baseAddress, grad?.baseAddress)
    }

    /// Cross-entropy of n x c logits against integer labels in `0..<c` (fused log-softmax and
    /// NLL), or NLL of n x c log-probabilities when `logProbabilities` is true.
    public static func crossEntropy<T: KernelScalar>(
        _ input: UnsafeBufferPointer<T>, _ shape: MatrixShape, labels: UnsafeBufferPointer<Int32>,
        logProbabilities: Bool = false, reduction: Reduction,
        into loss: UnsafeMutableBufferPointer<T>, gradient grad: UnsafeMutableBufferPointer<T>? = nil
    ) throws {
        let op = logProbabilities ? "nll_loss" : "cross_entropy"
        var buffers = [("input", input.count)]
        if let grad { buffers.append(("gradient", grad.count)) }
        try checkRows(op, shape, buffers)
        try checkCount(op, "labels", expected: shape.rows, shape: "\(shape.rows)", found: labels.count)
        try checkCount(op, "loss", expected: reduction == .none ? shape.rows : 1,
                       shape: reduction == .none ? "\(shape.rows)" : "1", found: loss.count)
        if let bad = labels.firstIndex(where: { $0 < 0 || Int($0) >= shape.cols }) {
            throw KernelError(op, "label \(labels[bad]) at row \(bad) is outside 0..<\(shape.cols) for input \(shape)")
        }
        let run = logProbabilities ? T._kernels.nll : T._kernels.crossEntropy
        run(reduction.c, Int64(shape.rows), Int64(shape.cols), input.baseAddress, labels.baseAddress,
            loss.baseAddress, grad?.baseAddress)
    }

    /// Cross-entropy of n x c logits against n x c target distributions (one-hot or soft).
    public static func crossEntropy<T: KernelScalar>(
        _ logits: UnsafeBufferPointer<T>, _ shape: MatrixShape, targets: UnsafeBufferPointer<T>,
        reduction: Reduction, into loss: UnsafeMutableBufferPointer<T>,
        gradient grad: UnsafeMutableBufferPointer<T>? = nil
    ) throws {
        var buffers = [("logits", logits.count), ("targets", targets.count)]
        if let grad { buffers.append(("gradient", grad.count)) }
        try checkRows("cross_entropy", shape, buffers)
        try checkCount("cross_entropy", "loss", expected: reduction == .none ? shape.rows : 1,
                       shape: reduction == .none ? "\(shape.rows)" : "1", found: loss.count)
        T._kernels.crossEntropySoft(reduction.c, Int64(shape.rows), Int64(shape.cols), logits.baseAddress,
                                    targets.baseAddress, loss.baseAddress, grad?.baseAddress)
    }

    // MARK: Helpers and reductions

    /// `y[i, j] = x[i, j] + bias[j]`; `y` may be the memory of `x`.
    public static func addRowBias<T: KernelScalar>(
        _ x: UnsafeBufferPointer<T>, _ shape: MatrixShape, bias: UnsafeBufferPointer<T>,
        into y: UnsafeMutableBufferPointer<T>
    ) throws {
        try checkRows("add_row_bias", shape, [("x", x.count), ("y", y.count)])
        try checkCount("add_row_bias", "bias", expected: shape.cols, shape: "\(shape.cols)", found: bias.count)
        T._kernels.addRowBias(Int64(shape.rows), Int64(shape.cols), x.baseAddress, bias.baseAddress, y.baseAddress)
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
        (ofColumns ? T._kernels.colSums : T._kernels.rowSums)(Int64(shape.rows), Int64(shape.cols), x.baseAddress, out.baseAddress)
    }

    /// Full reductions, accumulated in double.
    public enum Statistic: Sendable { case sum, mean, meanAbsolute, l2Norm }

    /// Sum, mean, mean of absolute values or L2 norm of `x` (0 for an empty buffer).
    public static func reduce<T: KernelScalar>(_ x: UnsafeBufferPointer<T>, _ statistic: Statistic) -> Double {
        let run = switch statistic {
        case .sum: T._kernels.sum
        case .mean: T._kernels.mean
        case .meanAbsolute: T._kernels.meanAbs
        case .l2Norm: T._kernels.norm2
        }
        return run(Int64(x.count), x.baseAddress)
    }

    /// The same reductions on an array.
    public static func reduce<T: KernelScalar>(_ x: [T], _ statistic: Statistic) -> Double {
        x.withUnsafeBufferPointer { reduce($0, statistic) }
    }

    /// ⟨x, y⟩, accumulated in double.
    public static func dot<T: KernelScalar>(_ x: UnsafeBufferPointer<T>, _ y: UnsafeBufferPointer<T>) throws -> Double {
        try checkSameCount("dot", [("x", x.count), ("y", y.count)])
        return T._kernels.dot(Int64(x.count), x.baseAddress, y.baseAddress)
    }

    /// `y += alpha·x`.
    public static func axpy<T: KernelScalar>(_ alpha: T, _ x: UnsafeBufferPointer<T>, _ y: UnsafeMutableBufferPointer<T>) throws {
        try checkSameCount("axpy", [("x", x.count), ("y", y.count)])
        T._kernels.axpy(Int64(x.count), alpha, x.baseAddress, y.baseAddress)
    }

    /// `x *= alpha`.
    public static func scale<T: KernelScalar>(_ x: UnsafeMutableBufferPointer<T>, by alpha: T) {
        T._kernels.scale(Int64(x.count), alpha, x.baseAddress)
    }

    /// Every element of `x` set to `value`.
    public static func fill<T: KernelScalar>(_ x: UnsafeMutableBufferPointer<T>, with value: T) {
        T._kernels.fill(Int64(x.count), value, x.baseAddress)
    }

    // MARK: Optimizer updates (fused, PyTorch semantics; `step` counts from 1)

    /// One SGD step. `momentumBuffer` is required when `momentum > 0`.
    public static func sgdUpdate<T: KernelScalar>(
        _ h: SGDHyperparameters, step: Int, gradient: UnsafeBufferPointer<T>,
        parameter: UnsafeMutableBufferPointer<T>, momentumBuffer: UnsafeMutableBufferPointer<T>? = nil
    ) throws {
        try checkStep("sgd", step)
        if h.nesterov && (h.momentum <= 0 || h.dampening != 0) {
            throw KernelError("sgd", "Nesterov momentum needs momentum > 0 and dampening 0 (momentum \(h.momentum), dampening \(h.dampening))")
        }
        var buffers = [("gradient", gradient.count), ("parameter", parameter.count)]
        if h.momentum != 0 {
            guard let momentumBuffer else { throw KernelError("sgd", "momentum \(h.momentum) needs a momentum buffer") }
            buffers.append(("momentum buffer", momentumBuffer.count))
        }
        try checkSameCount("sgd", buffers)
        var config = dd_sgd_config(lr: h.learningRate, momentum: h.momentum, dampening: h.dampening,
                                   weight_decay: h.weightDecay, nesterov: h.nesterov ? 1 : 0)
        T._kernels.sgd(Int64(parameter.count), &config, Int64(step), gradient.baseAddress,
                       parameter.baseAddress, momentumBuffer?.baseAddress)
    }

    /// One Adam step, or AdamW (decoupled weight decay) when `decoupledWeightDecay` is true.
    /// `vMax` is required with amsgrad.
    public static func adamUpdate<T: KernelScalar>(
        _ h: AdamHyperparameters, decoupledWeightDecay: Bool = false, step: Int,
        gradient: UnsafeBufferPointer<T>, parameter: UnsafeMutableBufferPointer<T>,
        m: UnsafeMutableBufferPointer<T>, v: UnsafeMutableBufferPointer<T>,
        vMax: UnsafeMutableBufferPointer<T>? = nil
    ) throws {
        let op = decoupledWeightDecay ? "adamw" : "adam"
        try checkStep(op, step)
        var buffers = [("gradient", gradient.count), ("parameter", parameter.count), ("m", m.count), ("v", v.count)]
        if h.amsgrad {
            guard let vMax else { throw KernelError(op, "amsgrad needs a vMax buffer") }
            buffers.append(("vMax", vMax.count))
        }
        try checkSameCount(op, buffers)
        var config = dd_adam_config(lr: h.learningRate, beta1: h.beta1, beta2: h.beta2, eps: h.epsilon,
                                    weight_decay: h.weightDecay, amsgrad: h.amsgrad ? 1 : 0)
        let run = decoupledWeightDecay ? T._kernels.adamw : T._kernels.adam
        run(Int64(parameter.count), &config, Int64(step), gradient.baseAddress, parameter.baseAddress,
            m.baseAddress, v.baseAddress, vMax?.baseAddress)
    }

    /// One RMSProp step. `gradientAverage` is required when centered, `momentumBuffer` when
    /// momentum > 0.
    public static func rmspropUpdate<T: KernelScalar>(
        _ h: RMSPropHyperparameters, gradient: UnsafeBufferPointer<T>,
        parameter: UnsafeMutableBufferPointer<T>, squareAverage: UnsafeMutableBufferPointer<T>,
        gradientAverage: UnsafeMutableBufferPointer<T>? = nil,
        momentumBuffer: UnsafeMutableBufferPointer<T>? = nil
    ) throws {
        var buffers = [("gradient", gradient.count), ("parameter", parameter.count), ("square average", squareAverage.count)]
        if h.centered {
            guard let gradientAverage else { throw KernelError("rmsprop", "centered RMSProp needs a gradient-average buffer") }
            buffers.append(("gradient average", gradientAverage.count))
        }
        if h.momentum != 0 {
            guard let momentumBuffer else { throw KernelError("rmsprop", "momentum \(h.momentum) needs a momentum buffer") }
            buffers.append(("momentum buffer", momentumBuffer.count))
        }
        try checkSameCount("rmsprop", buffers)
        var config = dd_rmsprop_config(lr: h.learningRate, alpha: h.alpha, eps: h.epsilon,
                                       weight_decay: h.weightDecay, momentum: h.momentum, centered: h.centered ? 1 : 0)
        T._kernels.rmsprop(Int64(parameter.count), &config, gradient.baseAddress, parameter.baseAddress,
                           squareAverage.baseAddress, gradientAverage?.baseAddress, momentumBuffer?.baseAddress)
    }

    /// One Adagrad step. Initialise `stateSum` to the initial accumulator value.
    public static func adagradUpdate<T: KernelScalar>(
        _ h: AdagradHyperparameters, step: Int, gradient: UnsafeBufferPointer<T>,
        parameter: UnsafeMutableBufferPointer<T>, stateSum: UnsafeMutableBufferPointer<T>
    ) throws {
        try checkStep("adagrad", step)
        try checkSameCount("adagrad", [("gradient", gradient.count), ("parameter", parameter.count), ("state sum", stateSum.count)])
        var config = dd_adagrad_config(lr: h.learningRate, lr_decay: h.learningRateDecay,
                                       weight_decay: h.weightDecay, eps: h.epsilon)
        T._kernels.adagrad(Int64(parameter.count), &config, Int64(step), gradient.baseAddress,
                           parameter.baseAddress, stateSum.baseAddress)
    }

    // MARK: Checks

    /// Validates a row-major matrix buffer and returns its leading dimension.
    private static func checkMatrix(_ op: String, _ name: String, _ shape: MatrixShape, ld: Int?, count: Int) throws -> Int {
        guard shape.rows >= 0, shape.cols >= 0 else {
            throw KernelError(op, "\(name) has a negative dimension: \(shape)")
        }
        let ld = ld ?? max(shape.cols, 1)
        guard ld >= max(shape.cols, 1) else {
            throw KernelError(op, "\(name) is \(shape) but its leading dimension is \(ld) (needs at least \(max(shape.cols, 1)))")
        }
        let needed = shape.rows == 0 || shape.cols == 0 ? 0 : (shape.rows - 1) * ld + shape.cols
        guard count >= needed else {
            throw KernelError(op, "\(name) is \(shape) with leading dimension \(ld) and needs \(needed) elements, the buffer has \(count)")
        }
        return ld
    }

    private static func checkSameCount(_ op: String, _ buffers: [(String, Int)]) throws {
        guard let (firstName, first) = buffers.first else { return }
        if let (name, count) = buffers.first(where: { $0.1 != first }) {
            throw KernelError(op, "\(firstName) has \(first) elements but \(name) has \(count)")
        }
    }

    private static func checkRows(_ op: String, _ shape: MatrixShape, _ buffers: [(String, Int)]) throws {
        guard shape.rows >= 0, shape.cols >= 0 else { throw KernelError(op, "negative dimension in \(shape)") }
        for (name, count) in buffers where count != shape.count {
            throw KernelError(op, "expected \(name) of shape \(shape) (\(shape.count) elements), found \(count) elements")
        }
    }

    private static func checkCount(_ op: String, _ name: String, expected: Int, shape: String, found: Int) throws {
        guard found == expected else {
            throw KernelError(op, "expected \(name) of shape \(shape) (\(expected) elements), found \(found) elements")
        }
    }

    private static func checkStep(_ op: String, _ step: Int) throws {
        guard step >= 1 else { throw KernelError(op, "step counts from 1, got \(step)") }
    }

    private static func mapRows<T: KernelScalar>(
        _ x: [T], _ shape: MatrixShape,
        _ body: (UnsafeBufferPointer<T>, UnsafeMutableBufferPointer<T>) throws -> Void
    ) throws -> [T] {
        var out = [T](repeating: 0, count: x.count)
        try x.withUnsafeBufferPointer { x in try out.withUnsafeMutableBufferPointer { try body(x, $0) } }
        return out
    }
}

extension Reduction {
    fileprivate var c: dd_reduction {
        switch self {
        case .none: DD_REDUCE_NONE
        case .sum: DD_REDUCE_SUM
        case .mean: DD_REDUCE_MEAN
        }
    }
}

extension Activation {
    /// The kernel's enum and parameter block for this activation.
    fileprivate var cKernel: (dd_act, dd_act_params) {
        var p = dd_act_params_default()
        let kind: dd_act
        switch self {
        case .identity: kind = DD_ACT_IDENTITY
        case .sigmoid: kind = DD_ACT_SIGMOID
        case .tanh: kind = DD_ACT_TANH
        case .relu: kind = DD_ACT_RELU
        case .leakyReLU(let slope): kind = DD_ACT_LEAKY_RELU; p.slope = slope
        case .clippedReLU(let ceiling): kind = DD_ACT_CLIPPED_RELU; p.ceiling = ceiling
        case .elu(let alpha): kind = DD_ACT_ELU; p.alpha = alpha
        case .selu: kind = DD_ACT_SELU
        case .gelu: kind = DD_ACT_GELU
        case .geluTanh: kind = DD_ACT_GELU_TANH
        case .softplus(let beta, let threshold): kind = DD_ACT_SOFTPLUS; p.beta = beta; p.threshold = threshold
        case .silu: kind = DD_ACT_SILU
        case .mish: kind = DD_ACT_MISH
        case .hardSigmoid: kind = DD_ACT_HARD_SIGMOID
        case .hardTanh(let lo, let hi): kind = DD_ACT_HARD_TANH; p.min_val = lo; p.max_val = hi
        }
        return (kind, p)
    }

    /// The C library's name for this activation (tests check it equals ``name``).
    public var kernelName: String { String(cString: dd_act_name(cKernel.0)) }
}

// MARK: - Unchecked entry points for the tensor layer
//
// The Tensor type validates shapes itself (with messages in its own terms) and then calls
// these, which only translate Swift values to the C enums and pass pointers.

extension Kernels {
    enum BinaryOp { case add, subtract, multiply, divide, maximum, minimum, power, equal, notEqual, less, lessOrEqual, greater, greaterOrEqual }
    enum UnaryOp { case negate, exp, log, abs, sqrt, square, reciprocal, sign }

    /// out (m x n, contiguous) = x op y with element strides (row, column); stride 0 broadcasts.
    static func binary<T: KernelScalar>(
        _ op: BinaryOp, m: Int, n: Int, _ x: UnsafePointer<T>, _ xs: (Int, Int),
        _ y: UnsafePointer<T>, _ ys: (Int, Int), _ out: UnsafeMutablePointer<T>
    ) {
        let c: dd_binary_op = switch op {
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
        T._kernels.binary(c, Int64(m), Int64(n), x, Int64(xs.0), Int64(xs.1), y, Int64(ys.0), Int64(ys.1), out)
    }

    static func unary<T: KernelScalar>(_ op: UnaryOp, count: Int, _ x: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>) {
        let c: dd_unary_op = switch op {
        case .negate: DD_UNARY_NEG
        case .exp: DD_UNARY_EXP
        case .log: DD_UNARY_LOG
        case .abs: DD_UNARY_ABS
        case .sqrt: DD_UNARY_SQRT
        case .square: DD_UNARY_SQUARE
        case .reciprocal: DD_UNARY_RECIPROCAL
        case .sign: DD_UNARY_SIGN
        }
        T._kernels.unary(c, Int64(count), x, out)
    }

    static func affine<T: KernelScalar>(count: Int, alpha: T, beta: T, _ x: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>) {
        T._kernels.affine(Int64(count), alpha, beta, x, out)
    }

    static func clamp<T: KernelScalar>(count: Int, _ lo: T, _ hi: T, _ x: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>) {
        T._kernels.clamp(Int64(count), lo, hi, x, out)
    }

    static func transpose<T: KernelScalar>(m: Int, n: Int, _ x: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>) {
        T._kernels.transpose(Int64(m), Int64(n), x, out)
    }

    static func gatherRows<T: KernelScalar>(count: Int, width: Int, _ x: UnsafePointer<T>, _ index: UnsafePointer<Int64>, _ out: UnsafeMutablePointer<T>) {
        T._kernels.gatherRows(Int64(count), Int64(width), x, index, out)
    }

    static func scatterAddRows<T: KernelScalar>(count: Int, width: Int, _ x: UnsafePointer<T>, _ index: UnsafePointer<Int64>, _ out: UnsafeMutablePointer<T>) {
        T._kernels.scatterAddRows(Int64(count), Int64(width), x, index, out)
    }

    static func argmaxRows<T: KernelScalar>(m: Int, n: Int, _ x: UnsafePointer<T>, _ out: UnsafeMutablePointer<Int64>) {
        T._kernels.argmaxRows(Int64(m), Int64(n), x, out)
    }

    /// C (m x n) = alpha op(A) op(B) + beta C, all contiguous.
    static func gemm<T: KernelScalar>(
        m: Int, n: Int, k: Int, _ a: UnsafePointer<T>, transposeA: Bool, _ b: UnsafePointer<T>, transposeB: Bool,
        _ c: UnsafeMutablePointer<T>, alpha: T = 1, beta: T = 0
    ) {
        T._kernels.gemm(transposeA ? DD_TRANS : DD_NO_TRANS, transposeB ? DD_TRANS : DD_NO_TRANS,
                        Int64(m), Int64(n), Int64(k), alpha, a, Int64(transposeA ? m : k),
                        b, Int64(transposeB ? k : n), beta, c, Int64(n))
    }

    static func activationForward<T: KernelScalar>(_ activation: Activation, count: Int, _ z: UnsafePointer<T>, _ a: UnsafeMutablePointer<T>) {
        var (kind, params) = activation.cKernel
        T._kernels.activationForward(kind, &params, Int64(count), z, a)
    }

    static func activationBackward<T: KernelScalar>(
        _ activation: Activation, count: Int, z: UnsafePointer<T>, a: UnsafePointer<T>,
        dLdA: UnsafePointer<T>, _ dLdZ: UnsafeMutablePointer<T>
    ) {
        var (kind, params) = activation.cKernel
        T._kernels.activationBackward(kind, &params, Int64(count), z, a, dLdA, dLdZ)
    }
}
