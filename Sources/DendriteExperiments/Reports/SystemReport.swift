import Dendrite
import Foundation

/// The facts about this build and machine that every report records.
public struct SystemReport: Codable, Sendable {
    public var version: String
    public var configuration: String
    public var openMP: Bool
    public var threads: Int
    /// Whether teams shrink while other processes keep cores busy (``Kernels/adaptsThreadsToLoad``).
    public var adaptsThreadsToLoad: Bool
    public var processors: Int
    public var gemmKernel: String
    public var compiler: String
    public var cpu: String
    /// The CPU's vector features that matter to the kernels (from /proc/cpuinfo).
    public var cpuFlags: [String]
    public var ompEnvironment: [String: String]

    /// Reads the current state: the thread count reflects ``Kernels/threadCount`` now.
    public static func current() -> SystemReport {
        #if DEBUG
        let configuration = "debug"
        #else
        let configuration = "release"
        #endif
        let env = ProcessInfo.processInfo.environment.filter { $0.key.hasPrefix("OMP_") }
        return SystemReport(
            version: Kernels.version, configuration: configuration, openMP: Kernels.openMPEnabled,
            threads: Kernels.threadCount, adaptsThreadsToLoad: Kernels.adaptsThreadsToLoad, processors: Kernels.processorCount,
            gemmKernel: Kernels.gemmKernelName, compiler: Kernels.buildInfo, cpu: cpuModel(),
            cpuFlags: cpuFlags(), ompEnvironment: env)
    }

    /// Label/value pairs in display order.
    public var rows: [(String, String)] {
        [("version", version),
         ("configuration", configuration),
         ("openmp", openMP ? "on, \(threads) thread\(threads == 1 ? "" : "s") of \(processors) processors\(adaptsThreadsToLoad ? ", fewer while other processes keep cores busy" : "")"
                           : "off (serial kernels; install libomp-dev and rebuild)"),
         ("gemm kernel", gemmKernel),
         ("kernels built", compiler),
         ("cpu", cpu),
         ("cpu features", cpuFlags.isEmpty ? "unknown" : cpuFlags.joined(separator: " ")),
         ("OMP_*", ompEnvironment.isEmpty ? "(unset)"
             : ompEnvironment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))]
    }

    private static func cpuFlags() -> [String] {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return [] }
        let present = Set(line.split(separator: " ").map(String.init))
        return ["sse4_2", "avx", "avx2", "fma", "avx512f", "avx512dq", "avx512bw", "avx512vl"].filter(present.contains)
    }

    private static func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        let line = text.split(separator: "\n").first { $0.hasPrefix("model name") }
        return line.flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
    }
}
