// Shared helpers for the Swift test suites.
@testable import Dendrite

/// splitmix64: a deterministic generator, so every failure reproduces.
struct TestRNG: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

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
