import Testing
@testable import Dendrite
@testable import DendriteExperiments
@testable import DendriteTestSupport

/// Wrong shapes are rejected before any memory is touched, with both shapes in the message.
struct ShapeErrorTests {
    let a = [Float](repeating: 1, count: 6)

    func gemmError(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return (error as? KernelError)?.description }
    }

    @Test("inner dimensions differ")
    func inner() {
        var c = [Float](repeating: 0, count: 4)
        let message = gemmError { try Kernels.gemm(a, [2, 3], a, [2, 3], into: &c, [2, 2]) }
        #expect(message == "gemm: op(A) is 2 x 3 but op(B) is 2 x 3: inner dimensions 3 and 2 differ")
    }

    @Test("C has the wrong shape")
    func output() {
        var c = [Float](repeating: 0, count: 9)
        let message = gemmError { try Kernels.gemm(a, [2, 3], a, [3, 2], into: &c, [3, 3]) }
        #expect(message == "gemm: C is 3 x 3 but op(A)·op(B) is 2 x 2")
    }

    @Test("a buffer too small for its shape and leading dimension")
    func shortBuffer() {
        var c = [Float](repeating: 0, count: 4)
        let message = gemmError { try Kernels.gemm(Array(a.prefix(5)), [2, 3], a, [3, 2], into: &c, [2, 2]) }
        #expect(message == "gemm: A is 2 x 3 with leading dimension 3 and needs 6 elements, the buffer has 5")
        let narrow = gemmError { try Kernels.gemm(a, [2, 3], lda: 2, a, [3, 2], into: &c, [2, 2]) }
        #expect(narrow == "gemm: A is 2 x 3 but its leading dimension is 2 (needs at least 3)")
    }

    @Test("element-wise and row-wise kernels name the mismatching buffers")
    func elementwise() throws {
        #expect(throws: KernelError("relu", "Z has 3 elements but A has 2")) {
            _ = try Kernels.activationBackward(.relu, z: [1.0, 2, 3], a: [1.0, 2], dLdA: [1.0, 2, 3])
        }
        #expect(throws: KernelError("softmax", "expected Z of shape 2 x 2 (4 elements), found 3 elements")) {
            _ = try Kernels.softmax([1.0, 2, 3], [2, 2])
        }
    }

    @Test("optimizer misuse is explained")
    func optimizerMisuse() throws {
        var p: [Float] = [1, 2], g: [Float] = [0.1, 0.1]
        try g.withUnsafeBufferPointer { g in
            try p.withUnsafeMutableBufferPointer { p in
                #expect(throws: KernelError("sgd", "momentum 0.9 needs a momentum buffer")) {
                    try Kernels.sgdUpdate(SGDHyperparameters(learningRate: 0.1, momentum: 0.9), step: 1, gradient: g, parameter: p)
                }
                #expect(throws: KernelError("sgd", "step counts from 1, got 0")) {
                    try Kernels.sgdUpdate(SGDHyperparameters(learningRate: 0.1), step: 0, gradient: g, parameter: p)
                }
            }
        }
        _ = g
    }
}
