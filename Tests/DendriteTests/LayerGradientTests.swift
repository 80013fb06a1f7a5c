import Testing
@testable import Dendrite
@testable import DendriteExperiments
@testable import DendriteTestSupport

/// Layers against finite differences (gradcheck, Double) with their parameters as inputs,
/// and against PyTorch's numbers (BatchNorm1d, a small MLP trained for three steps).
struct LayerGradientTests {
    /// Puts gradcheck's leaves into the parameters (the parameter's storage, so the graph
    /// reaches them), then runs `body`.
    static func bind(_ parameters: [Parameter<Double>], _ values: ArraySlice<Tensor<Double>>) {
        for (p, v) in zip(parameters, values) { p.storage = v }
    }

    static func random(_ shape: [Int], seed: UInt64) -> Tensor<Double> {
        var rng = SeededGenerator(seed: seed)
        return .normal(shape, using: &rng)
    }

    @Test("Linear: input, weight and bias")
    func linearLayer() {
        let layer = Linear<Double>(inputSize: 5, outputSize: 3, seed: 1)
        let inputs = [Self.random([4, 5], seed: 2), layer.weight.value.detached(), layer.bias!.value.detached()]
        let report = gradcheck({ xs in
            Self.bind(layer.parameters, xs[1...])
            return layer(xs[0])
        }, inputs: inputs)
        #expect(report.passed, "\(report)")
        let noBias = Linear<Double>(inputSize: 5, outputSize: 2, bias: false, seed: 1)
        let second = gradcheck({ xs in Self.bind(noBias.parameters, xs[1...]); return noBias(xs[0]) },
                               inputs: [Self.random([3, 5], seed: 3), noBias.weight.value.detached()])
        #expect(second.passed, "\(second)")
    }

    @Test("BatchNorm1d in training mode: input, weight and bias")
    func batchNorm() {
        let norm = BatchNorm1d<Double>(features: 3)
        let inputs = [Self.random([6, 3], seed: 4), Tensor([1.5, -0.5, 2]), Tensor([0.1, 0.2, -0.3])]
        let report = gradcheck({ xs in
            Self.bind(norm.parameters, xs[1...])
            return norm(xs[0])
        }, inputs: inputs)
        #expect(report.passed, "\(report)")
        norm.eval()
        let evalReport = gradcheck({ xs in Self.bind(norm.parameters, xs[1...]); return norm(xs[0]) }, inputs: inputs)
        #expect(evalReport.passed, "eval: \(evalReport)")
    }

    @Test("Dropout with a fixed mask: the gradient is the mask")
    func dropoutLayer() {
        let dropout = Dropout<Double>(p: 0.4, seed: 8)
        let x = Self.random([5, 6], seed: 5)
        let report = gradcheck({ xs in
            dropout.generator = SeededGenerator(seed: 8)   // the same mask on every call
            return dropout(xs[0])
        }, inputs: [x])
        #expect(report.passed, "\(report)")
        // The mask: zeros and 1/(1 - p), roughly 40% zeros, reproducible from the seed.
        dropout.generator = SeededGenerator(seed: 8)
        let y = dropout(Tensor.ones([100, 100]))
        let zeros = y.scalars.filter { $0 == 0 }.count
        #expect(y.scalars.allSatisfy { $0 == 0 || Swift.abs($0 - 1 / 0.6) < 1e-15 })
        #expect((3700 ... 4300).contains(zeros))
        dropout.eval()
        #expect(dropout(x) == x)
        #expect(Dropout<Double>(p: 1)(x) == .zeros(x.shape))
        #expect(Dropout<Double>(p: 0)(x) == x)
    }

    @Test("MLP end to end: cross-entropy through every layer, all parameters and the input")
    func mlp() {
        let net = MLP<Double>(inputs: 3, hidden: [5, 4], outputs: 3, activation: .tanh, seed: 6)
        let labels = [0, 2, 1, 2]
        let inputs = [Self.random([4, 3], seed: 7)] + net.parameters.map { $0.value.detached() }
        let report = gradcheck({ xs in
            Self.bind(net.parameters, xs[1...])
            return crossEntropy(net(xs[0]), labels: labels)
        }, inputs: inputs)
        #expect(report.passed, "\(report)")
        #expect(report.checked == 12 + net.parameterCount)

        let binary = MLP<Double>(inputs: 2, hidden: [3], outputs: 1, activation: .sigmoid, outputActivation: .sigmoid, seed: 2)
        let targets = Tensor<Double>(shape: [3, 1], scalars: [0, 1, 1])
        let second = gradcheck({ xs in
            Self.bind(binary.parameters, xs[1...])
            return binaryCrossEntropy(binary(xs[0]), targets)
        }, inputs: [Self.random([3, 2], seed: 9)] + binary.parameters.map { $0.value.detached() })
        #expect(second.passed, "\(second)")
    }

    @Test("BatchNorm1d matches PyTorch: output, gradients, running statistics, evaluation")
    func batchNormGolden() {
        let norm = BatchNorm1d<Double>(features: 3)
        norm.weight!.value = Tensor(TorchGolden.batchNormWeight)
        norm.bias!.value = Tensor(TorchGolden.batchNormBias)
        let x = Tensor(shape: [4, 3], scalars: TorchGolden.batchNormX1, requiresGrad: true)
        let y = norm(x)
        (y * Tensor(shape: [4, 3], scalars: TorchGolden.batchNormR)).sum().backward()
        #expect(allClose(y.array, TorchGolden.batchNormTrainOutput, atol: 1e-13, rtol: 1e-12))
        #expect(allClose(x.grad!.array, TorchGolden.batchNormGradX, atol: 1e-13, rtol: 1e-12))
        #expect(allClose(norm.weight!.grad!.array, TorchGolden.batchNormGradWeight, atol: 1e-13, rtol: 1e-12))
        #expect(allClose(norm.bias!.grad!.array, TorchGolden.batchNormGradBias, atol: 1e-13, rtol: 1e-12))
        #expect(allClose(norm.runningMean.value.array + norm.runningVariance.value.array, TorchGolden.batchNormRunningAfter1, atol: 1e-15, rtol: 1e-14))
        _ = norm(Tensor(shape: [3, 3], scalars: TorchGolden.batchNormX2))
        #expect(allClose(norm.runningMean.value.array + norm.runningVariance.value.array, TorchGolden.batchNormRunningAfter2, atol: 1e-15, rtol: 1e-14))
        norm.eval()
        #expect(allClose(norm(Tensor(shape: [4, 3], scalars: TorchGolden.batchNormX1)).array, TorchGolden.batchNormEvalOutput, atol: 1e-13, rtol: 1e-12))
    }

    @Test("an MLP trained three steps with SGD and momentum matches PyTorch")
    func mlpTrainingGolden() throws {
        let net = MLP<Double>(inputs: 3, hidden: [4], outputs: 2, activation: .tanh, seed: 0)
        try net.setParameterValues([
            "hidden.0.weight": Tensor(shape: [4, 3], scalars: TorchGolden.mlpW1), "hidden.0.bias": Tensor(TorchGolden.mlpB1),
            "output.weight": Tensor(shape: [2, 4], scalars: TorchGolden.mlpW2), "output.bias": Tensor(TorchGolden.mlpB2),
        ])
        let x = Tensor(shape: [5, 3], scalars: TorchGolden.mlpX)
        let optimizer = SGD(parameters: net.parameters, learningRate: 0.1, momentum: 0.9)
        var losses: [Double] = []
        for _ in 0 ..< 3 {
            optimizer.zeroGrad()
            let loss = crossEntropy(net(x), labels: TorchGolden.mlpY)
            loss.backward()
            optimizer.step()
            losses.append(loss.scalar)
        }
        #expect(allClose(losses, TorchGolden.mlpLosses, atol: 1e-14, rtol: 1e-13))
        #expect(allClose(net.parameters.flatMap(\.value.array), TorchGolden.mlpFinal, atol: 1e-14, rtol: 1e-13))
    }
}
