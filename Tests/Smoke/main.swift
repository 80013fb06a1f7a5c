// A smoke test of the Swift layer over the C kernels, for ctest (the full Swift suite
// runs under `swift test`). Exits non-zero on the first wrong answer.
import Dendrite
import Foundation

var failures = 0
func expect(_ ok: Bool, _ what: String) {
    if !ok { failures += 1; print("FAILED: \(what)") }
}

// The README's example.
let a: [Float] = [1, 2, 3, 4, 5, 6]
let b: [Float] = [1, 0, 0, 1, 1, 1]
var c = [Float](repeating: .nan, count: 4)
try Kernels.gemm(a, [2, 3], b, [3, 2], into: &c, [2, 2])
expect(c == [4, 5, 10, 11], "gemm 2x3 · 3x2 gave \(c)")

// A shape mismatch is an error that names both shapes, not a crash.
do {
    try Kernels.gemm(a, [2, 3], b, [2, 3], into: &c, [2, 2])
    expect(false, "gemm accepted mismatched inner dimensions")
} catch let error as KernelError {
    expect(error.description == "gemm: op(A) is 2 x 3 but op(B) is 2 x 3: inner dimensions 3 and 2 differ", "message: \(error)")
}

// Softmax of huge logits stays finite and sums to one.
let p = try Kernels.softmax([Double](arrayLiteral: 1000, 1000, 1), [1, 3])
expect(abs(p[0] - 0.5) < 1e-12 && abs(p[1] - 0.5) < 1e-12 && p[2] >= 0, "softmax [1000, 1000, 1] gave \(p)")

// Sigmoid saturates without NaN; its backward uses the saved output.
let z: [Float] = [-1000, 0, 1000]
let s = Kernels.activationForward(.sigmoid, z)
expect(s == [0, 0.5, 1], "sigmoid(±1000, 0) gave \(s)")
let g = try Kernels.activationBackward(.sigmoid, z: z, a: s, dLdA: [1, 1, 1])
expect(g == [0, 0.25, 0], "sigmoid' gave \(g)")

print("swift smoke: \(failures == 0 ? "ok" : "\(failures) failed") (OpenMP \(Kernels.openMPEnabled ? "on" : "off"), \(Kernels.gemmKernelName))")
exit(failures == 0 ? 0 : 1)
