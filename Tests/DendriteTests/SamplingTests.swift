import Testing
@testable import Dendrite

@Suite struct SamplingTests {
    @Test("a stratified sample has exactly the rows asked for, each class its share", arguments: [1, 7, 50, 100, 333, 600, 1000])
    func stratifiedSampleSize(size: Int) {
        // 1000 rows in classes of 601, 299 and 100: per-class rounding alone gives 601 for 600.
        let labels = (0 ..< 1000).map { $0 < 601 ? 0 : $0 < 900 ? 1 : 2 }
        let data = Dataset(name: "t", features: Tensor<Double>(shape: [1000, 1], scalars: labels.map(Double.init)), labels: labels, classNames: ["a", "b", "c"])
        var generator = SeededGenerator(seed: 1)
        let sample = data.stratifiedSample(size, using: &generator)
        #expect(sample.count == size)
        for (c, members) in sample.classCounts.enumerated() {
            #expect(abs(Double(members) - Double(data.classCounts[c]) * Double(size) / 1000) < 1)
        }
    }
}
