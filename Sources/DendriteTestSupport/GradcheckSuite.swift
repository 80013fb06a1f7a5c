import Dendrite

/// One named gradient check: an op and inputs away from its kinks.
public struct GradcheckCase {
    public var name: String
    public var function: ([Tensor<Double>]) -> Tensor<Double>
    public var inputs: [Tensor<Double>]

    public init(_ name: String, _ function: @escaping ([Tensor<Double>]) -> Tensor<Double>, inputs: [Tensor<Double>]) {
        self.name = name
        self.function = function
        self.inputs = inputs
    }

    /// Runs ``gradcheck(_:inputs:epsilon:absoluteTolerance:relativeTolerance:seed:)`` on this case.
    public func run() -> GradcheckReport { gradcheck(function, inputs: inputs) }
}

/// The finite-difference check of every differentiable op and activation: what the test
/// suite asserts and `dendrite gradcheck` prints.
public enum GradcheckSuite {
    typealias T = Tensor<Double>

    static func random(_ shape: [Int], _ seed: UInt64, in range: ClosedRange<Double> = -1 ... 1) -> T {
        var g = SeededGenerator(seed: seed)
        return T.uniform(shape, in: range, using: &g)
    }

    /// One case per op and broadcasting pattern, with inputs away from kinks.
    public static var cases: [GradcheckCase] { [
        GradcheckCase("add", { $0[0] + $0[1] }, inputs: [random([3, 4], 1), random([3, 4], 2)]),
        GradcheckCase("add row broadcast", { $0[0] + $0[1] }, inputs: [random([3, 4], 1), random([4], 2)]),
        GradcheckCase("add column broadcast", { $0[0] + $0[1] }, inputs: [random([3, 4], 1), random([3, 1], 2)]),
        GradcheckCase("subtract scalar tensor", { $0[0] - $0[1] }, inputs: [random([3, 4], 1), random([], 2)]),
        GradcheckCase("multiply row broadcast", { $0[1] * $0[0] }, inputs: [random([3, 4], 1), random([1, 4], 2)]),
        GradcheckCase("divide", { $0[0] / $0[1] }, inputs: [random([3, 4], 1), random([3, 4], 2, in: 0.5 ... 2)]),
        GradcheckCase("divide column broadcast", { $0[0] / $0[1] }, inputs: [random([3, 4], 1), random([3, 1], 2, in: 0.5 ... 2)]),
        GradcheckCase("maximum", { T.maximum($0[0], $0[1]) }, inputs: [random([3, 4], 1), random([3, 4], 2)]),
        GradcheckCase("minimum", { T.minimum($0[0], $0[1]) }, inputs: [random([3, 4], 1), random([3, 4], 2)]),
        GradcheckCase("pow", { T.pow($0[0], $0[1]) }, inputs: [random([2, 3], 1, in: 0.5 ... 2), random([2, 3], 2)]),
        GradcheckCase("scalar arithmetic", { (2 - $0[0] * 3 + 1) / 4 }, inputs: [random([5], 1)]),
        GradcheckCase("negate", { -$0[0] }, inputs: [random([5], 1)]),
        GradcheckCase("exp", { $0[0].exp() }, inputs: [random([3, 3], 1)]),
        GradcheckCase("log", { $0[0].log() }, inputs: [random([3, 3], 1, in: 0.5 ... 3)]),
        GradcheckCase("abs", { $0[0].abs() }, inputs: [random([3, 3], 1, in: 0.1 ... 1) * -1]),
        GradcheckCase("sqrt", { $0[0].sqrt() }, inputs: [random([3, 3], 1, in: 0.5 ... 3)]),
        GradcheckCase("squared", { $0[0].squared() }, inputs: [random([3, 3], 1)]),
        GradcheckCase("reciprocal", { $0[0].reciprocal() }, inputs: [random([3, 3], 1, in: 0.5 ... 3)]),
        GradcheckCase("clamped", { $0[0].clamped(to: -0.5 ... 0.5) }, inputs: [T([-0.9, -0.3, 0.1, 0.4, 0.8])]),
        GradcheckCase("reshaped", { $0[0].reshaped([2, -1]) * $0[1] }, inputs: [random([3, 4], 1), random([2, 6], 2)]),
        GradcheckCase("transposed", { $0[0].transposed() * $0[1] }, inputs: [random([3, 4], 1), random([4, 3], 2)]),
        GradcheckCase("rows", { $0[0].rows(1 ..< 3) }, inputs: [random([4, 3], 1)]),
        GradcheckCase("gathered with repeats", { $0[0].gathered(rows: [2, 0, 2, 3]) }, inputs: [random([4, 3], 1)]),
        GradcheckCase("sum", { $0[0].sum() }, inputs: [random([3, 4], 1)]),
        GradcheckCase("mean", { $0[0].mean() }, inputs: [random([3, 4], 1)]),
        GradcheckCase("sum along axis 0", { $0[0].sum(alongAxis: 0) }, inputs: [random([3, 4], 1)]),
        GradcheckCase("sum along axis 1 keeping it", { $0[0].sum(alongAxis: 1, keepingDimension: true) }, inputs: [random([3, 4], 1)]),
        GradcheckCase("mean along axis 1", { $0[0].mean(alongAxis: 1) }, inputs: [random([3, 4], 1)]),
        GradcheckCase("matmul", { $0[0].matmul($0[1]) }, inputs: [random([3, 5], 1), random([5, 2], 2)]),
        GradcheckCase("linear", { linear($0[0], weight: $0[1], bias: $0[2]) }, inputs: [random([4, 5], 1), random([3, 5], 2), random([3], 3)]),
        GradcheckCase("linear without bias", { linear($0[0], weight: $0[1], bias: nil) }, inputs: [random([4, 5], 1), random([3, 5], 2)]),
        GradcheckCase("softmax", { softmax($0[0]) }, inputs: [random([3, 5], 1, in: -3 ... 3)]),
        GradcheckCase("softmax of a vector", { softmax($0[0]) }, inputs: [random([6], 1, in: -3 ... 3)]),
        GradcheckCase("log_softmax", { logSoftmax($0[0]) }, inputs: [random([3, 5], 1, in: -3 ... 3)]),
        GradcheckCase("mse mean", { mseLoss($0[0], random([3, 4], 2)) }, inputs: [random([3, 4], 1)]),
        GradcheckCase("mse none", { mseLoss($0[0], random([3, 4], 2), reduction: .none) }, inputs: [random([3, 4], 1)]),
        GradcheckCase("bce sum", { binaryCrossEntropy($0[0], T([0, 1, 1, 0, 0.3, 1]), reduction: .sum) }, inputs: [random([6], 1, in: 0.1 ... 0.9)]),
        GradcheckCase("bce with logits mean", { binaryCrossEntropyWithLogits($0[0], T([0, 1, 1, 0, 0.3, 1])) }, inputs: [random([6], 1, in: -4 ... 4)]),
        GradcheckCase("bce with logits none", { binaryCrossEntropyWithLogits($0[0], T([[0, 1, 1], [0, 0.3, 1]]), reduction: .none) }, inputs: [random([2, 3], 1, in: -4 ... 4)]),
        GradcheckCase("cross entropy labels mean", { crossEntropy($0[0], labels: [2, 0, 1]) }, inputs: [random([3, 4], 1, in: -3 ... 3)]),
        GradcheckCase("cross entropy labels none", { crossEntropy($0[0], labels: [2, 0, 1], reduction: .none) }, inputs: [random([3, 4], 1, in: -3 ... 3)]),
        GradcheckCase("cross entropy soft targets", { crossEntropy($0[0], targets: softmax(random([3, 4], 2))) }, inputs: [random([3, 4], 1, in: -3 ... 3)]),
        GradcheckCase("nll of log_softmax", { nllLoss(logSoftmax($0[0]), labels: [1, 1, 3], reduction: .sum) }, inputs: [random([3, 4], 1, in: -3 ... 3)]),
        GradcheckCase("composite MLP", { sigmoid(linear(tanh(linear($0[0], weight: $0[1], bias: $0[2])), weight: $0[3], bias: nil)).sum() },
                      inputs: [random([4, 3], 1), random([5, 3], 2), random([5], 3), random([2, 5], 4)]),
    ] }

    /// Every activation (defaults and a few parameter choices) at points away from their
    /// kinks (0, ±1, ±2, ±3, 6).
    public static var activationCases: [GradcheckCase] {
        let z = T([[-2.7, -1.4, -0.6, -0.2], [0.3, 0.7, 1.6, 2.4]])
        let activations = Activation.allDefaults + [.leakyReLU(slope: 0.2), .clippedReLU(ceiling: 2), .elu(alpha: 0.5), .softplus(beta: 2, threshold: 10), .hardTanh(min: -2, max: 0.5)]
        return activations.map { act in GradcheckCase("activation \(act)", { $0[0].applying(act) }, inputs: [z]) }
    }

    /// Ops and activations together.
    public static var all: [GradcheckCase] { cases + activationCases }
}
