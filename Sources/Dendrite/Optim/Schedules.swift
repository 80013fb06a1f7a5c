import Foundation

/// Changes an optimizer's learning rate epoch by epoch: call ``step()`` once per epoch,
/// after the epoch's optimizer steps, as with PyTorch's `lr_scheduler`.
///
/// Each schedule is a closed-form function of the epoch (``learningRate(atEpoch:)``),
/// computed from the learning rate the optimizer had when the schedule was created. It sets
/// the optimizer's rate for epoch 0 on creation and for epoch `e` on the `e`-th ``step()``.
public protocol LearningRateSchedule: AnyObject {
    /// The learning rate the schedule starts from.
    var baseLearningRate: Double { get }
    /// The epoch whose rate is in effect (0 before the first ``step()``).
    var epoch: Int { get }
    /// The rate for `epoch`.
    func learningRate(atEpoch epoch: Int) -> Double
    /// Advances one epoch and sets the optimizer's learning rate.
    func step()
}

/// The state shared by the schedules: the optimizer, its starting rate and the epoch.
public class ScheduleBase {
    /// The optimizer whose rate is set.
    public let optimizer: any Optimizer
    /// The optimizer's learning rate when the schedule was created.
    public let baseLearningRate: Double
    /// The epoch whose rate is in effect (0 before the first ``step()``).
    public private(set) var epoch = 0

    init(optimizer: any Optimizer) {
        self.optimizer = optimizer
        baseLearningRate = optimizer.learningRate
    }

    /// Advances one epoch and sets the optimizer's learning rate.
    public func step() {
        epoch += 1
        optimizer.learningRate = rate(epoch)
    }

    func rate(_ epoch: Int) -> Double { baseLearningRate }
}

/// Multiplies the rate by `gamma` every `stepSize` epochs (`StepLR`):
/// `lr = base · gamma^⌊epoch / stepSize⌋`.
public final class StepLR: ScheduleBase, LearningRateSchedule {
    /// Epochs between decays.
    public let stepSize: Int
    /// The factor applied at each decay.
    public let gamma: Double

    /// A schedule for `optimizer`, starting from its current learning rate.
    public init(optimizer: any Optimizer, stepSize: Int, gamma: Double = 0.1) {
        precondition(stepSize > 0, "StepLR: stepSize must be positive, got \(stepSize)")
        self.stepSize = stepSize
        self.gamma = gamma
        super.init(optimizer: optimizer)
    }

    /// The rate for `epoch`, from the closed form above.
    public func learningRate(atEpoch epoch: Int) -> Double { baseLearningRate * Foundation.pow(gamma, Double(epoch / stepSize)) }
    override func rate(_ epoch: Int) -> Double { learningRate(atEpoch: epoch) }
}

/// Multiplies the rate by `gamma` every epoch (`ExponentialLR`): `lr = base · gamma^epoch`.
public final class ExponentialLR: ScheduleBase, LearningRateSchedule {
    /// The factor applied every epoch.
    public let gamma: Double

    /// A schedule for `optimizer`, starting from its current learning rate.
    public init(optimizer: any Optimizer, gamma: Double) {
        self.gamma = gamma
        super.init(optimizer: optimizer)
    }

    /// The rate for `epoch`, from the closed form above.
    public func learningRate(atEpoch epoch: Int) -> Double { baseLearningRate * Foundation.pow(gamma, Double(epoch)) }
    override func rate(_ epoch: Int) -> Double { learningRate(atEpoch: epoch) }
}

/// Anneals the rate along a cosine from the base to `minimumLearningRate` over
/// `maximumEpochs` epochs (`CosineAnnealingLR`, without restarts):
/// `lr = min + (base − min) · (1 + cos(π · epoch / maximumEpochs)) / 2`.
/// Past `maximumEpochs` the cosine continues, rising again, as PyTorch's does.
public final class CosineAnnealingLR: ScheduleBase, LearningRateSchedule {
    /// The epochs from the base rate down to the minimum (PyTorch's `T_max`).
    public let maximumEpochs: Int
    /// The rate reached at `maximumEpochs` (PyTorch's `eta_min`).
    public let minimumLearningRate: Double

    /// A schedule for `optimizer`, starting from its current learning rate.
    public init(optimizer: any Optimizer, maximumEpochs: Int, minimumLearningRate: Double = 0) {
        precondition(maximumEpochs > 0, "CosineAnnealingLR: maximumEpochs must be positive, got \(maximumEpochs)")
        self.maximumEpochs = maximumEpochs
        self.minimumLearningRate = minimumLearningRate
        super.init(optimizer: optimizer)
    }

    /// The rate for `epoch`, from the closed form above.
    public func learningRate(atEpoch epoch: Int) -> Double {
        minimumLearningRate + (baseLearningRate - minimumLearningRate) * (1 + Foundation.cos(Double.pi * Double(epoch) / Double(maximumEpochs))) / 2
    }
    override func rate(_ epoch: Int) -> Double { learningRate(atEpoch: epoch) }
}
