import Testing
@testable import Dendrite
@testable import DendriteExperiments

/// The recorder on any module, and the one table writer behind every CSV.
@Suite struct ReportingTests {
    /// The first seed's hand-written network: not an MLP.
    final class Net: Module {
        var isTraining = true
        let hidden: [Linear<Double>]
        let out: Linear<Double>

        init() {
            var rng = SeededGenerator(seed: 3)
            hidden = [Linear(inputSize: 4, outputSize: 5, generator: &rng), Linear(inputSize: 5, outputSize: 5, generator: &rng)]
            out = Linear(inputSize: 5, outputSize: 1, generator: &rng)
        }

        func callAsFunction(_ x: Tensor<Double>) -> Tensor<Double> {
            sigmoid(out(hidden.reduce(x) { sigmoid($1($0)) }))
        }
    }

    @Test("the gradient recorder records every weight of a hand-written module")
    func recorderTakesAnyModule() {
        let net = Net()
        let recorder = GradientRecorder(model: net)
        #expect(recorder.layerNames == ["hidden.0", "hidden.1", "out"])
        var rng = SeededGenerator(seed: 4)
        let x = Tensor<Double>.normal([8, 4], using: &rng)
        binaryCrossEntropy(net(x), Tensor(repeating: 1, shape: [8, 1])).backward()
        recorder.record(net)
        let stats = recorder.steps[0]
        for (i, layer) in [net.hidden[0], net.hidden[1], net.out].enumerated() {
            let g = layer.weight.grad!.scalars
            let meanAbs = g.map { Swift.abs($0) }.reduce(0, +) / Double(g.count)
            #expect(Swift.abs(stats[i].meanAbsWeightGradient - meanAbs) < 1e-15 * Swift.max(1, meanAbs))
            #expect(stats[i].meanAbsBiasGradient > 0)
        }
    }

    @Test("CSV quotes text with commas and quotes, and writes numbers unformatted")
    func csvFields() {
        let table = ResultTable(headers: ["name", "score", "share", "time"],
                                rows: [[.text("a,b"), .number(0.123456789, format: "%.2f"), .percent(0.5), .seconds(0.0125)],
                                       [.text("say \"hi\""), .missing, .integer(3), .text("x")]])
        #expect(table.csv == "name,score,share,time\n\"a,b\",0.123456789,0.5,0.0125\n\"say \"\"hi\"\"\",,3,x\n")
        #expect(table.text().contains("0.12") && table.text().contains("50.0%") && table.text().contains("12.500 ms"))
    }
}

/// The progress bar: redrawn in place on a terminal and erased when it should not stay.
@Suite struct ProgressTests {
    func run(terminal: Bool, leave: Bool) -> String {
        var text = ""
        let progress = ProgressReporter(total: 3, label: "epoch 1/4", isTerminal: terminal) { text += $0 }
        progress.leave = leave
        for _ in 0 ..< 3 { progress.advance(note: "loss 0.5") }
        return text
    }

    @Test("on a terminal, leave = false erases the finished bar (no line is left), leave = true ends its line")
    func erase() {
        let erased = run(terminal: true, leave: false)
        #expect(!erased.contains("\n") && erased.hasSuffix("\r\u{1B}[2K") && erased.contains("epoch 1/4"))
        let kept = run(terminal: true, leave: true)
        #expect(kept.hasSuffix("\n") && kept.filter { $0 == "\n" }.count == 1 && kept.contains("3/3"))
    }

    @Test("off a terminal, plain lines without escape codes, whatever leave says")
    func plain() {
        let text = run(terminal: false, leave: false)
        #expect(!text.contains("\u{1B}") && text.contains("epoch 1/4: 3/3 (100%)"))
    }
}
