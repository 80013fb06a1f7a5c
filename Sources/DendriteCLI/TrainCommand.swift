import ArgumentParser
import Dendrite
import DendriteExperiments
import DendriteTestSupport
import Foundation

/// `dendrite train`: the second seed's MLP on a data set, with history, curves and checkpoints.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train an MLP classifier; print the history and the test accuracy; write curves, history and a checkpoint.",
        discussion: """
        Defaults are the 784-128-64-10 network of the seed: relu, 25 epochs, batches of 128, SGD with lr 0.01 and momentum 0.95, 20% validation.

        Example: dendrite train --dataset digits --hidden 64 --epochs 5
        Example: dendrite train --resume out/train-digits.ckpt --epochs 8
        """
    )

    @Option(help: "fashion-mnist, mnist, digits, iris or csv:PATH.") var dataset = "fashion-mnist"
    @Option(help: "Folder with the IDX files (default for fashion-mnist: /usr/share/datasets/fashion-mnist).") var dataDir: String?
    @Option(help: "The label column of a CSV data set (default: the last column).") var labelColumn: String?
    @Option(help: "Hidden layer widths, comma-separated.") var hidden = "128,64"
    @Option(help: "Hidden activation (\(Activation.validNames.joined(separator: ", "))).") var activation = "relu"
    @Option(parsing: .unconditional, help: "Epochs (the total, also when resuming).") var epochs = 25
    @Option(parsing: .unconditional, help: "Batch size.") var batch = 128
    @Option(help: "Optimizer: \(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", ")).") var optimizer = "sgd"
    @Option(parsing: .unconditional, help: "Learning rate.") var lr = 0.01
    @Option(parsing: .unconditional, help: "Momentum (SGD, RMSProp).") var momentum = 0.95
    @Option(parsing: .unconditional, help: "Weight decay.") var weightDecay = 0.0
    @Option(parsing: .unconditional, help: "Share of the training data held out for validation.") var validation = 0.2
    @Option(help: "Continue the run saved in this checkpoint (its settings are used; --epochs sets the new total).")
    var resume: String?

    @OptionGroup var execution: StepOptions
    @OptionGroup var common: CommonOptions

    func validate() throws {
        do { _ = try DatasetSource(dataset) } catch is DataError { throw ValidationError("--dataset: '\(dataset)' is not a data set; use fashion-mnist, mnist, digits, iris or csv:PATH") }
        guard epochs >= 1 else { throw ValidationError("--epochs must be > 0, got \(epochs)") }
        guard batch >= 1 else { throw ValidationError("--batch must be > 0, got \(batch)") }
        guard lr > 0, lr.isFinite else { throw ValidationError("--lr must be > 0, got \(lr.shown)") }
        guard momentum >= 0, momentum.isFinite else { throw ValidationError("--momentum must be >= 0, got \(momentum.shown)") }
        guard weightDecay >= 0, weightDecay.isFinite else { throw ValidationError("--weight-decay must be >= 0, got \(weightDecay.shown)") }
        _ = try parseList(hidden, option: "--hidden", expected: "a positive integer", positiveInteger)
        _ = try parseActivations(activation)
        guard (0 ..< 1).contains(validation) else { throw ValidationError("--validation must be in [0, 1), got \(validation)") }
        guard OptimizerKind(rawValue: optimizer) != nil else {
            throw ValidationError("--optimizer: unknown '\(optimizer)'; valid: \(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        common.apply()
        var setup: TrainingSetup
        var checkpoint: Checkpoint?
        if let resume {
            let saved = try Checkpoint(contentsOf: resume)
            setup = try ClassifierTrainer<Float>.setup(in: saved)
            checkpoint = saved
            var reached = 0
            if case .text(let json)? = saved["run/history"]?.values {
                reached = try JSONDecoder.dendrite.decode(History.self, from: Data(json.utf8)).records.count
            }
            for warning in ignoredOptions(checkpointSetup: setup) { note("warning: \(warning)") }
            guard epochs > reached else {
                note("\(resume) already reached epoch \(reached); --epochs \(epochs) is not above it, so there is nothing to train (give the new total, e.g. --epochs \(reached + 10))")
                return
            }
            note("resuming from epoch \(reached) of \(resume); training to epoch \(epochs)")
        } else {
            setup = TrainingSetup(dataset: dataset)
            setup.hidden = try parseList(hidden, option: "--hidden", expected: "a positive integer", positiveInteger)
            setup.activation = try parseActivations(activation).first!
            (setup.batchSize, setup.optimizer, setup.learningRate, setup.momentum, setup.weightDecay, setup.validationFraction, setup.seed) =
                (batch, OptimizerKind(rawValue: optimizer)!, lr, momentum, weightDecay, validation, common.seed)
        }
        setup.epochs = epochs
        let source = try DatasetSource(setup.dataset)
        note("loading \(source)…")
        let (whole, test) = try source.load(as: Float.self, dataDirectory: dataDir, labelColumn: labelColumn, seed: setup.seed)
        let data = PreparedData(train: whole, test: test, validationFraction: setup.validationFraction, seed: setup.seed)
        let trainer = ClassifierTrainer<Float>(setup: setup, inputs: data.train.featureCount, classes: data.train.classCount)
        trainer.compiled = execution.compiled
        if let checkpoint { try trainer.restore(from: checkpoint) }
        note("\(trainer.model): \(data.train.count) training, \(data.validation.count) validation, \(data.test.count) test rows; \(setup.optimizer.rawValue) lr \(setup.learningRate)")

        let stem = "train-\(source.fileStem)"
        let checkpointPath = (common.output.out as NSString).appendingPathComponent("\(stem).ckpt")
        let color = common.output.color
        if common.output.tableOnStdout {
            print(History.header)
            for record in trainer.history.records { print(History.row(record, color: color)) }
        }
        var failure: Error?
        while trainer.epoch < setup.epochs {
            let progress = ProgressReporter(total: (data.train.count + setup.batchSize - 1) / setup.batchSize, label: "epoch \(trainer.epoch + 1)/\(setup.epochs)")
            progress.isEnabled = StandardError.isTerminal  // plain logs get the table rows, not per-batch lines
            progress.leave = false  // the epoch's history row takes the bar's place
            do {
                let record = try trainer.runEpoch(train: data.train, validation: data.validation) { _, _, loss in
                    progress.advance(note: String(format: "loss %.4f", loss))
                }
                if common.output.tableOnStdout { print(History.row(record, color: color)) }
                try trainer.checkpoint().write(to: checkpointPath)
            } catch {
                failure = error
                break
            }
        }
        let (testLoss, testAccuracy) = trainer.evaluate(data.test)
        let history = trainer.history
        // A checkpoint exists once an epoch finished (it is rewritten after every epoch).
        var files = trainer.epoch > 0 ? [checkpointPath] : []
        files.append(try common.output.write(history.csv, to: "\(stem)-history.csv"))
        files.append(try common.output.write(history.json(), to: "\(stem)-history.json"))
        let epochsAxis = history.records.map { Double($0.epoch) }
        // No validation data (--valid-split 0): no validation line, legend entry or accuracy panel
        // of NaNs. Accuracy always spans 0…1, so a run stuck at chance looks flat, not like a V.
        let hasValidation = history.records.contains { $0.validLoss != nil || $0.validAccuracy != nil }
        var lossSeries = [Series("train", x: epochsAxis, y: history.records.map(\.trainLoss))]
        if hasValidation {
            lossSeries.append(Series("validation", x: epochsAxis, y: history.records.map { $0.validLoss ?? .nan }, dashed: true))
        }
        var panels = [LineChart(title: "Loss", xLabel: "epoch", yLabel: "cross-entropy", series: lossSeries)]
        if hasValidation {
            panels.append(LineChart(title: "Validation accuracy", xLabel: "epoch", yLabel: "accuracy", series: [
                Series("validation", x: epochsAxis, y: history.records.map { $0.validAccuracy ?? .nan }),
            ], yRange: 0 ... 1))
        }
        let curves = Figure(title: "\(trainer.model) on \(source)", panels: panels)
        files.append(try common.output.write(curves.svg, to: "\(stem)-curves.svg"))

        if common.output.json {
            struct Output: Encodable { var setup: TrainingSetup; var history: [EpochRecord]; var testLoss: Double; var testAccuracy: Double; var files: [String] }
            print(try jsonText(Output(setup: setup, history: history.records, testLoss: testLoss, testAccuracy: testAccuracy, files: files)))
        } else if common.output.csv {
            print(history.csv, terminator: "")
        } else {
            print(String(format: "\ntest accuracy %.4f, test loss %.4f (%d rows)", testAccuracy, testLoss, data.test.count))
        }
        noteWritten(files)
        if let failure { throw failure }
    }

    /// The options given on the command line that differ from the checkpoint's settings
    /// (which a resumed run keeps), one message each.
    func ignoredOptions(checkpointSetup saved: TrainingSetup) -> [String] {
        let given = Set(CommandLine.arguments.compactMap { argument -> String? in
            guard argument.hasPrefix("--") else { return nil }
            return String(argument.split(separator: "=", maxSplits: 1)[0])
        })
        var conflicts: [(option: String, given: String, saved: String)] = []
        func check(_ option: String, _ value: String, _ stored: String) {
            if given.contains(option) && value != stored { conflicts.append((option, value, stored)) }
        }
        check("--dataset", dataset, saved.dataset)
        check("--hidden", hidden.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ","),
              saved.hidden.map(String.init).joined(separator: ","))
        check("--activation", (try? parseActivations(activation).first?.parameterizedName) ?? activation, saved.activation.parameterizedName)
        check("--batch", "\(batch)", "\(saved.batchSize)")
        check("--optimizer", optimizer, saved.optimizer.rawValue)
        check("--lr", "\(lr)", "\(saved.learningRate)")
        check("--momentum", "\(momentum)", "\(saved.momentum)")
        check("--weight-decay", "\(weightDecay)", "\(saved.weightDecay)")
        check("--validation", "\(validation)", "\(saved.validationFraction)")
        check("--seed", "\(common.seed)", "\(saved.seed)")
        return conflicts.map { "\($0.option) \($0.given) is ignored: the checkpoint was trained with \($0.option) \($0.saved), which resuming keeps" }
    }
}
