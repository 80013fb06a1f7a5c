internal import CDendrite

// Optimizer updates on tensors: the optimizers name a rule, this file hands the parameter,
// its gradient and the rule's buffers to the fused C kernel.

/// One fused optimizer update with its hyper-parameters.
enum UpdateRule: Sendable {
    case sgd(SGDHyperparameters)
    /// Adam, or AdamW when `decoupled`.
    case adam(AdamHyperparameters, decoupled: Bool)
    case rmsprop(RMSPropHyperparameters)
    case adagrad(AdagradHyperparameters)

    /// Calls the kernel. The buffers are the rule's state in the optimizer's order (nil
    /// where the rule does not use one); sizes were checked by the caller.
    func run<T: KernelScalar>(
        step: Int, count: Int, _ g: UnsafePointer<T>?, _ p: UnsafeMutablePointer<T>?,
        _ s0: UnsafeMutablePointer<T>?, _ s1: UnsafeMutablePointer<T>?, _ s2: UnsafeMutablePointer<T>?
    ) {
        let n = Int64(count)
        switch self {
        case .sgd(let h):
            var config = dd_sgd_config(lr: h.learningRate, momentum: h.momentum, dampening: h.dampening,
                                       weight_decay: h.weightDecay, nesterov: h.nesterov ? 1 : 0)
            T.kernels.sgd(n, &config, Int64(step), g, p, h.momentum != 0 ? s0 : nil)
        case .adam(let h, let decoupled):
            var config = dd_adam_config(lr: h.learningRate, beta1: h.beta1, beta2: h.beta2, eps: h.epsilon,
                                        weight_decay: h.weightDecay, amsgrad: h.amsgrad ? 1 : 0)
            (decoupled ? T.kernels.adamw : T.kernels.adam)(n, &config, Int64(step), g, p, s0, s1, h.amsgrad ? s2 : nil)
        case .rmsprop(let h):
            var config = dd_rmsprop_config(lr: h.learningRate, alpha: h.alpha, eps: h.epsilon,
                                           weight_decay: h.weightDecay, momentum: h.momentum, centered: h.centered ? 1 : 0)
            // Buffers in order: square average, then the gradient average when centered, then momentum.
            let momentum = h.momentum > 0 ? (h.centered ? s2 : s1) : nil
            T.kernels.rmsprop(n, &config, g, p, s0, h.centered ? s1 : nil, momentum)
        case .adagrad(let h):
            var config = dd_adagrad_config(lr: h.learningRate, lr_decay: h.learningRateDecay,
                                           weight_decay: h.weightDecay, eps: h.epsilon)
            T.kernels.adagrad(n, &config, Int64(step), g, p, s0)
        }
    }
}

extension Tensor {
    /// Updates these values in place by `rule` from `gradient` and the rule's state buffers
    /// (in the optimizer's order; empty tensors where the rule keeps fewer), which are
    /// updated too. Allocates nothing when the buffers are uniquely held.
    mutating func update(by rule: UpdateRule, step: Int, gradient: Tensor, state s0: inout Tensor, _ s1: inout Tensor, _ s2: inout Tensor) {
        let n = count
        precondition(gradient.count == n, "optimizer: the gradient has shape \(gradient.shape) but the parameter has shape \(shape)")
        precondition((s0.count == 0 || s0.count == n) && (s1.count == 0 || s1.count == n) && (s2.count == 0 || s2.count == n),
                     "optimizer: a state buffer does not match the parameter \(shape)")
        gradient.reading { g in
            writing { p in
                s0.writing { b0 in
                    s1.writing { b1 in
                        s2.writing { b2 in rule.run(step: step, count: n, g, p, b0, b1, b2) }
                    }
                }
            }
        }
    }
}
