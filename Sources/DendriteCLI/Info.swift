import ArgumentParser
import Dendrite
import DendriteExperiments
import DendriteTestSupport
import Foundation

/// `dendrite info`: what this build is and how it will run here.
struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the version, build configuration, OpenMP threads and GEMM micro kernel."
    )

    @Flag(help: "Print JSON instead of aligned text.")
    var json = false

    @Option(help: "Threads for the parallel kernels (default: OMP_NUM_THREADS, else all cores).")
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 {
            throw ValidationError("--threads must be at least 1, got \(threads)")
        }
    }

    func run() throws {
        if let threads { Kernels.threadCount = threads }
        let facts = SystemReport.current()
        if json {
            let data = try JSONEncoder.dendrite.encode(facts)
            print(String(decoding: data, as: UTF8.self))
        } else {
            for (key, value) in facts.rows {
                print(key.padding(toLength: 16, withPad: " ", startingAt: 0) + value)
            }
        }
    }
}


