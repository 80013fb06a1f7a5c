import Foundation

/// Scales all gradients together so that their global norm is at most `maxNorm`
/// (`torch.nn.utils.clip_grad_norm_`), and returns the norm before clipping.
///
/// The global norm is the `normType`-norm of the vector of every gradient element (2: the
/// L2 norm; `.infinity`: the largest magnitude). Every gradient is multiplied by
/// `min(1, maxNorm / (norm + 1e-6))`, as PyTorch does. Parameters without a gradient are
/// ignored.
@discardableResult
public func clipGradNorm<Scalar: KernelScalar>(_ parameters: [Parameter<Scalar>], maxNorm: Double, normType: Double = 2) -> Double {
    precondition(normType > 0, "clipGradNorm: normType must be positive, got \(normType)")
    let grads = parameters.compactMap(\.grad)
    guard !grads.isEmpty else { return 0 }
    let total: Double
    if normType == .infinity {
        total = grads.map { g in g.scalars.reduce(0) { Swift.max($0, Swift.abs(Double($1))) } }.max() ?? 0
    } else if normType == 2 {
        total = grads.map { $0.reduced(.l2Norm) }
            .reduce(0) { $0 + $1 * $1 }.squareRoot()
    } else {
        total = Foundation.pow(grads.map { g in g.scalars.reduce(0) { $0 + Foundation.pow(Swift.abs(Double($1)), normType) } }
            .reduce(0, +), 1 / normType)
    }
    let coefficient = Swift.min(1, maxNorm / (total + 1e-6))
    if coefficient < 1 {
        for p in parameters { p.mutateGrad { $0.scaleInPlace(by: Scalar(coefficient)) } }
    }
    return total
}

/// Limits every gradient element to `[-clipValue, clipValue]`
/// (`torch.nn.utils.clip_grad_value_`).
public func clipGradValue<Scalar: KernelScalar>(_ parameters: [Parameter<Scalar>], clipValue: Double) {
    precondition(clipValue >= 0, "clipGradValue: clipValue must not be negative, got \(clipValue)")
    let (lo, hi) = (Scalar(-clipValue), Scalar(clipValue))
    for p in parameters {
        p.mutateGrad { g in
            for i in g.scalars.indices where !(g.scalars[i] >= lo && g.scalars[i] <= hi) && !g.scalars[i].isNaN {
                g.scalars[i] = g.scalars[i] < lo ? lo : hi
            }
        }
    }
}
