/// Stochastic gradient descent with optional momentum, dampening, weight decay and Nesterov
/// momentum (`torch.optim.SGD`):
///
/// ```text
/// g = grad + weightDecay·p
/// b = g on the first step, else momentum·b + (1 − dampening)·g
/// p -= lr · (nesterov ? g + momentum·b : b)        (p -= lr·g without momentum)
/// ```
public final class SGD<Scalar: KernelScalar>: Optimizer {
    /// The hyper-parameters of the next step.
    public private(set) var hyperparameters: SGDHyperparameters
    private var slots: SlotTable<Scalar>

    public var parameters: [Parameter<Scalar>] { slots.parameters }

    public var learningRate: Double {
        get { hyperparameters.learningRate }
        set { hyperparameters.learningRate = newValue }
    }

    /// An optimizer over `parameters` (duplicates are taken once).
    /// - Precondition: non-negative rates; Nesterov needs momentum > 0 and dampening 0.
    public init(parameters: [Parameter<Scalar>], learningRate: Double, momentum: Double = 0,
                dampening: Double = 0, weightDecay: Double = 0, nesterov: Bool = false) {
        precondition(learningRate >= 0, "SGD: invalid learning rate \(learningRate)")
        precondition(momentum >= 0, "SGD: invalid momentum \(momentum)")
        precondition(weightDecay >= 0, "SGD: invalid weight decay \(weightDecay)")
        precondition(!nesterov || (momentum > 0 && dampening == 0),
                     "SGD: Nesterov momentum needs momentum > 0 and dampening 0 (momentum \(momentum), dampening \(dampening))")
        hyperparameters = SGDHyperparameters(learningRate: learningRate, momentum: momentum, dampening: dampening,
                                             weightDecay: weightDecay, nesterov: nesterov)
        slots = SlotTable(kind: "sgd", parameters: parameters, bufferNames: momentum != 0 ? ["momentum_buffer"] : [])
    }

    public func step() {
        slots.update(by: .sgd(hyperparameters))
    }

    private static var names: [String] { ["lr", "momentum", "dampening", "weight_decay", "nesterov"] }

    public func state() -> OptimizerState<Scalar> {
        let h = hyperparameters
        return slots.state(hyperparameters: Dictionary(uniqueKeysWithValues: zip(Self.names, [
            h.learningRate, h.momentum, h.dampening, h.weightDecay, h.nesterov ? 1 : 0,
        ])))
    }

    public func loadState(_ state: OptimizerState<Scalar>) throws(OptimizerStateError) {
        if let m = state.hyperparameters["momentum"], (m != 0) != (hyperparameters.momentum != 0) {
            throw OptimizerStateError("the state has momentum \(m), this optimizer \(hyperparameters.momentum): the buffers differ")
        }
        var table = slots
        let h = try table.load(state, expected: Self.names)
        if h["nesterov"]! != 0 && (h["momentum"]! <= 0 || h["dampening"]! != 0) {
            throw OptimizerStateError("Nesterov momentum needs momentum > 0 and dampening 0")
        }
        slots = table
        hyperparameters = SGDHyperparameters(learningRate: h["lr"]!, momentum: h["momentum"]!, dampening: h["dampening"]!,
                                             weightDecay: h["weight_decay"]!, nesterov: h["nesterov"]! != 0)
    }
}
