import ArgumentParser
import Dendrite
import DendriteExperiments
import DendriteTestSupport
import Foundation

/// `dendrite compare`: activations (and other hyper-parameters) ranked by stratified k-fold
/// cross-validation.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Rank activations (and other settings) by stratified k-fold grid search.",
        discussion: """
        Every option below that takes a comma list is a grid axis: --activation relu,tanh,leaky_relu \
        --lr 0.01,0.1 --hidden 128-64,64 trains every combination on every fold. Prints a table like \
        scikit-learn's cv_results_ and writes CSV, JSON and an HTML parallel-coordinates view.

        Example: dendrite compare --activation relu,tanh --lr 0.01,0.1 --hidden 32,32-16 --epochs 2 --folds 2
        """
    )

    @Option(help: "fashion-mnist, mnist, digits, iris or csv:PATH.") var dataset = "digits"
    @Option(help: "Folder with IDX files.") var dataDir: String?
    @Option(help: "The label column of a CSV data set.") var labelColumn: String?
    @Option(help: "Activations to compare (grid axis).") var activation = "relu,tanh,leaky_relu"
    @Option(parsing: .unconditional, help: "Architectures, widths joined by '-', comma-separated (grid axis).") var hidden = "128-64"
    @Option(parsing: .unconditional, help: "Learning rates (grid axis).") var lr = "0.01"
    @Option(parsing: .unconditional, help: "Batch sizes (grid axis).") var batch = "128"
    @Option(help: "Optimizers (grid axis): \(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", ")).") var optimizer = "sgd"
    @Option(parsing: .unconditional, help: "Momentum (SGD, RMSProp).") var momentum = 0.95
    @Option(parsing: .unconditional, help: "Epochs per fit.") var epochs = 20
    @Option(parsing: .unconditional, help: "Folds.") var folds = 3
    @Option(parsing: .unconditional, help: "Use at most this many rows (stratified sample), e.g. for Fashion-MNIST.") var limit: Int?

    @OptionGroup var execution: StepOptions
    @OptionGroup var common: CommonOptions

    func validate() throws {
        do { _ = try DatasetSource(dataset) } catch is DataError { throw ValidationError("--dataset: '\(dataset)' is not a data set; use fashion-mnist, mnist, digits, iris or csv:PATH") }
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2, got \(folds)") }
        guard epochs >= 1 else { throw ValidationError("--epochs must be > 0, got \(epochs)") }
        guard momentum >= 0, momentum.isFinite else { throw ValidationError("--momentum must be >= 0, got \(momentum.shown)") }
        _ = try grid()
        if let limit, limit < folds { throw ValidationError("--limit (\(limit)) must be at least --folds (\(folds))") }
    }

    func run() throws {
        common.apply()
        let (activations, architectures, rates, batches, optimizers) = try grid()

        let source = try DatasetSource(dataset)
        var (data, _) = try source.load(as: Float.self, dataDirectory: dataDir, labelColumn: labelColumn, testFraction: 0.2, seed: common.seed)
        if let limit, limit < data.count {
            var generator = SeededGenerator(seed: common.seed)
            data = data.stratifiedSample(limit, using: &generator)
        }
        if let (name, members) = zip(data.classNames, data.classCounts).min(by: { $0.1 < $1.1 }), members < folds {
            // scikit-learn's StratifiedKFold warning, word for word (with the class named).
            note("warning: The least populated class in y has only \(members) members, which is less than n_splits=\(folds). (class '\(name)')")
        }

        guard data.count >= folds else {
            throw ValidationError("\(data.count) rows of \(source) are too few for \(folds) folds")
        }
        var base = TrainingSetup(dataset: dataset)
        (base.momentum, base.epochs, base.seed) = (momentum, epochs, common.seed)
        var search = GridSearch(base: base, folds: folds)
        search.compiled = execution.compiled
        (search.activations, search.architectures, search.learningRates, search.batchSizes, search.optimizers) =
            (activations, architectures, rates, batches, optimizers)
        let keys = search.parameterNames
        note("\(search.configurations.count) configurations x \(folds) folds on \(data.count) rows of \(source)")

        let progress = ProgressReporter(total: search.configurations.count * folds, label: "compare")
        let results = try search.run(on: data) { progress.advance(note: $0) }
        let table = search.table(results)
        var files = [try common.output.write(table.csv, to: "compare-\(source.fileStem).csv")]
        files.append(try common.output.write(jsonText(results), to: "compare-\(source.fileStem).json"))

        let view = ParallelCoordinates(
            title: "Grid search on \(source) (\(folds)-fold stratified CV)",
            axes: keys.map { k in .init("param_\(k)", values: results.map { $0.parameters[k] ?? "" }, categorical: true) }
                + (0 ..< folds).map { k in .init("split\(k)_test_score", values: results.map { String(format: "%.4f", $0.scores[k]) }, categorical: false) }
                + [.init("mean_test_score", values: results.map { String(format: "%.4f", $0.mean) }, categorical: false),
                   .init("std_test_score", values: results.map { String(format: "%.4f", $0.standardDeviation) }, categorical: false),
                   .init("mean_fit_time", values: results.map { String(format: "%.3f", $0.meanFitTime) }, categorical: false)],
            score: results.map(\.mean), scoreName: "mean_test_score")
        var report = HTMLReport(title: "Activation comparison on \(source)")
        report.paragraph("One line per configuration, one axis per hyper-parameter and per score (split0…: accuracy on each held-out fold), coloured by mean_test_score; the best configuration is the thick line on top. Drag along an axis to keep only the lines inside that range; double click to clear.")
        report.paragraph("Each configuration is trained for \(epochs) epoch\(epochs == 1 ? "" : "s") on \(folds - 1) of \(folds) stratified folds and scored by accuracy on the remaining one; every configuration sees the same folds.")
        report.html(view.html)
        report.heading("Results (like scikit-learn's cv_results_)")
        report.table(headers: table.headers, rows: table.displayRows)
        files.append(try common.output.write(report.rendered, to: "compare-\(source.fileStem).html"))

        // On screen: without the params column (the param_* columns say the same, shorter).
        let screen = ResultTable(headers: Array(table.headers.dropFirst()), rows: table.rows.map { Array($0.dropFirst()) })
        try common.output.print(table, json: results,
                                text: screen.text(headers: screen.headers.map { $0.replacingOccurrences(of: "_test_score", with: "").replacingOccurrences(of: "param_", with: "") }))
        noteWritten(files, main: files.last)
    }

    /// The grid axes from the comma lists (throws a ValidationError naming the option).
    func grid() throws -> ([Activation], [[Int]], [Double], [Int], [OptimizerKind]) {
        let activations = try parseActivations(activation)
        let architectures = try parseList(hidden, option: "--hidden", expected: "positive widths joined by '-' (e.g. 128-64)") { text in
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            let widths = parts.compactMap { positiveInteger(String($0)) }
            return widths.isEmpty || widths.count != parts.count ? nil : widths
        }
        let rates = try parseList(lr, option: "--lr", expected: "a number > 0", positiveNumber)
        let batches = try parseList(batch, option: "--batch", expected: "a positive integer", positiveInteger)
        let optimizers = try parseList(optimizer, option: "--optimizer", expected: "one of \(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", "))") { OptimizerKind(rawValue: $0) }
        return (activations, architectures, rates, batches, optimizers)
    }
}


extension DatasetSource {
    /// A file-name-safe name: `digits`, `fashion-mnist`, `csv-mydata`.
    var fileStem: String {
        description.replacingOccurrences(of: "csv:", with: "csv-").map { $0.isLetter || $0.isNumber || $0 == "-" ? String($0) : "_" }.joined()
    }
}
