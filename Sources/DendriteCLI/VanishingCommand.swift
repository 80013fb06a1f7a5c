import ArgumentParser
import Dendrite
import DendriteExperiments
import DendriteTestSupport
import Foundation

/// `dendrite vanishing`: the first seed's study of vanishing gradients on Iris.
struct VanishingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vanishing",
        abstract: "Train deep MLPs on Iris (setosa vs versicolor) and record each layer's mean |gradient|.",
        discussion: """
        Comma lists sweep: --activation sigmoid,tanh,relu --layers 1,5,10. The default compares sigmoid, \
        tanh and relu at depth 1 and 10: ten sigmoid layers do not learn, and their first layer's gradient \
        is orders of magnitude below the output layer's.

        Example: dendrite vanishing --activation sigmoid,tanh,relu --layers 1,5,10 --steps 50
        """
    )

    @Option(help: "Hidden activations, comma-separated (\(Activation.validNames.joined(separator: ", ")))")
    var activation = "sigmoid,tanh,relu"
    @Option(parsing: .unconditional, help: "Numbers of hidden layers, comma-separated.") var layers = "1,10"
    @Option(parsing: .unconditional, help: "Units per hidden layer.") var neurons = 10
    @Option(parsing: .unconditional, help: "SGD learning rate.") var lr = 0.001
    @Option(parsing: .unconditional, help: "Batch size (rows drawn with replacement).") var batch = 128
    @Option(parsing: .unconditional, help: "Training steps.") var steps = 100
    @Option(help: "Weight initialiser (\(Initializer.validNames.joined(separator: ", "))); biases start at zero except with pytorch.")
    var initializer = "xavier_uniform"

    @OptionGroup var execution: StepOptions
    @OptionGroup var common: CommonOptions

    func validate() throws {
        for (name, value) in [("--neurons", neurons), ("--batch", batch), ("--steps", steps)] where value < 1 {
            throw ValidationError("\(name) must be > 0, got \(value)")
        }
        guard lr > 0, lr.isFinite else { throw ValidationError("--lr must be > 0, got \(lr.shown)") }
        _ = try parseActivations(activation)
        _ = try parseList(layers, option: "--layers", expected: "a positive integer", positiveInteger)
        guard Initializer(named: initializer) != nil else {
            throw ValidationError("--initializer: unknown '\(initializer)'; valid: \(Initializer.validNames.joined(separator: ", "))")
        }
    }

    func run() throws {
        common.apply()
        let activations = try parseActivations(activation)
        let depths = try parseList(layers, option: "--layers", expected: "a positive integer", positiveInteger)
        let studies = activations.flatMap { act in depths.map { depth -> VanishingGradientStudy in
            var s = VanishingGradientStudy(activation: act, layers: depth)
            (s.neurons, s.learningRate, s.batchSize, s.steps, s.initializer, s.seed, s.compiled) = (neurons, lr, batch, steps, Initializer(named: initializer)!, common.seed, execution.compiled)
            return s
        } }
        let progress = ProgressReporter(total: studies.count * steps, label: "vanishing")
        var results: [VanishingGradientStudy.Result] = []
        for study in studies {
            results.append(try study.run { _ in progress.advance(note: study.label) })
        }

        let headers = ["activation", "layers", "train acc", "mean |grad| hidden.0", "mean |grad| output", "ratio", "final loss"]
        let table = ResultTable(headers: headers, rows: results.map { r in
            [.text(r.study.activation.parameterizedName), .integer(r.study.layers), .percent(r.trainingAccuracy),
             .number(r.firstLayerGradient, format: "%.3e"), .number(r.outputLayerGradient, format: "%.3e"),
             .number(r.gradientRatio, format: "%.3e"), .number(r.losses.last ?? .nan, format: "%.4f")]
        })
        var files: [String] = []
        var report = HTMLReport(title: "Vanishing gradients on Iris (setosa vs versicolor)")
        report.paragraph("An MLP with \(neurons) units per hidden layer and a sigmoid output is trained for \(steps) SGD steps (learning rate \(lr), batches of \(batch) rows drawn with replacement from the 100 standardised rows, summed binary cross-entropy, \(initializer) weights). Each step records the mean absolute gradient of every layer's weights.")
        // The gradient flow: each layer's mean |∂L/∂W| over the steps, from input to output, one line per study.
        var flow = LineChart(title: "Gradient flow: mean |∂L/∂W| per layer, averaged over the steps",
                             xLabel: "layer (0 = hidden.0 … last = output)", yLabel: "mean |∂L/∂W|",
                             series: results.map { r in
                                 var s = Series(r.study.label, x: r.meanAbsWeightGradients.indices.map(Double.init),
                                                y: r.meanAbsWeightGradients.map { $0.isEmpty ? .nan : $0.reduce(0, +) / Double($0.count) })
                                 s.markers = true
                                 return s
                             }, logY: true)
        flow.width = 760
        flow.height = 340
        files.append(try common.output.write(flow.svg, to: "vanishing-flow.svg"))
        report.heading("Gradient flow from input to output")
        report.svg(flow.svg)
        report.paragraph("Each line is one network: the mean absolute gradient of each layer's weights, averaged over the steps, from the first hidden layer (left) to the output layer (its line's last point). A line falling towards the left is a gradient vanishing on its way back to the input.")
        report.heading("Summary")
        report.table(headers: headers, rows: table.displayRows)
        report.paragraph("ratio = mean |grad| of the first hidden layer / mean |grad| of the output layer, averaged over the steps. Far below 1 means the gradient vanishes on its way back to the input.")
        report.heading("Loss per step")
        report.svg(LineChart(title: "Summed BCE per step", xLabel: "step", yLabel: "loss", series: results.map { Series($0.study.label, $0.losses) }).svg)
        for r in results {
            let stem = "vanishing-\(r.study.activation.name)-\(r.study.layers)"
            let gradW = ResultTable(headers: ["layer"] + (1 ... steps).map { "step\($0)" },
                                    rows: zip(r.layerNames, r.meanAbsWeightGradients).map { [.text($0)] + $1.map { .number($0, format: "%g") } })
            files.append(try common.output.write(gradW.csv, to: "\(stem)-grad_w.csv"))
            files.append(try common.output.write(r.recorderCSV, to: "\(stem)-gradients.csv"))
            // One log range for all of a study's panels, so the layers compare at a glance.
            let positive = r.meanAbsWeightGradients.joined().filter { $0 > 0 && $0.isFinite }
            let shared = positive.min().flatMap { lo in positive.max().map { lo ... $0 } }
            let panels = zip(r.layerNames, r.meanAbsWeightGradients).map { name, values in
                var chart = LineChart(title: name == "output" ? "output layer" : "hidden layer \(name.dropFirst(7))", xLabel: "step",
                                      yLabel: "mean |∂L/∂W|", series: [Series(name, x: values.indices.map { Double($0 + 1) }, y: values)], logY: true, yRange: shared)
                chart.height = 200
                return chart
            }
            let figure = Figure(title: "Mean |gradient| per layer: \(r.study.label) (train acc \(String(format: "%.0f%%", 100 * r.trainingAccuracy))), one shared log scale", panels: panels, columns: panels.count > 4 ? 2 : 1)
            files.append(try common.output.write(figure.svg, to: "\(stem).svg"))
            // The seed notebook's grad_w plot: every layer's mean |grad| over the steps, linear axis.
            var linear = LineChart(title: "grad_w: mean |∂L/∂W| per step, linear scale (\(r.study.label))", xLabel: "step", yLabel: "mean |∂L/∂W|",
                                   series: zip(r.layerNames, r.meanAbsWeightGradients).map { Series($0, x: $1.indices.map { Double($0 + 1) }, y: $1) })
            linear.width = 760
            linear.yRange = 0 ... (r.meanAbsWeightGradients.joined().filter(\.isFinite).max() ?? 1)
            files.append(try common.output.write(linear.svg, to: "\(stem)-linear.svg"))
            report.heading(r.study.label)
            report.svg(figure.svg)
            report.svg(linear.svg)
        }
        files.append(try common.output.write(table.csv, to: "vanishing-summary.csv"))
        let reportPath = try common.output.write(report.rendered, to: "vanishing-report.html")
        files.append(reportPath)

        if common.output.json {
            struct Row: Encodable { var activation: String; var layers: Int; var trainingAccuracy: Double; var firstLayerGradient: Double; var outputLayerGradient: Double; var ratio: Double; var losses: [Double]; var gradW: [[Double]] }
            print(try jsonText(results.map { Row(activation: $0.study.activation.parameterizedName, layers: $0.study.layers, trainingAccuracy: $0.trainingAccuracy, firstLayerGradient: $0.firstLayerGradient, outputLayerGradient: $0.outputLayerGradient, ratio: $0.gradientRatio, losses: $0.losses, gradW: $0.meanAbsWeightGradients) }))
        } else if common.output.csv {
            print(table.csv, terminator: "")
        } else {
            print(table.text())
        }
        noteWritten(files, main: reportPath)
    }
}
