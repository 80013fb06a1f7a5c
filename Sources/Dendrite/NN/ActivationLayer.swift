/// An activation as a layer: a module with no parameters that applies it with autograd
/// (``Tensor/applying(_:)``), and the course frameworks' object with an explicit
/// `forward(Z)` that stores `Z` and `A` and a `backward(dLdA)` that returns `dLdZ`.
///
/// Any ``Activation`` works (`ActivationLayer(.mish)`); the common ones have their own
/// names, like PyTorch's: ``ReLU``, ``Sigmoid``, ``Tanh``, ``LeakyReLU``, … (also reachable
/// as `Course.ReLU`, … in the course style).
open class ActivationLayer<Scalar: KernelScalar>: Module, CustomStringConvertible {
    /// The function applied element-wise.
    public let activation: Activation
    public var isTraining = true
    /// The input of the last ``forward(_:)``, `N x C`.
    public private(set) var Z: Tensor<Scalar>?
    /// The output of the last ``forward(_:)``, `N x C`.
    public private(set) var A: Tensor<Scalar>?

    /// A layer applying `activation`.
    public init(_ activation: Activation) { self.activation = activation }

    open func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> { x.applying(activation) }

    /// `A = f(Z)`, element-wise, with no graph; stores `Z` and `A` for ``backward(_:)``.
    @discardableResult
    open func forward(_ Z: Tensor<Scalar>) -> Tensor<Scalar> {
        let z = Z.detached()
        let a = z.activationRaw(activation)
        (self.Z, self.A) = (z, a)
        return a
    }

    /// `dLdZ = dLdA ⊙ dA/dZ`, from the `Z` and `A` of the last ``forward(_:)``.
    /// - Precondition: ``forward(_:)`` ran, and `dLdA` has the shape of `A`.
    open func backward(_ dLdA: Tensor<Scalar>) -> Tensor<Scalar> {
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

    open var description: String { "ActivationLayer(\(activation))" }
}

/// max(z, 0).
public final class ReLU<Scalar: KernelScalar>: ActivationLayer<Scalar> { public init() { super.init(.relu) } }
/// min(max(z, 0), 6).
public final class ReLU6<Scalar: KernelScalar>: ActivationLayer<Scalar> { public init() { super.init(.clippedReLU(ceiling: 6)) } }
/// z for z > 0, else slope·z.
public final class LeakyReLU<Scalar: KernelScalar>: ActivationLayer<Scalar> {
    /// A layer with negative slope `slope`.
    public init(slope: Double = 0.01) { super.init(.leakyReLU(slope: slope)) }
}
/// 1 / (1 + e^-z).
public final class Sigmoid<Scalar: KernelScalar>: ActivationLayer<Scalar> { public init() { super.init(.sigmoid) } }
/// tanh(z).
public final class Tanh<Scalar: KernelScalar>: ActivationLayer<Scalar> { public init() { super.init(.tanh) } }
/// z for z > 0, else alpha·(e^z − 1).
public final class ELU<Scalar: KernelScalar>: ActivationLayer<Scalar> { public init(alpha: Double = 1) { super.init(.elu(alpha: alpha)) } }
/// Scaled ELU.
public final class SELU<Scalar: KernelScalar>: ActivationLayer<Scalar> { public init() { super.init(.selu) } }
/// z·Φ(z), exact or with the tanh approximation.
public final class GELU<Scalar: KernelScalar>: ActivationLayer<Scalar> {
    /// A layer computing the exact GELU, or its tanh approximation.
    public init(approximate: Bool = false) { super.init(approximate ? .geluTanh : .gelu) }
}
/// z·sigmoid(z) (swish).
public final class SiLU<Scalar: KernelScalar>: ActivationLayer<Scalar> { public init() { super.init(.silu) } }
/// log(1 + e^(beta·z)) / beta.
public final class Softplus<Scalar: KernelScalar>: ActivationLayer<Scalar> {
    /// A layer with sharpness `beta`, linear above `threshold`.
    public init(beta: Double = 1, threshold: Double = 20) { super.init(.softplus(beta: beta, threshold: threshold)) }
}
/// z·tanh(softplus(z)).
public final class Mish<Scalar: KernelScalar>: ActivationLayer<Scalar> { public init() { super.init(.mish) } }
/// clamp(z/6 + 1/2, 0, 1).
public final class HardSigmoid<Scalar: KernelScalar>: ActivationLayer<Scalar> { public init() { super.init(.hardSigmoid) } }
/// clamp(z, min, max).
public final class HardTanh<Scalar: KernelScalar>: ActivationLayer<Scalar> {
    /// A layer clamping to `min...max`.
    public init(min: Double = -1, max: Double = 1) { super.init(.hardTanh(min: min, max: max)) }
}
/// The input unchanged.
public final class Identity<Scalar: KernelScalar>: ActivationLayer<Scalar> { public init() { super.init(.identity) } }

/// Softmax over each row (``softmax(_:)``) as a module.
public final class Softmax<Scalar: KernelScalar>: Module {
    public var isTraining = true
    /// A softmax layer.
    public init() {}
    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> { softmax(x) }
}

/// Log-softmax over each row (``logSoftmax(_:)``) as a module.
public final class LogSoftmax<Scalar: KernelScalar>: Module {
    public var isTraining = true
    /// A log-softmax layer.
    public init() {}
    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> { logSoftmax(x) }
}
