import Foundation
import Testing
@testable import Dendrite
@testable import DendriteExperiments
@testable import DendriteTestSupport

/// Weight initialisation: bounds and standard deviations of torch.nn.init's formulas, on
/// large layers so sample statistics are within a few percent of the formula.
struct InitializerTests {
    static let (fanIn, fanOut) = (300, 200)

    func statistics(_ w: Tensor<Double>) -> (mean: Double, std: Double, maxAbs: Double) {
        let n = Double(w.count)
        let mean = w.scalars.reduce(0, +) / n
        let std = (w.scalars.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
        return (mean, std, w.scalars.map(Swift.abs).max()!)
    }

    func weight(_ initializer: Initializer, seed: UInt64 = 11) -> Tensor<Double> {
        Linear<Double>(inputSize: Self.fanIn, outputSize: Self.fanOut, initializer: initializer, seed: seed).weight.value
    }

    static let uniformCases: [(Initializer, Double)] = [
        (.xavierUniform(), (6.0 / 500).squareRoot()),
        (.xavierUniform(gain: 5.0 / 3), 5.0 / 3 * (6.0 / 500).squareRoot()),
        (.kaimingUniform(), (6.0 / 300).squareRoot()),
        (.kaimingUniform(mode: .fanOut), (6.0 / 200).squareRoot()),
        (.kaimingUniform(negativeSlope: 0.2), (6.0 / (1.04 * 300)).squareRoot()),
        (.pytorchDefault, 1 / 300.0.squareRoot()),
    ]

    static let normalCases: [(Initializer, Double)] = [
        (.xavierNormal(), (2.0 / 500).squareRoot()),
        (.glorotNormal, (2.0 / 500).squareRoot()),
        (.kaimingNormal(), (2.0 / 300).squareRoot()),
        (.heNormal, (2.0 / 300).squareRoot()),
        (.kaimingNormal(mode: .fanOut), (2.0 / 200).squareRoot()),
    ]

    @Test("uniform initialisers stay within their bound with std bound/√3", arguments: uniformCases)
    func uniform(_ initializer: Initializer, bound: Double) {
        let s = statistics(weight(initializer))
        #expect(s.maxAbs <= bound, "\(initializer): max |w| \(s.maxAbs) above the bound \(bound)")
        #expect(s.maxAbs > 0.99 * bound, "\(initializer): the draws should reach close to the bound")
        #expect(Swift.abs(s.std / (bound / 3.0.squareRoot()) - 1) < 0.02, "\(initializer): std \(s.std)")
        #expect(Swift.abs(s.mean) < 0.02 * bound)
        #expect(Swift.abs(initializer.standardDeviation(fanIn: Self.fanIn, fanOut: Self.fanOut) - bound / 3.0.squareRoot()) < 1e-15)
    }

    @Test("normal initialisers have the formula's standard deviation", arguments: normalCases)
    func normal(_ initializer: Initializer, std: Double) {
        let s = statistics(weight(initializer))
        #expect(Swift.abs(s.std / std - 1) < 0.02, "\(initializer): std \(s.std), expected \(std)")
        #expect(Swift.abs(s.mean) < 0.02 * std)
        #expect(s.maxAbs > 3 * std, "a normal sample of 60000 reaches past 3 std")
    }

    @Test("biases: U(±1/√fanIn) with PyTorch's default, zeros otherwise")
    func biases() {
        let torchLike = Linear<Double>(inputSize: 16, outputSize: 5000, seed: 2).bias!.value
        #expect(torchLike.scalars.allSatisfy { Swift.abs($0) <= 0.25 } && torchLike.scalars.contains { Swift.abs($0) > 0.24 })
        #expect(Linear<Double>(inputSize: 16, outputSize: 10, initializer: .heUniform, seed: 2).bias!.value == .zeros([10]))
        let zero = Linear<Double>(inputSize: 4, outputSize: 3, initializer: .zeros, seed: 2)
        #expect(zero.weight.value == .zeros([3, 4]) && zero.bias!.value == .zeros([3]))
    }

    @Test("the same seed gives the same weights, in Float and Double alike")
    func reproducible() {
        #expect(weight(.xavierUniform(), seed: 4) == weight(.xavierUniform(), seed: 4))
        #expect(weight(.xavierUniform(), seed: 4) != weight(.xavierUniform(), seed: 5))
        let double = MLP<Double>(inputs: 4, hidden: [8, 8], outputs: 3, seed: 9).parameterValues()
        let float = MLP<Float>(inputs: 4, hidden: [8, 8], outputs: 3, seed: 9).parameterValues()
        for (name, d) in double {
            #expect(float[name]!.array == d.array.map(Float.init), "\(name)")
        }
    }

    @Test("recommended gains (torch.nn.init.calculate_gain)")
    func gains() {
        #expect(Initializer.gain(for: .tanh) == 5.0 / 3)
        #expect(Initializer.gain(for: .relu) == 2.0.squareRoot())
        #expect(Initializer.gain(for: .leakyReLU(slope: 0.2)) == (2 / 1.04).squareRoot())
        #expect(Initializer.gain(for: .selu) == 0.75)
        #expect(Initializer.gain(for: .sigmoid) == 1)
    }
}
