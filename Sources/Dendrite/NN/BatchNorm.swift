/// Batch normalisation over the features of `[batch, features]` inputs, with PyTorch's
/// semantics (`nn.BatchNorm1d`).
///
/// In training, each feature is normalised with the batch mean and the *biased* batch
/// variance, `y = (x − mean) / √(var + eps) · weight + bias`, and the running statistics
/// move towards the batch's: `running = (1 − momentum)·running + momentum·batch`, where the
/// running variance takes the *unbiased* batch variance (n/(n − 1) times the biased one).
/// In evaluation mode the running statistics replace the batch's. The forward pass is
/// built from recorded tensor ops, so the backward is exact.
public final class BatchNorm1d<Scalar: KernelScalar>: Module {
    /// The number of features (columns) normalised.
    public let features: Int
    /// Added to the variance before the square root.
    public let epsilon: Double
    /// The weight of the newest batch in the running statistics.
    public let momentum: Double
    /// The scale γ, `[features]`, starting at 1 (nil without `affine`).
    public let weight: Parameter<Scalar>?
    /// The shift β, `[features]`, starting at 0 (nil without `affine`).
    public let bias: Parameter<Scalar>?
    /// The running mean, `[features]`, starting at 0.
    public let runningMean: Buffer<Scalar>
    /// The running (unbiased) variance, `[features]`, starting at 1.
    public let runningVariance: Buffer<Scalar>
    public var isTraining = true

    /// A batch-norm layer for `features` columns.
    public init(features: Int, epsilon: Double = 1e-5, momentum: Double = 0.1, affine: Bool = true) {
        precondition(features > 0, "BatchNorm1d: features must be positive, got \(features)")
        self.features = features
        self.epsilon = epsilon
        self.momentum = momentum
        weight = affine ? Parameter(.ones([features])) : nil
        bias = affine ? Parameter(.zeros([features])) : nil
        runningMean = Buffer(.zeros([features]))
        runningVariance = Buffer(.ones([features]))
    }

    /// PyTorch's state-dict names.
    public var ownBuffers: [(name: String, buffer: Buffer<Scalar>)] {
        [("running_mean", runningMean), ("running_var", runningVariance)]
    }

    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        precondition(x.rank == 2 && x.shape[1] == features,
                     "BatchNorm1d: expected input [batch, \(features)], got shape \(x.shape)")
        let normalised: Tensor<Scalar>
        if isTraining {
            let n = x.shape[0]
            precondition(n > 1, "BatchNorm1d: training needs more than one sample per feature, got input shape \(x.shape)")
            let mean = x.mean(alongAxis: 0)
            let centered = x - mean
            let variance = centered.squared().mean(alongAxis: 0)
            normalised = centered / (variance + Scalar(epsilon)).sqrt()
            noGrad {
                let m = Scalar(momentum)
                runningMean.value = runningMean.value * (1 - m) + mean.detached() * m
                let unbiased = variance.detached() * Scalar(Double(n) / Double(n - 1))
                runningVariance.value = runningVariance.value * (1 - m) + unbiased * m
            }
        } else {
            normalised = (x - runningMean.value) / (runningVariance.value + Scalar(epsilon)).sqrt()
        }
        guard let weight, let bias else { return normalised }
        return normalised * weight.value + bias.value
    }
}

extension BatchNorm1d: CustomStringConvertible {
    public var description: String { "BatchNorm1d(features: \(features), epsilon: \(epsilon), momentum: \(momentum), affine: \(weight != nil))" }
}
