internal import CDendrite

// One kernel call of a compiled plan: the C function and its arguments, with every buffer
// named by a slot (an index into the plan's table of addresses). Plain values only, so a
// replay walks the instructions without reference counting or allocation.

/// A buffer of a plan: the index of its address in the plan's pointer table; ``noSlot``
/// where a kernel takes NULL.
typealias SlotID = Int32
let noSlot: SlotID = -1

enum Instruction {
    case binary(dd_binary_op, m: Int64, n: Int64, x: SlotID, xs: (Int64, Int64), y: SlotID, ys: (Int64, Int64), out: SlotID)
    case unary(dd_unary_op, count: Int64, x: SlotID, out: SlotID)
    case affine(count: Int64, alpha: Double, beta: Double, x: SlotID, out: SlotID)
    case clamp(count: Int64, lo: Double, hi: Double, x: SlotID, out: SlotID)
    case scale(count: Int64, alpha: Double, x: SlotID)
    case fill(count: Int64, value: Double, out: SlotID)
    case copy(count: Int64, from: SlotID, to: SlotID)
    case transpose(m: Int64, n: Int64, x: SlotID, out: SlotID)
    case gather(count: Int64, width: Int64, x: SlotID, index: SlotID, out: SlotID)
    case scatterAdd(count: Int64, width: Int64, x: SlotID, index: SlotID, out: SlotID)
    case gemm(ta: dd_trans, tb: dd_trans, m: Int64, n: Int64, k: Int64, a: SlotID, lda: Int64, b: SlotID, ldb: Int64, c: SlotID, ldc: Int64)
    /// y = x + bias per row; x and y may be the same slot.
    case addRowBias(m: Int64, n: Int64, x: SlotID, bias: SlotID, y: SlotID)
    case sums(columns: Bool, m: Int64, n: Int64, x: SlotID, out: SlotID)
    case reduce(Kernels.Statistic, count: Int64, x: SlotID, out: SlotID)
    case activation(dd_act, dd_act_params, count: Int64, z: SlotID, a: SlotID)
    case activationBackward(dd_act, dd_act_params, count: Int64, z: SlotID, a: SlotID, g: SlotID, out: SlotID)
    case softmax(log: Bool, rows: Int64, cols: Int64, z: SlotID, out: SlotID)
    case softmaxBackward(log: Bool, rows: Int64, cols: Int64, a: SlotID, g: SlotID, out: SlotID)
    case pairLoss(Kernels.PairLoss, dd_reduction, count: Int64, x: SlotID, y: SlotID, loss: SlotID, grad: SlotID)
    case labelLoss(nll: Bool, dd_reduction, rows: Int64, cols: Int64, x: SlotID, labels: SlotID, loss: SlotID, grad: SlotID)
    case softLoss(dd_reduction, rows: Int64, cols: Int64, x: SlotID, targets: SlotID, loss: SlotID, grad: SlotID)
    /// Z = X·Wᵀ + b, A = f(Z) with the bias and activation in the GEMM's epilogue (z or bias
    /// may be ``noSlot``): the fusion of a gemm, an addRowBias and an activation.
    case linearForward(dd_act, dd_act_params, m: Int64, n: Int64, k: Int64, x: SlotID, w: SlotID, bias: SlotID, z: SlotID, a: SlotID)
    /// dZ = dA ⊙ f'(Z) and db = column sums of dZ in one pass (db may be ``noSlot``).
    case linearBackwardAct(dd_act, dd_act_params, m: Int64, n: Int64, z: SlotID, a: SlotID, g: SlotID, dZ: SlotID, db: SlotID)
    /// A call back into Swift (a dropout mask drawn from its layer's generator).
    case callback(index: Int32, count: Int64, out: SlotID)

    /// The slots read and the slots written, for liveness.
    var operands: (reads: [SlotID], writes: [SlotID]) {
        switch self {
        case let .binary(_, _, _, x, _, y, _, out): ([x, y], [out])
        case let .unary(_, _, x, out), let .affine(_, _, _, x, out), let .clamp(_, _, _, x, out),
             let .transpose(_, _, x, out), let .sums(_, _, _, x, out), let .reduce(_, _, x, out),
             let .softmax(_, _, _, x, out), let .activation(_, _, _, x, out), let .copy(_, x, out):
            ([x], [out])
        case let .scale(_, _, x): ([x], [x])
        case let .fill(_, _, out), let .callback(_, _, out): ([], [out])
        case let .gather(_, _, x, index, out): ([x, index], [out])
        case let .scatterAdd(_, _, x, index, out): ([x, index, out], [out])
        case let .gemm(_, _, _, _, _, a, _, b, _, c, _): ([a, b], [c])
        case let .addRowBias(_, _, x, bias, y): ([x, bias], [y])
        case let .activationBackward(_, _, _, z, a, g, out): ([z, a, g], [out])
        case let .softmaxBackward(_, _, _, a, g, out): ([a, g], [out])
        case let .pairLoss(_, _, _, x, y, loss, grad): ([x, y], [loss, grad])
        case let .labelLoss(_, _, _, _, x, labels, loss, grad): ([x, labels], [loss, grad])
        case let .softLoss(_, _, _, x, t, loss, grad): ([x, t], [loss, grad])
        case let .linearForward(_, _, _, _, _, x, w, bias, z, a): ([x, w, bias].filter { $0 >= 0 }, [z, a].filter { $0 >= 0 })
        case let .linearBackwardAct(_, _, _, _, z, a, g, dZ, db): ([z, a, g], [dZ, db].filter { $0 >= 0 })
        }
    }
}

extension Instruction {
    /// Runs the kernel on the buffers at `slot` addresses.
    @inline(__always)
    func execute<T: KernelScalar>(_: T.Type, _ slot: UnsafePointer<UnsafeMutableRawPointer?>, callbacks: (Int32, Int64, UnsafeMutablePointer<T>) -> Void) {
        let k = T.kernels
        func p(_ s: SlotID) -> UnsafeMutablePointer<T> { slot[Int(s)]!.assumingMemoryBound(to: T.self) }
        func q(_ s: SlotID) -> UnsafePointer<T> { UnsafePointer(p(s)) }
        func p0(_ s: SlotID) -> UnsafeMutablePointer<T>? { s < 0 ? nil : p(s) }
        switch self {
        case let .binary(op, m, n, x, xs, y, ys, out):
            k.binary(op, m, n, q(x), xs.0, xs.1, q(y), ys.0, ys.1, p(out))
        case let .unary(op, count, x, out): k.unary(op, count, q(x), p(out))
        case let .affine(count, alpha, beta, x, out): k.affine(count, T(alpha), T(beta), q(x), p(out))
        case let .clamp(count, lo, hi, x, out): k.clamp(count, T(lo), T(hi), q(x), p(out))
        case let .scale(count, alpha, x): k.scale(count, T(alpha), p(x))
        case let .fill(count, value, out): k.fill(count, T(value), p(out))
        case let .copy(count, from, to): p(to).update(from: q(from), count: Int(count))
        case let .transpose(m, n, x, out): k.transpose(m, n, q(x), p(out))
        case let .gather(count, width, x, index, out):
            k.gatherRows(count, width, q(x), slot[Int(index)]!.assumingMemoryBound(to: Int64.self), p(out))
        case let .scatterAdd(count, width, x, index, out):
            k.scatterAddRows(count, width, q(x), slot[Int(index)]!.assumingMemoryBound(to: Int64.self), p(out))
        case let .gemm(ta, tb, m, n, kk, a, lda, b, ldb, c, ldc):
            k.gemm(ta, tb, m, n, kk, 1, q(a), lda, q(b), ldb, 0, p(c), ldc)
        case let .addRowBias(m, n, x, bias, y): k.addRowBias(m, n, q(x), q(bias), p(y))
        case let .sums(columns, m, n, x, out): (columns ? k.colSums : k.rowSums)(m, n, q(x), p(out))
        case let .reduce(statistic, count, x, out): p(out).pointee = T(Kernels.reduce(count: Int(count), q(x), statistic))
        case .activation(let act, var params, let count, let z, let a): k.activationForward(act, &params, count, q(z), p(a))
        case .activationBackward(let act, var params, let count, let z, let a, let g, let out):
            k.activationBackward(act, &params, count, q(z), q(a), q(g), p(out))
        case let .softmax(log, rows, cols, z, out): (log ? k.logSoftmaxForward : k.softmaxForward)(rows, cols, q(z), p(out))
        case let .softmaxBackward(log, rows, cols, a, g, out):
            (log ? k.logSoftmaxBackward : k.softmaxBackward)(rows, cols, q(a), q(g), p(out))
        case let .pairLoss(kind, reduction, count, x, y, loss, grad):
            let run = switch kind {
            case .mse: k.mse
            case .binaryCrossEntropy: k.bce
            case .binaryCrossEntropyWithLogits: k.bceLogits
            }
            run(reduction, count, q(x), q(y), p(loss), p(grad))
        case let .labelLoss(nll, reduction, rows, cols, x, labels, loss, grad):
            (nll ? k.nll : k.crossEntropy)(reduction, rows, cols, q(x), slot[Int(labels)]!.assumingMemoryBound(to: Int32.self), p(loss), p(grad))
        case let .softLoss(reduction, rows, cols, x, t, loss, grad):
            k.crossEntropySoft(reduction, rows, cols, q(x), q(t), p(loss), p(grad))
        case .linearForward(let act, var params, let m, let n, let kk, let x, let w, let bias, let z, let a):
            k.linearForward(act, &params, m, n, kk, q(x), q(w), bias < 0 ? nil : q(bias), p0(z), p(a))
        case .linearBackwardAct(let act, var params, let m, let n, let z, let a, let g, let dZ, let db):
            k.linearBackwardAct(act, &params, m, n, q(z), q(a), q(g), p(dZ), p0(db))
        case let .callback(index, count, out): callbacks(index, count, p(out))
        }
    }
}
