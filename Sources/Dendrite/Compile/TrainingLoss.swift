/// The loss of a classification training step, computed from a batch: what a
/// ``CompiledStep`` replays, and what an eager loop can call the same way.
///
/// ```swift
/// let loss = TrainingLoss.crossEntropy()(model(batch.features), batch)
/// ```
public enum TrainingLoss: Sendable, Hashable {
    /// ``crossEntropy(_:labels:reduction:)`` of logits against the labels.
    case crossEntropy(reduction: Reduction = .mean)
    /// ``nllLoss(_:labels:reduction:)`` of log-probabilities against the labels.
    case nll(reduction: Reduction = .mean)
    /// ``binaryCrossEntropy(_:_:reduction:)`` of `[n, 1]` probabilities against the 0/1 labels.
    case binaryCrossEntropy(reduction: Reduction = .mean)
    /// ``binaryCrossEntropyWithLogits(_:_:reduction:)`` of `[n, 1]` logits against the 0/1 labels.
    case binaryCrossEntropyWithLogits(reduction: Reduction = .mean)
    /// ``mseLoss(_:_:reduction:)`` of `[n, 1]` outputs against the labels as numbers.
    case mse(reduction: Reduction = .mean)

    /// Whether the loss reads the labels as a `[n, 1]` column of values (else as integers).
    var usesTargetColumn: Bool {
        switch self {
        case .crossEntropy, .nll: false
        case .binaryCrossEntropy, .binaryCrossEntropyWithLogits, .mse: true
        }
    }

    /// The loss of `output` for `batch`.
    public func callAsFunction<Scalar>(_ output: Tensor<Scalar>, _ batch: Batch<Scalar>) -> Tensor<Scalar> {
        self(output, labels: batch.labels, targets: usesTargetColumn ? batch.binaryTargets : nil)
    }

    /// The loss with the targets column made once by the caller.
    func callAsFunction<Scalar>(_ output: Tensor<Scalar>, labels: [Int], targets: Tensor<Scalar>?) -> Tensor<Scalar> {
        switch self {
        case .crossEntropy(let r): Dendrite.crossEntropy(output, labels: labels, reduction: r)
        case .nll(let r): nllLoss(output, labels: labels, reduction: r)
        case .binaryCrossEntropy(let r): Dendrite.binaryCrossEntropy(output, targets!, reduction: r)
        case .binaryCrossEntropyWithLogits(let r): Dendrite.binaryCrossEntropyWithLogits(output, targets!, reduction: r)
        case .mse(let r): mseLoss(output, targets!, reduction: r)
        }
    }
}
