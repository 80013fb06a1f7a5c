// Optimizer updates on tensors: the optimizers name a rule, this file hands the parameter,
// its gradient and the rule's buffers to the fused C kernel.

/// One fused optimizer update with its hyper-parameters.
enum UpdateRule: Sendable {
    case sgd(SGDHyperparameters)
    /// Adam, or AdamW when `decoupled`.
    case adam(AdamHyperparameters, decoupled: Bool)
    case rmsprop(RMSPropHyperparameters)
    case adagrad(AdagradHyperparameters)
}

extension Tensor {
    /// Updates these values in place by `rule` from `gradient` and the rule's `buffers` (in
    /// the optimizer's buffer order, at most three), which are updated too.
    /// - Throws: ``KernelError`` when a size differs or the hyper-parameters are inconsistent.
    mutating func update(by rule: UpdateRule, step: Int, gradient: Tensor, buffers: inout [Tensor]) throws {
        let empty = Tensor(shape: [0], storage: [])
        let count = buffers.count
        precondition(count <= 3, "an optimizer keeps at most three buffers per parameter")
        // Move the buffers out of the array so that each is uniquely referenced while written.
        var b = (count > 0 ? buffers[0] : empty, count > 1 ? buffers[1] : empty, count > 2 ? buffers[2] : empty)
        buffers = []
        defer { buffers = Array([b.0, b.1, b.2].prefix(count)) }
        try gradient.scalars.withUnsafeBufferPointer { g in
            try scalars.withUnsafeMutableBufferPointer { p in
                try b.0.scalars.withUnsafeMutableBufferPointer { b0 in
                    try b.1.scalars.withUnsafeMutableBufferPointer { b1 in
                        try b.2.scalars.withUnsafeMutableBufferPointer { b2 in
                            let state = Array([b0, b1, b2].prefix(count))
                            switch rule {
                            case .sgd(let h):
                                try Kernels.sgdUpdate(h, step: step, gradient: g, parameter: p, momentumBuffer: state.first)
                            case .adam(let h, let decoupled):
                                try Kernels.adamUpdate(h, decoupledWeightDecay: decoupled, step: step, gradient: g, parameter: p,
                                                       m: state[0], v: state[1], vMax: h.amsgrad ? state[2] : nil)
                            case .rmsprop(let h):
                                try Kernels.rmspropUpdate(h, gradient: g, parameter: p, squareAverage: state[0],
                                                          gradientAverage: h.centered ? state[1] : nil,
                                                          momentumBuffer: h.momentum > 0 ? state.last : nil)
                            case .adagrad(let h):
                                try Kernels.adagradUpdate(h, step: step, gradient: g, parameter: p, stateSum: state[0])
                            }
                        }
                    }
                }
            }
        }
    }
}
