import ArgumentParser
import Dendrite
import DendriteExperiments
import DendriteTestSupport
import Foundation

/// `dendrite info`: what this build is and how it will run here.
struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the version, build configuration, OpenMP threads and GEMM micro kernel."
    )

    @OptionGroup var common: CommonOptions

    func run() throws {
        common.apply()
        let facts = SystemReport.current()
        let table = ResultTable(headers: ["fact", "value"], rows: facts.rows.map { [.text($0.0), .text($0.1)] })
        try common.output.print(table, json: facts, text: facts.rows.map { $0.0.padding(toLength: 16, withPad: " ", startingAt: 0) + $0.1 }.joined(separator: "\n"))
    }
}
