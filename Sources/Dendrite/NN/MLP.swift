/// A multi-layer perceptron: fully connected layers with one activation between them, as
/// in the classic experiments (the vanishing-gradient notebook's `Net(n_features,
/// n_hidden_neurons, n_layers, act_func)`, the 784-128-64-10 MNIST network).
///
/// ```swift
/// // 4 inputs, 10 hidden layers of 1 unit with sigmoid, one sigmoid output.
/// let net = try MLP<Double>(inputs: 4, hidden: Array(repeating: 1, count: 10), outputs: 1,
///                           activation: "sigmoid", outputActivation: "sigmoid", seed: 0)
/// // net.namedParameters.map(\.name): hidden.0.weight, hidden.0.bias, …, output.weight, output.bias
/// ```
public final class MLP<Scalar: KernelScalar>: Module {
    /// The hidden layers, in order (named `hidden.0`, `hidden.1`, …).
    public let hidden: [Linear<Scalar>]
    /// The output layer (named `output`).
    public let output: Linear<Scalar>
    /// The activation after every hidden layer.
    public let activation: Activation
    /// The activation after the output layer, or nil for raw outputs (logits).
    public let outputActivation: Activation?
    public var isTraining = true

    /// All linear layers, hidden then output: the layers whose gradients experiments record.
    public var linearLayers: [Linear<Scalar>] { hidden + [output] }

    /// An MLP `inputs → hidden[0] → … → outputs` initialised from `generator`, layer by layer.
    public init<G: RandomNumberGenerator>(
        inputs: Int, hidden: [Int], outputs: Int, activation: Activation = .relu,
        outputActivation: Activation? = nil, initializer: Initializer = .pytorchDefault,
        generator: inout G
    ) {
        let widths = [inputs] + hidden
        self.hidden = zip(widths, hidden).map { fanIn, fanOut in
            Linear(inputSize: fanIn, outputSize: fanOut, initializer: initializer, generator: &generator)
        }
        output = Linear(inputSize: widths.last!, outputSize: outputs, initializer: initializer, generator: &generator)
        self.activation = activation
        self.outputActivation = outputActivation
    }

    /// An MLP initialised from a ``SeededGenerator`` with `seed`.
    public convenience init(
        inputs: Int, hidden: [Int], outputs: Int, activation: Activation = .relu,
        outputActivation: Activation? = nil, initializer: Initializer = .pytorchDefault, seed: UInt64
    ) {
        var generator = SeededGenerator(seed: seed)
        self.init(inputs: inputs, hidden: hidden, outputs: outputs, activation: activation,
                  outputActivation: outputActivation, initializer: initializer, generator: &generator)
    }

    /// An MLP whose activations are given by name (`"sigmoid"`, `"tanh"`, `"relu"`,
    /// `"leaky_relu:0.2"`, …; see ``Activation/init(named:)``).
    /// - Throws: ``ActivationNameError`` listing the valid names.
    public convenience init(
        inputs: Int, hidden: [Int], outputs: Int, activation: String, outputActivation: String? = nil,
        initializer: Initializer = .pytorchDefault, seed: UInt64
    ) throws(ActivationNameError) {
        let hiddenActivation = try Activation(named: activation)
        let out = try outputActivation.map { name throws(ActivationNameError) in try Activation(named: name) }
        self.init(inputs: inputs, hidden: hidden, outputs: outputs, activation: hiddenActivation,
                  outputActivation: out, initializer: initializer, seed: seed)
    }

    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        let h = hidden.reduce(x) { h, layer in layer(h).applying(activation) }
        let y = output(h)
        return outputActivation.map { y.applying($0) } ?? y
    }
}

extension MLP: CustomStringConvertible {
    public var description: String {
        let widths = [hidden.first?.inputSize ?? output.inputSize] + hidden.map(\.outputSize) + [output.outputSize]
        return "MLP(\(widths.map(String.init).joined(separator: "-")), activation: \(activation), outputActivation: \(outputActivation.map(\.description) ?? "none"))"
    }
}
