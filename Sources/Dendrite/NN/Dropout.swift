/// Inverted dropout: in training, each element is zeroed with probability `p` and the
/// survivors are scaled by 1/(1 − p), so evaluation needs no rescaling. Off in evaluation
/// mode.
///
/// The masks come from the layer's own ``generator``, seeded at construction: the same
/// seed gives the same masks. Give each dropout layer in a network its own seed.
public final class Dropout<Scalar: KernelScalar>: Module {
    /// The probability of zeroing an element, in [0, 1].
    public let p: Double
    /// The generator the masks are drawn from; assign a fresh one to replay masks.
    public var generator: SeededGenerator
    public var isTraining = true

    /// A dropout layer zeroing with probability `p`, its masks drawn from `seed`.
    public init(p: Double = 0.5, seed: UInt64 = 0) {
        precondition((0 ... 1).contains(p), "Dropout: p must be in [0, 1], got \(p)")
        self.p = p
        generator = SeededGenerator(seed: seed)
    }

    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        guard isTraining, p > 0 else { return x }
        // The same draws as dropoutMask(_:p:using:), from this layer's generator, so that a
        // compiled step draws a new mask at every replay.
        let (p, keep) = (p, p < 1 ? Scalar(1 / (1 - p)) : 0)
        return x * Tensor.drawn(x.shape) { [self] in Double.random(in: 0 ..< 1, using: &self.generator) < p ? 0 : keep }
    }
}

extension Dropout: CustomStringConvertible {
    public var description: String { "Dropout(p: \(p))" }
}

/// `x` times a random mask of 0 (probability `p`) and 1/(1 − p): inverted dropout, as
/// a recorded product (the gradient is the mask).
public func dropout<Scalar: KernelScalar, G: RandomNumberGenerator>(
    _ x: Tensor<Scalar>, p: Double, using generator: inout G
) -> Tensor<Scalar> {
    precondition((0 ... 1).contains(p), "dropout: p must be in [0, 1], got \(p)")
    if p == 0 { return x }
    return x * dropoutMask(x.shape, p: p, using: &generator)
}

/// A dropout mask: each element 0 with probability `p`, else 1/(1 − p) (all zeros for p = 1).
public func dropoutMask<Scalar: KernelScalar, G: RandomNumberGenerator>(
    _ shape: [Int], p: Double, using generator: inout G
) -> Tensor<Scalar> {
    Tracing.refuse("dropoutMask(_:p:using:) draws from a generator a compiled plan cannot keep; use the Dropout layer")
    let keep = p < 1 ? Scalar(1 / (1 - p)) : 0
    let count = shape.reduce(1, *)
    var values = ContiguousArray<Scalar>()
    values.reserveCapacity(count)
    for _ in 0 ..< count { values.append(Double.random(in: 0 ..< 1, using: &generator) < p ? 0 : keep) }
    return Tensor(shape: shape, storage: values)
}
