/// Modules applied one after another; children are named `"0"`, `"1"`, … as in PyTorch.
///
/// ```swift
/// var rng = SeededGenerator(seed: 1)
/// let net = Sequential<Float>(
///     Linear(inputSize: 784, outputSize: 128, generator: &rng), ReLU(),
///     Linear(inputSize: 128, outputSize: 10, generator: &rng))
/// // net.namedParameters.map(\.name) == ["0.weight", "0.bias", "2.weight", "2.bias"]
/// ```
public final class Sequential<Scalar: KernelScalar>: Module {
    /// The layers, applied in order.
    public var layers: [any Module<Scalar>]
    public var isTraining = true

    /// A container applying `layers` in order.
    public init(_ layers: [any Module<Scalar>]) { self.layers = layers }

    /// A container applying `layers` in order.
    public convenience init(_ layers: any Module<Scalar>...) { self.init(layers) }

    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        layers.reduce(x) { h, layer in layer(h) }
    }

    public var namedChildren: [(name: String, module: any Module<Scalar>)] {
        layers.enumerated().map { ("\($0.offset)", $0.element) }
    }

    /// The layer at `index`.
    public subscript(index: Int) -> any Module<Scalar> { layers[index] }

    /// The number of layers.
    public var count: Int { layers.count }

    /// Adds a layer at the end.
    public func append(_ layer: any Module<Scalar>) { layers.append(layer) }
}
