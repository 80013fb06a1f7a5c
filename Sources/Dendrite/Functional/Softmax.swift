// Softmax and log-softmax over the last axis (the rows of a matrix).

extension Tensor {
    /// The matrix view of a vector or matrix: rows x columns for row-wise ops.
    var rowsView: MatrixShape {
        precondition(rank == 1 || rank == 2, "softmax: needs a vector or a matrix, got shape \(shape)")
        return rank == 2 ? MatrixShape(shape[0], shape[1]) : MatrixShape(1, count)
    }
}

/// Softmax of each row, numerically stable. The backward is the O(C) Jacobian-vector product
/// `dZ = A ⊙ (dA − ⟨dA, A⟩)`; ``softmaxJacobian(_:)`` builds the explicit Jacobians.
public func softmax<Scalar>(_ z: Tensor<Scalar>) -> Tensor<Scalar> {
    let view = z.rowsView
    return z.softmaxRaw(view).recorded("softmax", inputs: [z]) { g, a in
        [Tensor.softmaxBackwardRaw(output: a, dLdOutput: g, view)]
    }
}

/// Log-softmax of each row: `z − max − log Σ exp(z − max)`.
public func logSoftmax<Scalar>(_ z: Tensor<Scalar>) -> Tensor<Scalar> {
    let view = z.rowsView
    return z.softmaxRaw(view, log: true).recorded("log_softmax", inputs: [z]) { g, l in
        [Tensor.softmaxBackwardRaw(output: l, dLdOutput: g, view, log: true)]
    }
}

/// The Jacobian of each row's softmax, `diag(a) − a aᵀ`, as an `[n, c, c]` tensor (a constant):
/// for teaching and for checking the fast backward.
public func softmaxJacobian<Scalar>(_ a: Tensor<Scalar>) -> Tensor<Scalar> {
    a.softmaxJacobianRaw(a.rowsView)
}
