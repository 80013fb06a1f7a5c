import Foundation
import Testing
@testable import Dendrite
@testable import DendriteExperiments
@testable import DendriteTestSupport

/// GEMM from Swift against a plain triple loop in Double, over sizes around the tile edges,
/// every transpose, wide leading dimensions, alpha/beta, both precisions, both micro kernels.
extension KernelSettingsSensitive {
@Suite struct GEMMKernelTests {
    /// C = alpha op(A) op(B) + beta C in Double, reading A, B, C with their leading dimensions.
    static func reference<T: KernelScalar>(
        _ a: [T], lda: Int, transA: Bool, _ b: [T], ldb: Int, transB: Bool,
        m: Int, n: Int, k: Int, alpha: T, beta: T, c: [T], ldc: Int
    ) -> [T] {
        var out = c
        for i in 0 ..< m {
            for j in 0 ..< n {
                var acc = 0.0
                for p in 0 ..< k {
                    let x = transA ? a[p * lda + i] : a[i * lda + p]
                    let y = transB ? b[j * ldb + p] : b[p * ldb + j]
                    acc += Double(x) * Double(y)
                }
                let old = beta == 0 ? 0 : Double(beta) * Double(c[i * ldc + j])
                out[i * ldc + j] = T(Double(alpha) * acc + old)
            }
        }
        return out
    }

    static func check<T: KernelScalar>(
        _: T.Type, m: Int, n: Int, k: Int, transA: Bool, transB: Bool,
        pad: Int = 0, alpha: T = 1, beta: T = 0, seed: UInt64
    ) throws -> Bool where T.RawSignificand: FixedWidthInteger {
        var rng = TestRNG(seed: seed)
        let shapeA: MatrixShape = transA ? [k, m] : [m, k]
        let shapeB: MatrixShape = transB ? [n, k] : [k, n]
        let (lda, ldb, ldc) = (shapeA.cols + pad, shapeB.cols + pad, n + pad)
        let a = [T].random(count: max(shapeA.rows * lda, 1), using: &rng)
        let b = [T].random(count: max(shapeB.rows * ldb, 1), using: &rng)
        // beta == 0 must never read C: fill it with NaN then.
        var c: [T] = beta == 0 ? Array(repeating: .nan, count: max(m * ldc, 1)) : .random(count: max(m * ldc, 1), using: &rng)
        var want = reference(a, lda: lda, transA: transA, b, ldb: ldb, transB: transB,
                             m: m, n: n, k: k, alpha: alpha, beta: beta, c: c, ldc: ldc)
        try Kernels.gemm(a, shapeA, transposeA: transA, lda: lda, b, shapeB, transposeB: transB, ldb: ldb,
                         into: &c, [m, n], ldc: ldc, alpha: alpha, beta: beta)
        // Padding columns of C are never written: compare them exactly (NaN == NaN here).
        for i in 0 ..< m { for j in n ..< ldc where !(c[i * ldc + j].isNaN && want[i * ldc + j].isNaN) {
            if c[i * ldc + j] != want[i * ldc + j] { return false }
            want[i * ldc + j] = c[i * ldc + j]
        } }
        let tolerance = (T.self == Float.self ? 2e-6 : 1e-14) * Double(max(k, 1)) * 2
        let interior = (0 ..< m).flatMap { i in (0 ..< n).map { i * ldc + $0 } }
        return allClose(interior.map { c[$0] }, interior.map { want[$0] }, atol: tolerance, rtol: 1e-5)
    }

    static let transposes = [(false, false), (false, true), (true, false), (true, true)]
    static let kernels: [Kernels.GEMMKernel] = [.portable, .avx2, .avx512].filter(Kernels.isAvailable)

    @Test("every size 1...40 in each dimension, every transpose", arguments: kernels)
    func sweep(kernel: Kernels.GEMMKernel) throws {
        let saved = Kernels.gemmKernel
        defer { Kernels.gemmKernel = saved }
        Kernels.gemmKernel = kernel
        for (ta, tb) in Self.transposes {
            for size in 1 ... 40 {
                for (m, n, k) in [(size, 7, 9), (5, size, 17), (13, 6, size)] {
                    #expect(try Self.check(Float.self, m: m, n: n, k: k, transA: ta, transB: tb, seed: UInt64(size)),
                            "f32 \(kernel) m=\(m) n=\(n) k=\(k) ta=\(ta) tb=\(tb)")
                    #expect(try Self.check(Double.self, m: m, n: n, k: k, transA: ta, transB: tb, seed: UInt64(size)),
                            "f64 \(kernel) m=\(m) n=\(n) k=\(k) ta=\(ta) tb=\(tb)")
                }
            }
        }
    }

    @Test("teams adapt to the machine's load by default, and the setting can be switched")
    func adaptiveThreads() {
        guard Kernels.openMPEnabled else { return #expect(!Kernels.adaptsThreadsToLoad) }
        let saved = Kernels.adaptsThreadsToLoad
        defer { Kernels.adaptsThreadsToLoad = saved }
        if ProcessInfo.processInfo.environment["OMP_DYNAMIC"] == nil { #expect(saved) }
        Kernels.adaptsThreadsToLoad = false
        #expect(!Kernels.adaptsThreadsToLoad)
        Kernels.adaptsThreadsToLoad = true
        #expect(Kernels.adaptsThreadsToLoad)
    }

    @Test("larger shapes, wide leading dimensions, alpha and beta, 1 and 2 threads")
    func largerShapes() throws {
        let saved = Kernels.threadCount
        defer { Kernels.threadCount = saved }
        var rng = TestRNG(seed: 42)
        for threads in [1, 2] {
            Kernels.threadCount = threads
            for trial in 0 ..< 4 {
                let (m, n, k) = (Int.random(in: 40 ... 150, using: &rng), Int.random(in: 40 ... 150, using: &rng),
                                 Int.random(in: 40 ... 300, using: &rng))
                let (ta, tb) = Self.transposes[trial % 4]
                for (alpha, beta) in [(1.0, 0.0), (-1.5, 1.0), (0.5, -1.5)] {
                    #expect(try Self.check(Float.self, m: m, n: n, k: k, transA: ta, transB: tb, pad: 3,
                                           alpha: Float(alpha), beta: Float(beta), seed: UInt64(trial)),
                            "f32 \(m)x\(n)x\(k) threads \(threads)")
                    #expect(try Self.check(Double.self, m: m, n: n, k: k, transA: ta, transB: tb, pad: 3,
                                           alpha: alpha, beta: beta, seed: UInt64(trial)),
                            "f64 \(m)x\(n)x\(k) threads \(threads)")
                }
            }
        }
    }

    @Test("empty and degenerate shapes")
    func degenerate() throws {
        var c: [Float] = [7, 7, 7, 7]
        try Kernels.gemm([Float](), [2, 0], [Float](), [0, 2], into: &c, [2, 2], beta: 0.5)
        #expect(c == [3.5, 3.5, 3.5, 3.5], "k == 0 scales C by beta")
        var empty: [Double] = []
        try Kernels.gemm([Double](), [0, 3], [1, 2, 3], [3, 1], into: &empty, [0, 1])
    }

    @Test("the reference kernel agrees with the packed one")
    func referenceKernel() throws {
        var rng = TestRNG(seed: 7)
        let a = [Double].random(count: 33 * 21, using: &rng), b = [Double].random(count: 21 * 17, using: &rng)
        var fast = [Double](repeating: 0, count: 33 * 17), slow = fast
        try Kernels.gemm(a, [33, 21], b, [21, 17], into: &fast, [33, 17])
        try Kernels.gemm(a, [33, 21], b, [21, 17], into: &slow, [33, 17], reference: true)
        #expect(maxAbsDiff(fast, slow) < 1e-12)
    }
}
}
