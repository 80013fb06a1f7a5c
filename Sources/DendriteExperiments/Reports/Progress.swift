import Dendrite
import Foundation

/// Progress of a long run on standard error: a redrawn bar with an ETA on a terminal, plain
/// periodic lines otherwise (logs, CI). Redraws at most ten times a second.
public final class ProgressReporter {
    public let total: Int
    public let label: String
    private let isTerminal: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var lastPlainPercent = -1
    private(set) public var completed = 0
    /// False silences it (e.g. `--quiet`, or JSON on stdout piped elsewhere is fine: this is stderr).
    public var isEnabled = true
    /// False erases the finished bar instead of ending its line (tqdm's `leave=False`), so a
    /// row printed after it (an epoch of the history) takes its place. Plain lines stay.
    public var leave = true

    private let output: (String) -> Void

    /// A reporter of `total` steps. `isTerminal` and `output` default to standard error.
    public init(total: Int, label: String, isTerminal: Bool = StandardError.isTerminal,
                output: @escaping (String) -> Void = StandardError.write) {
        self.total = max(total, 1)
        self.label = label
        self.isTerminal = isTerminal
        self.output = output
    }

    /// Advances by `steps`, with an optional note shown after the bar (e.g. the loss).
    public func advance(by steps: Int = 1, note: String = "") {
        completed = min(completed + steps, total)
        guard isEnabled else { return }
        let now = Date()
        let done = completed == total
        if isTerminal {
            guard done || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
            lastDraw = now
            let width = 28
            let filled = width * completed / total
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            if done && !leave { return write("\r\u{1B}[2K") }
            write("\r\u{1B}[2K\(label) \(bar) \(completed)/\(total) \(eta(now))\(note.isEmpty ? "" : "  \(note)")" + (done ? "\n" : ""))
        } else {
            // Plain lines at every 10 % (and the end), so logs stay short.
            let percent = 100 * completed / total
            guard done || percent / 10 > lastPlainPercent / 10 else { return }
            lastPlainPercent = percent
            write("\(label): \(completed)/\(total) (\(percent)%) \(eta(now))\(note.isEmpty ? "" : "  \(note)")\n")
        }
    }

    private func eta(_ now: Date) -> String {
        let elapsed = now.timeIntervalSince(start)
        if completed == total { return "done in \(Self.format(elapsed))" }
        guard completed > 0 else { return "" }
        return "ETA \(Self.format(elapsed / Double(completed) * Double(total - completed)))"
    }

    static func format(_ seconds: Double) -> String {
        seconds < 60 ? String(format: "%.1fs", seconds) : String(format: "%dm%02ds", Int(seconds) / 60, Int(seconds) % 60)
    }

    private func write(_ text: String) { output(text) }
}
