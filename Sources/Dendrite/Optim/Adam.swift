/// Adam (`torch.optim.Adam`), with L2 weight decay added to the gradient and optional
/// AMSGrad:
///
/// ```text
/// g = grad + weightDecay·p
/// m = β₁·m + (1 − β₁)·g,   v = β₂·v + (1 − β₂)·g²      (v̂ = max(v̂, v) with amsgrad)
/// p -= lr / (1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
/// ```
///
/// The step count `t` is kept per parameter, so a parameter that had no gradient for a
/// while is bias-corrected by its own number of updates, as in PyTorch.
public class Adam<Scalar: KernelScalar>: Optimizer {
    /// The hyper-parameters of the next step.
    public private(set) var hyperparameters: AdamHyperparameters
    private var slots: SlotTable<Scalar>
    private let decoupled: Bool

    public var parameters: [Parameter<Scalar>] { slots.parameters }

    public var learningRate: Double {
        get { hyperparameters.learningRate }
        set { hyperparameters.learningRate = newValue }
    }

    /// An optimizer over `parameters` (duplicates are taken once).
    public convenience init(parameters: [Parameter<Scalar>], learningRate: Double = 1e-3, beta1: Double = 0.9,
                            beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0, amsgrad: Bool = false) {
        self.init(parameters, AdamHyperparameters(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
                                                  weightDecay: weightDecay, amsgrad: amsgrad), decoupled: false)
    }

    init(_ parameters: [Parameter<Scalar>], _ h: AdamHyperparameters, decoupled: Bool) {
        let name = decoupled ? "AdamW" : "Adam"
        precondition(h.learningRate >= 0, "\(name): invalid learning rate \(h.learningRate)")
        precondition((0 ..< 1).contains(h.beta1) && (0 ..< 1).contains(h.beta2),
                     "\(name): betas must be in [0, 1), got (\(h.beta1), \(h.beta2))")
        precondition(h.epsilon >= 0 && h.weightDecay >= 0, "\(name): invalid epsilon \(h.epsilon) or weight decay \(h.weightDecay)")
        hyperparameters = h
        self.decoupled = decoupled
        slots = SlotTable(kind: decoupled ? "adamw" : "adam", parameters: parameters,
                          bufferNames: h.amsgrad ? ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"] : ["exp_avg", "exp_avg_sq"])
    }

    public func step() {
        slots.update(by: .adam(hyperparameters, decoupled: decoupled))
    }

    private static var names: [String] { ["lr", "betas.0", "betas.1", "eps", "weight_decay", "amsgrad"] }

    public func state() -> OptimizerState<Scalar> {
        let h = hyperparameters
        return slots.state(hyperparameters: Dictionary(uniqueKeysWithValues: zip(Self.names, [
            h.learningRate, h.beta1, h.beta2, h.epsilon, h.weightDecay, h.amsgrad ? 1 : 0,
        ])))
    }

    public func loadState(_ state: OptimizerState<Scalar>) throws(OptimizerStateError) {
        if let a = state.hyperparameters["amsgrad"], (a != 0) != hyperparameters.amsgrad {
            throw OptimizerStateError("the state has amsgrad \(a != 0), this optimizer \(hyperparameters.amsgrad): the buffers differ")
        }
        var table = slots
        let h = try table.load(state, expected: Self.names)
        slots = table
        hyperparameters = AdamHyperparameters(learningRate: h["lr"]!, beta1: h["betas.0"]!, beta2: h["betas.1"]!,
                                              epsilon: h["eps"]!, weightDecay: h["weight_decay"]!, amsgrad: h["amsgrad"]! != 0)
    }
}

/// Adam with decoupled weight decay (`torch.optim.AdamW`): each step first shrinks the
/// parameters, `p *= 1 − lr·weightDecay`, instead of adding `weightDecay·p` to the gradient.
public final class AdamW<Scalar: KernelScalar>: Adam<Scalar> {
    /// An optimizer over `parameters`; the weight decay defaults to 0.01 as in PyTorch.
    public init(parameters: [Parameter<Scalar>], learningRate: Double = 1e-3, beta1: Double = 0.9,
                beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 1e-2, amsgrad: Bool = false) {
        super.init(parameters, AdamHyperparameters(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
                                                   weightDecay: weightDecay, amsgrad: amsgrad), decoupled: true)
    }
}
