/// An element-wise activation function with its parameters.
///
/// Every case is computed by the C kernels in both precisions, forward and
/// backward. Names follow PyTorch (`"leaky_relu"`, `"gelu_tanh"`, …); see
/// ``Activation/init(named:)``.
public enum Activation: Hashable, Sendable, CustomStringConvertible {
    case identity
    /// 1 / (1 + e^-z), computed from e^-|z| so that it never overflows.
    case sigmoid
    case tanh
    /// max(z, 0); the derivative at 0 is taken as 0.
    case relu
    /// z for z > 0, else `slope`·z.
    case leakyReLU(slope: Double = 0.01)
    /// min(max(z, 0), ceiling): ReLU6 with the default, "clip at 2" with `ceiling: 2`.
    case clippedReLU(ceiling: Double = 6)
    /// z for z > 0, else alpha·(e^z − 1).
    case elu(alpha: Double = 1)
    /// Scaled ELU with the self-normalising constants.
    case selu
    /// z·Φ(z), the exact (erf) form.
    case gelu
    /// The tanh approximation of GELU, differentiated exactly as computed.
    case geluTanh
    /// log(1 + e^(beta·z)) / beta, linear where beta·z > threshold.
    case softplus(beta: Double = 1, threshold: Double = 20)
    /// Swish: z·sigmoid(z).
    case silu
    /// z·tanh(softplus(z)).
    case mish
    /// clamp(z/6 + 1/2, 0, 1).
    case hardSigmoid
    /// clamp(z, min, max).
    case hardTanh(min: Double = -1, max: Double = 1)

    /// Every activation with its default parameters, in kernel order.
    public static let allDefaults: [Activation] = [
        .identity, .sigmoid, .tanh, .relu, .leakyReLU(), .clippedReLU(), .elu(), .selu,
        .gelu, .geluTanh, .softplus(), .silu, .mish, .hardSigmoid, .hardTanh(),
    ]

    /// The lower-case name used on the command line and in reports, e.g. `"leaky_relu"`.
    public var name: String {
        switch self {
        case .identity: "identity"
        case .sigmoid: "sigmoid"
        case .tanh: "tanh"
        case .relu: "relu"
        case .leakyReLU: "leaky_relu"
        case .clippedReLU: "clipped_relu"
        case .elu: "elu"
        case .selu: "selu"
        case .gelu: "gelu"
        case .geluTanh: "gelu_tanh"
        case .softplus: "softplus"
        case .silu: "silu"
        case .mish: "mish"
        case .hardSigmoid: "hard_sigmoid"
        case .hardTanh: "hard_tanh"
        }
    }

    /// Accepted spellings besides ``name``.
    private static let aliases: [String: Activation] = [
        "linear": .identity, "none": .identity, "swish": .silu, "relu6": .clippedReLU(ceiling: 6),
        "hardtanh": .hardTanh(), "hardsigmoid": .hardSigmoid, "leakyrelu": .leakyReLU(),
    ]

    /// The names ``init(named:)`` accepts, for help texts and error messages.
    public static var validNames: [String] { allDefaults.map(\.name) }

    /// Looks an activation up by name (case-insensitive, `-` and `_` alike), with default
    /// parameters. A parameter may follow a colon: `"leaky_relu:0.2"`, `"clipped_relu:2"`,
    /// `"elu:0.5"`, `"softplus:2"`, `"hard_tanh:-2:2"`.
    ///
    /// - Throws: ``ActivationNameError`` listing the valid names.
    public init(named text: String) throws(ActivationNameError) {
        let parts = text.lowercased().split(separator: ":", omittingEmptySubsequences: false)
        let head = parts[0].replacingOccurrences(of: "-", with: "_")
        let base = Activation.allDefaults.first { $0.name == head }
            ?? Activation.aliases[head.replacingOccurrences(of: "_", with: "")]
        guard let base else { throw ActivationNameError(name: text) }
        let values = parts.dropFirst().map { Double($0) }
        if values.contains(where: { $0 == nil }) { throw ActivationNameError(name: text) }
        let numbers = values.compactMap { $0 }
        switch (base, numbers.count) {
        case (_, 0): self = base
        case (.leakyReLU, 1): self = .leakyReLU(slope: numbers[0])
        case (.clippedReLU, 1): self = .clippedReLU(ceiling: numbers[0])
        case (.elu, 1): self = .elu(alpha: numbers[0])
        case (.softplus, 1): self = .softplus(beta: numbers[0])
        case (.softplus, 2): self = .softplus(beta: numbers[0], threshold: numbers[1])
        case (.hardTanh, 2): self = .hardTanh(min: numbers[0], max: numbers[1])
        default: throw ActivationNameError(name: text)
        }
    }

    public var description: String {
        switch self {
        case .leakyReLU(let slope): "leaky_relu(slope: \(slope))"
        case .clippedReLU(let ceiling): "clipped_relu(ceiling: \(ceiling))"
        case .elu(let alpha): "elu(alpha: \(alpha))"
        case .softplus(let beta, let threshold): "softplus(beta: \(beta), threshold: \(threshold))"
        case .hardTanh(let lo, let hi): "hard_tanh(min: \(lo), max: \(hi))"
        default: name
        }
    }
}

/// An activation name that ``Activation/init(named:)`` does not know.
public struct ActivationNameError: Error, CustomStringConvertible, Equatable {
    public var name: String
    public var description: String {
        "unknown activation '\(name)'; valid names: \(Activation.validNames.joined(separator: ", "))"
            + " (a parameter may follow a colon, e.g. leaky_relu:0.2, clipped_relu:2)"
    }
}

extension Activation: Codable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try Activation(named: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    /// Encodes as the name with its parameters, e.g. "leaky_relu:0.2" (what ``init(named:)`` reads).
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(parameterizedName)
    }

    /// The name with any non-default parameters after colons: `leaky_relu:0.2`, `hard_tanh:-2:2`.
    public var parameterizedName: String {
        switch self {
        case .leakyReLU(let s): s == 0.01 ? name : "\(name):\(s)"
        case .clippedReLU(let c): c == 6 ? name : "\(name):\(c)"
        case .elu(let a): a == 1 ? name : "\(name):\(a)"
        case .softplus(let b, let t): b == 1 && t == 20 ? name : "\(name):\(b):\(t)"
        case .hardTanh(let lo, let hi): lo == -1 && hi == 1 ? name : "\(name):\(lo):\(hi)"
        default: name
        }
    }
}
