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
    /// An element-wise activation with explicit forward and backward: the activation layer
    /// itself, which stores `Z` and `A` in ``ActivationLayer/forward(_:)``.
    public typealias ScalarActivation<Scalar: KernelScalar> = ActivationLayer<Scalar>
    public typealias ReLU<Scalar: KernelScalar> = Dendrite.ReLU<Scalar>
    public typealias ReLU6<Scalar: KernelScalar> = Dendrite.ReLU6<Scalar>
    public typealias LeakyReLU<Scalar: KernelScalar> = Dendrite.LeakyReLU<Scalar>
    public typealias Sigmoid<Scalar: KernelScalar> = Dendrite.Sigmoid<Scalar>
    public typealias Tanh<Scalar: KernelScalar> = Dendrite.Tanh<Scalar>
    public typealias ELU<Scalar: KernelScalar> = Dendrite.ELU<Scalar>
    public typealias SELU<Scalar: KernelScalar> = Dendrite.SELU<Scalar>
    public typealias GELU<Scalar: KernelScalar> = Dendrite.GELU<Scalar>
    public typealias SiLU<Scalar: KernelScalar> = Dendrite.SiLU<Scalar>
    public typealias Softplus<Scalar: KernelScalar> = Dendrite.Softplus<Scalar>
    public typealias Mish<Scalar: KernelScalar> = Dendrite.Mish<Scalar>
    public typealias HardSigmoid<Scalar: KernelScalar> = Dendrite.HardSigmoid<Scalar>
    public typealias HardTanh<Scalar: KernelScalar> = Dendrite.HardTanh<Scalar>
    public typealias Identity<Scalar: KernelScalar> = Dendrite.Identity<Scalar>
}
