/// A fully connected layer, `y = x · weightᵀ + bias`.
///
/// `weight` has PyTorch's layout `[outputSize, inputSize]`; `bias` is `[outputSize]`. The
/// forward pass is the fused ``linear(_:weight:bias:)`` op on the packed GEMM. Inputs are
/// `[batch, inputSize]`; a single `[inputSize]` vector gives an `[outputSize]` vector.
///
/// ```swift
/// var rng = SeededGenerator(seed: 0)
/// let layer = Linear<Float>(inputSize: 784, outputSize: 128, initializer: .heUniform, generator: &rng)
/// let y = layer(x)          // [batch, 128]
/// ```
public final class Linear<Scalar: KernelScalar>: Module {
    /// `[outputSize, inputSize]`.
    public let weight: Parameter<Scalar>
    /// `[outputSize]`, or nil for a layer without bias.
    public let bias: Parameter<Scalar>?
    public var isTraining = true

    /// The number of input features.
    public var inputSize: Int { weight.shape[1] }
    /// The number of output features.
    public var outputSize: Int { weight.shape[0] }

    /// A layer with weights drawn by `initializer` from `generator` (weight first, then bias).
    public init<G: RandomNumberGenerator>(
        inputSize: Int, outputSize: Int, bias: Bool = true,
        initializer: Initializer = .pytorchDefault, generator: inout G
    ) {
        precondition(inputSize >= 0 && outputSize >= 0,
                     "Linear: sizes must not be negative, got inputSize \(inputSize), outputSize \(outputSize)")
        weight = Parameter(initializer.weight(fanIn: inputSize, fanOut: outputSize, using: &generator))
        self.bias = bias ? Parameter(initializer.bias(fanIn: inputSize, fanOut: outputSize, using: &generator)) : nil
    }

    /// A layer initialised from a ``SeededGenerator`` with `seed`.
    public convenience init(
        inputSize: Int, outputSize: Int, bias: Bool = true, initializer: Initializer = .pytorchDefault, seed: UInt64
    ) {
        var generator = SeededGenerator(seed: seed)
        self.init(inputSize: inputSize, outputSize: outputSize, bias: bias, initializer: initializer, generator: &generator)
    }

    /// A layer with the given weight `[outputSize, inputSize]` and optional bias `[outputSize]`.
    public init(weight: Tensor<Scalar>, bias: Tensor<Scalar>? = nil) {
        precondition(weight.rank == 2, "Linear: the weight must be a matrix [outputSize, inputSize], got shape \(weight.shape)")
        if let bias {
            precondition(bias.shape == [weight.shape[0]],
                         "Linear: bias has shape \(bias.shape) but the weight \(weight.shape) needs [\(weight.shape[0])]")
        }
        self.weight = Parameter(weight)
        self.bias = bias.map { Parameter($0) }
    }

    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        if x.rank == 1 {
            return linear(x.reshaped([1, x.count]), weight: weight.value, bias: bias?.value).reshaped([outputSize])
        }
        return linear(x, weight: weight.value, bias: bias?.value)
    }
}

extension Linear: CustomStringConvertible {
    public var description: String { "Linear(inputSize: \(inputSize), outputSize: \(outputSize), bias: \(bias != nil))" }
}
