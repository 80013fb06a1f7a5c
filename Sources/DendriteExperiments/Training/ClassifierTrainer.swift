import Dendrite
import Foundation

/// Everything that defines a classification training run; stored in checkpoints so that
/// `--resume` continues the same run.
public struct TrainingSetup: Codable, Sendable, Equatable {
    public var dataset: String
    public var hidden: [Int] = [128, 64]
    public var activation: Activation = .relu
    public var epochs = 25
    public var batchSize = 128
    public var optimizer: OptimizerKind = .sgd
    public var learningRate = 0.01
    public var momentum = 0.95
    public var weightDecay = 0.0
    public var validationFraction = 0.2
    public var seed: UInt64 = 0

    public init(dataset: String) { self.dataset = dataset }
}

/// The optimizers a run can use by name.
public enum OptimizerKind: String, Codable, Sendable, CaseIterable {
    case sgd, adam, adamw, rmsprop, adagrad

    /// An optimizer over `parameters` with the setup's hyper-parameters (momentum applies to
    /// SGD and RMSProp).
    public func make<Scalar>(_ parameters: [Parameter<Scalar>], _ setup: TrainingSetup) -> any Optimizer<Scalar> {
        switch self {
        case .sgd: SGD(parameters: parameters, learningRate: setup.learningRate, momentum: setup.momentum, weightDecay: setup.weightDecay)
        case .adam: Adam(parameters: parameters, learningRate: setup.learningRate, weightDecay: setup.weightDecay)
        case .adamw: AdamW(parameters: parameters, learningRate: setup.learningRate, weightDecay: setup.weightDecay)
        case .rmsprop: RMSProp(parameters: parameters, learningRate: setup.learningRate, weightDecay: setup.weightDecay, momentum: setup.momentum)
        case .adagrad: Adagrad(parameters: parameters, learningRate: setup.learningRate, weightDecay: setup.weightDecay)
        }
    }
}

/// A training run that cannot go on.
public enum TrainingError: Error, CustomStringConvertible {
    /// The loss, the validation loss or a parameter became NaN or infinite.
    case diverged(epoch: Int, step: Int, loss: Double, learningRate: Double, detail: String = "")

    public var description: String {
        switch self {
        case let .diverged(epoch, step, loss, lr, detail):
            "training diverged at epoch \(epoch), step \(step) (learning rate \(lr)): \(detail.isEmpty ? "the loss is \(loss)" : detail); try a smaller --lr. The last checkpoint holds the last finite epoch."
        }
    }
}

/// Trains an MLP classifier with cross-entropy on mini-batches, epoch by epoch, keeping a
/// ``History``.
///
/// ```swift
/// var setup = TrainingSetup(dataset: "digits")
/// setup.epochs = 20
/// let trainer = ClassifierTrainer<Float>(setup: setup, inputs: 64, classes: 10)
/// for _ in 1 ... setup.epochs {
///     let record = try trainer.runEpoch(train: train, validation: validation)
///     print(History.row(record, color: false))
/// }
/// ```
public final class ClassifierTrainer<Scalar: KernelScalar> {
    public let setup: TrainingSetup
    public let model: MLP<Scalar>
    public let optimizer: any Optimizer<Scalar>
    public private(set) var history = History()
    /// Epochs completed.
    public var epoch: Int { history.records.count }
    /// Whether steps run as a compiled plan (the default) or through the eager graph; both
    /// give the same numbers bit for bit, the compiled step faster.
    public var compiled = true
    private lazy var step: CompiledStep<Scalar> = {
        let step = CompiledStep(model: model, loss: .crossEntropy(), optimizer: optimizer)
        step.checksModelEveryStep = false  // the trainer owns its model and never changes it
        return step
    }()

    public init(setup: TrainingSetup, inputs: Int, classes: Int) {
        self.setup = setup
        var generator = SeededGenerator(seed: setup.seed)
        model = MLP(inputs: inputs, hidden: setup.hidden, outputs: classes, activation: setup.activation, generator: &generator)
        optimizer = setup.optimizer.make(model.parameters, setup)
    }

    /// One pass over `train` in shuffled batches, then the validation loss and accuracy.
    /// The shuffle of epoch e depends only on (seed, e), so a resumed run repeats exactly.
    /// - Throws: ``TrainingError/diverged(epoch:step:loss:learningRate:)`` on a non-finite loss.
    @discardableResult
    public func runEpoch(train: Dataset<Scalar>, validation: Dataset<Scalar>?, progress: ((Int, Int, Double) -> Void)? = nil) throws -> EpochRecord {
        let start = Date()
        let number = epoch + 1
        var generator = SeededGenerator(seed: setup.seed &+ 0x9E37_79B9 &* UInt64(number))
        let batches = train.batches(of: setup.batchSize, using: &generator)
        model.train()
        var total = 0.0
        for index in batches.indices {
            let value: Double
            if compiled {
                value = Double(try step(rows: batches.rows(index), of: train))
            } else {
                let batch = batches[index]
                let loss = crossEntropy(model(batch.features), labels: batch.labels)
                value = Double(loss.scalar)
                if value.isFinite {
                    optimizer.zeroGrad()
                    loss.backward()
                    optimizer.step()
                }
            }
            guard value.isFinite else {
                throw TrainingError.diverged(epoch: number, step: index + 1, loss: value, learningRate: optimizer.learningRate)
            }
            total += value * Double(batches.rows(index).count)
            progress?(index + 1, batches.count, value)
        }
        // The last step's update is not followed by a loss: check the weights it left.
        if let bad = model.parameters.first(where: { p in !p.value.reduced(.sum).isFinite }) {
            throw TrainingError.diverged(epoch: number, step: batches.count, loss: .nan, learningRate: optimizer.learningRate,
                                         detail: "a parameter of shape \(bad.shape) is no longer finite")
        }
        var record = EpochRecord(epoch: number, trainLoss: total / Double(max(train.count, 1)), duration: 0)
        if let validation, validation.count > 0 {
            let (loss, accuracy) = evaluate(validation)
            guard loss.isFinite else {
                throw TrainingError.diverged(epoch: number, step: batches.count, loss: loss, learningRate: optimizer.learningRate,
                                             detail: "the validation loss is \(loss)")
            }
            (record.validLoss, record.validAccuracy) = (loss, accuracy)
        }
        record.duration = Date().timeIntervalSince(start)
        history.append(record)
        return history.records.last!
    }

    /// Mean cross-entropy and accuracy on `data`, in evaluation mode, without recording.
    public func evaluate(_ data: Dataset<Scalar>) -> (loss: Double, accuracy: Double) {
        let wasTraining = model.isTraining
        model.eval()
        defer { model.train(wasTraining) }
        var loss = 0.0, correct = 0
        noGrad {
            for start in stride(from: 0, to: data.count, by: 1000) {
                let rows = Array(start ..< min(start + 1000, data.count))
                let logits = model(data.features.gathered(rows: rows))
                let labels = rows.map { data.labels[$0] }
                loss += Double(crossEntropy(logits, labels: labels, reduction: .sum).scalar)
                correct += zip(logits.argmax(), labels).filter { $0 == $1 }.count
            }
        }
        return (loss / Double(max(data.count, 1)), Double(correct) / Double(max(data.count, 1)))
    }

    // MARK: Checkpoints

    /// The model, the optimizer, the setup and the history, in one checkpoint.
    /// - Throws: an `EncodingError` if the setup or the history cannot be written as JSON.
    public func checkpoint() throws -> Checkpoint {
        var checkpoint = Checkpoint(model: model, optimizer: optimizer)
        let encoder = JSONEncoder.dendrite
        for (name, json) in [("run/setup", try encoder.encode(setup)), ("run/history", try encoder.encode(history))] {
            checkpoint.entries.append(.init(name: name, shape: [json.count], values: .text(String(decoding: json, as: UTF8.self))))
        }
        return checkpoint
    }

    /// The setup stored in a checkpoint written by ``checkpoint()``.
    public static func setup(in checkpoint: Checkpoint) throws -> TrainingSetup {
        guard case .text(let json)? = checkpoint["run/setup"]?.values else {
            throw CheckpointError.modelMismatch(.mismatchedNames(missing: ["run/setup"], unexpected: []))
        }
        return try JSONDecoder.dendrite.decode(TrainingSetup.self, from: Data(json.utf8))
    }

    /// Restores model, optimizer and history from a checkpoint written by ``checkpoint()``.
    public func restore(from checkpoint: Checkpoint) throws {
        try checkpoint.restore(into: model, optimizer: optimizer)
        if case .text(let json)? = checkpoint["run/history"]?.values {
            history = try JSONDecoder.dendrite.decode(History.self, from: Data(json.utf8))
        }
    }
}
