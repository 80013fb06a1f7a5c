internal import CDendrite

// The tensor layer's activation, softmax and loss kernels. As in TensorKernels.swift, the
// caller has validated shapes.

extension Tensor {
    /// `activation(z)` element-wise.
    func activationRaw(_ activation: Activation) -> Tensor {
        var (kind, params) = activation.cKernel
        let result = Tensor.filled(shape) { out in reading { Scalar.kernels.activationForward(kind, &params, Int64(count), $0, out) } }
        Tensor.record { .activation(kind, params, count: Int64(count), z: $0.read(self), a: $0.write(result)) }
        return result
    }

    /// `dLdA ⊙ f'(Z)` from the saved `z` and `a = f(z)`, all of one shape.
    static func activationBackwardRaw(_ activation: Activation, z: Tensor, a: Tensor, dLdA: Tensor) -> Tensor {
        var (kind, params) = activation.cKernel
        let result = filled(a.shape) { out in
            z.reading { zp in
                a.reading { ap in
                    dLdA.reading { Scalar.kernels.activationBackward(kind, &params, Int64(a.count), zp, ap, $0, out) }
                }
            }
        }
        record { .activationBackward(kind, params, count: Int64(a.count), z: $0.read(z), a: $0.read(a), g: $0.read(dLdA), out: $0.write(result)) }
        return result
    }

    /// Softmax (or log-softmax) of each row of this tensor viewed as `view`.
    func softmaxRaw(_ view: MatrixShape, log: Bool = false) -> Tensor {
        let run = log ? Scalar.kernels.logSoftmaxForward : Scalar.kernels.softmaxForward
        let result = Tensor.filled(shape) { out in reading { run(Int64(view.rows), Int64(view.cols), $0, out) } }
        Tensor.record { .softmax(log: log, rows: Int64(view.rows), cols: Int64(view.cols), z: $0.read(self), out: $0.write(result)) }
        return result
    }

    /// The softmax backward (the O(C) Jacobian-vector product) from the saved output `a`,
    /// or the log-softmax backward from the saved output `l` when `log` is true.
    static func softmaxBackwardRaw(output: Tensor, dLdOutput: Tensor, _ view: MatrixShape, log: Bool = false) -> Tensor {
        let run = log ? Scalar.kernels.logSoftmaxBackward : Scalar.kernels.softmaxBackward
        let result = filled(output.shape) { out in
            output.reading { a in dLdOutput.reading { run(Int64(view.rows), Int64(view.cols), a, $0, out) } }
        }
        record { .softmaxBackward(log: log, rows: Int64(view.rows), cols: Int64(view.cols), a: $0.read(output), g: $0.read(dLdOutput), out: $0.write(result)) }
        return result
    }

    /// The `[n, c, c]` Jacobians `diag(a) − a aᵀ` of the rows of this softmax output.
    func softmaxJacobianRaw(_ view: MatrixShape) -> Tensor {
        Tracing.refuse("the explicit softmax Jacobian is for teaching and checking, not for compiled steps")
        return Tensor.filled([view.rows, view.cols, view.cols]) { out in
            reading { Scalar.kernels.softmaxJacobian(Int64(view.rows), Int64(view.cols), $0, out) }
        }
    }

    /// An element-wise loss of `input` against `target` (same shape): the loss (one value,
    /// or one per element for `.none`) and its gradient with respect to `input`.
    static func pairLossRaw(_ kind: Kernels.PairLoss, _ input: Tensor, _ target: Tensor, _ reduction: Reduction) -> (loss: Tensor, gradient: Tensor) {
        let run = switch kind {
        case .mse: Scalar.kernels.mse
        case .binaryCrossEntropy: Scalar.kernels.bce
        case .binaryCrossEntropyWithLogits: Scalar.kernels.bceLogits
        }
        var gradient = Tensor.zeros(input.shape)
        let loss = filled(reduction == .none ? input.shape : []) { out in
            input.reading { x in
                target.reading { y in gradient.writing { run(reduction.c, Int64(input.count), x, y, out, $0) } }
            }
        }
        let grad = gradient
        record { .pairLoss(kind, reduction.c, count: Int64(input.count), x: $0.read(input), y: $0.read(target), loss: $0.write(loss), grad: $0.write(grad)) }
        return (loss, gradient)
    }

    /// Cross-entropy of `[n, c]` logits (or NLL of log-probabilities) at integer labels in
    /// `0..<c`: the loss (one value, or one per row for `.none`) and its gradient.
    static func labelLossRaw(_ input: Tensor, labels: [Int], logProbabilities: Bool, _ reduction: Reduction) -> (loss: Tensor, gradient: Tensor) {
        let (n, c) = (input.shape[0], input.shape[1])
        let run = logProbabilities ? Scalar.kernels.nll : Scalar.kernels.crossEntropy
        let y = labels.map(Int32.init)
        var gradient = Tensor.zeros(input.shape)
        let loss = filled(reduction == .none ? [n] : []) { out in
            input.reading { x in
                y.withUnsafeBufferPointer { yp in gradient.writing { run(reduction.c, Int64(n), Int64(c), x, yp.baseAddress, out, $0) } }
            }
        }
        let grad = gradient
        record { .labelLoss(nll: logProbabilities, reduction.c, rows: Int64(n), cols: Int64(c), x: $0.read(input), labels: $0.readLabels(labels),
                            loss: $0.write(loss), grad: $0.write(grad)) }
        return (loss, gradient)
    }

    /// Cross-entropy of `[n, c]` logits against `[n, c]` target distributions, with its gradient.
    static func softTargetLossRaw(_ logits: Tensor, _ targets: Tensor, _ reduction: Reduction) -> (loss: Tensor, gradient: Tensor) {
        let (n, c) = (logits.shape[0], logits.shape[1])
        var gradient = Tensor.zeros(logits.shape)
        let loss = filled(reduction == .none ? [n] : []) { out in
            logits.reading { x in
                targets.reading { t in gradient.writing { Scalar.kernels.crossEntropySoft(reduction.c, Int64(n), Int64(c), x, t, out, $0) } }
            }
        }
        let grad = gradient
        record { .softLoss(reduction.c, rows: Int64(n), cols: Int64(c), x: $0.read(logits), targets: $0.read(targets), loss: $0.write(loss), grad: $0.write(grad)) }
        return (loss, gradient)
    }
}
