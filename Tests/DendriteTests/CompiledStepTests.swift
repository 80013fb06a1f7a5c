import Testing
@testable import Dendrite
@testable import DendriteExperiments

/// Compiled steps against the eager graph, bit for bit: the same losses, gradients and
/// parameters after every step.
extension KernelSettingsSensitive {
@Suite struct CompiledStepTests {
    static func data<S: KernelScalar>(_: S.Type, rows: Int = 150, features: Int = 7, classes: Int = 3, seed: UInt64 = 1) -> Dataset<S> {
        var g = SeededGenerator(seed: seed)
        let x = Tensor<S>.normal([rows, features], using: &g)
        let labels = (0 ..< rows).map { _ in Int.random(in: 0 ..< classes, using: &g) }
        return Dataset(name: "random", features: x, labels: labels, classNames: (0 ..< classes).map(String.init))
    }

    /// Batches of 32 rows and a last one of 22, in a fixed shuffled order.
    static func batches(_ count: Int, size: Int = 32) -> [[Int]] {
        var g = SeededGenerator(seed: 9)
        let order = Array(0 ..< count).shuffled(using: &g)
        return stride(from: 0, to: count, by: size).map { Array(order[$0 ..< min($0 + size, count)]) }
    }

    typealias Make<S: KernelScalar> = () -> (any Module<S>, any Optimizer<S>)

    /// Runs `epochs` epochs eagerly and compiled from the same initial state; expects the
    /// same bits for every loss, gradient and parameter.
    func expectSame<S: KernelScalar>(_: S.Type, loss: TrainingLoss = .crossEntropy(), epochs: Int = 2, classes: Int = 3,
                                     rows: Int = 150, batch: Int = 32,
                                     _ make: Make<S>, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let data = Self.data(S.self, rows: rows, classes: classes)
        let (eagerModel, eagerOptimizer) = make()
        let (compiledModel, compiledOptimizer) = make()
        let step = CompiledStep(model: compiledModel, loss: loss, optimizer: compiledOptimizer)
        for _ in 0 ..< epochs {
            for rows in Self.batches(data.count, size: batch) {
                let batch = data.batch(rows: rows)
                let eagerLoss = loss(eagerModel(batch.features), batch)
                eagerOptimizer.zeroGrad()
                eagerLoss.backward()
                eagerOptimizer.step()
                let compiledLoss = try step(rows: rows, of: data)
                #expect(compiledLoss == eagerLoss.scalar, sourceLocation: sourceLocation)
            }
        }
        for ((name, a), (_, b)) in zip(eagerModel.namedParameters, compiledModel.namedParameters) {
            #expect(a.value.scalars == b.value.scalars, "\(name) values", sourceLocation: sourceLocation)
            #expect(a.grad?.scalars == b.grad?.scalars, "\(name) gradients", sourceLocation: sourceLocation)
        }
        #expect(step.traceCount == 2, "one plan for full batches, one for the last", sourceLocation: sourceLocation)
    }

    @Test("every activation, SGD with momentum, Float64 and Float32", arguments: Activation.allDefaults)
    func activations(_ activation: Activation) throws {
        try expectSame(Double.self) {
            let m = MLP<Double>(inputs: 7, hidden: [8, 6], outputs: 3, activation: activation, seed: 2)
            return (m, SGD(parameters: m.parameters, learningRate: 0.05, momentum: 0.9))
        }
        try expectSame(Float.self) {
            let m = MLP<Float>(inputs: 7, hidden: [8, 6], outputs: 3, activation: activation, seed: 2)
            return (m, SGD(parameters: m.parameters, learningRate: 0.05, momentum: 0.9))
        }
    }

    @Test("every optimizer")
    func optimizers() throws {
        let makers: [(String, ([Parameter<Double>]) -> any Optimizer<Double>)] = [
            ("sgd nesterov", { SGD(parameters: $0, learningRate: 0.05, momentum: 0.9, weightDecay: 1e-3, nesterov: true) }),
            ("adam", { Adam(parameters: $0, learningRate: 0.01) }),
            ("adamw", { AdamW(parameters: $0, learningRate: 0.01, weightDecay: 0.1) }),
            ("rmsprop", { RMSProp(parameters: $0, learningRate: 0.01, momentum: 0.5, centered: true) }),
            ("adagrad", { Adagrad(parameters: $0, learningRate: 0.1) }),
        ]
        for (_, optimizer) in makers {
            try expectSame(Double.self) {
                let m = MLP<Double>(inputs: 7, hidden: [5], outputs: 3, activation: .tanh, seed: 3)
                return (m, optimizer(m.parameters))
            }
        }
    }

    @Test("layers without bias, dropout in training and evaluation, batch norm, other losses")
    func layers() throws {
        func net(dropout training: Bool) -> Sequential<Double> {
            var g = SeededGenerator(seed: 4)
            let dropout = Dropout<Double>(p: 0.3, seed: 5)
            dropout.isTraining = training
            return Sequential(Linear(inputSize: 7, outputSize: 9, bias: false, generator: &g), BatchNorm1d(features: 9), ReLU(),
                              dropout, Linear(inputSize: 9, outputSize: 3, generator: &g))
        }
        for training in [true, false] {
            try expectSame(Double.self) {
                let m = net(dropout: training)
                return (m, SGD(parameters: m.parameters, learningRate: 0.05, momentum: 0.9))
            }
        }
        for loss in [TrainingLoss.binaryCrossEntropy(reduction: .sum), .binaryCrossEntropyWithLogits(), .mse()] {
            try expectSame(Double.self, loss: loss, classes: 2) {
                let m = MLP<Double>(inputs: 7, hidden: [6], outputs: 1, activation: .sigmoid,
                                    outputActivation: loss == .binaryCrossEntropy(reduction: .sum) ? .sigmoid : nil, seed: 6)
                return (m, SGD(parameters: m.parameters, learningRate: 0.01))
            }
        }
    }

    @Test("cases found in review: small buffers reused by the arena, a parameter without gradient, parameters sharing storage")
    func reviewCases() throws {
        // Many 64-byte temporaries before the biased output layer, a last batch of 6 rows.
        try expectSame(Double.self, loss: .binaryCrossEntropyWithLogits(), classes: 2, rows: 150, batch: 48) {
            var g = SeededGenerator(seed: 11)
            let m = Sequential<Double>(Linear(inputSize: 7, outputSize: 8, generator: &g), BatchNorm1d(features: 8), ReLU(),
                                       Linear(inputSize: 8, outputSize: 1, generator: &g))
            return (m, SGD(parameters: m.parameters, learningRate: 0.05, momentum: 0.9))
        }
        // A head the loss never reaches: eager leaves it alone, so must the compiled step.
        final class TwoHeads: Module {
            var isTraining = true
            let body = Linear<Double>(inputSize: 7, outputSize: 3, seed: 1)
            let unused = Linear<Double>(inputSize: 7, outputSize: 3, seed: 2)
            func callAsFunction(_ x: Tensor<Double>) -> Tensor<Double> { body(x) }
        }
        try expectSame(Double.self) {
            let m = TwoHeads()
            return (m, AdamW(parameters: m.parameters, learningRate: 0.01, weightDecay: 0.1))
        }
        // Two parameters made from one tensor share storage until one of them changes.
        try expectSame(Double.self) {
            let shared = Tensor<Double>.zeros([3])
            var g = SeededGenerator(seed: 12)
            let first = Linear(weight: .normal([3, 7], using: &g), bias: shared)
            let second = Linear(weight: .normal([3, 3], using: &g), bias: shared)
            let m = Sequential<Double>(first, Tanh(), second)
            return (m, SGD(parameters: m.parameters, learningRate: 0.05))
        }
    }

    @Test("a changed model is traced again; an evaluation-mode step has its own plan")
    func changes() throws {
        let data = Self.data(Double.self)
        let model = Sequential<Double>(Linear(inputSize: 7, outputSize: 4, seed: 1), Tanh(), Linear(inputSize: 4, outputSize: 3, seed: 2))
        let step = CompiledStep(model: model, loss: .crossEntropy(), optimizer: SGD(parameters: model.parameters, learningRate: 0.1))
        try step(rows: 0 ..< 32, of: data)
        try step(rows: 32 ..< 64, of: data)
        #expect(step.traceCount == 1)
        model.eval()
        try step(rows: 0 ..< 32, of: data)
        #expect(step.traceCount == 2)
        model.train()
        // A new layer: the parameters are no longer those of the plan.
        model.layers[2] = Linear(inputSize: 4, outputSize: 3, seed: 7)
        try step(rows: 0 ..< 32, of: data)
        #expect(step.traceCount == 3)
        // A replaced value of the same shape: bound, not traced again.
        let first = model.layers[0] as! Linear<Double>
        first.weight.value = .zeros([4, 7])
        try step(rows: 0 ..< 32, of: data)
        #expect(step.traceCount == 3, "same shape: the plan binds the new storage")
    }

    @Test("a custom function is refused with its name")
    func customFunctionRefused() {
        enum Twice: DifferentiableFunction {
            static func forward(_ ctx: inout FunctionContext<Double>, _ inputs: [Tensor<Double>]) -> Tensor<Double> { inputs[0] * 2 }
            static func backward(_ ctx: FunctionContext<Double>, _ g: Tensor<Double>) -> [Tensor<Double>?] { [g * 2] }
        }
        final class Net: Module {
            var isTraining = true
            let layer = Linear<Double>(inputSize: 7, outputSize: 3, seed: 1)
            func callAsFunction(_ x: Tensor<Double>) -> Tensor<Double> { Twice.apply(layer(x)) }
        }
        let net = Net()
        let step = CompiledStep(model: net, loss: .crossEntropy(), optimizer: SGD(parameters: net.parameters, learningRate: 0.1))
        #expect(throws: CompileError.self) { try step(rows: 0 ..< 8, of: Self.data(Double.self)) }
        do { try step(rows: 0 ..< 8, of: Self.data(Double.self)) } catch {
            #expect(error.description.contains("Twice") && error.description.contains("eagerly"))
        }
    }

    @Test("the gradient recorder reads the same values after a compiled step")
    func recorder() throws {
        let data = Self.data(Double.self)
        let eager = MLP<Double>(inputs: 7, hidden: [6, 6], outputs: 3, activation: .sigmoid, seed: 8)
        let compiled = MLP<Double>(inputs: 7, hidden: [6, 6], outputs: 3, activation: .sigmoid, seed: 8)
        let (eagerRecorder, compiledRecorder) = (GradientRecorder(model: eager), GradientRecorder(model: compiled))
        let eagerOptimizer = SGD(parameters: eager.parameters, learningRate: 0.1)
        let step = CompiledStep(model: compiled, loss: .crossEntropy(), optimizer: SGD(parameters: compiled.parameters, learningRate: 0.1))
        for rows in Self.batches(data.count) {
            let batch = data.batch(rows: rows)
            let loss = TrainingLoss.crossEntropy()(eager(batch.features), batch)
            eagerOptimizer.zeroGrad()
            loss.backward()
            eagerRecorder.record(eager)
            eagerOptimizer.step()
            try step(rows: rows, of: data)
            compiledRecorder.record(compiled)
        }
        #expect(eagerRecorder.steps == compiledRecorder.steps)
    }
}
}

