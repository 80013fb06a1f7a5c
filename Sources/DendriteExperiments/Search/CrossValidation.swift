import Dendrite
import Foundation

/// Scores of one configuration over the folds of a cross-validation.
public struct CrossValidationResult: Codable, Sendable {
    /// The hyper-parameters that differ across the grid, by name (e.g. "activation": "tanh").
    public var parameters: [String: String]
    /// Validation accuracy per fold.
    public var scores: [Double]
    /// Seconds to train and score each fold.
    public var fitTimes: [Double]
    /// 1 for the best mean score; ties share the smaller rank (scikit-learn's `rank_test_score`).
    public var rank = 0

    public var mean: Double { scores.reduce(0, +) / Double(max(scores.count, 1)) }
    /// Population standard deviation, as scikit-learn's `std_test_score`.
    public var standardDeviation: Double {
        let m = mean
        return (scores.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(max(scores.count, 1))).squareRoot()
    }
    public var meanFitTime: Double { fitTimes.reduce(0, +) / Double(max(fitTimes.count, 1)) }
}

extension ClassifierTrainer {
    /// Stratified k-fold cross-validation of `setup` on `data`: per fold, standardise with the
    /// training folds' statistics, train `setup.epochs` epochs, score accuracy on the held-out
    /// fold. The folds depend only on `setup.seed`, so every configuration of a grid sees the
    /// same folds.
    public static func crossValidate(
        _ setup: TrainingSetup, on data: Dataset<Scalar>, folds: Int, parameters: [String: String],
        compiled: Bool = true, progress: (() -> Void)? = nil
    ) throws -> CrossValidationResult {
        var generator = SeededGenerator(seed: setup.seed ^ 0xF01D)
        var result = CrossValidationResult(parameters: parameters, scores: [], fitTimes: [])
        for (train, held) in data.stratifiedKFold(folds, using: &generator) {
            let start = Date()
            let scaler = Standardizer(fitting: train.features)
            let trainer = ClassifierTrainer(setup: setup, inputs: data.featureCount, classes: data.classCount)
            trainer.compiled = compiled
            for _ in 0 ..< setup.epochs {
                try trainer.runEpoch(train: scaler(train), validation: nil)
            }
            result.scores.append(trainer.evaluate(scaler(held)).accuracy)
            result.fitTimes.append(Date().timeIntervalSince(start))
            progress?()
        }
        return result
    }
}

extension Array where Element == CrossValidationResult {
    /// Sets ``CrossValidationResult/rank`` from the mean scores (best = 1, ties share a rank).
    public mutating func assignRanks() {
        let means = map(\.mean)
        for i in indices { self[i].rank = 1 + means.filter { $0 > means[i] }.count }
    }
}
