import Foundation

/// Repeated timings of one operation: the median is the headline, the minimum the best case.
struct Timing: Codable, Sendable {
    var runs: Int
    var median: Double
    var minimum: Double

    /// Times `body` `repeats` times after `warmup` untimed runs (seconds). With a time budget,
    /// stops early once at least 3 runs are in and the budget is spent.
    static func measure(repeats: Int = 10, warmup: Int = 2, budget: Double? = nil, _ body: () throws -> Void) rethrows -> Timing {
        for _ in 0 ..< warmup { try body() }
        var samples: [Double] = []
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0 ..< max(repeats, 1) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            try body()
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9)
            if let budget, samples.count >= 3, Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9 > budget { break }
        }
        samples.sort()
        let mid = samples.count / 2
        let median = samples.count % 2 == 1 ? samples[mid] : (samples[mid - 1] + samples[mid]) / 2
        return Timing(runs: samples.count, median: median, minimum: samples[0])
    }
}
