import ArgumentParser
import Dendrite
import DendriteExperiments
import DendriteTestSupport
import Foundation

/// `dendrite activations`: every activation and its derivative over a range; the softmax
/// Jacobian of a vector.
struct ActivationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activations",
        abstract: "Tabulate and plot activations and their derivatives; print a softmax Jacobian.",
        discussion: "Example: dendrite activations --activation sigmoid,tanh,relu --from -5 --to 5 --softmax 1,2,3"
    )

    @Option(help: "Activations to show, comma-separated, or 'all' (\(Activation.validNames.joined(separator: ", "))).")
    var activation = "sigmoid,tanh,relu"

    @Option(parsing: .unconditional, help: "Start of the range of z.") var from = -5.0
    @Option(parsing: .unconditional, help: "End of the range of z.") var to = 5.0
    @Option(parsing: .unconditional, help: "Rows in the table (the plot uses 401 points).") var points = 11

    @Option(parsing: .unconditional, help: "A vector, comma-separated: print its softmax and the softmax Jacobian diag(a) − a aᵀ.")
    var softmax: String?

    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard from < to else { throw ValidationError("--from (\(from)) must be below --to (\(to))") }
        guard from.isFinite, to.isFinite else { throw ValidationError("--from and --to must be finite numbers") }
        guard points >= 2 else { throw ValidationError("--points must be at least 2, got \(points)") }
        _ = try parseActivations(activation)
        if let softmax { _ = try parseList(softmax, option: "--softmax", expected: "a number") { Double($0).flatMap { $0.isFinite ? $0 : nil } } }
    }

    func run() throws {
        common.apply()
        let activations = try parseActivations(activation)
        let z = (0 ..< points).map { from + (to - from) * Double($0) / Double(points - 1) }
        let columns = try activations.map { act -> (values: [Double], derivatives: [Double]) in
            let a = Kernels.activationForward(act, z)
            return (a, try Kernels.activationBackward(act, z: z, a: a, dLdA: Array(repeating: 1, count: z.count)))
        }
        let headers = ["z"] + activations.flatMap { [$0.parameterizedName, "d\($0.parameterizedName)/dz"] }
        let table = ResultTable(headers: headers, rows: z.indices.map { i in
            [.number(z[i], format: "%g")] + columns.flatMap { [TableCell.number($0.values[i], format: "%.6g"), .number($0.derivatives[i], format: "%.6g")] }
        })

        // The plot: a dense grid, function and derivative per activation; series i has the same
        // colour and dash in both panels (ten colours, then the colours again dashed).
        let dense = (0 ... 400).map { from + (to - from) * Double($0) / 400 }
        var functions: [Series] = [], derivatives: [Series] = []
        for act in activations {
            let a = Kernels.activationForward(act, dense)
            functions.append(Series(act.parameterizedName, x: dense, y: a))
            derivatives.append(Series("d\(act.parameterizedName)/dz", x: dense, y: try Kernels.activationBackward(act, z: dense, a: a, dLdA: Array(repeating: 1, count: dense.count))))
        }
        var panels = [LineChart(title: "f(z)", xLabel: "z", series: functions), LineChart(title: "f′(z)", xLabel: "z", series: derivatives)]
        for i in panels.indices { panels[i].width = 760 }
        let figure = Figure(title: "Activations and their derivatives", panels: panels)
        let files = [try common.output.write(table.csv, to: "activations.csv"), try common.output.write(figure.svg, to: "activations.svg")]

        var softmaxResult: (a: [Double], jacobian: [[Double]])?
        if let softmax {
            let v = try parseList(softmax, option: "--softmax", expected: "a number") { Double($0).flatMap { $0.isFinite ? $0 : nil } }
            let a = try Kernels.softmax(v, [1, v.count])
            let jacobian = softmaxJacobian(Tensor<Double>(shape: [1, v.count], scalars: a))
            softmaxResult = (a, jacobian.reshaped([v.count, v.count]).rows)
        }

        if common.output.json {
            struct Output: Encodable { var z: [Double]; var activations: [String: [String: [Double]]]; var softmax: [Double]?; var jacobian: [[Double]]?; var files: [String] }
            let dict = Dictionary(zip(activations, columns).map { ($0.parameterizedName, ["value": $1.values, "derivative": $1.derivatives]) }, uniquingKeysWith: { first, _ in first })
            print(try jsonText(Output(z: z, activations: dict, softmax: softmaxResult?.a, jacobian: softmaxResult?.jacobian, files: files)))
        } else if common.output.csv {
            print(table.csv, terminator: "")
        } else {
            print(table.text())
            if let (a, jacobian) = softmaxResult {
                print("\nsoftmax = [\(a.map { String(format: "%.6g", $0) }.joined(separator: ", "))]")
                print("Jacobian diag(a) − a aᵀ:")
                print(ResultTable(headers: [""] + a.indices.map { "∂a/∂z\($0)" },
                                  rows: jacobian.enumerated().map { [.text("a\($0.offset)")] + $0.element.map { .number($0, format: "%.6g") } }).text())
            }
        }
        noteWritten(files)
    }
}
