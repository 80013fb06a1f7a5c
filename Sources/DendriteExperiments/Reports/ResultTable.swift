import Foundation

/// One cell of a ``ResultTable``: text, or a number that stays a number in CSV.
///
/// A number is shown rounded in the terminal and in reports (``display``), and written in
/// full, unformatted, to CSV (``csv``), so that pandas reads the file's columns as numbers.
public enum TableCell: Sendable, Equatable, ExpressibleByStringLiteral {
    case text(String)
    case integer(Int)
    /// Shown with `format` (a `String(format:)` pattern, e.g. `"%.4f"`).
    case number(Double, format: String)
    /// A fraction shown as a percentage with one decimal (`0.5` shows as `50.0%`).
    case percent(Double)
    /// Seconds, shown with a unit (`12.3 ms`).
    case seconds(Double)
    /// No value (an empty CSV field, `-` on screen).
    case missing

    public init(stringLiteral value: String) { self = .text(value) }

    /// What a person reads.
    public var display: String {
        switch self {
        case .text(let s): s
        case .integer(let i): "\(i)"
        case .number(let x, let format): String(format: format, x)
        case .percent(let x): String(format: "%.1f%%", 100 * x)
        case .seconds(let s): Self.duration(s)
        case .missing: "-"
        }
    }

    /// The CSV field: numbers in full precision, text quoted when it holds a comma, a quote
    /// or a line break.
    public var csv: String {
        switch self {
        case .text(let s):
            s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        case .integer(let i): "\(i)"
        case .number(let x, _), .percent(let x), .seconds(let x): "\(x)"
        case .missing: ""
        }
    }

    /// `12.30 µs`, `4.567 ms`, `1.234 s`.
    public static func duration(_ seconds: Double) -> String {
        seconds < 1e-3 ? String(format: "%.2f µs", seconds * 1e6)
            : seconds < 1 ? String(format: "%.3f ms", seconds * 1e3) : String(format: "%.3f s", seconds)
    }
}

/// A table of results with one writer for every output: aligned text for the terminal, CSV
/// for files, and string rows for HTML reports.
public struct ResultTable: Sendable {
    public var headers: [String]
    public var rows: [[TableCell]]

    public init(headers: [String], rows: [[TableCell]]) {
        self.headers = headers
        self.rows = rows
    }

    /// RFC 4180 CSV with a header line.
    public var csv: String {
        ([headers.map { TableCell.text($0).csv }] + rows.map { $0.map(\.csv) }).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// The cells as people read them, row by row.
    public var displayRows: [[String]] { rows.map { $0.map(\.display) } }

    /// Aligned columns: the first left-aligned, the others right-aligned. `headers` replaces
    /// the column names on screen (shorter ones, say).
    public func text(headers shown: [String]? = nil) -> String {
        let heads = shown ?? headers
        let cells = displayRows
        let widths = heads.indices.map { c in ([heads[c]] + cells.map { c < $0.count ? $0[c] : "" }).map(\.count).max() ?? 0 }
        func line(_ row: [String]) -> String {
            row.enumerated().map { c, text in
                let pad = String(repeating: " ", count: max(0, widths[c] - text.count))
                return c == 0 ? text + pad : pad + text
            }.joined(separator: "  ")
        }
        return ([line(heads), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + cells.map(line)).joined(separator: "\n")
    }
}
