internal import CDendrite

extension Kernels {
    // MARK: Losses

    /// The element-wise losses: mean squared error, binary cross-entropy on probabilities,
    /// and on logits.
    public enum PairLoss: Sendable {
        case mse, binaryCrossEntropy, binaryCrossEntropyWithLogits
        var name: String {
            switch self {
            case .mse: "mse"
            case .binaryCrossEntropy: "binary_cross_entropy"
            case .binaryCrossEntropyWithLogits: "binary_cross_entropy_with_logits"
            }
        }
    }

    /// An element-wise loss of `input` against `target` (same count). `loss` holds one value
    /// per element for ``Reduction/none``, else one. `grad`, when given, receives the
    /// gradient with respect to `input` (of the sum for ``Reduction/none``).
    public static func loss<T: KernelScalar>(
        _ kind: PairLoss, _ input: UnsafeBufferPointer<T>, target: UnsafeBufferPointer<T>,
        reduction: Reduction, into loss: UnsafeMutableBufferPointer<T>,
        gradient grad: UnsafeMutableBufferPointer<T>? = nil
    ) throws {
        var buffers = [("input", input.count), ("target", target.count)]
        if let grad { buffers.append(("gradient", grad.count)) }
        try checkSameCount(kind.name, buffers)
        try checkCount(kind.name, "loss", expected: reduction == .none ? input.count : 1,
                       shape: reduction == .none ? "\(input.count)" : "1", found: loss.count)
        let run = switch kind {
        case .mse: T.kernels.mse
        case .binaryCrossEntropy: T.kernels.bce
        case .binaryCrossEntropyWithLogits: T.kernels.bceLogits
        }
        run(reduction.c, Int64(input.count), input.baseAddress, target.baseAddress, loss.baseAddress, grad?.baseAddress)
    }

    /// Cross-entropy of n x c logits against integer labels in `0..<c` (fused log-softmax and
    /// NLL), or NLL of n x c log-probabilities when `logProbabilities` is true.
    public static func crossEntropy<T: KernelScalar>(
        _ input: UnsafeBufferPointer<T>, _ shape: MatrixShape, labels: UnsafeBufferPointer<Int32>,
        logProbabilities: Bool = false, reduction: Reduction,
        into loss: UnsafeMutableBufferPointer<T>, gradient grad: UnsafeMutableBufferPointer<T>? = nil
    ) throws {
        let op = logProbabilities ? "nll_loss" : "cross_entropy"
        var buffers = [("input", input.count)]
        if let grad { buffers.append(("gradient", grad.count)) }
        try checkRows(op, shape, buffers)
        try checkCount(op, "labels", expected: shape.rows, shape: "\(shape.rows)", found: labels.count)
        try checkCount(op, "loss", expected: reduction == .none ? shape.rows : 1,
                       shape: reduction == .none ? "\(shape.rows)" : "1", found: loss.count)
        if let bad = labels.firstIndex(where: { $0 < 0 || Int($0) >= shape.cols }) {
            throw KernelError(op, "label \(labels[bad]) at row \(bad) is outside 0..<\(shape.cols) for input \(shape)")
        }
        let run = logProbabilities ? T.kernels.nll : T.kernels.crossEntropy
        run(reduction.c, Int64(shape.rows), Int64(shape.cols), input.baseAddress, labels.baseAddress,
            loss.baseAddress, grad?.baseAddress)
    }

    /// Cross-entropy of n x c logits against n x c target distributions (one-hot or soft).
    public static func crossEntropy<T: KernelScalar>(
        _ logits: UnsafeBufferPointer<T>, _ shape: MatrixShape, targets: UnsafeBufferPointer<T>,
        reduction: Reduction, into loss: UnsafeMutableBufferPointer<T>,
        gradient grad: UnsafeMutableBufferPointer<T>? = nil
    ) throws {
        var buffers = [("logits", logits.count), ("targets", targets.count)]
        if let grad { buffers.append(("gradient", grad.count)) }
        try checkRows("cross_entropy", shape, buffers)
        try checkCount("cross_entropy", "loss", expected: reduction == .none ? shape.rows : 1,
                       shape: reduction == .none ? "\(shape.rows)" : "1", found: loss.count)
        T.kernels.crossEntropySoft(reduction.c, Int64(shape.rows), Int64(shape.cols), logits.baseAddress,
                                    targets.baseAddress, loss.baseAddress, grad?.baseAddress)
    }
}
