import Dendrite
import Foundation

extension NetworkFixture {
    /// How close the replay must come: `|actual − expected| ≤ absolute + relative·|expected|`
    /// for every element.
    public struct Tolerance: Sendable, Equatable, Encodable {
        /// The relative tolerance.
        public var relative: Double
        /// The absolute floor, for elements near zero (a gradient that sums terms of both
        /// signs can end near 0, where a relative bound alone would ask for more than the
        /// precision can give).
        public var absolute: Double

        public init(relative: Double, absolute: Double) {
            self.relative = relative
            self.absolute = absolute
        }

        /// Float64: 1e-10 relative, 1e-13 absolute. The values are O(0.001 … 6), where one
        /// rounding is at most 1e-15; measured differences from PyTorch 2.15 stay below
        /// 1.2e-15 (the worst element at 5e-4 of its tolerance).
        public static let float64 = Tolerance(relative: 1e-10, absolute: 1e-13)
        /// Float32: 1e-5 relative, 1e-6 absolute (one rounding is 6e-8 at 1). The floor
        /// matters here: small gradient elements (|x| ≈ 1e-3) differ from PyTorch by up to
        /// 5e-5 relative (1e-7 absolute at most; the worst element at 0.04 of its tolerance).
        public static let float32 = Tolerance(relative: 1e-5, absolute: 1e-6)

        /// ``float64`` or ``float32``.
        public static func standard(for precision: Precision) -> Tolerance {
            precision == .float64 ? .float64 : .float32
        }
    }

    /// Runs the fixture's steps through Dendrite in the fixture's precision and compares
    /// every loss, gradient and updated parameter with the reference's.
    ///
    /// - Parameter tolerance: nil for ``Tolerance/standard(for:)``.
    public func check(tolerance: Tolerance? = nil) -> NetworkFixtureReport {
        let tolerance = tolerance ?? .standard(for: precision)
        let actual = replay()
        var comparisons: [NetworkFixtureComparison] = []
        for (index, (want, got)) in zip(steps, actual).enumerated() {
            let step = index + 1
            comparisons.append(.init(step: step, quantity: .loss, name: "loss", shape: [],
                                     actual: [got.loss], expected: [want.loss], tolerance: tolerance))
            for name in parameterNames {
                comparisons.append(.init(step: step, quantity: .gradient, name: name, shape: want.gradients[name]!.shape,
                                         actual: got.gradients[name]!.scalars, expected: want.gradients[name]!.scalars,
                                         tolerance: tolerance))
            }
            for name in parameterNames {
                comparisons.append(.init(step: step, quantity: .parameter, name: name, shape: want.parameters[name]!.shape,
                                         actual: got.parameters[name]!.scalars, expected: want.parameters[name]!.scalars,
                                         tolerance: tolerance))
            }
        }
        return NetworkFixtureReport(file: file, name: name, summary: summary, precision: precision.rawValue,
                                    tolerance: tolerance, comparisons: comparisons)
    }

    /// Dendrite's run of the fixture: the same network, weights, data, loss and optimizer,
    /// trained for as many steps, in the fixture's precision.
    public func replay() -> [Step] {
        switch precision {
        case .float64: replay(Double.self)
        case .float32: replay(Float.self)
        }
    }

    private func replay<Scalar: KernelScalar>(_: Scalar.Type) -> [Step] {
        let a = architecture
        let model = MLP<Scalar>(inputs: a.inputs, hidden: a.hidden, outputs: a.outputs, activation: a.activation,
                                outputActivation: a.outputActivation, initializer: .zeros, seed: 0)
        let named = model.namedParameters
        precondition(named.map(\.name) == parameterNames,
                     "NetworkFixture: MLP's parameters are \(named.map(\.name)), expected \(parameterNames)")
        for (name, parameter) in named { parameter.value = initialParameters[name]!.tensor(Scalar.self) }
        let optimizer: any Optimizer<Scalar> = switch self.optimizer {
        case .sgd(let h):
            SGD(parameters: model.parameters, learningRate: h.learningRate, momentum: h.momentum,
                dampening: h.dampening, weightDecay: h.weightDecay, nesterov: h.nesterov)
        case .adam(let h):
            Adam(parameters: model.parameters, learningRate: h.learningRate, beta1: h.beta1, beta2: h.beta2,
                 epsilon: h.epsilon, weightDecay: h.weightDecay, amsgrad: h.amsgrad)
        case .adamW(let h):
            AdamW(parameters: model.parameters, learningRate: h.learningRate, beta1: h.beta1, beta2: h.beta2,
                  epsilon: h.epsilon, weightDecay: h.weightDecay, amsgrad: h.amsgrad)
        }
        let x = inputs.tensor(Scalar.self)
        let lossFunction: (Tensor<Scalar>) -> Tensor<Scalar>
        switch (loss, targets) {
        case (.crossEntropy, .labels(let labels)):
            lossFunction = { crossEntropy($0, labels: labels, reduction: reduction) }
        case (.binaryCrossEntropy, .values(let t)):
            lossFunction = { binaryCrossEntropy($0, t.tensor(Scalar.self), reduction: reduction) }
        case (.binaryCrossEntropyWithLogits, .values(let t)):
            lossFunction = { binaryCrossEntropyWithLogits($0, t.tensor(Scalar.self), reduction: reduction) }
        case (.mse, .values(let t)):
            lossFunction = { mseLoss($0, t.tensor(Scalar.self), reduction: reduction) }
        default:
            preconditionFailure("NetworkFixture: \(loss.rawValue) with targets \(targets)")  // the reader pairs them
        }

        func values(_ t: Tensor<Scalar>?, _ shape: [Int]) -> Values {
            Values(shape: shape, scalars: t.map { $0.scalars.map(Double.init) } ?? Array(repeating: 0, count: shape.reduce(1, *)))
        }
        return steps.map { _ in
            optimizer.zeroGrad()
            let value = lossFunction(model(x))
            value.backward()
            let gradients = Dictionary(uniqueKeysWithValues: named.map { ($0.name, values($0.parameter.grad, $0.parameter.shape)) })
            optimizer.step()
            let parameters = Dictionary(uniqueKeysWithValues: named.map { ($0.name, values($0.parameter.value, $0.parameter.shape)) })
            return Step(loss: Double(value.scalar), gradients: gradients, parameters: parameters)
        }
    }
}

/// One quantity of one step compared: the loss, a parameter's gradient, or a parameter
/// after the update.
public struct NetworkFixtureComparison: Sendable, Encodable {
    public enum Quantity: String, Sendable, Encodable {
        case loss, gradient, parameter
    }

    /// The step, from 1.
    public var step: Int
    public var quantity: Quantity
    /// The parameter's name, or `"loss"`.
    public var name: String
    /// The number of elements compared.
    public var count: Int
    /// The largest |actual − expected|.
    public var maxAbsoluteError: Double
    /// The largest |actual − expected| / |expected| over the elements with |expected| above
    /// the absolute floor (0 when there are none).
    public var maxRelativeError: Double
    /// The elements out of tolerance.
    public var outOfTolerance: Int
    /// The worst element (largest error relative to its tolerance): its index (`[row,
    /// column]` for a matrix, `[i]` for a vector, `[]` for the loss), Dendrite's value and
    /// the reference's.
    public var worstIndex: [Int]
    public var actual: Double
    public var expected: Double
    /// The worst element's |actual − expected| / (absolute + relative·|expected|): ≤ 1 passes.
    public var ratio: Double
    public var passed: Bool { outOfTolerance == 0 }

    /// "step 2 gradient hidden.0.weight".
    public var label: String { quantity == .loss ? "step \(step) loss" : "step \(step) \(quantity.rawValue) \(name)" }

    private enum CodingKeys: String, CodingKey {
        case step, quantity, name, count, maxAbsoluteError, maxRelativeError, outOfTolerance, worstIndex, actual, expected,
             ratio, passed
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(step, forKey: .step)
        try c.encode(quantity, forKey: .quantity)
        try c.encode(name, forKey: .name)
        try c.encode(count, forKey: .count)
        try c.encode(maxAbsoluteError, forKey: .maxAbsoluteError)
        try c.encode(maxRelativeError, forKey: .maxRelativeError)
        try c.encode(outOfTolerance, forKey: .outOfTolerance)
        try c.encode(worstIndex, forKey: .worstIndex)
        try c.encode(actual, forKey: .actual)
        try c.encode(expected, forKey: .expected)
        try c.encode(ratio, forKey: .ratio)
        try c.encode(passed, forKey: .passed)
    }

    init(step: Int, quantity: Quantity, name: String, shape: [Int], actual: [Double], expected: [Double],
         tolerance: NetworkFixture.Tolerance) {
        (self.step, self.quantity, self.name, count) = (step, quantity, name, expected.count)
        (maxAbsoluteError, maxRelativeError, outOfTolerance, ratio) = (0, 0, 0, 0)
        var worst = 0
        for (i, (a, e)) in zip(actual, expected).enumerated() {
            var error = Swift.abs(a - e)
            if error.isNaN { error = .infinity }
            let bound = tolerance.absolute + tolerance.relative * Swift.abs(e)
            let r = error == 0 ? 0 : error / bound
            if r > ratio || i == 0 { (ratio, worst) = (r, i) }
            if r > 1 { outOfTolerance += 1 }
            maxAbsoluteError = Swift.max(maxAbsoluteError, error)
            if Swift.abs(e) > tolerance.absolute { maxRelativeError = Swift.max(maxRelativeError, error / Swift.abs(e)) }
        }
        worstIndex = shape.count == 2 ? [worst / shape[1], worst % shape[1]] : shape.isEmpty ? [] : [worst]
        (self.actual, self.expected) = expected.isEmpty ? (0, 0) : (actual[worst], expected[worst])
    }
}

/// The outcome of ``NetworkFixture/check(tolerance:)``: every comparison, in order (per
/// step: the loss, the gradients, the updated parameters).
public struct NetworkFixtureReport: Sendable, Encodable, CustomStringConvertible {
    public var file: String
    /// The fixture's name (file name without `.json`).
    public var name: String
    /// The fixture's description.
    public var summary: String
    /// `"float64"` or `"float32"`.
    public var precision: String
    public var tolerance: NetworkFixture.Tolerance
    public var comparisons: [NetworkFixtureComparison]

    /// Whether every element of every comparison is within tolerance.
    public var passed: Bool { comparisons.allSatisfy(\.passed) }

    /// The comparisons with elements out of tolerance.
    public var failures: [NetworkFixtureComparison] { comparisons.filter { !$0.passed } }

    /// The comparison whose worst element is closest to (or furthest over) its tolerance.
    public var worst: NetworkFixtureComparison? {
        comparisons.reduce(nil) { best, c in best.map { c.ratio > $0.ratio ? c : $0 } ?? c }
    }

    /// The largest |actual − expected| and relative error over everything compared.
    public var maxAbsoluteError: Double { comparisons.map(\.maxAbsoluteError).max() ?? 0 }
    public var maxRelativeError: Double { comparisons.map(\.maxRelativeError).max() ?? 0 }

    private enum CodingKeys: String, CodingKey {
        case file, name, summary, precision, tolerance, passed, maxAbsoluteError, maxRelativeError, comparisons
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(name, forKey: .name)
        try c.encode(summary, forKey: .summary)
        try c.encode(precision, forKey: .precision)
        try c.encode(tolerance, forKey: .tolerance)
        try c.encode(passed, forKey: .passed)
        try c.encode(maxAbsoluteError, forKey: .maxAbsoluteError)
        try c.encode(maxRelativeError, forKey: .maxRelativeError)
        try c.encode(comparisons, forKey: .comparisons)
    }

    /// A verdict line with the worst element, then one line per comparison out of tolerance.
    public var description: String {
        let verdict = passed ? "passed" : "FAILED"
        var lines = ["\(name) (\(precision)): \(verdict), \(comparisons.count) comparisons; max |error| \(Self.format(maxAbsoluteError)), max relative \(Self.format(maxRelativeError)); tolerance \(Self.format(tolerance.absolute)) + \(Self.format(tolerance.relative))·|expected|"]
        if let worst { lines.append("  worst: \(Self.describe(worst))") }
        for c in failures.prefix(20) { lines.append("  out of tolerance: \(Self.describe(c))") }
        if failures.count > 20 { lines.append("  … and \(failures.count - 20) more") }
        return lines.joined(separator: "\n")
    }

    static func describe(_ c: NetworkFixtureComparison) -> String {
        let index = c.worstIndex.isEmpty ? "" : "\(c.worstIndex)"
        return "\(c.label)\(index): Dendrite \(c.actual), reference \(c.expected), |error| \(format(c.maxAbsoluteError == 0 ? 0 : Swift.abs(c.actual - c.expected))) (\(String(format: "%.3g", c.ratio))x tolerance\(c.outOfTolerance > 0 ? "; \(c.outOfTolerance) of \(c.count) elements out" : ""))"
    }

    static func format(_ x: Double) -> String { String(format: "%.2e", x) }
}
