/// The element types the kernels compute in: `Float` for speed, `Double` for gradient
/// checks and the small classic experiments. Only `Float` and `Double` conform.
public protocol KernelScalar: BinaryFloatingPoint, Sendable {}

/// How a loss reduces its per-element values.
public enum Reduction: Sendable, Hashable {
    /// One value per element (per row for cross-entropy and NLL).
    case none
    /// The sum of all values.
    case sum
    /// The mean over elements (over rows for cross-entropy and NLL).
    case mean
}

/// A rejected kernel call: what was wrong, with the shapes involved. Nothing was computed.
public struct KernelError: Error, CustomStringConvertible, Equatable {
    /// The operation, e.g. `"gemm"`.
    public var operation: String
    /// What did not fit, naming both shapes.
    public var message: String
    public var description: String { "\(operation): \(message)" }

    public init(_ operation: String, _ message: String) {
        self.operation = operation
        self.message = message
    }
}

/// The shape of a row-major matrix: `rows` x `cols`.
public struct MatrixShape: Hashable, Sendable, CustomStringConvertible,
    ExpressibleByArrayLiteral
{
    public var rows: Int
    public var cols: Int

    public init(_ rows: Int, _ cols: Int) {
        self.rows = rows
        self.cols = cols
    }

    /// `[rows, cols]`.
    public init(arrayLiteral elements: Int...) {
        precondition(elements.count == 2, "a matrix shape has two dimensions, got \(elements)")
        self.init(elements[0], elements[1])
    }

    public var count: Int { rows * cols }
    public var transposed: MatrixShape { MatrixShape(cols, rows) }
    public var description: String { "\(rows) x \(cols)" }
}

/// SGD hyper-parameters, with PyTorch's semantics (`torch.optim.SGD`).
public struct SGDHyperparameters: Sendable, Hashable {
    public var learningRate: Double
    public var momentum: Double
    public var dampening: Double
    public var weightDecay: Double
    /// Nesterov momentum; needs `momentum > 0` and `dampening == 0`.
    public var nesterov: Bool

    public init(learningRate: Double, momentum: Double = 0, dampening: Double = 0,
                weightDecay: Double = 0, nesterov: Bool = false) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.weightDecay = weightDecay
        self.nesterov = nesterov
    }
}

/// Adam and AdamW hyper-parameters (`torch.optim.Adam`, `torch.optim.AdamW`).
public struct AdamHyperparameters: Sendable, Hashable {
    public var learningRate: Double
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    public var weightDecay: Double
    public var amsgrad: Bool

    public init(learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
                epsilon: Double = 1e-8, weightDecay: Double = 0, amsgrad: Bool = false) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.amsgrad = amsgrad
    }
}

/// RMSProp hyper-parameters (`torch.optim.RMSprop`).
public struct RMSPropHyperparameters: Sendable, Hashable {
    public var learningRate: Double
    public var alpha: Double
    public var epsilon: Double
    public var weightDecay: Double
    public var momentum: Double
    public var centered: Bool

    public init(learningRate: Double = 1e-2, alpha: Double = 0.99, epsilon: Double = 1e-8,
                weightDecay: Double = 0, momentum: Double = 0, centered: Bool = false) {
        self.learningRate = learningRate
        self.alpha = alpha
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.momentum = momentum
        self.centered = centered
    }
}

/// Adagrad hyper-parameters (`torch.optim.Adagrad`).
public struct AdagradHyperparameters: Sendable, Hashable {
    public var learningRate: Double
    public var learningRateDecay: Double
    public var weightDecay: Double
    public var epsilon: Double

    public init(learningRate: Double = 1e-2, learningRateDecay: Double = 0,
                weightDecay: Double = 0, epsilon: Double = 1e-10) {
        self.learningRate = learningRate
        self.learningRateDecay = learningRateDecay
        self.weightDecay = weightDecay
        self.epsilon = epsilon
    }
}
