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

    @Option(parsing: .unconditional, help: "Timed runs per measurement (after warm-up); the median and minimum are reported.")
    var repeats = 10

    @Flag(help: "Tiny sizes and a single run: a smoke test of the benchmark, not a measurement.")
    var tiny = false

    @OptionGroup var output: OutputOptions

    @Option(help: "Reference timings (JSON from scripts/bench-reference) to show side by side with ratios.")
    var reference: String?

    func validate() throws {
        _ = try threadCounts()
        guard repeats >= 1 else { throw ValidationError("--repeats must be > 0, got \(repeats)") }
    }

    func threadCounts() throws -> [Int] {
        guard let threads else { return Array(1 ... max(1, Kernels.processorCount)) }
        return try parseList(threads, option: "--threads", expected: "a positive integer", positiveInteger)
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
        let figure = scalingFigure(name, rows, unitLabel: unitLabel, title: "dendrite bench \(name): \(env.cpu), \(env.gemmKernel)")
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
        noteWritten(files)
    }
}

/// Rate, speedup (with the ideal T1/Tp = p) and efficiency against threads, in rows of three
/// panels of at most eight cases each (small multiples, so twenty or thirty cases stay
/// readable); one legend per row. With reference timings, each case's reference rate is
/// drawn dashed in the case's colour beside Dendrite's.
func scalingFigure(_ name: String, _ rows: [BenchRow], unitLabel: String, title: String, casesPerRow: Int = 8) -> Figure {
    let cases = rows.map(\.case).uniqued()  // (NSOrderedSet does not deduplicate Swift strings on Linux)
    let threads = Array(Set(rows.map(\.threads))).sorted().map(Double.init)
    let maxThreads = threads.last ?? 1
    let implementations = Array(Set(rows.compactMap { $0.reference?.implementation })).sorted()
    var panels: [LineChart] = []
    for start in stride(from: 0, to: cases.count, by: casesPerRow) {
        let chunk = Array(cases[start ..< min(cases.count, start + casesPerRow)])
        var rate: [Series] = [], speedup: [Series] = [], efficiency: [Series] = []
        for (j, c) in chunk.enumerated() {
            let caseRows = rows.filter { $0.case == c }
            let xs = caseRows.map { Double($0.threads) }
            let color = LineChart.palette[j % LineChart.palette.count]
            var r = Series(c, x: xs, y: caseRows.map(\.rate), color: color, dash: nil)
            r.inLegend = false
            rate.append(r)
            let withReference = caseRows.filter { $0.reference != nil }
            if !withReference.isEmpty {
                // The same work in the reference's time: rate × our median / its median.
                var ref = Series("\(c) (\(withReference[0].reference!.implementation))", x: withReference.map { Double($0.threads) },
                                 y: withReference.map { $0.rate * $0.timing.median / $0.reference!.median }, color: color, dash: "6,3")
                ref.inLegend = false
                rate.append(ref)
            }
            var sp = Series(c, x: xs, y: caseRows.map(\.speedup), color: color, dash: nil)
            sp.inLegend = false
            speedup.append(sp)
            efficiency.append(Series(c, x: xs, y: caseRows.map(\.efficiency), color: color, dash: nil))
        }
        var ideal = Series("ideal", x: threads, y: threads, color: "#999", dash: "3,3")
        ideal.inLegend = false
        speedup.insert(ideal, at: 0)
        if !implementations.isEmpty {
            efficiency.append(Series("dashed: \(implementations.joined(separator: ", ")) (rate panel)", x: [], y: [], color: "#555", dash: "6,3"))
        }
        let part = cases.count > casesPerRow ? " (cases \(start + 1)–\(start + chunk.count) of \(cases.count))" : ""
        var panelRate = LineChart(title: unitLabel + part + (implementations.isEmpty ? "" : ", reference dashed"), xLabel: "threads", yLabel: unitLabel, series: rate)
        var panelSpeedup = LineChart(title: "speedup T1/Tp (grey: ideal)", xLabel: "threads", yLabel: "speedup", series: speedup, yRange: 0 ... maxThreads)
        var panelEfficiency = LineChart(title: "efficiency speedup/threads", xLabel: "threads", yLabel: "efficiency", series: efficiency, yRange: 0 ... 1)
        (panelRate.width, panelSpeedup.width) = (420, 380)
        panelEfficiency.width = 380 + panelEfficiency.legendWidth
        (panelRate.height, panelSpeedup.height, panelEfficiency.height) = (260, 260, 260)
        panels += [panelRate, panelSpeedup, panelEfficiency]
    }
    return Figure(title: title, panels: panels, columns: 3)
}
