internal import CDendrite

extension Reduction {
    var c: dd_reduction {
        switch self {
        case .none: DD_REDUCE_NONE
        case .sum: DD_REDUCE_SUM
        case .mean: DD_REDUCE_MEAN
        }
    }
}

extension Activation {
    /// The kernel's enum and parameter block for this activation.
    var cKernel: (dd_act, dd_act_params) {
        var p = dd_act_params_default()
        let kind: dd_act
        switch self {
        case .identity: kind = DD_ACT_IDENTITY
        case .sigmoid: kind = DD_ACT_SIGMOID
        case .tanh: kind = DD_ACT_TANH
        case .relu: kind = DD_ACT_RELU
        case .leakyReLU(let slope): kind = DD_ACT_LEAKY_RELU; p.slope = slope
        case .clippedReLU(let ceiling): kind = DD_ACT_CLIPPED_RELU; p.ceiling = ceiling
        case .elu(let alpha): kind = DD_ACT_ELU; p.alpha = alpha
        case .selu: kind = DD_ACT_SELU
        case .gelu: kind = DD_ACT_GELU
        case .geluTanh: kind = DD_ACT_GELU_TANH
        case .softplus(let beta, let threshold): kind = DD_ACT_SOFTPLUS; p.beta = beta; p.threshold = threshold
        case .silu: kind = DD_ACT_SILU
        case .mish: kind = DD_ACT_MISH
        case .hardSigmoid: kind = DD_ACT_HARD_SIGMOID
        case .hardTanh(let lo, let hi): kind = DD_ACT_HARD_TANH; p.min_val = lo; p.max_val = hi
        }
        return (kind, p)
    }

    /// The C library's name for this activation (tests check it equals ``name``).
    public var kernelName: String { String(cString: dd_act_name(cKernel.0)) }
}
