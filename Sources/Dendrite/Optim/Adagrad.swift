/// Adagrad (`torch.optim.Adagrad`):
///
/// ```text
/// g = grad + weightDecay·p
/// clr = lr / (1 + (t − 1)·lrDecay)
/// s += g²;   p -= clr · g / (√s + ε)
/// ```
/// The sum `s` starts at `initialAccumulatorValue`.
public final class Adagrad<Scalar: KernelScalar>: Optimizer {
    /// The hyper-parameters of the next step.
    public private(set) var hyperparameters: AdagradHyperparameters
    /// The starting value of every element's sum of squared gradients.
    public private(set) var initialAccumulatorValue: Double
    private var slots: SlotTable<Scalar>

    public var parameters: [Parameter<Scalar>] { slots.parameters }

    public var learningRate: Double {
        get { hyperparameters.learningRate }
        set { hyperparameters.learningRate = newValue }
    }

    /// An optimizer over `parameters` (duplicates are taken once).
    public init(parameters: [Parameter<Scalar>], learningRate: Double = 1e-2, learningRateDecay: Double = 0,
                weightDecay: Double = 0, initialAccumulatorValue: Double = 0, epsilon: Double = 1e-10) {
        precondition(learningRate >= 0 && learningRateDecay >= 0 && weightDecay >= 0 && initialAccumulatorValue >= 0 && epsilon >= 0,
                     "Adagrad: invalid hyper-parameters (lr \(learningRate), lr decay \(learningRateDecay), weight decay \(weightDecay), initial accumulator \(initialAccumulatorValue), eps \(epsilon))")
        hyperparameters = AdagradHyperparameters(learningRate: learningRate, learningRateDecay: learningRateDecay,
                                                 weightDecay: weightDecay, epsilon: epsilon)
        self.initialAccumulatorValue = initialAccumulatorValue
        slots = SlotTable(kind: "adagrad", parameters: parameters, bufferNames: ["sum"])
    }

    public func step() {
        slots.update(by: .adagrad(hyperparameters), initial: ["sum": Scalar(initialAccumulatorValue)])
    }

    private static var names: [String] { ["lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"] }

    public func state() -> OptimizerState<Scalar> {
        let h = hyperparameters
        return slots.state(hyperparameters: Dictionary(uniqueKeysWithValues: zip(Self.names, [
            h.learningRate, h.learningRateDecay, h.weightDecay, initialAccumulatorValue, h.epsilon,
        ])))
    }

    public func loadState(_ state: OptimizerState<Scalar>) throws(OptimizerStateError) {
        var table = slots
        let h = try table.load(state, expected: Self.names)
        slots = table
        hyperparameters = AdagradHyperparameters(learningRate: h["lr"]!, learningRateDecay: h["lr_decay"]!,
                                                 weightDecay: h["weight_decay"]!, epsilon: h["eps"]!)
        initialAccumulatorValue = h["initial_accumulator_value"]!
    }
}
