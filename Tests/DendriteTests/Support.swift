// Shared helpers for the Swift test suites.
@testable import Dendrite
@testable import DendriteExperiments
@testable import DendriteTestSupport

/// The tests draw from the library's splitmix64 generator, so every failure reproduces.
typealias TestRNG = SeededGenerator

extension Array where Element: BinaryFloatingPoint, Element.RawSignificand: FixedWidthInteger {
    static func random(count: Int, in range: ClosedRange<Element> = -1 ... 1, using rng: inout TestRNG) -> [Element] {
        (0 ..< count).map { _ in Element.random(in: range, using: &rng) }
    }
}

/// |got - want| <= atol + rtol |want| for every element: sound near zero.
func allClose<T: BinaryFloatingPoint>(_ got: [T], _ want: [T], atol: Double, rtol: Double = 0) -> Bool {
    got.count == want.count && zip(got, want).allSatisfy { g, w in
        let (g, w) = (Double(g), Double(w))
        if w.isNaN { return g.isNaN }
        return abs(g - w) <= atol + rtol * abs(w)
    }
}

/// The largest |got - want|.
func maxAbsDiff<T: BinaryFloatingPoint>(_ got: [T], _ want: [T]) -> Double {
    zip(got, want).map { abs(Double($0) - Double($1)) }.max() ?? 0
}

/// Suites that change process-wide kernel settings (thread count, GEMM micro kernel) or
/// compare runs bit for bit are nested here: `.serialized` runs them one at a time, so a
/// kernel switch in one cannot change the numbers of another.
@Suite(.serialized) enum KernelSettingsSensitive {}

import Testing
