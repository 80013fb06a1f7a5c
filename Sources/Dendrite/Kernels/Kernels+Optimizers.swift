internal import CDendrite

extension Kernels {
    // MARK: Optimizer updates (fused, PyTorch semantics; `step` counts from 1)

    /// One SGD step. `momentumBuffer` is required when `momentum > 0`.
    public static func sgdUpdate<T: KernelScalar>(
        _ h: SGDHyperparameters, step: Int, gradient: UnsafeBufferPointer<T>,
        parameter: UnsafeMutableBufferPointer<T>, momentumBuffer: UnsafeMutableBufferPointer<T>? = nil
    ) throws {
        try checkStep("sgd", step)
        if h.nesterov && (h.momentum <= 0 || h.dampening != 0) {
            throw KernelError("sgd", "Nesterov momentum needs momentum > 0 and dampening 0 (momentum \(h.momentum), dampening \(h.dampening))")
        }
        var buffers = [("gradient", gradient.count), ("parameter", parameter.count)]
        if h.momentum != 0 {
            guard let momentumBuffer else { throw KernelError("sgd", "momentum \(h.momentum) needs a momentum buffer") }
            buffers.append(("momentum buffer", momentumBuffer.count))
        }
        try checkSameCount("sgd", buffers)
        UpdateRule.sgd(h).run(step: step, count: parameter.count, gradient.baseAddress, parameter.baseAddress, momentumBuffer?.baseAddress, nil, nil)
    }

    /// One Adam step, or AdamW (decoupled weight decay) when `decoupledWeightDecay` is true.
    /// `vMax` is required with amsgrad.
    public static func adamUpdate<T: KernelScalar>(
        _ h: AdamHyperparameters, decoupledWeightDecay: Bool = false, step: Int,
        gradient: UnsafeBufferPointer<T>, parameter: UnsafeMutableBufferPointer<T>,
        m: UnsafeMutableBufferPointer<T>, v: UnsafeMutableBufferPointer<T>,
        vMax: UnsafeMutableBufferPointer<T>? = nil
    ) throws {
        let op = decoupledWeightDecay ? "adamw" : "adam"
        try checkStep(op, step)
        var buffers = [("gradient", gradient.count), ("parameter", parameter.count), ("m", m.count), ("v", v.count)]
        if h.amsgrad {
            guard let vMax else { throw KernelError(op, "amsgrad needs a vMax buffer") }
            buffers.append(("vMax", vMax.count))
        }
        try checkSameCount(op, buffers)
        UpdateRule.adam(h, decoupled: decoupledWeightDecay)
            .run(step: step, count: parameter.count, gradient.baseAddress, parameter.baseAddress, m.baseAddress, v.baseAddress, vMax?.baseAddress)
    }

    /// One RMSProp step. `gradientAverage` is required when centered, `momentumBuffer` when
    /// momentum > 0.
    public static func rmspropUpdate<T: KernelScalar>(
        _ h: RMSPropHyperparameters, gradient: UnsafeBufferPointer<T>,
        parameter: UnsafeMutableBufferPointer<T>, squareAverage: UnsafeMutableBufferPointer<T>,
        gradientAverage: UnsafeMutableBufferPointer<T>? = nil,
        momentumBuffer: UnsafeMutableBufferPointer<T>? = nil
    ) throws {
        var buffers = [("gradient", gradient.count), ("parameter", parameter.count), ("square average", squareAverage.count)]
        if h.centered {
            guard let gradientAverage else { throw KernelError("rmsprop", "centered RMSProp needs a gradient-average buffer") }
            buffers.append(("gradient average", gradientAverage.count))
        }
        if h.momentum != 0 {
            guard let momentumBuffer else { throw KernelError("rmsprop", "momentum \(h.momentum) needs a momentum buffer") }
            buffers.append(("momentum buffer", momentumBuffer.count))
        }
        try checkSameCount("rmsprop", buffers)
        UpdateRule.rmsprop(h).run(step: 1, count: parameter.count, gradient.baseAddress, parameter.baseAddress, squareAverage.baseAddress,
                                  h.centered ? gradientAverage?.baseAddress : momentumBuffer?.baseAddress,
                                  h.centered ? momentumBuffer?.baseAddress : nil)
    }

    /// One Adagrad step. Initialise `stateSum` to the initial accumulator value.
    public static func adagradUpdate<T: KernelScalar>(
        _ h: AdagradHyperparameters, step: Int, gradient: UnsafeBufferPointer<T>,
        parameter: UnsafeMutableBufferPointer<T>, stateSum: UnsafeMutableBufferPointer<T>
    ) throws {
        try checkStep("adagrad", step)
        try checkSameCount("adagrad", [("gradient", gradient.count), ("parameter", parameter.count), ("state sum", stateSum.count)])
        UpdateRule.adagrad(h).run(step: step, count: parameter.count, gradient.baseAddress, parameter.baseAddress, stateSum.baseAddress, nil, nil)
    }
}
