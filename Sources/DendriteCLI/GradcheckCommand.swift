import ArgumentParser
import Dendrite
import DendriteExperiments
import DendriteTestSupport
import Foundation

/// `dendrite gradcheck`: finite differences against the graph's gradients for every op.
struct GradcheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradcheck",
        abstract: "Check every op's and activation's gradient against central finite differences (Double)."
    )

    @Option(help: "Only cases whose name contains this text.")
    var filter: String?

    @Option(help: ArgumentHelp(
        "Instead: replay a whole-network fixture (Tests/Fixtures/*.json, from Tests/python/make_fixtures.py) and compare every loss, gradient and updated parameter with it.",
        valueName: "file.json"))
    var against: String?

    @OptionGroup var common: CommonOptions

    func validate() throws {
        if against != nil && filter != nil { throw ValidationError("--filter selects gradcheck cases; it does not apply with --against") }
    }

    func run() throws {
        common.apply()
        if let against { return try checkFixture(against) }
        let cases = GradcheckSuite.all.filter { filter == nil || $0.name.contains(filter!) }
        guard !cases.isEmpty else { throw ValidationError("no gradcheck case matches '\(filter ?? "")'") }
        let results = cases.map { ($0.name, $0.run()) }
        let headers = ["case", "elements", "analytic", "numeric", "|error|", "x tolerance", "result"]
        let table = ResultTable(headers: headers, rows: results.map { name, r in
            [.text(name), .integer(r.checked), .number(r.analytic, format: "%.6g"), .number(r.numeric, format: "%.6g"),
             .number(abs(r.analytic - r.numeric), format: "%.2e"), .number(r.worstRatio, format: "%.3f"), .text(r.passed ? "pass" : "FAIL")]
        })
        let failed = results.filter { !$0.1.passed }.count
        let file = try common.output.write(table.csv, to: "gradcheck.csv")
        if common.output.json {
            struct Row: Encodable { var name: String; var passed: Bool; var checked: Int; var analytic: Double; var numeric: Double; var ratio: Double }
            print(try jsonText(results.map { Row(name: $0.0, passed: $0.1.passed, checked: $0.1.checked, analytic: $0.1.analytic, numeric: $0.1.numeric, ratio: $0.1.worstRatio) }))
        } else if common.output.csv {
            print(table.csv, terminator: "")
        } else {
            print(table.text())
            print("\n\(results.count - failed) passed, \(failed) failed (worst element per case; tolerance 1e-6 + 1e-4·|numeric|)")
        }
        noteWritten([file])
        if failed > 0 { throw ExitCode(1) }
    }

    /// `--against FILE`: one table row per step and quantity (loss, each gradient, each
    /// updated parameter) with the worst element; exit status 1 when anything is out of
    /// tolerance.
    func checkFixture(_ path: String) throws {
        let fixture = try NetworkFixture(contentsOfFile: path)
        let report = fixture.check()
        let headers = ["step", "quantity", "parameter", "elements", "max |error|", "max rel", "worst", "dendrite", "reference",
                       "x tolerance", "result"]
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let digits = fixture.precision == .float64 ? "%.17g" : "%.9g"
        let table = ResultTable(headers: headers, rows: report.comparisons.map { c in
            [.integer(c.step), .text(c.quantity.rawValue), .text(c.quantity == .loss ? "" : c.name), .integer(c.count),
             .number(c.maxAbsoluteError, format: "%.2e"), .number(c.maxRelativeError, format: "%.2e"),
             .text(c.worstIndex.isEmpty ? "" : c.worstIndex.map(String.init).joined(separator: ",")),
             .number(c.actual, format: digits), .number(c.expected, format: digits), .number(c.ratio, format: "%.3g"),
             .text(c.passed ? "pass" : "FAIL (\(c.outOfTolerance)/\(c.count))")]
        })
        let file = try common.output.write(table.csv, to: "gradcheck-\(stem).csv")
        if common.output.json {
            print(try jsonText(report))
        } else if common.output.csv {
            print(table.csv, terminator: "")
        } else {
            print("\(report.name): \(fixture.summary)\n")
            print(table.text())
            let t = report.tolerance
            let failed = report.failures
            print("""

                \(report.comparisons.count - failed.count) passed, \(failed.count) failed (\(report.precision); \
                tolerance \(String(format: "%.0e", t.absolute)) + \(String(format: "%.0e", t.relative))·|reference| per element; \
                max |error| \(String(format: "%.2e", report.maxAbsoluteError)), max relative \(String(format: "%.2e", report.maxRelativeError)))
                """)
            if let first = failed.first {
                let element = first.worstIndex.isEmpty ? "" : " element [\(first.worstIndex.map(String.init).joined(separator: ", "))]"
                print("first difference: \(first.label)\(element): dendrite \(first.actual), reference \(first.expected)")
            }
        }
        noteWritten([file])
        if !report.passed { throw ExitCode(1) }
    }
}
