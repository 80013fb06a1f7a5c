import Testing
@testable import Dendrite
@testable import DendriteExperiments
@testable import DendriteTestSupport

/// Training end to end: Iris setosa vs versicolor to 100%, bit-identical reruns from a
/// seed, and the graph freed after backward.
extension KernelSettingsSensitive {
@Suite struct TrainingTests {
    @Test("the embedded Iris data")
    func iris() {
        let iris = Dataset<Double>.iris()
        #expect(iris.features.shape == [150, 4] && iris.labels.count == 150)
        #expect(iris.classCounts == [50, 50, 50])
        #expect(iris.features.rows[0] == [5.1, 3.5, 1.4, 0.2] && iris.features.rows[149] == [5.9, 3.0, 5.1, 1.8])
        #expect(iris.labels[0] == 0 && iris.labels[50] == 1 && iris.labels[100] == 2)
        #expect(iris.classNames == ["setosa", "versicolor", "virginica"])
    }

    @Test("an MLP reaches 100% training accuracy on Iris rows 0-99 (setosa vs versicolor, standardised)")
    func irisBinary() {
        let data = Dataset<Double>.iris().subset(Array(0 ..< 100))
        let x = Standardizer(fitting: data.features)(data.features)
        let y = data.binaryTargets
        let net = MLP<Double>(inputs: 4, hidden: [10], outputs: 1, activation: .tanh, outputActivation: .sigmoid, seed: 0)
        let optimizer = SGD(parameters: net.parameters, learningRate: 0.1)
        for _ in 0 ..< 100 {
            optimizer.zeroGrad()
            binaryCrossEntropy(net(x), y).backward()
            optimizer.step()
        }
        let predictions = noGrad { net(x) }.scalars.map { $0 > 0.5 ? 1 : 0 }
        let correct = zip(predictions, data.labels).filter { $0 == $1 }.count
        #expect(correct == 100, "accuracy \(correct)%")
    }

    /// Twenty SGD steps on random Iris batches, from one seed.
    static func trainTwenty(seed: UInt64) -> [String: Tensor<Float>] {
        let iris = Dataset<Float>.iris()
        var rng = SeededGenerator(seed: seed)
        let net = MLP<Float>(inputs: 4, hidden: [16, 8], outputs: 3, activation: .relu, generator: &rng)
        let dropout = Dropout<Float>(p: 0.2, seed: seed)
        let optimizer = SGD(parameters: net.parameters, learningRate: 0.05, momentum: 0.9)
        for _ in 0 ..< 20 {
            let rows = (0 ..< 32).map { _ in Int.random(in: 0 ..< 150, using: &rng) }
            optimizer.zeroGrad()
            crossEntropy(net(dropout(iris.features.gathered(rows: rows))), labels: rows.map { iris.labels[$0] }).backward()
            optimizer.step()
        }
        return net.parameterValues()
    }

    @Test("the same seed gives bit-identical training")
    func determinism() {
        let first = Self.trainTwenty(seed: 42)
        #expect(Self.trainTwenty(seed: 42) == first)
        #expect(Self.trainTwenty(seed: 43) != first)
    }

    @Test("backward frees the graph; a dropped loss frees it too")
    func graphFreed() {
        let net = MLP<Double>(inputs: 3, hidden: [4, 4], outputs: 2, activation: .tanh, seed: 1)
        let x = Tensor<Double>([[1, 2, 3], [-1, 0, 1]])
        weak var hidden: Node<Double>?
        weak var root: Node<Double>?
        do {
            let loss: Tensor<Double> = {
                let h = net.hidden[0](x)
                hidden = h.node
                return crossEntropy(net.output(net.hidden[1](h.applying(.tanh)).applying(.tanh)), labels: [0, 1])
            }()
            #expect(hidden != nil, "the graph keeps interior nodes alive until backward")
            loss.backward()
            #expect(hidden == nil, "backward released the interior nodes")
            root = loss.node
        }
        #expect(root == nil, "the root goes with the last tensor referring to it")
        #expect(net.parameters.allSatisfy { $0.grad != nil })

        // Without backward: no reference cycle keeps an abandoned graph alive.
        weak var abandoned: Node<Double>?
        do {
            let loss = net(x).sum()
            abandoned = loss.node
            #expect(abandoned != nil)
        }
        #expect(abandoned == nil)
    }
}
}

extension KernelSettingsSensitive {
    @Suite struct CompiledTrainerTests {
        @Test("the trainer's compiled epochs equal its eager ones bit for bit")
        func compiledEqualsEager() throws {
            var setup = TrainingSetup(dataset: "digits")
            (setup.hidden, setup.batchSize, setup.epochs) = ([32, 16], 64, 2)
            let digits = Dataset<Float>.digits()
            var g = SeededGenerator(seed: 0)
            let (train, validation) = digits.split(validationFraction: 0.2, using: &g)
            let compiled = ClassifierTrainer<Float>(setup: setup, inputs: 64, classes: 10)
            let eager = ClassifierTrainer<Float>(setup: setup, inputs: 64, classes: 10)
            eager.compiled = false
            for _ in 0 ..< 2 {
                let a = try compiled.runEpoch(train: train, validation: validation)
                let b = try eager.runEpoch(train: train, validation: validation)
                #expect(a.trainLoss == b.trainLoss && a.validLoss == b.validLoss && a.validAccuracy == b.validAccuracy)
            }
            #expect(compiled.model.parameters.map(\.value) == eager.model.parameters.map(\.value))
        }
    }
}
