import Testing
@testable import Dendrite
@testable import DendriteExperiments
@testable import DendriteTestSupport

struct AutogradTests {
    @Test("gradients accumulate across backward calls and reset with zeroGrad")
    func accumulation() {
        let w = Tensor<Double>([1, 2, 3], requiresGrad: true)
        (w * 2).sum().backward()
        (w * 3).sum().backward()
        #expect(w.grad?.array == [5, 5, 5])
        w.zeroGrad()
        #expect(w.grad == nil)
    }

    @Test("a tensor used twice gets both contributions")
    func diamond() {
        let x = Tensor<Double>([2], requiresGrad: true)
        let y = x * x + x  // dy/dx = 2x + 1 = 5
        y.sum().backward()
        #expect(x.grad?.array == [5])
    }

    @Test("noGrad records nothing")
    func noGradRecordsNothing() {
        let w = Tensor<Double>([1, 2], requiresGrad: true)
        let y = noGrad { w * 2 }
        #expect(!y.requiresGrad)
        #expect(GradMode.isEnabled)
    }

    @Test("the graph is freed after backward: no reference cycles")
    func graphFreed() {
        let w = Tensor<Double>([[1, 2], [3, 4]], requiresGrad: true)
        weak var interior: Node<Double>?
        do {
            let h = sigmoid(w.matmul(w)) * 3
            interior = h.node
            #expect(interior != nil)
            h.sum().backward()
        }
        #expect(interior == nil, "the interior node outlived its last tensor")
        #expect(w.grad != nil)
    }

    @Test("retainGraph allows a second backward; without it the message explains")
    func retainGraph() {
        let x = Tensor<Double>([3], requiresGrad: true)
        let y = (x * x).sum()
        y.backward(retainGraph: true)
        y.backward()
        #expect(x.grad?.array == [12])
    }

    @Test("a 2000-layer chain backpropagates without recursion")
    func deepChain() {
        let x = Tensor<Double>([0.5], requiresGrad: true)
        var y = x
        for _ in 0 ..< 2000 { y = y * 1.0 + 0.0 }
        y.sum().backward()
        #expect(x.grad?.array == [1])
    }

    /// The custom ReLU of the second seed, as a user would write it.
    enum CustomReLU: DifferentiableFunction {
        static func forward(_ ctx: inout FunctionContext<Double>, _ inputs: [Tensor<Double>]) -> Tensor<Double> {
            ctx.saveForBackward(inputs[0])
            return inputs[0].clamped(to: 0 ... .greatestFiniteMagnitude)
        }
        static func backward(_ ctx: FunctionContext<Double>, _ gradient: Tensor<Double>) -> [Tensor<Double>?] {
            [gradient * (ctx.savedTensors[0] .> Tensor(0))]
        }
    }

    @Test("a custom function joins the graph and matches the built-in relu")
    func customFunction() {
        let z = Tensor<Double>([[-1.5, 0.5, 2], [0.25, -0.1, 3]])
        let report = gradcheck({ CustomReLU.apply($0[0]) * $0[0] }, inputs: [z])
        #expect(report.passed, "\(report)")
        let a = z.requiringGrad(), b = z.requiringGrad()
        (CustomReLU.apply(a) * 2).sum().backward()
        (relu(b) * 2).sum().backward()
        #expect(a.grad == b.grad)
    }

    @Test("the seed's example: linear, custom relu, linear, backward")
    func seedExample() {
        var g = SeededGenerator(seed: 1)
        let x = Tensor<Double>.ones([1, 2])
        let w1 = Tensor<Double>.uniform([3, 2], in: -1 ... 1, using: &g, requiresGrad: true)
        let w2 = Tensor<Double>.uniform([1, 3], in: -1 ... 1, using: &g, requiresGrad: true)
        let out = linear(CustomReLU.apply(linear(x, weight: w1, bias: nil)), weight: w2, bias: nil)
        out.backward()
        // Rows of w1 whose unit is inactive get zero gradient, as in the seed's output.
        let hidden = linear(x, weight: w1, bias: nil).array
        for (i, h) in hidden.enumerated() where h < 0 {
            #expect(w1.grad?.rows[i] == [0, 0])
        }
    }

    @Test("gradcheck reports the worst element of a wrong gradient")
    func gradcheckCatchesErrors() {
        enum WrongSquare: DifferentiableFunction {
            static func forward(_ ctx: inout FunctionContext<Double>, _ inputs: [Tensor<Double>]) -> Tensor<Double> {
                ctx.saveForBackward(inputs[0])
                return inputs[0] * inputs[0]
            }
            static func backward(_ ctx: FunctionContext<Double>, _ gradient: Tensor<Double>) -> [Tensor<Double>?] {
                [gradient * ctx.savedTensors[0]]  // missing the factor 2
            }
        }
        let report = gradcheck({ WrongSquare.apply($0[0]) }, inputs: [Tensor([1.0, 2.0])])
        #expect(!report.passed)
        #expect(report.description.contains("FAILED"))
    }
}

@Suite struct EdgeGradientTests {
    @Test("pow: the exponent's gradient is 0 where the base is 0, not NaN")
    func powAtZeroBase() {
        let a = Tensor<Double>([0, 2], requiresGrad: true), b = Tensor<Double>([2, 3], requiresGrad: true)
        Tensor.pow(a, b).sum().backward()
        #expect(b.grad?.array == [0, 8 * Foundation.log(2.0)])
        #expect(a.grad?.array == [0, 12])
    }

    @Test("a trainer's evaluation leaves the model's mode as it found it")
    func evaluationKeepsMode() {
        let trainer = ClassifierTrainer<Double>(setup: TrainingSetup(dataset: "iris"), inputs: 4, classes: 3)
        trainer.model.eval()
        _ = trainer.evaluate(Dataset<Double>.iris())
        #expect(!trainer.model.isTraining)
    }
}

import Foundation
