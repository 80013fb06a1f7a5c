// Softmax and log-softmax over the last axis (the rows of a matrix).

extension Tensor {
    /// The matrix view of a vector or matrix: rows x columns for row-wise ops.
    var rowsView: MatrixShape {
        precondition(rank == 1 || rank == 2, "softmax: needs a vector or a matrix, got shape \(shape)")
        return rank == 2 ? MatrixShape(shape[0], shape[1]) : MatrixShape(1, count)
    }

    func rowwise(_ body: (UnsafeBufferPointer<Scalar>, UnsafeMutableBufferPointer<Scalar>) throws -> Void) -> Tensor {
        Tensor.filled(shape) { out in scalars.withUnsafeBufferPointer { try! body($0, out) } }
    }
}

/// Softmax of each row, numerically stable. The backward is the O(C) Jacobian-vector product
/// `dZ = A ⊙ (dA − ⟨dA, A⟩)`; ``softmaxJacobian(_:)`` builds the explicit Jacobians.
public func softmax<Scalar>(_ z: Tensor<Scalar>) -> Tensor<Scalar> {
    let view = z.rowsView
    return z.rowwise { try Kernels.softmax($0, view, into: $1) }.recorded("softmax", inputs: [z]) { g, a in
        [a.rowwise { ap, out in try g.withUnsafeBufferPointer { try Kernels.softmaxBackward(a: ap, dLdA: $0, view, into: out) } }]
    }
}

/// Log-softmax of each row: `z − max − log Σ exp(z − max)`.
public func logSoftmax<Scalar>(_ z: Tensor<Scalar>) -> Tensor<Scalar> {
    let view = z.rowsView
    return z.rowwise { try Kernels.logSoftmax($0, view, into: $1) }.recorded("log_softmax", inputs: [z]) { g, l in
        [l.rowwise { lp, out in try g.withUnsafeBufferPointer { try Kernels.logSoftmaxBackward(l: lp, dLdL: $0, view, into: out) } }]
    }
}

/// The Jacobian of each row's softmax, `diag(a) − a aᵀ`, as an `[n, c, c]` tensor (a constant):
/// for teaching and for checking the fast backward.
public func softmaxJacobian<Scalar>(_ a: Tensor<Scalar>) -> Tensor<Scalar> {
    let view = a.rowsView
    return Tensor.filled([view.rows, view.cols, view.cols]) { out in
        a.withUnsafeBufferPointer { try! Kernels.softmaxJacobian(a: $0, view, into: out) }
    }
}
