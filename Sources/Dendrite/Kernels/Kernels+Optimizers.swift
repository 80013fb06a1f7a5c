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
        var config = dd_sgd_config(lr: h.learningRate, momentum: h.momentum, dampening: h.dampening,
                                   weight_decay: h.weightDecay, nesterov: h.nesterov ? 1 : 0)
        T.kernels.sgd(Int64(parameter.count), &config, Int64(step), gradient.baseAddress,
                       parameter.baseAddress, momentumBuffer?.baseAddress)
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
        var config = dd_adam_config(lr: h.learningRate, beta1: h.beta1, beta2: h.beta2, eps: h.epsilon,
                                    weight_decay: h.weightDecay, amsgrad: h.amsgrad ? 1 : 0)
        let run = decoupledWeightDecay ? T.kernels.adamw : T.kernels.adam
        run(Int64(parameter.count), &config, Int64(step), gradient.baseAddress, parameter.baseAddress,
            m.baseAddress, v.baseAddress, vMax?.baseAddress)
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
        var config = dd_rmsprop_config(lr: h.learningRate, alpha: h.alpha, eps: h.epsilon,
                                       weight_decay: h.weightDecay, momentum: h.momentum, centered: h.centered ? 1 : 0)
        T.kernels.rmsprop(Int64(parameter.count), &config, gradient.baseAddress, parameter.baseAddress,
                           squareAverage.baseAddress, gradientAverage?.baseAddress, momentumBuffer?.baseAddress)
    }

    /// One Adagrad step. Initialise `stateSum` to the initial accumulator value.
    public static func adagradUpdate<T: KernelScalar>(
        _ h: AdagradHyperparameters, step: Int, gradient: UnsafeBufferPointer<T>,
        parameter: UnsafeMutableBufferPointer<T>, stateSum: UnsafeMutableBufferPointer<T>
    ) throws {
        try checkStep("adagrad", step)
        try checkSameCount("adagrad", [("gradient", gradient.count), ("parameter", parameter.count), ("state sum", stateSum.count)])
        var config = dd_adagrad_config(lr: h.learningRate, lr_decay: h.learningRateDecay,
                                       weight_decay: h.weightDecay, eps: h.epsilon)
        T.kernels.adagrad(Int64(parameter.count), &config, Int64(step), gradient.baseAddress,
                           parameter.baseAddress, stateSum.baseAddress)
    }
}
