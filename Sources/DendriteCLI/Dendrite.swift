import ArgumentParser
import Dendrite
import DendriteExperiments
import DendriteTestSupport

@main
struct DendriteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dendrite",
        abstract: "Build, train and inspect neural networks; see every gradient.",
        version: Kernels.version,
        subcommands: [Info.self, VanishingCommand.self, TrainCommand.self, CompareCommand.self, BenchCommand.self, ActivationsCommand.self, GradcheckCommand.self]
    )
}
