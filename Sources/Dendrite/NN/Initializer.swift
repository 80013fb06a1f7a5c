import Foundation

/// How a layer's weights are drawn, following `torch.nn.init`.
///
/// For a weight of shape `[fanOut, fanIn]`:
///
/// | initializer | distribution |
/// |---|---|
/// | ``pytorchDefault`` | U(±1/√fanIn) (`kaiming_uniform_` with a = √5), bias U(±1/√fanIn) |
/// | ``xavierUniform(gain:)`` | U(±gain·√(6 / (fanIn + fanOut))) |
/// | ``xavierNormal(gain:)`` | N(0, gain·√(2 / (fanIn + fanOut))) |
/// | ``kaimingUniform(negativeSlope:mode:)`` | U(±√3·gain/√fan), gain = √(2 / (1 + slope²)) |
/// | ``kaimingNormal(negativeSlope:mode:)`` | N(0, gain/√fan) |
/// | ``zeros`` | 0 |
///
/// Biases start at zero except with ``pytorchDefault``, which draws them from U(±1/√fanIn)
/// as `nn.Linear` does. Draws come from the generator passed to the layer, weight first.
public enum Initializer: Sendable, Hashable, CustomStringConvertible {
    /// `nn.Linear`'s own initialisation.
    case pytorchDefault
    /// Xavier / Glorot uniform; use ``gain(for:)`` for the activation that follows.
    case xavierUniform(gain: Double = 1)
    /// Xavier / Glorot normal.
    case xavierNormal(gain: Double = 1)
    /// He / Kaiming uniform for a (leaky) ReLU with `negativeSlope` (0 for ReLU).
    case kaimingUniform(negativeSlope: Double = 0, mode: FanMode = .fanIn)
    /// He / Kaiming normal.
    case kaimingNormal(negativeSlope: Double = 0, mode: FanMode = .fanIn)
    /// All weights zero (symmetric: for experiments that show why random starts matter).
    case zeros

    /// Which fan Kaiming initialisation preserves the variance of.
    public enum FanMode: Sendable, Hashable {
        /// The forward pass (inputs per unit).
        case fanIn
        /// The backward pass (outputs per unit).
        case fanOut
    }

    /// Glorot's name for ``xavierUniform(gain:)`` with gain 1.
    public static var glorotUniform: Initializer { .xavierUniform() }
    /// Glorot's name for ``xavierNormal(gain:)`` with gain 1.
    public static var glorotNormal: Initializer { .xavierNormal() }
    /// He's name for ``kaimingUniform(negativeSlope:mode:)`` for ReLU.
    public static var heUniform: Initializer { .kaimingUniform() }
    /// He's name for ``kaimingNormal(negativeSlope:mode:)`` for ReLU.
    public static var heNormal: Initializer { .kaimingNormal() }

    /// The recommended gain for an activation (`torch.nn.init.calculate_gain`): 5/3 for
    /// tanh, √2 for ReLU, √(2 / (1 + slope²)) for leaky ReLU, 3/4 for SELU, 1 otherwise.
    public static func gain(for activation: Activation) -> Double {
        switch activation {
        case .tanh: 5.0 / 3
        case .relu: 2.0.squareRoot()
        case .leakyReLU(let slope): (2 / (1 + slope * slope)).squareRoot()
        case .selu: 0.75
        default: 1
        }
    }

    /// The standard deviation of the weights for `[fanOut, fanIn]` (0 for ``zeros``).
    public func standardDeviation(fanIn: Int, fanOut: Int) -> Double {
        switch self {
        case .pytorchDefault: 1 / (3 * Double(fanIn)).squareRoot()
        case .xavierUniform(let gain), .xavierNormal(let gain): gain * (2 / Double(fanIn + fanOut)).squareRoot()
        case let .kaimingUniform(slope, mode), let .kaimingNormal(slope, mode):
            (2 / (1 + slope * slope)).squareRoot() / Double(mode == .fanIn ? fanIn : fanOut).squareRoot()
        case .zeros: 0
        }
    }

    /// A `[fanOut, fanIn]` weight drawn with `generator`.
    public func weight<Scalar: KernelScalar, G: RandomNumberGenerator>(
        fanIn: Int, fanOut: Int, using generator: inout G
    ) -> Tensor<Scalar> {
        let shape = [fanOut, fanIn]
        let std = standardDeviation(fanIn: fanIn, fanOut: fanOut)
        guard fanIn > 0, fanOut > 0, std > 0, std.isFinite else { return .zeros(shape) }
        switch self {
        case .xavierNormal, .kaimingNormal:
            return .normal(shape, mean: 0, standardDeviation: Scalar(std), using: &generator)
        default:
            return Self.uniform(shape, bound: 3.0.squareRoot() * std, using: &generator)
        }
    }

    /// U(±bound), drawn in Double so that Float and Double layers from one seed agree.
    static func uniform<Scalar: KernelScalar, G: RandomNumberGenerator>(
        _ shape: [Int], bound: Double, using generator: inout G
    ) -> Tensor<Scalar> {
        let count = shape.reduce(1, *)
        var values = ContiguousArray<Scalar>()
        values.reserveCapacity(count)
        for _ in 0 ..< count { values.append(Scalar(Double.random(in: -bound ... bound, using: &generator))) }
        return Tensor(shape: shape, storage: values)
    }

    /// A `[fanOut]` bias: U(±1/√fanIn) for ``pytorchDefault``, zeros otherwise.
    public func bias<Scalar: KernelScalar, G: RandomNumberGenerator>(
        fanIn: Int, fanOut: Int, using generator: inout G
    ) -> Tensor<Scalar> {
        guard self == .pytorchDefault, fanIn > 0 else { return .zeros([fanOut]) }
        return Self.uniform([fanOut], bound: 1 / Double(fanIn).squareRoot(), using: &generator)
    }

    public var description: String {
        switch self {
        case .pytorchDefault: "pytorch_default"
        case .xavierUniform(let gain): "xavier_uniform(gain: \(gain))"
        case .xavierNormal(let gain): "xavier_normal(gain: \(gain))"
        case let .kaimingUniform(slope, mode): "kaiming_uniform(negativeSlope: \(slope), mode: \(mode))"
        case let .kaimingNormal(slope, mode): "kaiming_normal(negativeSlope: \(slope), mode: \(mode))"
        case .zeros: "zeros"
        }
    }
}

extension Initializer {
    /// The names ``init(named:)`` accepts.
    public static let validNames = ["xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal", "pytorch", "zeros"]

    /// An initialiser by name, as on the command line: `xavier_uniform` (alias `glorot_uniform`),
    /// `xavier_normal` (`glorot_normal`), `kaiming_uniform` (`he_uniform`), `kaiming_normal`
    /// (`he_normal`), `pytorch` (PyTorch's default), `zeros`.
    public init?(named text: String) {
        switch text.lowercased().replacingOccurrences(of: "-", with: "_") {
        case "xavier_uniform", "glorot_uniform", "xavier", "glorot": self = .xavierUniform()
        case "xavier_normal", "glorot_normal": self = .xavierNormal()
        case "kaiming_uniform", "he_uniform", "kaiming", "he": self = .kaimingUniform()
        case "kaiming_normal", "he_normal": self = .kaimingNormal()
        case "pytorch", "pytorch_default", "default": self = .pytorchDefault
        case "zeros": self = .zeros
        default: return nil
        }
    }
}
