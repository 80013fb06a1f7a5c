import Dendrite

/// A grid of training setups scored by stratified k-fold cross-validation, like
/// scikit-learn's `GridSearchCV`: every combination of the axes is trained on every fold.
///
/// ```swift
/// var search = GridSearch(base: TrainingSetup(dataset: "digits"), folds: 3)
/// search.activations = [.relu, .tanh, .leakyReLU()]
/// let results = try search.run(on: digits)
/// print(search.table(results).text())
/// ```
public struct GridSearch: Sendable {
    /// What every configuration shares (epochs, momentum, seed, …).
    public var base: TrainingSetup
    public var activations: [Activation]
    public var architectures: [[Int]]
    public var learningRates: [Double]
    public var batchSizes: [Int]
    public var optimizers: [OptimizerKind]
    public var folds: Int
    /// Whether the trainings run compiled steps (the default) or eager ones: the same scores.
    public var compiled = true

    /// A grid with one value per axis, taken from `base`; set the axes to search.
    public init(base: TrainingSetup, folds: Int) {
        self.base = base
        self.folds = folds
        activations = [base.activation]
        architectures = [base.hidden]
        learningRates = [base.learningRate]
        batchSizes = [base.batchSize]
        optimizers = [base.optimizer]
    }

    /// Every combination, with its parameters by name: the activation always, the other
    /// axes only when they have more than one value.
    public var configurations: [(setup: TrainingSetup, parameters: [String: String])] {
        var grid: [(TrainingSetup, [String: String])] = []
        for a in activations { for h in architectures { for r in learningRates { for b in batchSizes { for o in optimizers {
            var s = base
            (s.activation, s.hidden, s.learningRate, s.batchSize, s.optimizer) = (a, h, r, b, o)
            var p = ["activation": a.parameterizedName]
            if architectures.count > 1 { p["hidden"] = h.map(String.init).joined(separator: "-") }
            if learningRates.count > 1 { p["lr"] = "\(r)" }
            if batchSizes.count > 1 { p["batch"] = "\(b)" }
            if optimizers.count > 1 { p["optimizer"] = o.rawValue }
            grid.append((s, p))
        } } } } }
        return grid
    }

    /// The names of the parameters that vary, in display order.
    public var parameterNames: [String] {
        let grid = configurations
        return ["activation", "hidden", "lr", "batch", "optimizer"].filter { k in grid.contains { $0.parameters[k] != nil } }
    }

    /// Cross-validates every configuration on `data` (the same folds for all) and ranks them.
    /// `progress` is told after each fold, with the configuration's parameters.
    public func run<Scalar: KernelScalar>(on data: Dataset<Scalar>, progress: ((String) -> Void)? = nil) throws -> [CrossValidationResult] {
        var results = try configurations.map { setup, parameters in
            try ClassifierTrainer<Scalar>.crossValidate(setup, on: data, folds: folds, parameters: parameters, compiled: compiled) {
                progress?(parameters.values.sorted().joined(separator: " "))
            }
        }
        results.assignRanks()
        return results
    }

    /// The results as scikit-learn's `cv_results_`, best first: `params`, `param_*`, `split{k}_test_score`,
    /// `mean_test_score`, `std_test_score`, `rank_test_score`, `mean_fit_time`.
    public func table(_ results: [CrossValidationResult]) -> ResultTable {
        let keys = parameterNames
        let headers = ["params"] + keys.map { "param_\($0)" } + (0 ..< folds).map { "split\($0)_test_score" }
            + ["mean_test_score", "std_test_score", "rank_test_score", "mean_fit_time"]
        let rows = results.sorted { $0.rank < $1.rank }.map { r -> [TableCell] in
            [.text(r.parametersText)] + keys.map { .text(r.parameters[$0] ?? "") } + r.scores.map { .number($0, format: "%.4f") }
                + [.number(r.mean, format: "%.4f"), .number(r.standardDeviation, format: "%.4f"), .integer(r.rank), .seconds(r.meanFitTime)]
        }
        return ResultTable(headers: headers, rows: rows)
    }
}
