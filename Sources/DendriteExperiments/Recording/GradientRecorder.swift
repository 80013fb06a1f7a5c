import Dendrite
import Foundation

/// Gradient statistics of one layer at one step.
public struct LayerGradientStatistics: Codable, Sendable, Equatable {
    public var layer: String
    /// Mean |∂L/∂W| over the layer's weights: the first seed's `grad_w` entry.
    public var meanAbsWeightGradient: Double
    /// Mean |∂L/∂b| over the biases (0 without bias).
    public var meanAbsBiasGradient: Double
    public var weightGradientNorm: Double
    public var biasGradientNorm: Double
    /// For ReLU-family layers: the share of units that output 0 for every sample of the batch.
    public var deadFraction: Double?
    /// For sigmoid/tanh-family layers: the share of outputs in the flat tails (sigmoid below
    /// 0.01 or above 0.99, tanh beyond ±0.99), where the derivative nearly vanishes.
    public var saturatedFraction: Double?
}

/// Records, step by step and layer by layer, how large the gradients are and how many
/// units are dead or saturated: the measurements of the vanishing-gradient study.
///
/// ```swift
/// let recorder = GradientRecorder(model: net)
/// for step in 1 ... 100 {
///     let (output, hidden) = net.forwardKeepingActivations(batch.features)
///     let loss = binaryCrossEntropy(output, targets, reduction: .sum)
///     net.zeroGrad(); loss.backward()
///     recorder.record(net, hiddenActivations: hidden)
///     optimizer.step()
/// }
/// recorder.meanAbsWeightGradients   // layers x steps, as the seed's grad_w
/// ```
public final class GradientRecorder<Scalar: KernelScalar> {
    /// The layers, named as the module names them (`hidden.0`, …, `output` for an ``MLP``):
    /// every parameter called `weight`, by the name of the module that holds it.
    public let layerNames: [String]
    /// One entry per recorded step, one statistics value per layer.
    public private(set) var steps: [[LayerGradientStatistics]] = []

    /// The layers of the model the recorder was made for, found once (by reflection).
    private let modelLayers: [(name: String, weight: Parameter<Scalar>, bias: Parameter<Scalar>?)]
    private let modelIdentity: ObjectIdentifier

    /// A recorder for the weights of `model`: any module, a hand-written one included.
    public init(model: some Module<Scalar>) {
        modelLayers = Self.layers(of: model)
        modelIdentity = ObjectIdentifier(model)
        layerNames = modelLayers.map(\.name)
    }

    /// (layer name, weight, bias) for every parameter named `weight`, in the module's order.
    static func layers(of model: some Module<Scalar>) -> [(name: String, weight: Parameter<Scalar>, bias: Parameter<Scalar>?)] {
        let named = model.namedParameters
        let byName = Dictionary(named.map { ($0.name, $0.parameter) }, uniquingKeysWith: { first, _ in first })
        return named.compactMap { name, parameter in
            guard name == "weight" || name.hasSuffix(".weight") else { return nil }
            let layer = String(name.dropLast("weight".count).dropLast(name == "weight" ? 0 : 1))
            return (layer.isEmpty ? "weight" : layer, parameter, byName[layer.isEmpty ? "bias" : layer + ".bias"])
        }
    }

    /// Reads the current gradients of every layer's weight and bias (call after `backward()`).
    /// `hiddenActivations`, the outputs of the hidden layers in order, adds the share of dead
    /// or saturated units for `activation`'s family.
    public func record(_ model: some Module<Scalar>, hiddenActivations: [Tensor<Scalar>]? = nil, activation: Activation? = nil) {
        let layers = ObjectIdentifier(model) == modelIdentity ? modelLayers : Self.layers(of: model)
        precondition(layers.map(\.name) == layerNames,
                     "GradientRecorder: the model's layers \(layers.map(\.name)) are not the recorded ones \(layerNames)")
        let activation = activation ?? (model as? MLP<Scalar>)?.activation
        steps.append(layers.enumerated().map { i, layer in
            // A missing gradient (no bias, or none computed yet) counts as 0.
            func statistic(_ g: Tensor<Scalar>?, _ s: Kernels.Statistic) -> Double {
                g.map { $0.reduced(s) } ?? 0
            }
            let w = layer.weight.grad, b = layer.bias?.grad
            var stats = LayerGradientStatistics(
                layer: layer.name,
                meanAbsWeightGradient: statistic(w, .meanAbsolute), meanAbsBiasGradient: statistic(b, .meanAbsolute),
                weightGradientNorm: statistic(w, .l2Norm), biasGradientNorm: statistic(b, .l2Norm))
            if let hiddenActivations, let activation, i < hiddenActivations.count {
                (stats.deadFraction, stats.saturatedFraction) = Self.unitHealth(hiddenActivations[i], activation)
            }
            return stats
        })
    }

    /// (dead share, saturated share) of a `[batch, units]` activation, where they apply.
    static func unitHealth(_ a: Tensor<Scalar>, _ activation: Activation) -> (Double?, Double?) {
        let (rows, units) = (a.shape[0], a.shape[1])
        guard rows > 0, units > 0 else { return (nil, nil) }
        switch activation {
        case .relu, .clippedReLU, .leakyReLU:
            // A leaky unit is "dead" in the same sense: negative for every sample.
            let dead = (0 ..< units).filter { u in (0 ..< rows).allSatisfy { a.scalars[$0 * units + u] <= 0 } }.count
            return (Double(dead) / Double(units), nil)
        case .sigmoid, .hardSigmoid:
            return (nil, Double(a.scalars.filter { $0 < 0.01 || $0 > 0.99 }.count) / Double(a.count))
        case .tanh, .hardTanh:
            return (nil, Double(a.scalars.filter { Swift.abs($0) > 0.99 }.count) / Double(a.count))
        default:
            return (nil, nil)
        }
    }

    /// Mean |∂L/∂W| as layers x steps: the first seed's `grad_w`.
    public var meanAbsWeightGradients: [[Double]] {
        layerNames.indices.map { l in steps.map { $0[l].meanAbsWeightGradient } }
    }

    /// One row per step and layer: step, layer, and every statistic.
    public var csv: String { Self.csv(steps) }

    /// The CSV of recorded `steps` (see ``csv``).
    public static func csv(_ steps: [[LayerGradientStatistics]]) -> String {
        func number(_ x: Double?) -> TableCell { x.map { .number($0, format: "%.4g") } ?? .missing }
        return ResultTable(
            headers: ["step", "layer", "mean_abs_grad_w", "mean_abs_grad_b", "grad_w_norm", "grad_b_norm", "dead_fraction", "saturated_fraction"],
            rows: steps.enumerated().flatMap { s, layers in
                layers.map { st in
                    [.integer(s + 1), .text(st.layer), number(st.meanAbsWeightGradient), number(st.meanAbsBiasGradient),
                     number(st.weightGradientNorm), number(st.biasGradientNorm), number(st.deadFraction), number(st.saturatedFraction)]
                }
            }).csv
    }

    /// `{"layers": [...], "steps": [[{...per layer...}], ...]}`.
    public func json() throws -> Data {
        return try JSONEncoder.dendrite.encode(GradientRecord(layers: layerNames, steps: steps))
    }
}

extension MLP {
    /// The forward pass that also returns each hidden layer's activations (for recording).
    public func forwardKeepingActivations(_ x: Tensor<Scalar>) -> (output: Tensor<Scalar>, hidden: [Tensor<Scalar>]) {
        var activations: [Tensor<Scalar>] = []
        activations.reserveCapacity(hidden.count)
        var h = x
        for layer in hidden {
            h = layer(h).applying(activation)
            activations.append(h)
        }
        let y = output(h)
        return (outputActivation.map { y.applying($0) } ?? y, activations)
    }
}

/// The JSON document of a ``GradientRecorder``.
struct GradientRecord: Encodable {
    var layers: [String]
    var steps: [[LayerGradientStatistics]]
}
