import Foundation
import Testing
@testable import Dendrite
@testable import DendriteExperiments
@testable import DendriteTestSupport

/// Optimizer kernels from Swift: N steps on fixed gradients against a scalar transcription of
/// the update rules in PyTorch's `torch.optim` documentation, written here independently.
struct OptimizerKernelTests {
    static let gradients: [[Double]] = [[0.5, -1.0, 2.0], [0.25, 0.5, -1.0], [-0.75, 0.1, 0.0], [1.0, 1.0, 1.0]]
    static let start: [Double] = [1.0, -2.0, 0.5]

    @Test("SGD with momentum, dampening, weight decay and Nesterov", arguments: [
        SGDHyperparameters(learningRate: 0.1),
        SGDHyperparameters(learningRate: 0.1, momentum: 0.9, weightDecay: 0.01),
        SGDHyperparameters(learningRate: 0.05, momentum: 0.8, dampening: 0.3),
        SGDHyperparameters(learningRate: 0.1, momentum: 0.9, nesterov: true),
    ])
    func sgd(_ h: SGDHyperparameters) throws {
        var param = Self.start, buffer = [Double](repeating: 0, count: 3)
        var want = Self.start, wantBuffer = [Double](repeating: 0, count: 3)
        for (step, grad) in Self.gradients.enumerated() {
            try grad.withUnsafeBufferPointer { g in
                try param.withUnsafeMutableBufferPointer { p in
                    try buffer.withUnsafeMutableBufferPointer { b in
                        try Kernels.sgdUpdate(h, step: step + 1, gradient: g, parameter: p, momentumBuffer: b)
                    }
                }
            }
            for i in 0 ..< 3 {  // torch.optim.SGD, as documented
                var g = grad[i] + h.weightDecay * want[i]
                if h.momentum != 0 {
                    wantBuffer[i] = step == 0 ? g : h.momentum * wantBuffer[i] + (1 - h.dampening) * g
                    g = h.nesterov ? g + h.momentum * wantBuffer[i] : wantBuffer[i]
                }
                want[i] -= h.learningRate * g
            }
            #expect(allClose(param, want, atol: 1e-15, rtol: 1e-14), "step \(step + 1)")
        }
    }

    @Test("Adam and AdamW, with and without amsgrad", arguments: [false, true], [false, true])
    func adam(decoupled: Bool, amsgrad: Bool) throws {
        let h = AdamHyperparameters(learningRate: 0.01, weightDecay: 0.1, amsgrad: amsgrad)
        var param = Self.start, m = [Double](repeating: 0, count: 3), v = m, vMax = m
        var want = Self.start, wm = m, wv = m, wvMax = m
        for (index, grad) in Self.gradients.enumerated() {
            let step = index + 1
            try grad.withUnsafeBufferPointer { g in
                try param.withUnsafeMutableBufferPointer { p in
                    try m.withUnsafeMutableBufferPointer { m in
                        try v.withUnsafeMutableBufferPointer { v in
                            try vMax.withUnsafeMutableBufferPointer { vMax in
                                try Kernels.adamUpdate(h, decoupledWeightDecay: decoupled, step: step, gradient: g,
                                                       parameter: p, m: m, v: v, vMax: vMax)
                            }
                        }
                    }
                }
            }
            for i in 0 ..< 3 {  // torch.optim.Adam / AdamW, as documented
                var g = grad[i]
                if decoupled { want[i] *= 1 - h.learningRate * h.weightDecay } else { g += h.weightDecay * want[i] }
                wm[i] = h.beta1 * wm[i] + (1 - h.beta1) * g
                wv[i] = h.beta2 * wv[i] + (1 - h.beta2) * g * g
                let c1 = 1 - pow(h.beta1, Double(step)), c2 = 1 - pow(h.beta2, Double(step))
                wvMax[i] = max(wvMax[i], wv[i])
                let denom = (amsgrad ? wvMax[i] : wv[i]).squareRoot() / c2.squareRoot() + h.epsilon
                want[i] -= h.learningRate / c1 * wm[i] / denom
            }
            #expect(allClose(param, want, atol: 1e-15, rtol: 1e-12), "step \(step)")
        }
    }

    @Test("every optimizer minimises a quadratic")
    func convergence() throws {
        // f(x) = sum (x - 3)^2 from x = 0; gradient 2 (x - 3).
        func run(_ update: (Int, UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) throws -> Void) rethrows -> [Double] {
            var x = [0.0, 0.0]
            for step in 1 ... 2000 {
                let g = x.map { 2 * ($0 - 3) }
                try g.withUnsafeBufferPointer { g in try x.withUnsafeMutableBufferPointer { try update(step, g, $0) } }
            }
            return x
        }
        var buffer = [0.0, 0.0], m = [0.0, 0.0], v = [0.0, 0.0], sq = [0.0, 0.0], sum = [0.0, 0.0]
        let results: [(String, [Double])] = [
            ("sgd", try run { s, g, p in try buffer.withUnsafeMutableBufferPointer {
                try Kernels.sgdUpdate(SGDHyperparameters(learningRate: 0.05, momentum: 0.9), step: s, gradient: g, parameter: p, momentumBuffer: $0) } }),
            ("adam", try run { s, g, p in try m.withUnsafeMutableBufferPointer { m in try v.withUnsafeMutableBufferPointer { v in
                try Kernels.adamUpdate(AdamHyperparameters(learningRate: 0.05), step: s, gradient: g, parameter: p, m: m, v: v) } } }),
            ("rmsprop", try run { _, g, p in try sq.withUnsafeMutableBufferPointer {
                try Kernels.rmspropUpdate(RMSPropHyperparameters(learningRate: 0.01), gradient: g, parameter: p, squareAverage: $0) } }),
            ("adagrad", try run { s, g, p in try sum.withUnsafeMutableBufferPointer {
                try Kernels.adagradUpdate(AdagradHyperparameters(learningRate: 0.5), step: s, gradient: g, parameter: p, stateSum: $0) } }),
        ]
        for (name, x) in results {
            #expect(allClose(x, [3, 3], atol: 1e-2), "\(name) ended at \(x)")
        }
    }
}
