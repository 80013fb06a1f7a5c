import ArgumentParser
import Dendrite
import DendriteExperiments
import DendriteTestSupport
import Foundation

/// `dendrite bench …`: kernel and training benchmarks with thread sweeps.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark the kernels and training across thread counts (use a release build on an idle machine).",
        subcommands: [BenchGEMM.self, BenchActivations.self, BenchSoftmax.self, BenchTrain.self]
    )
}

/// Options of every benchmark.
struct BenchOptions: ParsableArguments {
    @Option(help: "Thread counts to sweep, comma-separated (default: 1 up to the number of cores).")
    var threads: String?

    @Option(help: "Timed runs per measurement (after warm-up); the median and minimum are reported.")
    var repeats = 10

    @Flag(help: "Tiny sizes and a single run: a smoke test of the benchmark, not a measurement.")
    var tiny = false

    @OptionGroup var output: OutputOptions

    @Option(help: "Reference timings (JSON from scripts/bench-reference) to show side by side with ratios.")
    var reference: String?

    func threadCounts() throws -> [Int] {
        guard let threads else { return Array(1 ... max(1, Kernels.processorCount)) }
        return try parseList(threads, option: "--threads") { Int($0).flatMap { $0 >= 1 ? $0 : nil } }
    }

    var runs: Int { tiny ? 1 : max(1, repeats) }
    var warmup: Int { tiny ? 0 : 2 }

    /// Reference rows keyed by (benchmark, case, threads).
    func referenceTimings() throws -> [String: ReferenceRow] {
        guard let reference else { return [:] }
        return try ReferenceDocument(decoding: readFileBytes(reference), file: reference).timings
    }
}

/// One benchmark row, with derived rates and scaling.
struct BenchRow: Codable {
    var benchmark: String
    var `case`: String
    var threads: Int
    var timing: Timing
    /// The case's natural rate: GFLOP/s for GEMM, GB/s for element-wise, samples/s for training.
    var rate: Double
    var rateUnit: String
    var speedup = 1.0
    var efficiency = 1.0
    /// Training: seconds per step (median) and heap allocations per step, when measured.
    var stepTime: Double?
    var allocationsPerStep: Double?
    var reference: ReferenceRow?
    /// reference median / our median: above 1 means faster than the reference.
    var ratio: Double? { reference.map { $0.median / timing.median } }
}

extension BenchOptions {
    /// Fills speedup and efficiency from each case's one-thread row, attaches references,
    /// prints, and writes CSV and an SVG of rate and speedup against threads.
    func report(_ name: String, _ rows: [BenchRow], unitLabel: String) throws {
        var rows = rows
        let references = try referenceTimings()
        for i in rows.indices {
            if let base = rows.first(where: { $0.case == rows[i].case && $0.threads == 1 }) {
                rows[i].speedup = base.timing.median / rows[i].timing.median
                rows[i].efficiency = rows[i].speedup / Double(rows[i].threads)
            }
            rows[i].reference = references["\(rows[i].benchmark)|\(rows[i].case)|\(rows[i].threads)"]
        }
        let hasReference = rows.contains { $0.reference != nil }
        let perStep = rows.contains { $0.stepTime != nil }
        let headers = ["case", "threads", "median", "min", unitLabel, "speedup", "efficiency"]
            + (perStep ? ["per step", "allocations/step"] : [])
            + (hasReference ? ["reference", "ref median", "ratio"] : [])
        let table = ResultTable(headers: headers, rows: rows.map { r -> [TableCell] in
            [.text(r.case), .integer(r.threads), .seconds(r.timing.median), .seconds(r.timing.minimum), .number(r.rate, format: "%.2f"),
             .number(r.speedup, format: "%.2f"), .number(r.efficiency, format: "%.2f")]
                + (perStep ? [r.stepTime.map { .seconds($0) } ?? .missing, r.allocationsPerStep.map { .number($0, format: "%.1f") } ?? .missing] : [])
                + (hasReference ? [.text(r.reference?.implementation ?? ""), r.reference.map { .seconds($0.median) } ?? .missing,
                                   r.ratio.map { .number($0, format: "%.2f") } ?? .missing] : [])
        })
        let env = SystemReport.current()
        var files = [try output.write(table.csv, to: "bench-\(name).csv")]
        struct Document: Encodable { var environment: SystemReport; var date: String; var rows: [BenchRow] }
        let doc = Document(environment: env, date: ISO8601DateFormatter().string(from: Date()), rows: rows)
        files.append(try output.write(jsonText(doc), to: "bench-\(name).json"))
        let cases = Array(NSOrderedSet(array: rows.map(\.case))) as! [String]
        let series = cases.map { c in Series(c, x: rows.filter { $0.case == c }.map { Double($0.threads) }, y: rows.filter { $0.case == c }.map(\.rate)) }
        let speedups = cases.map { c in Series(c, x: rows.filter { $0.case == c }.map { Double($0.threads) }, y: rows.filter { $0.case == c }.map(\.speedup)) }
        let figure = Figure(title: "dendrite bench \(name): \(env.cpu), \(env.gemmKernel)", panels: [
            LineChart(title: unitLabel, xLabel: "threads", yLabel: unitLabel, series: series),
            LineChart(title: "speedup T1/Tp", xLabel: "threads", yLabel: "speedup", series: speedups),
        ])
        files.append(try output.write(figure.svg, to: "bench-\(name).svg"))
        if output.json {
            print(try jsonText(doc))
        } else if output.csv {
            print(table.csv, terminator: "")
        } else {
            print("\(env.cpu), \(env.processors) processors, \(env.configuration) build, \(env.gemmKernel), OpenMP \(env.openMP ? "on" : "off")\(env.ompEnvironment.isEmpty ? "" : ", " + env.ompEnvironment.map { "\($0)=\($1)" }.joined(separator: " "))")
            print(table.text())
            if tiny { print("(--tiny: a smoke test at tiny sizes, not a measurement)") }
        }
        files.forEach { note("wrote \($0)") }
    }
}
