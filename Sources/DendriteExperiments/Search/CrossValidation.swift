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

    public init(parameters: [String: String], scores: [Double], fitTimes: [Double], rank: Int = 0) {
        (self.parameters, self.scores, self.fitTimes, self.rank) = (parameters, scores, fitTimes, rank)
    }

    /// The text of ``parameters`` as scikit-learn prints `params`: `{'activation': 'relu', 'lr': '0.1'}`.
    public var parametersText: String {
        "{" + parameters.keys.sorted().map { "'\($0)': '\(parameters[$0]!)'" }.joined(separator: ", ") + "}"
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// scikit-learn's `cv_results_` keys for one candidate: `params`, `param_*`,
    /// `split{k}_test_score`, `mean_test_score`, `std_test_score`, `rank_test_score`,
    /// `mean_fit_time`, and the per-fold `split{k}_fit_time`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(parameters, forKey: Key("params"))
        for (k, v) in parameters { try c.encode(v, forKey: Key("param_\(k)")) }
        for (i, s) in scores.enumerated() { try c.encode(s, forKey: Key("split\(i)_test_score")) }
        for (i, t) in fitTimes.enumerated() { try c.encode(t, forKey: Key("split\(i)_fit_time")) }
        try c.encode(mean, forKey: Key("mean_test_score"))
        try c.encode(standardDeviation, forKey: Key("std_test_score"))
        try c.encode(rank, forKey: Key("rank_test_score"))
        try c.encode(meanFitTime, forKey: Key("mean_fit_time"))
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        parameters = try c.decode([String: String].self, forKey: Key("params"))
        func series(_ suffix: String) throws -> [Double] {
            var values: [Double] = []
            while let v = try c.decodeIfPresent(Double.self, forKey: Key("split\(values.count)_\(suffix)")) { values.append(v) }
            return values
        }
        scores = try series("test_score")
        fitTimes = try series("fit_time")
        rank = try c.decodeIfPresent(Int.self, forKey: Key("rank_test_score")) ?? 0
    }
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
