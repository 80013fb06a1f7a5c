import ArgumentParser
import Dendrite
import Foundation

/// `dendrite gradcheck`: finite differences against the graph's gradients for every op.
struct GradcheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradcheck",
        abstract: "Check every op's and activation's gradient against central finite differences (Double)."
    )

    @Option(help: "Only cases whose name contains this text.")
    var filter: String?

    @OptionGroup var common: CommonOptions

    func run() throws {
        common.apply()
        let cases = GradcheckSuite.all.filter { filter == nil || $0.name.contains(filter!) }
        guard !cases.isEmpty else { throw ValidationError("no gradcheck case matches '\(filter ?? "")'") }
        let results = cases.map { ($0.name, $0.run()) }
        let headers = ["case", "elements", "analytic", "numeric", "|error|", "x tolerance", "result"]
        let rows = results.map { name, r in
            [name, "\(r.checked)", String(format: "%.6g", r.analytic), String(format: "%.6g", r.numeric),
             String(format: "%.2e", abs(r.analytic - r.numeric)), String(format: "%.3f", r.worstRatio), r.passed ? "pass" : "FAIL"]
        }
        let failed = results.filter { !$0.1.passed }.count
        if common.json {
            struct Row: Encodable { var name: String; var passed: Bool; var checked: Int; var analytic: Double; var numeric: Double; var ratio: Double }
            print(try jsonText(results.map { Row(name: $0.0, passed: $0.1.passed, checked: $0.1.checked, analytic: $0.1.analytic, numeric: $0.1.numeric, ratio: $0.1.worstRatio) }))
        } else if common.csv {
            print(csvText(headers, rows), terminator: "")
        } else {
            print(table(headers, rows))
            print("\n\(results.count - failed) passed, \(failed) failed (worst element per case; tolerance 1e-6 + 1e-4·|numeric|)")
        }
        if failed > 0 { throw ExitCode(1) }
    }
}
