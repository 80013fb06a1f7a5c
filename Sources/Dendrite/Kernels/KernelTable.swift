// The C kernels of each precision as a table of Swift closures, and the lookup that picks a
// precision's table. Only files in this folder see the table or any pointer.

internal import CDendrite

extension Float: KernelScalar {}
extension Double: KernelScalar {}

extension KernelScalar {
    /// This precision's kernels. Folds to a constant once the caller is specialised.
    @inline(__always) static var kernels: KernelTable<Self> {
        // A bit cast, not `as!`: unspecialised (debug) code then copies a struct instead of
        // boxing it on the heap, so even a debug build's compiled step allocates nothing.
        if Self.self == Float.self { return unsafeBitCast(KernelTable.float, to: KernelTable<Self>.self) }
        if Self.self == Double.self { return unsafeBitCast(KernelTable.double, to: KernelTable<Self>.self) }
        preconditionFailure("the kernels compute in Float and Double only, not \(Self.self)")
    }
}

/// The C kernels of one precision, as Swift closures (C function pointers cannot be generic).
// C function pointers hold no state, so sharing the table across threads is safe.
struct KernelTable<T: KernelScalar>: @unchecked Sendable {
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
    let linearForward: (dd_act, UnsafePointer<dd_act_params>?, Int64, Int64, Int64, In, In, In, Out, Out) -> Void
    let linearBackwardAct: (dd_act, UnsafePointer<dd_act_params>?, Int64, Int64, In, In, In, Out, Out) -> Void
}

extension KernelTable where T == Float {
    static let float = KernelTable<Float>(
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
        argmaxRows: dd_s_argmax_rows,
        linearForward: dd_s_linear_forward, linearBackwardAct: dd_s_linear_backward_act)
}

extension KernelTable where T == Double {
    static let double = KernelTable<Double>(
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
        argmaxRows: dd_d_argmax_rows,
        linearForward: dd_d_linear_forward, linearBackwardAct: dd_d_linear_backward_act)
}
