import Testing
@testable import Dendrite
@testable import DendriteExperiments
@testable import DendriteTestSupport

struct TensorTests {
    @Test("value semantics: a copy is independent after a write")
    func copyOnWrite() {
        let a = Tensor<Float>([1, 2, 3])
        var b = a
        b[1] = 20
        #expect(a.array == [1, 2, 3] && b.array == [1, 20, 3])
    }

    @Test("broadcasting shapes follow NumPy for rank up to 2")
    func broadcasting() {
        let m = Tensor<Double>([[1, 2, 3], [4, 5, 6]])
        #expect((m + Tensor([10, 20, 30])).rows == [[11, 22, 33], [14, 25, 36]])
        #expect((m * Tensor([[2], [3]])).rows == [[2, 4, 6], [12, 15, 18]])
        #expect((Tensor([[1], [2]]) + Tensor<Double>([10, 20, 30])).rows == [[11, 21, 31], [12, 22, 32]])
        #expect((m - 1).rows == [[0, 1, 2], [3, 4, 5]])
    }

    @Test("reductions, argmax, comparisons")
    func reductions() {
        let m = Tensor<Double>([[1, 5, 3], [4, 2, 6]])
        #expect(m.sum().scalar == 21)
        #expect(m.mean().scalar == 3.5)
        #expect(m.sum(alongAxis: 0).array == [5, 7, 9])
        #expect(m.mean(alongAxis: 1).array == [3, 4])
        #expect(m.argmax() == [1, 2])
        #expect((m .> Tensor(3)).rows == [[0, 1, 0], [1, 0, 1]])
        #expect(m.transposed().shape == [3, 2] && m.transposed()[2, 1] == 6)
    }

    @Test("printing looks like NumPy and elides long axes")
    func printing() {
        #expect(Tensor<Double>([[1, 2], [3, 4.5]]).description == "[[ 1.,  2.],\n [ 3., 4.5]]")
        let long = Tensor<Float>(Array(0 ..< 100).map(Float.init))
        #expect(long.description == "[ 0.,  1.,  2., ..., 97., 98., 99.]")
        #expect(Tensor<Double>(Double.nan).description == "nan")
    }

    @Test("seeded random tensors reproduce")
    func seeded() {
        var g1 = SeededGenerator(seed: 9), g2 = SeededGenerator(seed: 9)
        #expect(Tensor<Float>.normal([4, 4], using: &g1) == Tensor<Float>.normal([4, 4], using: &g2))
        var g = SeededGenerator(seed: 3)
        let big = Tensor<Double>.normal([20000], mean: 2, standardDeviation: 3, using: &g)
        #expect(abs(big.mean().scalar - 2) < 0.1)
        #expect(abs((big - 2).squared().mean().scalar.squareRoot() - 3) < 0.1)
    }
}

@Suite struct ChartTests {
    @Test("charts render one point, constant series, log axes with zeros, and empty data")
    func edgeCases() {
        let single = LineChart(title: "t", series: [Series("s", x: [1], y: [5])]).svg
        #expect(single.contains("<path"))
        let constant = LineChart(title: "t", series: [Series("s", [2, 2, 2])], logY: true).svg
        #expect(constant.contains("<path"))
        let zeros = LineChart(title: "t", series: [Series("s", [0, 1e-3, 0, 1e-1])], logY: true).svg
        #expect(zeros.contains("1e-2") || zeros.contains("1e-3"))
        #expect(LineChart(title: "t", series: []).svg.contains("no data to plot"))
    }

    @Test("whole-number x gives whole-number ticks; no '-0' tick; legend outside the plot; 15 distinct styles")
    func ticksLegendStyles() {
        let chart = LineChart(title: "t", series: [Series("a", x: [1, 2], y: [1, 2]), Series("b", x: [1, 2], y: [2, 1])])
        let xTicks = chart.svg.matches(of: /class="tick-x"[^>]*>([^<]*)</).map { String($0.1) }
        #expect(xTicks == ["1", "2"])
        let symmetric = LineChart(title: "t", series: [Series("s", x: [-5, 5], y: [-5, 5])]).svg
        #expect(!symmetric.contains(">-0<"))
        #expect(symmetric.contains(">0<"))
        // The legend starts right of the plot area.
        let plotRight = chart.svg.firstMatch(of: /class="plot-area" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/).map { Double($0.1)! + Double($0.2)! }!
        let legendX = chart.svg.firstMatch(of: /class="legend-entry"><line x1="([\d.]+)"/).map { Double($0.1)! }!
        #expect(legendX > plotRight)
        let many = LineChart(title: "t", series: (0 ..< 15).map { Series("s\($0)", [0, Double($0)]) })
        #expect(Set((0 ..< 15).map { "\(many.style($0))" }).count == 15)
        #expect(["1", "2"] == ["a", "b", "a"].uniqued().map { $0 == "a" ? "1" : "2" })
    }

    @Test("a fixed y range (accuracy 0…1) and log axes label at least two decades")
    func ranges() {
        let accuracy = LineChart(title: "acc", series: [Series("v", [0.1, 0.11, 0.1])], yRange: 0 ... 1).svg
        let yTicks = accuracy.matches(of: /class="tick-y"[^>]*>([^<]*)</).map { Double(String($0.1))! }
        #expect(yTicks.min() == 0 && yTicks.max() == 1)
        let narrow = LineChart(title: "g", series: [Series("g", [3.1e-7, 3.8e-7])], logY: true).svg
        #expect(narrow.matches(of: /class="tick-y"/).count >= 2)
    }
}

