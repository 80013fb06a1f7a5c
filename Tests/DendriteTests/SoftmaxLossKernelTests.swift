import Foundation
import Testing
@testable import Dendrite
@testable import DendriteExperiments
@testable import DendriteTestSupport

/// Softmax, log-softmax and the losses from Swift, against formulas and finite differences.
struct SoftmaxLossKernelTests {
    @Test("softmax golden values and overflow logits")
    func softmaxGolden() throws {
        let p = try Kernels.softmax([1.0, 2, 3], [1, 3])
        let e = [exp(1.0), exp(2.0), exp(3.0)], s = e.reduce(0, +)
        #expect(allClose(p, e.map { $0 / s }, atol: 1e-15))
        let big = try Kernels.softmax([Float](arrayLiteral: 1000, 12345, -12345, 12345), [1, 4])
        #expect(big == [0, 0.5, 0, 0.5])
    }

    @Test("the fast backward equals the explicit Jacobian path")
    func jacobianAgreement() throws {
        var rng = TestRNG(seed: 11)
        let shape: MatrixShape = [5, 7]
        let z = [Double].random(count: shape.count, in: -3 ... 3, using: &rng)
        let g = [Double].random(count: shape.count, using: &rng)
        let a = try Kernels.softmax(z, shape)
        let fast = try Kernels.softmaxBackward(a: a, dLdA: g, shape)
        var jac = [Double](repeating: 0, count: 5 * 7 * 7), slow = [Double](repeating: 0, count: shape.count)
        try a.withUnsafeBufferPointer { a in
            try jac.withUnsafeMutableBufferPointer { try Kernels.softmaxJacobian(a: a, shape, into: $0) }
        }
        try jac.withUnsafeBufferPointer { j in
            try g.withUnsafeBufferPointer { g in
                try slow.withUnsafeMutableBufferPointer { try Kernels.softmaxJacobianBackward(jacobian: j, dLdA: g, shape, into: $0) }
            }
        }
        #expect(allClose(fast, slow, atol: 1e-15))
        // And both against finite differences of <g, softmax(z)>.
        let h = 1e-6
        for i in [0, 8, 34] {
            var zp = z, zm = z
            zp[i] += h; zm[i] -= h
            let fp = zip(try Kernels.softmax(zp, shape), g).map(*).reduce(0, +)
            let fm = zip(try Kernels.softmax(zm, shape), g).map(*).reduce(0, +)
            #expect(abs((fp - fm) / (2 * h) - fast[i]) < 1e-8)
        }
    }

    @Test("cross-entropy from logits: value and fused gradient")
    func crossEntropy() throws {
        let logits: [Double] = [2, 1, 0.1, 0, 0, 1000]
        let labels: [Int32] = [0, 2]
        var loss = [0.0], grad = [Double](repeating: 0, count: 6)
        try logits.withUnsafeBufferPointer { z in
            try labels.withUnsafeBufferPointer { y in
                try loss.withUnsafeMutableBufferPointer { l in
                    try grad.withUnsafeMutableBufferPointer { g in
                        try Kernels.crossEntropy(z, [2, 3], labels: y, reduction: .mean, into: l, gradient: g)
                    }
                }
            }
        }
        let row0 = -(2 - log(exp(2.0) + exp(1.0) + exp(0.1)))
        #expect(abs(loss[0] - row0 / 2) < 1e-12, "row 2 contributes 0 (logit 1000 is its label)")
        let p0 = [exp(2.0), exp(1.0), exp(0.1)].map { $0 / (exp(2.0) + exp(1.0) + exp(0.1)) }
        #expect(allClose(Array(grad[0 ..< 3]), [(p0[0] - 1) / 2, p0[1] / 2, p0[2] / 2], atol: 1e-15))
    }

    @Test("a label outside 0..<c is rejected with the row and the shape")
    func badLabel() throws {
        let logits = [Float](repeating: 0, count: 6), labels: [Int32] = [0, 3]
        var loss: [Float] = [0]
        #expect {
            try logits.withUnsafeBufferPointer { z in
                try labels.withUnsafeBufferPointer { y in
                    try loss.withUnsafeMutableBufferPointer { try Kernels.crossEntropy(z, [2, 3], labels: y, reduction: .sum, into: $0) }
                }
            }
        } throws: { error in
            (error as? KernelError)?.message == "label 3 at row 1 is outside 0..<3 for input 2 x 3"
        }
    }

    @Test("binary cross-entropy on logits is stable at ±1000 and matches BCE on probabilities")
    func binaryCrossEntropy() throws {
        let z: [Double] = [-1000, -2, 0.5, 1000], y: [Double] = [0, 1, 0, 1]
        var viaLogits = [Double](repeating: 0, count: 4), gradLogits = viaLogits
        try z.withUnsafeBufferPointer { z in
            try y.withUnsafeBufferPointer { y in
                try viaLogits.withUnsafeMutableBufferPointer { l in
                    try gradLogits.withUnsafeMutableBufferPointer { g in
                        try Kernels.loss(.binaryCrossEntropyWithLogits, z, target: y, reduction: .none, into: l, gradient: g)
                    }
                }
            }
        }
        #expect(viaLogits[0] == 0 && viaLogits[3] == 0)
        #expect(abs(viaLogits[1] - log1p(exp(2.0))) < 1e-14)
        #expect(abs(gradLogits[2] - 1 / (1 + exp(-0.5))) < 1e-15)
    }

    @Test("reductions accumulate in double")
    func reductions() {
        let x: [Float] = Array(repeating: 0.1, count: 1_000_000)
        #expect(abs(Kernels.reduce(x, .sum) - 1_000_000 * Double(Float(0.1))) < 1e-6)
        #expect(Kernels.reduce([Float](), .mean) == 0)
        #expect(Kernels.reduce([3.0, -4.0], .l2Norm) == 5)
        #expect(Kernels.reduce([3.0, -4.0], .meanAbsolute) == 3.5)
    }
}
