// Loss functions on the fused C kernels. Each returns a scalar tensor (reduction .mean or
// .sum) or one value per element / row (.none); the kernel computes value and gradient in
// one pass, and the pullback scales the saved gradient by the upstream one. Targets and
// labels are constants: no gradient flows to them.

extension Tensor {
    /// Scales a kernel-computed gradient by the upstream gradient of the loss: a scalar for
    /// reduced losses, one value per element or row for `.none`.
    fileprivate func scaledBy(upstream g: Tensor) -> Tensor {
        // A kernel reads the upstream value, so a compiled step replays it (no Swift read).
        if g.count == 1 { return raw(.multiply, g.reshapedRaw([])) }
        return raw(.multiply, g.rank == 1 && rank == 2 && g.count == shape[0] ? g.reshapedRaw([shape[0], 1]) : g)
    }
}

/// An element-wise loss of `input` against `target` (same shape).
private func pairLoss<Scalar>(
    _ kind: Kernels.PairLoss, _ name: String, _ input: Tensor<Scalar>, _ target: Tensor<Scalar>, _ reduction: Reduction
) -> Tensor<Scalar> {
    precondition(input.shape == target.shape, "\(name): input has shape \(input.shape) but target has shape \(target.shape)")
    let (loss, grad) = Tensor.pairLossRaw(kind, input, target, reduction)
    return loss.recorded(name, inputs: [input, target.detached()]) { g, _ in [grad.scaledBy(upstream: g), nil] }
}

/// Mean squared error `(input − target)²`.
public func mseLoss<Scalar>(_ input: Tensor<Scalar>, _ target: Tensor<Scalar>, reduction: Reduction = .mean) -> Tensor<Scalar> {
    pairLoss(.mse, "mse_loss", input, target, reduction)
}

/// Binary cross-entropy of probabilities in [0, 1] (logs clamped at −100, as PyTorch).
public func binaryCrossEntropy<Scalar>(_ probabilities: Tensor<Scalar>, _ target: Tensor<Scalar>, reduction: Reduction = .mean) -> Tensor<Scalar> {
    pairLoss(.binaryCrossEntropy, "binary_cross_entropy", probabilities, target, reduction)
}

/// Binary cross-entropy of logits, computed stably (no overflow at ±1000).
public func binaryCrossEntropyWithLogits<Scalar>(_ logits: Tensor<Scalar>, _ target: Tensor<Scalar>, reduction: Reduction = .mean) -> Tensor<Scalar> {
    pairLoss(.binaryCrossEntropyWithLogits, "binary_cross_entropy_with_logits", logits, target, reduction)
}

/// Cross-entropy of `[n, c]` logits against integer class labels (fused log-softmax + NLL;
/// the backward is `(softmax − onehot) / n` for the mean).
public func crossEntropy<Scalar>(_ logits: Tensor<Scalar>, labels: [Int], reduction: Reduction = .mean) -> Tensor<Scalar> {
    labelLoss(logits, labels, logProbabilities: false, reduction, "cross_entropy")
}

/// Negative log-likelihood of `[n, c]` log-probabilities at integer class labels.
public func nllLoss<Scalar>(_ logProbabilities: Tensor<Scalar>, labels: [Int], reduction: Reduction = .mean) -> Tensor<Scalar> {
    labelLoss(logProbabilities, labels, logProbabilities: true, reduction, "nll_loss")
}

private func labelLoss<Scalar>(
    _ input: Tensor<Scalar>, _ labels: [Int], logProbabilities: Bool, _ reduction: Reduction, _ name: String
) -> Tensor<Scalar> {
    precondition(input.rank == 2, "\(name): needs [samples, classes] input, got shape \(input.shape)")
    precondition(labels.count == input.shape[0], "\(name): input has \(input.shape[0]) rows (shape \(input.shape)) but there are \(labels.count) labels")
    if let bad = labels.firstIndex(where: { !(0 ..< input.shape[1]).contains($0) }) {
        preconditionFailure("\(name): label \(labels[bad]) at row \(bad) is outside 0..<\(input.shape[1]) for input \(input.shape)")
    }
    let (loss, grad) = Tensor.labelLossRaw(input, labels: labels, logProbabilities: logProbabilities, reduction)
    return loss.recorded(name, inputs: [input]) { g, _ in [grad.scaledBy(upstream: g)] }
}

/// Cross-entropy of `[n, c]` logits against `[n, c]` target distributions (one-hot or soft).
public func crossEntropy<Scalar>(_ logits: Tensor<Scalar>, targets: Tensor<Scalar>, reduction: Reduction = .mean) -> Tensor<Scalar> {
    precondition(logits.rank == 2 && logits.shape == targets.shape,
                 "cross_entropy: logits have shape \(logits.shape) but targets have shape \(targets.shape)")
    let (loss, grad) = Tensor.softTargetLossRaw(logits, targets, reduction)
    return loss.recorded("cross_entropy", inputs: [logits]) { g, _ in [grad.scaledBy(upstream: g)] }
}
