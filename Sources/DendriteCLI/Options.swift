import ArgumentParser
import Dendrite
import DendriteExperiments
import DendriteTestSupport
import Foundation

/// Where results go and in what form: every command that prints results or writes files.
struct OutputOptions: ParsableArguments {
    @Option(help: "Folder for the files a run writes (created when missing).")
    var out: String = "out"

    @Flag(help: "Print the results as JSON on standard output instead of a table.")
    var json = false

    @Flag(help: "Print the results as CSV on standard output instead of a table.")
    var csv = false

    @Flag(name: .customLong("no-color"), help: "No colours in the output (also when NO_COLOR is set or output is not a terminal).")
    var noColor = false

    func validate() throws {
        if json && csv { throw ValidationError("choose one of --json and --csv") }
    }

    var color: Bool { !noColor && ProcessInfo.processInfo.environment["NO_COLOR"] == nil && isatty(1) == 1 }

    /// Human-readable output goes to stdout unless JSON/CSV was asked for; then to stderr.
    var tableOnStdout: Bool { !json && !csv }

    /// Writes a file under `--out` atomically and returns its path.
    @discardableResult
    func write(_ text: String, to name: String) throws -> String { try writeOutput(Data(text.utf8), folder: out, name: name) }

    func write(_ data: Data, to name: String) throws -> String { try writeOutput(data, folder: out, name: name) }

    /// Prints the results on standard output: `json` as JSON with --json, the table as CSV
    /// with --csv, else `text` (by default the aligned table).
    func print<J: Encodable>(_ table: ResultTable, json value: J, text: String? = nil) throws {
        if json {
            Swift.print(try jsonText(value))
        } else if csv {
            Swift.print(table.csv, terminator: "")
        } else {
            Swift.print(text ?? table.text())
        }
    }
}

/// How training steps run: compiled (the default) or through the eager graph.
struct StepOptions: ParsableArguments {
    @Flag(help: "Run every training step through the eager graph instead of a compiled plan (the same numbers, slower; for comparison).")
    var eager = false

    var compiled: Bool { !eager }
}

/// Options every experiment command shares.
struct CommonOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Seed for weights, batches and splits: the same seed and thread count give the same run.")
    var seed: UInt64 = 0

    @Option(parsing: .unconditional, help: "Threads for the parallel kernels (default: OMP_NUM_THREADS, else all cores).")
    var threads: Int?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    /// Applies the thread count; call first in `run()`.
    func apply() {
        if let threads { Kernels.threadCount = threads }
    }
}

/// Writes `name` in `folder` atomically (creating the folder) and returns its path.
func writeOutput(_ data: Data, folder: String, name: String) throws -> String {
    let path = (folder as NSString).appendingPathComponent(name)
    try writeAtomically(data, to: path)
    return path
}

/// Prints to standard error (progress, notes, file lists when stdout carries JSON/CSV).
func note(_ text: String) { StandardError.line(text) }

/// JSON text for an encodable value.
func jsonText<T: Encodable>(_ value: T) throws -> String {
    String(decoding: try JSONEncoder.dendrite.encode(value), as: UTF8.self)
}

/// A comma-separated list option, e.g. `--layers 1,5,10`; `expected` says what each item
/// must be ("a positive integer") in the error.
func parseList<T>(_ text: String, option: String, expected: String, _ parse: (String) -> T?) throws -> [T] {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    guard !(parts.count == 1 && parts[0].isEmpty) else { throw ValidationError("\(option) is empty; give \(expected) or a comma list of them") }
    return try parts.map { part in
        guard let value = parse(part) else { throw ValidationError("\(option): '\(part)' is not \(expected)") }
        return value
    }
}

/// A positive integer, or nil.
func positiveInteger(_ text: String) -> Int? { Int(text).flatMap { $0 > 0 ? $0 : nil } }

/// A positive finite number, or nil.
func positiveNumber(_ text: String) -> Double? { Double(text).flatMap { $0 > 0 && $0.isFinite ? $0 : nil } }

/// Prints one line for the files a run wrote: "wrote 4 files to out/: a.csv, b.svg, …", with
/// `main` (a report) named after it.
func noteWritten(_ files: [String], main: String? = nil) {
    guard !files.isEmpty else { return }
    let folders = Set(files.map { ($0 as NSString).deletingLastPathComponent })
    let names = files.map { ($0 as NSString).lastPathComponent }
    var line: String
    if folders.count == 1, let folder = folders.first {
        line = "wrote \(files.count) file\(files.count == 1 ? "" : "s") to \(folder.isEmpty ? "." : folder)/"
        if names.count <= 4 { line += ": " + names.joined(separator: ", ") }
    } else {
        line = "wrote " + files.joined(separator: ", ")
    }
    if let main { line += "; report: \(main)" }
    note(line)
}

/// Activations from a comma list of names; unknown names list the valid ones.
func parseActivations(_ text: String, option: String = "--activation") throws -> [Activation] {
    if text == "all" { return Activation.allDefaults }
    return try text.split(separator: ",").map { name in
        do { return try Activation(named: String(name)) } catch { throw ValidationError("\(option): \(error)") }
    }
}

extension Double {
    /// The shortest readable form for messages: `-1`, `0.01`, `1e-08`.
    var shown: String { String(format: "%g", self) }
}
