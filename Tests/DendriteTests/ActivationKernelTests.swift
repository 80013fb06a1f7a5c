import Foundation
import Testing
@testable import Dendrite
@testable import DendriteExperiments
@testable import DendriteTestSupport

/// Activations from Swift: forward against formulas written here in Double, backward against
/// central finite differences in Double, Float against Double, and the limits at ±1000.
struct ActivationKernelTests {
    /// Independent formulas (PyTorch's definitions), in Double.
    static func formula(_ act: Activation, _ z: Double) -> Double {
        func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
        func softplus(_ x: Double, _ beta: Double, _ threshold: Double) -> Double {
            beta * x > threshold ? x : log1p(exp(beta * x)) / beta
        }
        switch act {
        case .identity: return z
        case .sigmoid: return sigmoid(z)
        case .tanh: return Foundation.tanh(z)
        case .relu: return max(z, 0)
        case .leakyReLU(let s): return z > 0 ? z : s * z
        case .clippedReLU(let c): return min(max(z, 0), c)
        case .elu(let a): return z > 0 ? z : a * (exp(z) - 1)
        case .selu:
            let (alpha, scale) = (1.6732632423543772848170429916717, 1.0507009873554804934193349852946)
            return scale * (z > 0 ? z : alpha * (exp(z) - 1))
        case .gelu: return 0.5 * z * (1 + erf(z / 2.0.squareRoot()))
        case .geluTanh: return 0.5 * z * (1 + Foundation.tanh((2 / Double.pi).squareRoot() * (z + 0.044715 * z * z * z)))
        case .softplus(let b, let t): return softplus(z, b, t)
        case .silu: return z * sigmoid(z)
        case .mish: return z * Foundation.tanh(softplus(z, 1, 20))
        case .hardSigmoid: return min(max(z / 6 + 0.5, 0), 1)
        case .hardTanh(let lo, let hi): return min(max(z, lo), hi)
        }
    }

    static let all = Activation.allDefaults + [.leakyReLU(slope: 0.2), .clippedReLU(ceiling: 2), .elu(alpha: 0.5),
                                               .softplus(beta: 2, threshold: 10), .hardTanh(min: -2, max: 0.5)]

    /// Points away from every kink (0, ±1, ±3, 2, 6, 0.5, -2) so finite differences are valid.
    static let points: [Double] = stride(from: -7.9, through: 7.9, by: 0.37).map { $0 }
        .filter { z in [0, 1, -1, 3, -3, 2, -2, 6, 0.5].allSatisfy { abs(z - $0) > 0.02 } }

    @Test("forward matches the formula, Double and Float", arguments: all)
    func forward(_ act: Activation) {
        let want = Self.points.map { Self.formula(act, $0) }
        #expect(allClose(Kernels.activationForward(act, Self.points), want, atol: 1e-14, rtol: 1e-12), "\(act) f64")
        let got32 = Kernels.activationForward(act, Self.points.map(Float.init))
        #expect(allClose(got32, want.map(Float.init), atol: 2e-6, rtol: 2e-6), "\(act) f32, worst \(maxAbsDiff(got32.map(Double.init), want))")
    }

    @Test("backward matches central finite differences in Double", arguments: all)
    func backward(_ act: Activation) throws {
        var rng = TestRNG(seed: 3)
        let z = Self.points
        let upstream = [Double].random(count: z.count, using: &rng)
        let a = Kernels.activationForward(act, z)
        let got = try Kernels.activationBackward(act, z: z, a: a, dLdA: upstream)
        let h = 1e-6
        let numeric = zip(z, upstream).map { z, g in
            g * (Kernels.activationForward(act, [z + h])[0] - Kernels.activationForward(act, [z - h])[0]) / (2 * h)
        }
        #expect(allClose(got, numeric, atol: 1e-7, rtol: 1e-6), "\(act): worst \(maxAbsDiff(got, numeric))")
        let got32 = try Kernels.activationBackward(act, z: z.map(Float.init), a: a.map(Float.init), dLdA: upstream.map(Float.init))
        #expect(allClose(got32, got.map(Float.init), atol: 1e-5, rtol: 1e-5), "\(act) f32 backward")
    }

    @Test("no overflow: ±1000 and ±inf give the exact limits", arguments: [Float(1000), .infinity])
    func limits(_ big: Float) {
        let z: [Float] = [-big, big]
        #expect(Kernels.activationForward(.sigmoid, z) == [0, 1])
        #expect(Kernels.activationForward(.tanh, z) == [-1, 1])
        #expect(Kernels.activationForward(.softplus(), z) == [0, big])
        #expect(Kernels.activationForward(.silu, z) == [0, big])
        for act in Activation.allDefaults {
            let out = Kernels.activationForward(act, z)
            #expect(!out.contains { $0.isNaN }, "\(act) at ±\(big) gave \(out)")
        }
    }

    @Test("kink conventions follow PyTorch")
    func kinks() throws {
        let g = try Kernels.activationBackward(.relu, z: [0.0], a: [0.0], dLdA: [1])
        #expect(g == [0], "relu'(0) = 0")
        let leaky = try Kernels.activationBackward(.leakyReLU(slope: 0.1), z: [0.0], a: [0.0], dLdA: [1])
        #expect(leaky == [0.1], "leaky_relu'(0) = slope")
    }

    @Test("Swift and C agree on every activation's name")
    func names() {
        for act in Activation.allDefaults { #expect(act.kernelName == act.name) }
    }

    @Test("activations are found by name; unknown names list the valid ones")
    func byName() throws {
        #expect(try Activation(named: "Leaky-ReLU") == .leakyReLU())
        #expect(try Activation(named: "clipped_relu:2") == .clippedReLU(ceiling: 2))
        #expect(try Activation(named: "swish") == .silu)
        #expect(try Activation(named: "hard_tanh:-2:2") == .hardTanh(min: -2, max: 2))
        #expect(throws: ActivationNameError.self) { try Activation(named: "sigmod") }
        do { _ = try Activation(named: "sigmod") } catch {
            #expect(error.description.contains("sigmoid") && error.description.contains("leaky_relu"))
        }
    }
}
