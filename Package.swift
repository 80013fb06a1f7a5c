// swift-tools-version: 6.2
// 6.2 or later lets a package that uses `unsafeFlags` (needed for -fopenmp) still be
// depended on by version.

import Foundation
import PackageDescription

/// Where OpenMP's header and runtime live, or nil for a serial build.
///
/// Order: `OPENMP=0` forces a serial build; `OPENMP_INCLUDE` / `OPENMP_LIB` name the
/// folders of `omp.h` and `libomp`; otherwise Debian's libomp-dev
/// (`/usr/lib/llvm-*/lib/clang/*/include`, `/usr/lib/llvm-*/lib`) or Homebrew's libomp.
/// The Swift toolchain's clang accepts `-fopenmp` but ships no `omp.h` and no runtime.
struct OpenMP {
    var include: String
    var lib: String

    static func locate() -> OpenMP? {
        let env = ProcessInfo.processInfo.environment
        if env["OPENMP"] == "0" { return nil }
        if let include = env["OPENMP_INCLUDE"], let lib = env["OPENMP_LIB"] {
            return OpenMP(include: include, lib: lib)
        }
        let fm = FileManager.default
        func exists(_ path: String) -> Bool { fm.fileExists(atPath: path) }
        func children(_ dir: String) -> [String] {
            ((try? fm.contentsOfDirectory(atPath: dir)) ?? []).sorted().reversed().map { "\(dir)/\($0)" }
        }
        // Debian / Ubuntu: libomp-dev, newest LLVM first.
        for llvm in children("/usr/lib") where llvm.hasPrefix("/usr/lib/llvm-") {
            for clang in children("\(llvm)/lib/clang") {
                let include = "\(clang)/include"
                if exists("\(include)/omp.h") && exists("\(llvm)/lib/libomp.so") {
                    return OpenMP(include: include, lib: "\(llvm)/lib")
                }
            }
        }
        // Homebrew on Apple silicon and on Intel.
        for prefix in ["/opt/homebrew/opt/libomp", "/usr/local/opt/libomp"]
        where exists("\(prefix)/include/omp.h") {
            return OpenMP(include: "\(prefix)/include", lib: "\(prefix)/lib")
        }
        return nil
    }

    var cFlags: [String] {
        #if os(macOS)
        ["-Xpreprocessor", "-fopenmp", "-isystem", include]
        #else
        ["-fopenmp", "-isystem", include]
        #endif
    }

    var linkerFlags: [String] { ["-L\(lib)", "-lomp", "-Xlinker", "-rpath", "-Xlinker", lib] }
}

let openMP = OpenMP.locate()
// The kernels are the hot path: optimise them in debug builds too.
let kernelFlags = ["-O3", "-std=c11", "-fno-math-errno"] + (openMP?.cFlags ?? [])
// Lets callers specialise the generic tensor code for Float and Double: the training loop
// runs ~20% faster than with unspecialised generics.
let crossModule: [SwiftSetting] = [.unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))]

let package = Package(
    name: "Dendrite",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Dendrite", targets: ["Dendrite"]),
        .library(name: "DendriteExperiments", targets: ["DendriteExperiments"]),
        .library(name: "DendriteTestSupport", targets: ["DendriteTestSupport"]),
        .executable(name: "dendrite", targets: ["DendriteCLI"]),
    ],
    dependencies: [
        // The same version as CMakeLists.txt's FetchContent.
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    ],
    targets: [
        // The C kernels: the only code that touches raw memory besides Dendrite/Kernels.
        .target(
            name: "CDendrite",
            path: "csrc",
            cSettings: [.unsafeFlags(kernelFlags)],
            linkerSettings: openMP.map { [.unsafeFlags($0.linkerFlags)] } ?? []
        ),
        // The system zlib (Debian: zlib1g-dev) for gzip-compressed data files and checksums.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // Core: tensors, autograd, ops, layers, losses, optimizers, data, checkpoints.
        .target(
            name: "Dendrite",
            dependencies: ["CDendrite", "CZlib"],
            swiftSettings: crossModule
        ),
        // Trainer, history, gradient recorder, studies, grid search, reports and charts.
        .target(
            name: "DendriteExperiments",
            dependencies: ["Dendrite"],
            swiftSettings: crossModule
        ),
        // Counts heap allocations (replaces malloc in the binaries that link it): benchmarks
        // and tests check that a compiled step allocates nothing.
        .target(name: "CAllocationCounter", path: "Sources/CAllocationCounter"),
        // The gradcheck suite and the PyTorch-fixture replay: used by the tests and the CLI.
        .target(
            name: "DendriteTestSupport",
            dependencies: ["Dendrite"]
        ),
        .executableTarget(
            name: "DendriteCLI",
            dependencies: [
                "Dendrite", "DendriteExperiments", "DendriteTestSupport", "CAllocationCounter",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "DendriteTests",
            dependencies: ["Dendrite", "DendriteExperiments", "DendriteTestSupport"]
        ),
    ]
)
