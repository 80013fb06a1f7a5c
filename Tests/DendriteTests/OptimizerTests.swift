import Testing
@testable import Dendrite
@testable import DendriteExperiments
@testable import DendriteTestSupport

/// Optimizers on parameters: five steps against PyTorch (TorchGolden, from
/// Tests/python/golden/nn_golden.py), skipped parameters, state export and import, and
/// convergence of each optimizer on a small regression.
struct OptimizerTests {
    typealias Make = @Sendable ([Parameter<Double>]) -> any Optimizer<Double>

    static let configurations: [(String, Make, [Double], [Double])] = [
        ("sgd", { SGD(parameters: $0, learningRate: 0.1) }, TorchGolden.sgdStep1, TorchGolden.sgdStep5),
        ("sgd momentum", { SGD(parameters: $0, learningRate: 0.05, momentum: 0.9, dampening: 0.1, weightDecay: 0.01) },
         TorchGolden.sgdMomentumStep1, TorchGolden.sgdMomentumStep5),
        ("sgd nesterov", { SGD(parameters: $0, learningRate: 0.05, momentum: 0.9, weightDecay: 0.01, nesterov: true) },
         TorchGolden.sgdNesterovStep1, TorchGolden.sgdNesterovStep5),
        ("adam", { Adam(parameters: $0, learningRate: 0.05, weightDecay: 0.01) }, TorchGolden.adamStep1, TorchGolden.adamStep5),
        ("adam amsgrad", { Adam(parameters: $0, learningRate: 0.05, beta1: 0.8, beta2: 0.99, amsgrad: true) },
         TorchGolden.adamAmsgradStep1, TorchGolden.adamAmsgradStep5),
        ("adamw", { AdamW(parameters: $0, learningRate: 0.05, weightDecay: 0.1) }, TorchGolden.adamWStep1, TorchGolden.adamWStep5),
        ("rmsprop", { RMSProp(parameters: $0, learningRate: 0.01) }, TorchGolden.rmspropStep1, TorchGolden.rmspropStep5),
        ("rmsprop centered", { RMSProp(parameters: $0, learningRate: 0.01, alpha: 0.9, weightDecay: 0.01, momentum: 0.5, centered: true) },
         TorchGolden.rmspropCenteredStep1, TorchGolden.rmspropCenteredStep5),
        ("adagrad", { Adagrad(parameters: $0, learningRate: 0.1, learningRateDecay: 0.01, weightDecay: 0.01, initialAccumulatorValue: 0.1) },
         TorchGolden.adagradStep1, TorchGolden.adagradStep5),
    ]

    /// The golden problem: loss_t = sum(c0 (p0 - t0)^2) + [t odd] sum(c1 tanh(p1)); p2 never used.
    struct Problem {
        let p0 = Parameter(Tensor(shape: [2, 3], scalars: TorchGolden.optimizerP0))
        let p1 = Parameter(Tensor(TorchGolden.optimizerP1))
        let p2 = Parameter(Tensor(TorchGolden.optimizerP2))
        var parameters: [Parameter<Double>] { [p0, p1, p2] }

        func loss(step: Int) -> Tensor<Double> {
            let t0 = Tensor(shape: [2, 3], scalars: TorchGolden.optimizerT0), c0 = Tensor(shape: [2, 3], scalars: TorchGolden.optimizerC0)
            let quadratic = (c0 * (p0.value - t0).squared()).sum()
            return step % 2 == 1 ? quadratic + (Tensor(TorchGolden.optimizerC1) * tanh(p1.value)).sum() : quadratic
        }

        func run(_ optimizer: any Optimizer<Double>, steps: ClosedRange<Int>, after: (Int) -> Void = { _ in }) {
            for step in steps {
                optimizer.zeroGrad()
                loss(step: step).backward()
                optimizer.step()
                after(step)
            }
        }

        var values: [Double] { p0.value.array + p1.value.array }
    }

    @Test("five steps match PyTorch; a parameter without gradient is skipped", arguments: configurations.indices)
    func golden(_ index: Int) {
        let (name, make, step1, step5) = Self.configurations[index]
        let problem = Problem()
        let optimizer = make(problem.parameters)
        problem.run(optimizer, steps: 1 ... 5) { step in
            if step == 1 { #expect(allClose(problem.values, step1, atol: 1e-14, rtol: 1e-12), "\(name) step 1: \(problem.values)") }
        }
        #expect(allClose(problem.values, step5, atol: 1e-14, rtol: 1e-12), "\(name) step 5: \(problem.values)")
        #expect(problem.p2.value.array == TorchGolden.optimizerP2, "\(name) changed a parameter that had no gradient")
        let state = optimizer.state()
        #expect(state.parameters.map(\.step) == [5, 3, 0], "\(name): per-parameter step counts")
        #expect(state.parameters[2].buffers.isEmpty)
    }

    @Test("state export and import resume training exactly", arguments: configurations.indices)
    func resume(_ index: Int) throws {
        let (name, make, _, step5) = Self.configurations[index]
        let first = Problem()
        let optimizer = make(first.parameters)
        first.run(optimizer, steps: 1 ... 2)
        let saved = optimizer.state()

        let second = Problem()
        for (a, b) in zip(second.parameters, first.parameters) { a.value = b.value }
        let resumed = make(second.parameters)
        resumed.learningRate = 123   // restored from the state
        try resumed.loadState(saved)
        #expect(resumed.learningRate == optimizer.learningRate)
        #expect(resumed.state() == saved, "\(name)")
        second.run(resumed, steps: 3 ... 5)
        first.run(optimizer, steps: 3 ... 5)
        #expect(second.values == first.values, "\(name): resumed run differs")
        #expect(allClose(second.values, step5, atol: 1e-14, rtol: 1e-12))
    }

    @Test("a state that does not fit is refused and nothing changes")
    func stateMismatch() throws {
        let problem = Problem()
        let adam = Adam(parameters: problem.parameters, learningRate: 0.1)
        problem.run(adam, steps: 1 ... 1)
        let before = adam.state()

        let sgdState = SGD(parameters: problem.parameters, learningRate: 0.1).state()
        #expect(throws: OptimizerStateError("the state is for sgd, this optimizer is adam")) { try adam.loadState(sgdState) }

        var fewer = before
        fewer.parameters.removeLast()
        #expect(throws: OptimizerStateError("the state has 2 parameters, this adam optimizer has 3")) { try adam.loadState(fewer) }

        var wrongShape = before
        wrongShape.parameters[0].buffers["exp_avg"] = .zeros([3, 2])
        #expect(throws: OptimizerStateError("parameter 0 has shape [2, 3] but its 'exp_avg' buffer has shape [3, 2]")) {
            try adam.loadState(wrongShape)
        }
        var missing = before
        missing.parameters[1].buffers["exp_avg_sq"] = nil
        #expect(throws: OptimizerStateError("parameter 1 has taken 1 steps but has no 'exp_avg_sq' buffer")) { try adam.loadState(missing) }
        let amsgrad = Adam(parameters: problem.parameters, amsgrad: true)
        #expect(throws: OptimizerStateError.self) { try amsgrad.loadState(before) }
        #expect(adam.state() == before)
    }

    static let convergenceCases: [(String, Make)] = [
        ("sgd", { SGD(parameters: $0, learningRate: 0.1) }),
        ("sgd nesterov", { SGD(parameters: $0, learningRate: 0.05, momentum: 0.9, nesterov: true) }),
        ("adam", { Adam(parameters: $0, learningRate: 0.05) }),
        ("adamw", { AdamW(parameters: $0, learningRate: 0.05, weightDecay: 1e-4) }),
        ("rmsprop", { RMSProp(parameters: $0, learningRate: 0.01) }),
        ("adagrad", { Adagrad(parameters: $0, learningRate: 0.5) }),
    ]

    @Test("each optimizer fits a linear regression", arguments: convergenceCases)
    func convergence(_ name: String, _ make: Make) {
        // y = 2 x0 - 3 x1 + 1, fitted from a zero start.
        var rng = SeededGenerator(seed: 12)
        let x = Tensor<Double>.uniform([64, 2], in: -1 ... 1, using: &rng)
        let y = x.matmul(Tensor([[2], [-3]])) + 1
        let model = Linear<Double>(inputSize: 2, outputSize: 1, initializer: .zeros, seed: 0)
        let optimizer = make(model.parameters)
        var loss = 0.0
        for _ in 0 ..< 500 {
            optimizer.zeroGrad()
            let l = mseLoss(model(x), y)
            l.backward()
            optimizer.step()
            loss = l.scalar
        }
        #expect(loss < 1e-4, "\(name): loss \(loss)")
        #expect(allClose(model.weight.value.array + model.bias!.value.array, [2, -3, 1], atol: 2e-2), "\(name): \(model.weight.value), \(model.bias!.value)")
    }

    @Test("learning rate get/set and the Float path")
    func floatPath() {
        let p = Parameter(Tensor<Float>([1, 2, 3]))
        let optimizer = Adam(parameters: [p, p], learningRate: 0.5)
        #expect(optimizer.parameters.count == 1, "duplicates are taken once")
        optimizer.learningRate = 0.1
        #expect(optimizer.learningRate == 0.1 && optimizer.hyperparameters.learningRate == 0.1)
        (p.value * p.value).sum().backward()
        optimizer.step()
        // Adam's first step moves every element by lr against the gradient's sign.
        #expect(allClose(p.value.array, [0.9, 1.9, 2.9], atol: 1e-6))
    }
}
