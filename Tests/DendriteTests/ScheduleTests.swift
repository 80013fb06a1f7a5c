import Testing
@testable import Dendrite
@testable import DendriteExperiments
@testable import DendriteTestSupport

/// Learning-rate schedules against PyTorch's lr_scheduler (TorchGolden, epochs 0...N).
struct ScheduleTests {
    func rates(_ schedule: (any Optimizer) -> any LearningRateSchedule, epochs: Int) -> [Double] {
        let optimizer = SGD(parameters: [Parameter(Tensor<Double>([0]))], learningRate: 0.1)
        let s = schedule(optimizer)
        var result = [optimizer.learningRate]
        for epoch in 1 ... epochs {
            s.step()
            #expect(s.epoch == epoch && s.learningRate(atEpoch: epoch) == optimizer.learningRate)
            result.append(optimizer.learningRate)
        }
        return result
    }

    @Test("StepLR(stepSize: 3, gamma: 0.5)")
    func stepLR() {
        let got = rates({ StepLR(optimizer: $0, stepSize: 3, gamma: 0.5) }, epochs: 10)
        #expect(allClose(got, TorchGolden.stepLR, atol: 0, rtol: 1e-15), "\(got)")
    }

    @Test("ExponentialLR(gamma: 0.9)")
    func exponentialLR() {
        let got = rates({ ExponentialLR(optimizer: $0, gamma: 0.9) }, epochs: 10)
        #expect(allClose(got, TorchGolden.exponentialLR, atol: 0, rtol: 1e-14), "\(got)")
    }

    @Test("CosineAnnealingLR(maximumEpochs: 5, minimumLearningRate: 0.01), past the end too")
    func cosineAnnealingLR() {
        let got = rates({ CosineAnnealingLR(optimizer: $0, maximumEpochs: 5, minimumLearningRate: 0.01) }, epochs: 15)
        #expect(allClose(got, TorchGolden.cosineAnnealingLR, atol: 1e-15, rtol: 1e-13), "\(got)")
    }

    @Test("a schedule drives the optimizer's next steps")
    func drivesOptimizer() {
        let p = Parameter(Tensor<Double>([0]))
        let optimizer = SGD(parameters: [p], learningRate: 1)
        let schedule = StepLR(optimizer: optimizer, stepSize: 1, gamma: 0.5)
        for _ in 0 ..< 3 {
            p.grad = Tensor([1])
            optimizer.step()
            schedule.step()
        }
        #expect(p.value.array == [-(1 + 0.5 + 0.25)])
        #expect(schedule.baseLearningRate == 1 && optimizer.learningRate == 0.125)
    }
}
