// The public face of the C kernels: library facts, threads and the GEMM kernel choice.
// Every file in this folder checks shapes and buffer sizes, then passes pointers; nothing
// outside it sees a pointer.

internal import CDendrite

/// Direct access to Dendrite's C kernels, with every shape and buffer size checked first.
///
/// Buffers are row-major. A call whose shapes do not fit throws ``KernelError`` naming the
/// operation and both shapes, and touches no memory. Every kernel exists for `Float` and
/// `Double`.
///
/// ```swift
/// let a: [Float] = [1, 2, 3,
///                   4, 5, 6]          // 2 x 3
/// let b: [Float] = [1, 0,
///                   0, 1,
///                   1, 1]             // 3 x 2
/// var c = [Float](repeating: 0, count: 4)
/// try Kernels.gemm(a, [2, 3], b, [3, 2], into: &c, [2, 2])
/// // c == [4, 5, 10, 11]
/// ```
public enum Kernels {
    // MARK: Library

    /// The library version.
    public static var version: String { String(cString: dd_version()) }
    /// Whether the kernels were compiled with OpenMP.
    public static var openMPEnabled: Bool { dd_openmp_enabled() != 0 }
    /// Compiler and OpenMP version the kernels were built with.
    public static var buildInfo: String { String(cString: dd_build_info()) }
    /// Logical processors available to this process.
    public static var processorCount: Int { Int(dd_num_procs()) }

    /// Threads the parallel kernels use (1 without OpenMP). Starts from `OMP_NUM_THREADS`
    /// when set. Call kernels from one thread at a time in hot loops: every calling thread
    /// gets its own OpenMP team.
    public static var threadCount: Int {
        get { Int(dd_get_num_threads()) }
        set { dd_set_num_threads(Int32(clamping: newValue)) }
    }

    /// Whether parallel kernels adapt their team to the machine's load (the default): while
    /// other processes keep cores busy, a region runs on fewer than ``threadCount`` threads
    /// rather than waiting for a thread whose core is taken. `OMP_DYNAMIC=false` turns it
    /// off; ``threadCount`` stays the upper bound either way. Like ``threadCount``, setting it
    /// applies to the calling thread.
    public static var adaptsThreadsToLoad: Bool {
        get { dd_get_dynamic_threads() != 0 }
        set { dd_set_dynamic_threads(newValue ? 1 : 0) }
    }

    /// GEMM micro kernels.
    public enum GEMMKernel: Sendable, Hashable {
        /// Plain C, any CPU.
        case portable
        /// AVX2 + FMA, chosen automatically when the CPU has it and lacks AVX-512.
        case avx2
        /// AVX-512 (F, DQ, BW, VL), chosen automatically when the CPU has it.
        case avx512

        var cKernel: dd_gemm_kernel {
            switch self {
            case .portable: DD_GEMM_KERNEL_PORTABLE
            case .avx2: DD_GEMM_KERNEL_AVX2
            case .avx512: DD_GEMM_KERNEL_AVX512
            }
        }
    }

    /// The GEMM micro kernel in use. Setting one the CPU lacks leaves the choice unchanged.
    public static var gemmKernel: GEMMKernel {
        get {
            switch dd_gemm_get_kernel() {
            case DD_GEMM_KERNEL_AVX512: .avx512
            case DD_GEMM_KERNEL_AVX2: .avx2
            default: .portable
            }
        }
        set { _ = dd_gemm_set_kernel(newValue.cKernel) }
    }

    /// Whether the CPU can run `kernel`.
    public static func isAvailable(_ kernel: GEMMKernel) -> Bool {
        let current = dd_gemm_get_kernel()
        defer { _ = dd_gemm_set_kernel(current) }
        return dd_gemm_set_kernel(kernel.cKernel) != 0
    }

    /// A description of the GEMM micro kernel in use, e.g. `"avx2-fma 6x16 f32 / 6x8 f64"`.
    public static var gemmKernelName: String { String(cString: dd_gemm_kernel_name()) }
}
