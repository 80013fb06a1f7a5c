import Testing
@testable import Dendrite
@testable import DendriteExperiments
@testable import DendriteTestSupport

/// The classic experiments reproduce what the source documents teach.
extension KernelSettingsSensitive {
@Suite struct ExperimentTests {
    static let results: [String: VanishingGradientStudy.Result] = {
        var out: [String: VanishingGradientStudy.Result] = [:]
        for act in [Activation.sigmoid, .tanh, .relu] {
            for depth in [1, 10] { out["\(act.name)-\(depth)"] = try! VanishingGradientStudy(activation: act, layers: depth).run() }
        }
        return out
    }()

    @Test("one sigmoid hidden layer reaches 100% training accuracy")
    func shallowSigmoidLearns() {
        #expect(Self.results["sigmoid-1"]!.trainingAccuracy == 1)
    }

    @Test("ten sigmoid layers do not learn, and their first layer's gradient vanishes")
    func deepSigmoidVanishes() {
        let r = Self.results["sigmoid-10"]!
        #expect(r.trainingAccuracy <= 0.6, "accuracy \(r.trainingAccuracy)")
        #expect(r.gradientRatio < 1e-3, "first/output gradient ratio \(r.gradientRatio)")
        #expect(r.meanAbsWeightGradients.count == 11 && r.meanAbsWeightGradients.allSatisfy { $0.count == 100 })
    }

    @Test("tanh and relu at depth 10 learn")
    func deepTanhAndReLULearn() {
        #expect(Self.results["tanh-10"]!.trainingAccuracy == 1)
        #expect(Self.results["relu-10"]!.trainingAccuracy == 1)
        #expect(Self.results["tanh-10"]!.gradientRatio > 100 * Self.results["sigmoid-10"]!.gradientRatio)
    }

    @Test("the same seed gives the same study")
    func reproducible() throws {
        let a = try VanishingGradientStudy(activation: .tanh, layers: 3).run(), b = try VanishingGradientStudy(activation: .tanh, layers: 3).run()
        #expect(a.losses == b.losses && a.meanAbsWeightGradients == b.meanAbsWeightGradients)
    }

    @Test("the compiled study equals the eager one bit for bit", arguments: [Activation.sigmoid, .relu])
    func compiledEqualsEager(_ activation: Activation) throws {
        var study = VanishingGradientStudy(activation: activation, layers: 4)
        study.steps = 30
        let compiled = try study.run()
        study.compiled = false
        let eager = try study.run()
        #expect(compiled.losses == eager.losses && compiled.trainingAccuracy == eager.trainingAccuracy)
        #expect(compiled.recorderCSV == eager.recorderCSV)
    }

    @Test("a digits classifier trains, resumes from its checkpoint to the same result, and diverges loudly")
    func trainAndResume() throws {
        var setup = TrainingSetup(dataset: "digits")
        setup.epochs = 4
        let (whole, test) = try DatasetSource.digits.load(as: Float.self, seed: 0)
        let data = PreparedData(train: whole, test: test, validationFraction: 0.2, seed: 0)
        let straight = ClassifierTrainer<Float>(setup: setup, inputs: 64, classes: 10)
        for _ in 0 ..< 4 { try straight.runEpoch(train: data.train, validation: data.validation) }

        let first = ClassifierTrainer<Float>(setup: setup, inputs: 64, classes: 10)
        for _ in 0 ..< 2 { try first.runEpoch(train: data.train, validation: data.validation) }
        let saved = try Checkpoint(decoding: first.checkpoint().encoded())
        let resumed = ClassifierTrainer<Float>(setup: try ClassifierTrainer<Float>.setup(in: saved), inputs: 64, classes: 10)
        try resumed.restore(from: saved)
        for _ in 0 ..< 2 { try resumed.runEpoch(train: data.train, validation: data.validation) }
        #expect(resumed.history.records.map(\.trainLoss) == straight.history.records.map(\.trainLoss))
        #expect(resumed.model.output.weight.value == straight.model.output.weight.value)
        #expect(straight.evaluate(data.test).accuracy > 0.5, "4 epochs lift digits far above chance (0.1)")

        var wild = setup
        wild.learningRate = 1e6
        let diverging = ClassifierTrainer<Float>(setup: wild, inputs: 64, classes: 10)
        #expect(throws: TrainingError.self) {
            for _ in 0 ..< 5 { try diverging.runEpoch(train: data.train, validation: nil) }
        }
    }
}
}
