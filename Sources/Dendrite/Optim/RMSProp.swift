/// RMSProp (`torch.optim.RMSprop`), optionally centered and with momentum:
///
/// ```text
/// g = grad + weightDecay·p
/// s = α·s + (1 − α)·g²;   centered: a = α·a + (1 − α)·g, s̃ = s − a²
/// d = √s̃ + ε
/// momentum: b = μ·b + g/d, p -= lr·b;   else p -= lr·g/d
/// ```
public final class RMSProp<Scalar: KernelScalar>: Optimizer {
    /// The hyper-parameters of the next step.
    public private(set) var hyperparameters: RMSPropHyperparameters
    private var slots: SlotTable<Scalar>

    public var parameters: [Parameter<Scalar>] { slots.parameters }

    public var learningRate: Double {
        get { hyperparameters.learningRate }
        set { hyperparameters.learningRate = newValue }
    }

    /// An optimizer over `parameters` (duplicates are taken once).
    public init(parameters: [Parameter<Scalar>], learningRate: Double = 1e-2, alpha: Double = 0.99, epsilon: Double = 1e-8,
                weightDecay: Double = 0, momentum: Double = 0, centered: Bool = false) {
        precondition(learningRate >= 0 && alpha >= 0 && epsilon >= 0 && weightDecay >= 0 && momentum >= 0,
                     "RMSProp: invalid hyper-parameters (lr \(learningRate), alpha \(alpha), eps \(epsilon), weight decay \(weightDecay), momentum \(momentum))")
        hyperparameters = RMSPropHyperparameters(learningRate: learningRate, alpha: alpha, epsilon: epsilon,
                                                 weightDecay: weightDecay, momentum: momentum, centered: centered)
        slots = SlotTable(kind: "rmsprop", parameters: parameters, bufferNames: Self.bufferNames(momentum: momentum, centered: centered))
    }

    private static func bufferNames(momentum: Double, centered: Bool) -> [String] {
        ["square_avg"] + (centered ? ["grad_avg"] : []) + (momentum > 0 ? ["momentum_buffer"] : [])
    }

    public func step() {
        slots.update(by: .rmsprop(hyperparameters))
    }

    private static var names: [String] { ["lr", "alpha", "eps", "weight_decay", "momentum", "centered"] }

    public func state() -> OptimizerState<Scalar> {
        let h = hyperparameters
        return slots.state(hyperparameters: Dictionary(uniqueKeysWithValues: zip(Self.names, [
            h.learningRate, h.alpha, h.epsilon, h.weightDecay, h.momentum, h.centered ? 1 : 0,
        ])))
    }

    public func loadState(_ state: OptimizerState<Scalar>) throws(OptimizerStateError) {
        let h0 = hyperparameters
        if let m = state.hyperparameters["momentum"], let c = state.hyperparameters["centered"],
           Self.bufferNames(momentum: m, centered: c != 0) != Self.bufferNames(momentum: h0.momentum, centered: h0.centered) {
            throw OptimizerStateError("the state has momentum \(m), centered \(c != 0); this optimizer momentum \(h0.momentum), centered \(h0.centered): the buffers differ")
        }
        var table = slots
        let h = try table.load(state, expected: Self.names)
        slots = table
        hyperparameters = RMSPropHyperparameters(learningRate: h["lr"]!, alpha: h["alpha"]!, epsilon: h["eps"]!,
                                                 weightDecay: h["weight_decay"]!, momentum: h["momentum"]!, centered: h["centered"]! != 0)
    }
}
