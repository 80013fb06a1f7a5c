import ArgumentParser
import Dendrite
import DendriteExperiments
import DendriteTestSupport
import Foundation

@main
struct DendriteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dendrite",
        abstract: "Build, train and inspect neural networks; see every gradient.",
        discussion: "Exit status: 0 success, 1 a check failed (gradcheck), 3 training diverged, 64 usage error, 65 data error, 74 I/O error, 130 interrupted.",
        version: Kernels.version,
        subcommands: [Info.self, VanishingCommand.self, TrainCommand.self, CompareCommand.self, BenchCommand.self, ActivationsCommand.self, GradcheckCommand.self]
    )

    /// Parses, suggests the closest subcommand for a misspelt one, runs, and maps the
    /// library's errors to exit codes (``ExitStatus``).
    static func main() {
        signal(SIGINT, onInterrupt)
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let first = arguments.first, !first.hasPrefix("-") {
            let names = configuration.subcommands.map { $0._commandName }
            if !names.contains(first) && first != "help" {
                var message = "Error: unknown command '\(first)'."
                if let guess = closest(to: first, in: names) { message += " Did you mean '\(guess)'?" }
                message += "\nUsage: \(usageString())\n  See 'dendrite --help' for the commands."
                note(message)
                Foundation.exit(ExitStatus.usage)
            }
        }
        let parsed: ParsableCommand?
        do {
            parsed = try parseAsRoot(arguments)
        } catch {
            parsed = nil
            exit(withError: error)
        }
        guard var command = parsed else { return }
        do {
            try command.run()
        } catch {
            fail(error, in: type(of: command))
        }
    }

    /// Prints a one-line message for an error of `run()` and exits with its status.
    static func fail(_ error: Error, in subcommand: ParsableCommand.Type) -> Never {
        switch error {
        case let error as ValidationError:
            // Found only while running (say, a data set too small): still a usage error,
            // with the subcommand's usage, as ArgumentParser prints it for validate().
            note("Error: \(error.message)\nUsage: \(usageString(for: subcommand))\n  See 'dendrite \(subcommand._commandName) --help' for more information.")
            Foundation.exit(ExitStatus.usage)
        case is ExitCode, is CleanExit:
            exit(withError: error)
        default:
            // Not the library's: ArgumentParser's own (help, version) or an unexpected error.
            guard let (status, message) = ExitStatus.classify(error) else { exit(withError: error) }
            note("error: \(message)")
            Foundation.exit(status)
        }
    }

    /// The name in `names` nearest to `word` by edit distance, if near enough to be a typo.
    static func closest(to word: String, in names: [String]) -> String? {
        let scored = names.map { ($0, editDistance(word.lowercased(), $0)) }.min { $0.1 < $1.1 }
        guard let (name, distance) = scored, distance <= max(2, name.count / 3) else { return nil }
        return name
    }

    /// Damerau–Levenshtein distance (optimal string alignment: a swap of neighbours is one edit).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0 ... a.count { d[i][0] = i }
        for j in 0 ... b.count { d[0][j] = j }
        for i in stride(from: 1, through: a.count, by: 1) {
            for j in stride(from: 1, through: b.count, by: 1) {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}

/// The exit statuses of `dendrite`, from sysexits.h where one fits (documented in the README).
enum ExitStatus {
    /// A check found a difference (gradcheck).
    static let checkFailed: Int32 = 1
    /// Training diverged (a non-finite loss or parameter).
    static let diverged: Int32 = 3
    /// EX_USAGE: bad options (what ArgumentParser uses for validation errors).
    static let usage: Int32 = 64
    /// EX_DATAERR: a data set, fixture or checkpoint that cannot be used.
    static let data: Int32 = 65
    /// EX_IOERR: a file could not be read or written.
    static let io: Int32 = 74
    /// 128 + SIGINT.
    static let interrupted: Int32 = 130

    /// The status and one-line message (what and where) for an error of a run.
    static func classify(_ error: Error) -> (Int32, String)? {
        switch error {
        case let error as DataError:
            // A missing or unreadable file is an I/O error; what a file holds, a data error.
            let unreadable = ["no such file", "cannot be opened for reading"].contains(error.message)
            return (unreadable ? io : data, "\(error)")
        case let error as CheckpointError:
            if case .io = error { return (io, "\(error)") }
            return (data, "\(error)")
        case let error as TrainingError: return (diverged, "\(error)")
        case is DecodingError: return (data, "\(error)")
        default:
            let ns = error as NSError
            if ns.domain == NSCocoaErrorDomain || ns.domain == NSPOSIXErrorDomain {
                let path = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
                let reason = (ns.userInfo[NSUnderlyingErrorKey] as? NSError)?.localizedDescription ?? ns.localizedDescription
                return (io, path.map { "\($0): \(reason)" } ?? reason)
            }
            return nil
        }
    }
}

/// Ctrl-C: ends the progress line, says so, exits with 130 (checkpoints are written
/// atomically, so the last one stays whole).
private func onInterrupt(_ signal: Int32) {
    let text: StaticString = "\r\u{1B}[2K\ninterrupted\n"
    _ = write(2, text.utf8Start, text.utf8CodeUnitCount)
    _exit(ExitStatus.interrupted)
}
