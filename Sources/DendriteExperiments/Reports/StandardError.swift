import Dendrite
import Foundation

/// Standard error, unbuffered: progress, notes, and the file lists of runs whose standard
/// output carries JSON or CSV.
public enum StandardError {
    /// Writes `text` as is (no newline added).
    public static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Writes `text` and a newline.
    public static func line(_ text: String) {
        write(text + "\n")
    }

    /// Whether standard error is a terminal (progress bars redraw in place only then).
    public static var isTerminal: Bool { isatty(2) == 1 }
}
