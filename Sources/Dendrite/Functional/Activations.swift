// Activations as differentiable functions (MLX style: a free function per activation;
// the layers in NN wrap them).

extension Tensor {
    /// `activation` applied element-wise; the backward uses the kernel's exact derivative.
    public func applying(_ activation: Activation) -> Tensor {
        let z = detached()
        return activationRaw(activation).recorded(activation.name, inputs: [self]) { g, a in
            [Tensor.activationBackwardRaw(activation, z: z, a: a, dLdA: g)]
        }
    }
}

/// Applies an activation; the same as `z.applying(activation)`.
public func activation<Scalar>(_ activation: Activation, _ z: Tensor<Scalar>) -> Tensor<Scalar> { z.applying(activation) }
public func sigmoid<Scalar>(_ z: Tensor<Scalar>) -> Tensor<Scalar> { z.applying(.sigmoid) }
public func tanh<Scalar>(_ z: Tensor<Scalar>) -> Tensor<Scalar> { z.applying(.tanh) }
public func relu<Scalar>(_ z: Tensor<Scalar>) -> Tensor<Scalar> { z.applying(.relu) }
public func leakyReLU<Scalar>(_ z: Tensor<Scalar>, slope: Double = 0.01) -> Tensor<Scalar> { z.applying(.leakyReLU(slope: slope)) }
public func elu<Scalar>(_ z: Tensor<Scalar>, alpha: Double = 1) -> Tensor<Scalar> { z.applying(.elu(alpha: alpha)) }
public func gelu<Scalar>(_ z: Tensor<Scalar>, approximate: Bool = false) -> Tensor<Scalar> { z.applying(approximate ? .geluTanh : .gelu) }
public func softplus<Scalar>(_ z: Tensor<Scalar>) -> Tensor<Scalar> { z.applying(.softplus()) }
public func silu<Scalar>(_ z: Tensor<Scalar>) -> Tensor<Scalar> { z.applying(.silu) }
