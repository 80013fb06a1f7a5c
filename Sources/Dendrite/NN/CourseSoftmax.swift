extension Course {
    /// Softmax over each row of `Z` (`N x C`): a *vector* activation, each output depending
    /// on every input of its row, with an explicit forward and backward.
    ///
    /// The backward offers both ways the course derives:
    /// - ``BackwardMethod/jacobian``: build each sample's C×C Jacobian
    ///   `J = diag(a) − a aᵀ` and multiply, `dLdZ⁽ⁱ⁾ = dLdA⁽ⁱ⁾ · J⁽ⁱ⁾` (O(C²) per sample);
    /// - ``BackwardMethod/vectorJacobianProduct``: the same product without forming `J`,
    ///   `dLdZ = A ⊙ (dLdA − ⟨dLdA, A⟩)` (O(C) per sample), as the graph's softmax does.
    ///
    /// ```swift
    /// let softmax = Course.Softmax<Double>()
    /// softmax.forward(Tensor([[2, 1, -1]]))
    /// let slow = softmax.backward(dLdA, method: .jacobian)
    /// let fast = softmax.backward(dLdA)                  // equal up to rounding
    /// ```
    public final class Softmax<Scalar: KernelScalar>: CustomStringConvertible {
        /// How ``backward(_:method:)`` computes `dLdZ`.
        public enum BackwardMethod: Sendable, Hashable {
            /// Per-sample C×C Jacobians, then a vector-matrix product: the teaching path.
            case jacobian
            /// The O(C) Jacobian-vector product kernel: the fast path.
            case vectorJacobianProduct
        }

        /// The output of the last ``forward(_:)``, `N x C`; each row sums to 1.
        public private(set) var A: Tensor<Scalar>?

        /// A softmax with nothing stored yet.
        public init() {}

        /// `A = softmax(Z)` per row, numerically stable (the row maximum is subtracted
        /// first, so logits such as 1000 or 12345 do not overflow); stores `A`.
        @discardableResult
        public func forward(_ Z: Tensor<Scalar>) -> Tensor<Scalar> {
            let a = noGrad { softmax(Z.detached()) }
            A = a
            return a
        }

        /// The Jacobian of each row's softmax at the last forward, `[N, C, C]`.
        public func jacobians() -> Tensor<Scalar> {
            guard let A else { preconditionFailure("Course.Softmax.jacobians: call forward(Z) first") }
            return softmaxJacobian(A)
        }

        /// `dLdZ` from `dLdA`, by either method; both give the same values up to rounding.
        /// - Precondition: ``forward(_:)`` ran, and `dLdA` has the shape of `A`.
        public func backward(_ dLdA: Tensor<Scalar>, method: BackwardMethod = .vectorJacobianProduct) -> Tensor<Scalar> {
            guard let A else { preconditionFailure("Course.Softmax.backward: call forward(Z) first") }
            precondition(dLdA.shape == A.shape, "Course.Softmax.backward: dLdA has shape \(dLdA.shape) but A has shape \(A.shape)")
            switch method {
            case .vectorJacobianProduct:
                return Tensor.softmaxBackwardRaw(output: A, dLdOutput: dLdA.detached(), A.rowsView)
            case .jacobian:
                let (n, c) = (A.rowsView.rows, A.rowsView.cols)
                let J = jacobians().reshaped([n * c, c])       // sample i's Jacobian: rows i·C ..< (i+1)·C
                let G = dLdA.reshaped([n, c])
                var dLdZ: [Scalar] = []
                dLdZ.reserveCapacity(n * c)
                for i in 0 ..< n {
                    let Ji = J.rows(i * c ..< (i + 1) * c)     // C x C
                    let dLdAi = G.rows(i ..< i + 1)            // 1 x C
                    dLdZ += dLdAi.matmul(Ji).array            // 1 x C
                }
                return Tensor(shape: A.shape, scalars: dLdZ)
            }
        }

        public var description: String { "Course.Softmax" }
    }
}
