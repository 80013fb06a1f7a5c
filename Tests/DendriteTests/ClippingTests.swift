import Testing
@testable import Dendrite
@testable import DendriteExperiments
@testable import DendriteTestSupport

/// Gradient clipping against torch.nn.utils.clip_grad_norm_ / clip_grad_value_ (TorchGolden).
struct ClippingTests {
    func parameters() -> [Parameter<Double>] {
        let a = Parameter(Tensor<Double>.zeros([2, 3])), b = Parameter(Tensor<Double>.zeros([3])), none = Parameter(Tensor<Double>([1]))
        a.grad = Tensor(shape: [2, 3], scalars: TorchGolden.clipG0)
        b.grad = Tensor(TorchGolden.clipG1)
        return [a, none, b]
    }

    @Test("clipGradNorm: total norm returned, gradients scaled by min(1, max / (norm + 1e-6))", arguments: [
        (1.0, 2.0, TorchGolden.clipNorm1), (100, 2, TorchGolden.clipNorm100),
        (0.5, .infinity, TorchGolden.clipNormInf), (2, 1, TorchGolden.clipNormL1),
    ])
    func norm(_ maxNorm: Double, _ normType: Double, _ golden: [Double]) {
        let ps = parameters()
        let total = clipGradNorm(ps, maxNorm: maxNorm, normType: normType)
        #expect(Swift.abs(total - golden[0]) < 1e-14 * golden[0])
        #expect(allClose(ps[0].grad!.array + ps[2].grad!.array, Array(golden.dropFirst()), atol: 1e-15, rtol: 1e-13))
        #expect(ps[1].grad == nil)
        if maxNorm > total { #expect(ps[0].grad!.array == TorchGolden.clipG0) }
    }

    @Test("clipGradValue limits each element")
    func value() {
        let ps = parameters()
        clipGradValue(ps, clipValue: 0.3)
        #expect(ps[0].grad!.array + ps[2].grad!.array == TorchGolden.clipValue03)
    }

    @Test("Float gradients and no gradients at all")
    func edges() {
        let p = Parameter(Tensor<Float>([0, 0]))
        #expect(clipGradNorm([p], maxNorm: 1) == 0)
        p.grad = Tensor([3, 4])
        #expect(clipGradNorm([p], maxNorm: 1) == 5)
        #expect(allClose(p.grad!.array, [0.6, 0.8], atol: 1e-6))
    }
}
