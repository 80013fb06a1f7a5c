/// The layer-style API of the course frameworks: activations as objects with an explicit
/// `forward(Z)` that stores `Z` and `A`, and `backward(dLdA)` that returns `dLdZ`, with no
/// autograd graph involved. Names follow the course notation: `Z` the pre-activation
/// (output of a linear layer), `A` the activation, `dLdA` and `dLdZ` the gradients of the
/// loss with respect to them.
///
/// ```swift
/// let relu = Course.ReLU<Double>()
/// let A = relu.forward(Tensor([[-1, 5], [-3, 2]]))        // [[0, 5], [0, 2]]
/// let dLdZ = relu.backward(Tensor([[1, 1], [1, 1]]))      // [[0, 1], [0, 1]]
/// ```
///
/// Scalar activations (every ``Activation``) compute `dLdZ = dLdA ⊙ dA/dZ` with the
/// kernel's exact derivative. ``Course/Softmax`` is a vector activation: its backward goes
/// through the per-sample C×C Jacobian or the equivalent Jacobian-vector product.
/// For training with automatic gradients, use the modules (``ReLU``, ``ActivationLayer``).
public enum Course {}

extension Course {
    /// An element-wise activation with explicit forward and backward.
    public class ScalarActivation<Scalar: KernelScalar>: CustomStringConvertible {
        /// The function applied element-wise.
        public let activation: Activation
        /// The input of the last ``forward(_:)``, `N x C`.
        public private(set) var Z: Tensor<Scalar>?
        /// The output of the last ``forward(_:)``, `N x C`.
        public private(set) var A: Tensor<Scalar>?

        /// An object computing `activation`.
        public init(_ activation: Activation) { self.activation = activation }

        /// `A = f(Z)`, element-wise; stores `Z` and `A` for ``backward(_:)``.
        @discardableResult
        public func forward(_ Z: Tensor<Scalar>) -> Tensor<Scalar> {
            let z = Z.detached()
            let a = z.activationRaw(activation)
            (self.Z, self.A) = (z, a)
            return a
        }

        /// `dLdZ = dLdA ⊙ dA/dZ`, from the `Z` and `A` of the last ``forward(_:)``.
        /// - Precondition: ``forward(_:)`` ran, and `dLdA` has the shape of `A`.
        public func backward(_ dLdA: Tensor<Scalar>) -> Tensor<Scalar> {
            guard let Z, let A else { preconditionFailure("\(self).backward: call forward(Z) first") }
            precondition(dLdA.shape == A.shape, "\(self).backward: dLdA has shape \(dLdA.shape) but A has shape \(A.shape)")
            return Tensor.activationBackwardRaw(activation, z: Z, a: A, dLdA: dLdA.detached())
        }

        /// `dA/dZ` at the last forward's `Z`, element-wise (the diagonal of the Jacobian):
        /// what plots of an activation's derivative show.
        public func derivative() -> Tensor<Scalar> {
            guard let A else { preconditionFailure("\(self).derivative: call forward(Z) first") }
            return backward(.ones(A.shape))
        }

        public var description: String { "Course.ScalarActivation(\(activation))" }
    }

    /// max(z, 0).
    public final class ReLU<Scalar: KernelScalar>: ScalarActivation<Scalar> { public init() { super.init(.relu) } }
    /// min(max(z, 0), 6).
    public final class ReLU6<Scalar: KernelScalar>: ScalarActivation<Scalar> { public init() { super.init(.clippedReLU(ceiling: 6)) } }
    /// z for z > 0, else slope·z.
    public final class LeakyReLU<Scalar: KernelScalar>: ScalarActivation<Scalar> {
        /// An object with negative slope `slope`.
        public init(slope: Double = 0.01) { super.init(.leakyReLU(slope: slope)) }
    }
    /// 1 / (1 + e^-z).
    public final class Sigmoid<Scalar: KernelScalar>: ScalarActivation<Scalar> { public init() { super.init(.sigmoid) } }
    /// tanh(z).
    public final class Tanh<Scalar: KernelScalar>: ScalarActivation<Scalar> { public init() { super.init(.tanh) } }
    /// z for z > 0, else alpha·(e^z − 1).
    public final class ELU<Scalar: KernelScalar>: ScalarActivation<Scalar> { public init(alpha: Double = 1) { super.init(.elu(alpha: alpha)) } }
    /// Scaled ELU.
    public final class SELU<Scalar: KernelScalar>: ScalarActivation<Scalar> { public init() { super.init(.selu) } }
    /// z·Φ(z), exact or with the tanh approximation.
    public final class GELU<Scalar: KernelScalar>: ScalarActivation<Scalar> {
        /// An object computing the exact GELU, or its tanh approximation.
        public init(approximate: Bool = false) { super.init(approximate ? .geluTanh : .gelu) }
    }
    /// z·sigmoid(z).
    public final class SiLU<Scalar: KernelScalar>: ScalarActivation<Scalar> { public init() { super.init(.silu) } }
    /// log(1 + e^(beta·z)) / beta.
    public final class Softplus<Scalar: KernelScalar>: ScalarActivation<Scalar> {
        /// An object with sharpness `beta`, linear above `threshold`.
        public init(beta: Double = 1, threshold: Double = 20) { super.init(.softplus(beta: beta, threshold: threshold)) }
    }
    /// z·tanh(softplus(z)).
    public final class Mish<Scalar: KernelScalar>: ScalarActivation<Scalar> { public init() { super.init(.mish) } }
    /// clamp(z/6 + 1/2, 0, 1).
    public final class HardSigmoid<Scalar: KernelScalar>: ScalarActivation<Scalar> { public init() { super.init(.hardSigmoid) } }
    /// clamp(z, min, max).
    public final class HardTanh<Scalar: KernelScalar>: ScalarActivation<Scalar> {
        /// An object clamping to `min...max`.
        public init(min: Double = -1, max: Double = 1) { super.init(.hardTanh(min: min, max: max)) }
    }
    /// The input unchanged.
    public final class Identity<Scalar: KernelScalar>: ScalarActivation<Scalar> { public init() { super.init(.identity) } }
}
