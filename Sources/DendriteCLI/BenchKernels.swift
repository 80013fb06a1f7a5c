import ArgumentParser
import Dendrite
import DendriteExperiments
import DendriteTestSupport
import CAllocationCounter
import Foundation

/// A benchmark failed its own correctness check.
struct BenchCheckFailure: Error, CustomStringConvertible {
    var description: String
}

/// `dendrite bench gemm`.
struct BenchGEMM: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gemm",
        abstract: "GEMM GFLOP/s: square sizes and the seeds' MLP shapes (M, K, N), Float32 and Float64, across threads."
    )

    @Option(help: "Precisions: f32, f64 or both (comma-separated).") var dtype = "f32,f64"
    @Option(help: "Square sizes, comma-separated.") var sizes = "256,512,1024,2048"
    @OptionGroup var bench: BenchOptions

    /// (name, M, K, N, transpose A, transpose B): the seeds' 784-128-64-10 MLP at batch 128.
    static let mlpShapes: [(String, Int, Int, Int, Bool, Bool)] = [
        ("fwd 128x784x128", 128, 784, 128, false, false), ("fwd 128x128x64", 128, 128, 64, false, false),
        ("fwd 128x64x10", 128, 64, 10, false, false),
        ("XtdY 784x128x128", 784, 128, 128, true, false), ("XtdY 128x128x64", 128, 128, 64, true, false),
        ("XtdY 64x128x10", 64, 128, 10, true, false),
        ("dYWt 128x128x784", 128, 128, 784, false, true), ("dYWt 128x64x128", 128, 64, 128, false, true),
        ("dYWt 128x10x64", 128, 10, 64, false, true),
    ]

    func run() throws {
        let threads = try bench.threadCounts()
        let squares = bench.tiny ? [33] : try parseList(sizes, option: "--sizes", expected: "a positive integer", positiveInteger)
        let shapes = squares.map { ("square \($0)", $0, $0, $0, false, false) } + (bench.tiny ? [("fwd 9x13x5", 9, 13, 5, false, false), ("XtdY 7x9x3", 7, 9, 3, true, false)] : Self.mlpShapes)
        var rows: [BenchRow] = []
        for type in try parseList(dtype, option: "--dtype", expected: "f32 or f64", { ["f32", "f64"].contains($0) ? $0 : nil }) {
            for shape in shapes {
                for t in threads {
                    Kernels.threadCount = t
                    let timing = type == "f32" ? try Self.time(Float.self, shape, bench) : try Self.time(Double.self, shape, bench)
                    let flops = 2.0 * Double(shape.1) * Double(shape.2) * Double(shape.3)
                    rows.append(BenchRow(benchmark: "gemm", case: "\(type) \(shape.0)", threads: t, timing: timing, rate: flops / timing.median * 1e-9, rateUnit: "GFLOP/s"))
                }
            }
        }
        try bench.report("gemm", rows, unitLabel: "GFLOP/s")
    }

    /// Times C = op(A)·op(B) and checks the result against the reference kernel.
    static func time<T: KernelScalar>(_: T.Type, _ shape: (String, Int, Int, Int, Bool, Bool), _ bench: BenchOptions) throws -> Timing
    where T.RawSignificand: FixedWidthInteger {
        let (_, m, k, n, ta, tb) = shape
        var g = SeededGenerator(seed: 1)
        let a = (0 ..< m * k).map { _ in T.random(in: -1 ... 1, using: &g) }, b = (0 ..< k * n).map { _ in T.random(in: -1 ... 1, using: &g) }
        var c = [T](repeating: 0, count: m * n), want = c
        let shapeA: MatrixShape = ta ? [k, m] : [m, k], shapeB: MatrixShape = tb ? [n, k] : [k, n]
        let timing = try Timing.measure(repeats: bench.runs, warmup: bench.warmup, budget: 2) {
            try Kernels.gemm(a, shapeA, transposeA: ta, b, shapeB, transposeB: tb, into: &c, [m, n])
        }
        try Kernels.gemm(a, shapeA, transposeA: ta, b, shapeB, transposeB: tb, into: &want, [m, n], reference: true)
        let tolerance = (T.self == Float.self ? 1e-5 : 1e-12) * Double(k)
        if let bad = c.indices.first(where: { abs(Double(c[$0]) - Double(want[$0])) > tolerance }) {
            throw BenchCheckFailure(description: "gemm \(shape.0): element \(bad) is \(c[bad]) but the reference kernel gives \(want[bad])")
        }
        return timing
    }
}

/// `dendrite bench activations`.
struct BenchActivations: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activations",
        abstract: "Every activation forward and backward on 1M Float32 values: GB/s and elements/s, next to a copy."
    )

    @Option(help: "Values per call.") var count = 1 << 20
    @Option(help: "Activations (comma-separated or all).") var activation = "all"
    @OptionGroup var bench: BenchOptions

    func run() throws {
        let n = bench.tiny ? 1000 : count
        var g = SeededGenerator(seed: 2)
        let z = (0 ..< n).map { _ in Float.random(in: -4 ... 4, using: &g) }
        var a = [Float](repeating: 0, count: n), dz = a
        let ones = [Float](repeating: 1, count: n)
        var rows: [BenchRow] = []
        for t in try bench.threadCounts() {
            Kernels.threadCount = t
            // The machine's copy bandwidth for the same bytes: the bound of relu-like kernels.
            let copy = Timing.measure(repeats: bench.runs, warmup: bench.warmup) { _ = memcpy(&a, z, n * 4) }
            rows.append(BenchRow(benchmark: "activations", case: "copy (memcpy)", threads: t, timing: copy, rate: Double(2 * n * 4) / copy.median * 1e-9, rateUnit: "GB/s"))
            for act in try parseActivations(activation) {
                let forward = try Timing.measure(repeats: bench.runs, warmup: bench.warmup) { try Kernels.activationForward(act, z, into: &a) }
                rows.append(BenchRow(benchmark: "activations", case: "\(act.name) forward", threads: t, timing: forward, rate: Double(2 * n * 4) / forward.median * 1e-9, rateUnit: "GB/s"))
                let backward = try Timing.measure(repeats: bench.runs, warmup: bench.warmup) {
                    try Kernels.activationBackward(act, z: z, a: a, dLdA: ones, into: &dz)
                }
                // Backward reads Z, A and dLdA and writes dLdZ (an upper bound on the traffic).
                rows.append(BenchRow(benchmark: "activations", case: "\(act.name) backward", threads: t, timing: backward, rate: Double(4 * n * 4) / backward.median * 1e-9, rateUnit: "GB/s"))
            }
        }
        try bench.report("activations", rows, unitLabel: "GB/s")
        note(String(format: "elements/s = GB/s x 1e9 / %d bytes (forward) or / %d bytes (backward) per value", 8, 16))
    }
}

/// `dendrite bench softmax`.
struct BenchSoftmax: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "softmax",
        abstract: "Softmax forward, backward by the Jacobian-vector product and by the explicit Jacobian (N = 128, C = 10 and 1000)."
    )

    @OptionGroup var bench: BenchOptions

    func run() throws {
        var rows: [BenchRow] = []
        let n = bench.tiny ? 4 : 128
        for c in bench.tiny ? [3] : [10, 1000] {
            var g = SeededGenerator(seed: 3)
            let z = (0 ..< n * c).map { _ in Float.random(in: -5 ... 5, using: &g) }
            let dA = (0 ..< n * c).map { _ in Float.random(in: -1 ... 1, using: &g) }
            let shape = MatrixShape(n, c)
            let a = try Kernels.softmax(z, shape)
            var out = [Float](repeating: 0, count: n * c), viaJacobian = out
            var jacobian = [Float](repeating: 0, count: n * c * c)
            for t in try bench.threadCounts() {
                Kernels.threadCount = t
                let forward = try Timing.measure(repeats: bench.runs * 10, warmup: bench.warmup) { try Kernels.softmax(z, shape, into: &out) }
                let jvp = try Timing.measure(repeats: bench.runs * 10, warmup: bench.warmup) {
                    try Kernels.softmaxBackward(a: a, dLdA: dA, shape, into: &out)
                }
                let explicit = try Timing.measure(repeats: bench.runs, warmup: bench.warmup, budget: 2) {
                    try Kernels.softmaxJacobian(a: a, shape, into: &jacobian)
                    try Kernels.softmaxJacobianBackward(jacobian: jacobian, dLdA: dA, shape, into: &viaJacobian)
                }
                if let bad = out.indices.first(where: { abs(out[$0] - viaJacobian[$0]) > 1e-5 }) {
                    throw BenchCheckFailure(description: "softmax backward C=\(c): JVP gives \(out[bad]) at \(bad), the explicit Jacobian \(viaJacobian[bad])")
                }
                let bytes = Double(n * c * 4)
                rows.append(BenchRow(benchmark: "softmax", case: "forward C=\(c)", threads: t, timing: forward, rate: 2 * bytes / forward.median * 1e-9, rateUnit: "GB/s"))
                rows.append(BenchRow(benchmark: "softmax", case: "backward JVP C=\(c)", threads: t, timing: jvp, rate: 3 * bytes / jvp.median * 1e-9, rateUnit: "GB/s"))
                rows.append(BenchRow(benchmark: "softmax", case: "backward Jacobian C=\(c)", threads: t, timing: explicit, rate: 3 * bytes / explicit.median * 1e-9, rateUnit: "GB/s"))
            }
        }
        try bench.report("softmax", rows, unitLabel: "GB/s")
    }
}

/// `dendrite bench train`.
struct BenchTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Epochs of the 784-128-64-10 MLP (SGD momentum, batch 128) on Fashion-MNIST when installed, else random data of that shape; the 10-layer Iris study."
    )

    @Option(help: "Epochs to time per thread count (the first is a warm-up).") var epochs = 4
    @Option(help: "Which workloads: mlp, iris or both (comma-separated).") var workload = "mlp,iris"
    @Option(help: "Folder with the Fashion-MNIST IDX files.") var dataDir: String?
    @OptionGroup var bench: BenchOptions

    func run() throws {
        let workloads = Set(try parseList(workload, option: "--workload", expected: "a workload") { $0 })
        if let unknown = workloads.first(where: { !["mlp", "iris"].contains($0) }) {
            throw ValidationError("--workload: unknown '\(unknown)'; valid: mlp, iris")
        }
        let data: Dataset<Float>
        if !workloads.contains("mlp") {
            data = Self.randomData(rows: 1)
        } else if bench.tiny {
            data = Self.randomData(rows: 512)
        } else if let loaded = try? IDXCollection.fashionMNIST.load(from: dataDir, as: Float.self) {
            var g = SeededGenerator(seed: 0)
            data = Standardizer(fitting: loaded.train.features)(loaded.train.split(validationFraction: 0.2, using: &g).train)
            note("Fashion-MNIST: \(data.count) training images")
        } else {
            data = Self.randomData(rows: 48000)
            note("Fashion-MNIST not found: timing \(data.count) random rows of the same shape")
        }
        var setup = TrainingSetup(dataset: "bench")
        setup.hidden = [128, 64]
        let iris = Dataset<Double>.iris().keepingClasses([0, 1])
        let irisData = Standardizer(fitting: iris.features)(iris)
        var rows: [BenchRow] = []
        for t in try bench.threadCounts() {
            Kernels.threadCount = t
            for compiled in [true, false] {
                let suffix = compiled ? "" : " (eager)"
                if workloads.contains("mlp") {
                    // Whole epochs through the trainer, as `dendrite train` runs them.
                    let trainer = ClassifierTrainer<Float>(setup: setup, inputs: 784, classes: 10)
                    trainer.compiled = compiled
                    let epoch = try Timing.measure(repeats: bench.tiny ? 1 : max(1, epochs - 1), warmup: bench.tiny ? 0 : 1) {
                        try trainer.runEpoch(train: data, validation: nil)
                }
                var row = BenchRow(benchmark: "train", case: "mlp 784-128-64-10 epoch\(suffix)", threads: t, timing: epoch,
                                   rate: Double(data.count) / epoch.median, rateUnit: "samples/s")
                let mlp = MLP<Float>(inputs: 784, hidden: [128, 64], outputs: 10, activation: .relu, seed: 0)
                (row.stepTime, row.allocationsPerStep) = try Self.stepCost(mlp, .crossEntropy(), SGD(parameters: mlp.parameters, learningRate: 0.01, momentum: 0.95),
                                                                     data, batch: 128, compiled: compiled, bench)
                rows.append(row)
                }
                guard workloads.contains("iris") else { continue }
                // The first seed's study: 100 SGD steps of a 10-layer sigmoid MLP on Iris, Float64.
                var study = VanishingGradientStudy(activation: .sigmoid, layers: 10)
                (study.steps, study.compiled, study.recordsUnitHealth) = (bench.tiny ? 5 : 100, compiled, false)
                let run = try Timing.measure(repeats: bench.runs, warmup: bench.warmup) { _ = try study.run() }
                var row = BenchRow(benchmark: "train", case: "iris 10-layer sigmoid, 100 steps\(suffix)", threads: t, timing: run,
                               rate: Double(study.steps * 128) / run.median, rateUnit: "samples/s")
                var g = SeededGenerator(seed: 0)
                let net = MLP<Double>(inputs: 4, hidden: Array(repeating: 10, count: 10), outputs: 1, activation: .sigmoid,
                                      outputActivation: .sigmoid, initializer: .xavierUniform(), generator: &g)
                (row.stepTime, row.allocationsPerStep) = try Self.stepCost(net, .binaryCrossEntropy(reduction: .sum), SGD(parameters: net.parameters, learningRate: 0.001),
                                                                     irisData, batch: 128, compiled: compiled, bench)
                rows.append(row)
            }
        }
        try bench.report("train", rows, unitLabel: "samples/s")
        if dd_allocation_counting() == 0 { note("allocations are not counted on this platform") }
    }

    /// Median seconds per training step and heap allocations per step, after warm-up: the
    /// compiled step, or the eager graph (forward, loss, backward, optimizer update).
    static func stepCost<S: KernelScalar>(
        _ model: any Module<S>, _ loss: TrainingLoss, _ optimizer: any Optimizer<S>, _ data: Dataset<S>, batch: Int,
        compiled: Bool, _ bench: BenchOptions
    ) throws -> (Double, Double) {
        let step = CompiledStep(model: model, loss: loss, optimizer: optimizer)
        step.checksModelEveryStep = false
        var g = SeededGenerator(seed: 1)
        let batches = (0 ..< 8).map { _ in (0 ..< batch).map { _ in Int.random(in: 0 ..< data.count, using: &g) } }
        func run(_ rows: [Int]) throws {
            if compiled {
                try step(rows: rows, of: data)
            } else {
                let b = data.batch(rows: rows)
                let value = loss(model(b.features), b)
                optimizer.zeroGrad()
                value.backward()
                optimizer.step()
            }
        }
        for rows in batches { try run(rows) }
        let steps = bench.tiny ? 8 : 64
        let before = dd_allocation_count()
        for i in 0 ..< steps { try run(batches[i % batches.count]) }
        let allocations = Double(dd_allocation_count() - before) / Double(steps)
        let timing = try Timing.measure(repeats: bench.runs, warmup: 0) { for i in 0 ..< 8 { try run(batches[i]) } }
        return (timing.median / 8, allocations)
    }

    static func randomData(rows: Int) -> Dataset<Float> {
        var g = SeededGenerator(seed: 5)
        return Dataset(name: "random", features: .normal([rows, 784], using: &g), labels: (0 ..< rows).map { _ in Int.random(in: 0 ..< 10, using: &g) },
                       classNames: (0 ... 9).map(String.init))
    }
}
