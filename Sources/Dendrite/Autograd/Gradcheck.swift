import Foundation

/// The outcome of ``gradcheck(_:inputs:epsilon:absoluteTolerance:relativeTolerance:seed:)``.
public struct GradcheckReport: CustomStringConvertible, Sendable {
    /// Whether every element's analytic gradient matched the numerical one.
    public var passed: Bool
    /// Elements compared, over all inputs.
    public var checked: Int
    /// The worst element: input number, flat index, analytic and numerical values.
    public var worstInput: Int
    public var worstIndex: Int
    public var analytic: Double
    public var numeric: Double
    /// |analytic − numeric| / (absoluteTolerance + relativeTolerance·|numeric|): ≤ 1 passes.
    public var worstRatio: Double

    public var description: String {
        let verdict = passed ? "passed" : "FAILED"
        guard checked > 0 else { return "gradcheck \(verdict): no elements to check" }
        return "gradcheck \(verdict) over \(checked) elements; worst: input \(worstInput) element \(worstIndex): analytic \(analytic), numeric \(numeric) (\(String(format: "%.3g", worstRatio))x tolerance)"
    }
}

/// Checks the gradients the graph computes for `f` against central finite differences, in
/// Double.
///
/// A non-scalar output is projected onto a fixed random direction first, so every output
/// element contributes. Choose inputs away from kinks (relu at 0, clamp bounds): there the
/// finite difference straddles two slopes.
public func gradcheck(
    _ f: ([Tensor<Double>]) -> Tensor<Double>, inputs: [Tensor<Double>], epsilon: Double = 1e-6,
    absoluteTolerance: Double = 1e-6, relativeTolerance: Double = 1e-4, seed: UInt64 = 0x5EED
) -> GradcheckReport {
    let leaves = inputs.map { $0.detached().requiringGrad() }
    let output = f(leaves)
    var generator = SeededGenerator(seed: seed)
    let direction = Tensor<Double>(shape: output.shape, scalars: (0 ..< output.count).map { _ in Double.random(in: 0.5 ... 1.5, using: &generator) })
    func objective(_ y: Tensor<Double>) -> Tensor<Double> { (y * direction).sum() }
    if output.requiresGrad { objective(output).backward() }

    var report = GradcheckReport(passed: true, checked: 0, worstInput: 0, worstIndex: 0, analytic: 0, numeric: 0, worstRatio: 0)
    for (i, leaf) in leaves.enumerated() {
        let analytic = leaf.grad?.scalars ?? ContiguousArray(repeating: 0, count: leaf.count)
        for j in 0 ..< leaf.count {
            var probe = inputs.map { $0.detached() }
            let x = probe[i].scalars[j]
            probe[i].scalars[j] = x + epsilon
            let up = noGrad { objective(f(probe)).scalar }
            probe[i].scalars[j] = x - epsilon
            let down = noGrad { objective(f(probe)).scalar }
            let numeric = (up - down) / (2 * epsilon)
            let error = Swift.abs(analytic[j] - numeric)
            let ratio = error.isNaN ? .infinity : error / (absoluteTolerance + relativeTolerance * Swift.abs(numeric))
            report.checked += 1
            if ratio > report.worstRatio || report.checked == 1 {
                (report.worstInput, report.worstIndex, report.analytic, report.numeric, report.worstRatio) = (i, j, analytic[j], numeric, ratio)
            }
        }
    }
    report.passed = report.worstRatio <= 1
    return report
}
