/// A CSV table with a header row and numeric feature columns, read for training: one column
/// holds the label (numbers or class names), the others must be numbers.
public struct CSVTable: Sendable {
    /// The feature column names, in file order.
    public var featureNames: [String]
    /// One row per data line, one value per feature column.
    public var features: [[Double]]
    /// Class index per row: class names are numbered in sorted order (see ``classNames``).
    public var labels: [Int]
    /// The distinct label values, sorted (numerically when all are numbers); `labels` index it.
    public var classNames: [String]

    /// Reads `path` (plain or gzip); `labelColumn` names the label column (default: the last).
    /// - Throws: ``DataError`` naming the line and column of a missing or non-numeric value,
    ///   a row with the wrong number of fields, or an unknown label column.
    public init(contentsOf path: String, labelColumn: String? = nil) throws {
        try self.init(bytes: readFileBytes(path), file: path, labelColumn: labelColumn)
    }

    /// Parses CSV bytes held in memory, plain or gzip-compressed; `file` names the source in
    /// errors. ``init(contentsOf:labelColumn:)`` reads a file and then does the same.
    public init(bytes: [UInt8], file: String, labelColumn: String? = nil) throws {
        let bytes = try decompressIfGzip(bytes, file: file)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw DataError(file: file, "is not UTF-8 text")
        }
        try self.init(parsing: text, file: file, labelColumn: labelColumn)
    }

    /// Parses CSV text; `file` names the source in errors.
    public init(parsing text: String, file: String, labelColumn: String? = nil) throws {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated()
            .map { (number: $0.offset + 1, fields: Self.fields(of: $0.element)) }
            .filter { !($0.fields.count == 1 && $0.fields[0].trimmingCharacters(in: .whitespaces).isEmpty) }
        guard !lines.isEmpty else { throw DataError(file: file, "is empty: expected a header line") }
        let header = lines.removeFirst().fields.map { $0.trimmingCharacters(in: .whitespaces) }
        guard !lines.isEmpty else { throw DataError(file: file, location: "line 2", "no data rows after the header") }
        let labelIndex: Int
        if let labelColumn {
            guard let i = header.firstIndex(of: labelColumn) else {
                throw DataError(file: file, location: "line 1", "no column '\(labelColumn)'; columns are \(header.joined(separator: ", "))")
            }
            labelIndex = i
        } else {
            labelIndex = header.count - 1
        }
        guard header.count >= 2 else {
            throw DataError(file: file, location: "line 1", "needs at least one feature column and a label column, found \(header.count) column")
        }
        var features: [[Double]] = []
        var rawLabels: [String] = []
        features.reserveCapacity(lines.count)
        for (number, fields) in lines {
            guard fields.count == header.count else {
                throw DataError(file: file, location: "line \(number)", "\(fields.count) fields, the header has \(header.count)")
            }
            var row: [Double] = []
            row.reserveCapacity(header.count - 1)
            for (c, field) in fields.enumerated() {
                let value = field.trimmingCharacters(in: .whitespaces)
                let location = "line \(number), column '\(header[c])'"
                guard !value.isEmpty else { throw DataError(file: file, location: location, "missing value") }
                if c == labelIndex { rawLabels.append(value); continue }
                guard let number = Double(value) else {
                    throw DataError(file: file, location: location, "'\(value)' is not a number")
                }
                guard number.isFinite else { throw DataError(file: file, location: location, "'\(value)' is not finite") }
                row.append(number)
            }
            features.append(row)
        }
        let distinct = Set(rawLabels)
        let numeric = distinct.allSatisfy { Double($0) != nil }
        let classNames = distinct.sorted { numeric ? Double($0)! < Double($1)! : $0 < $1 }
        let index = Dictionary(uniqueKeysWithValues: classNames.enumerated().map { ($1, $0) })
        self.featureNames = header.enumerated().filter { $0.offset != labelIndex }.map(\.element)
        self.features = features
        self.labels = rawLabels.map { index[$0]! }
        self.classNames = classNames
    }

    /// Splits a line into fields: commas separate, double quotes enclose fields with commas,
    /// `""` inside quotes is a quote.
    static func fields(of line: Substring) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = line.makeIterator()
        while let ch = iterator.next() {
            if quoted {
                if ch == "\"" {
                    // Either the closing quote or the first of an escaped pair.
                    var lookahead = iterator
                    if lookahead.next() == "\"" { current.append("\""); iterator = lookahead } else { quoted = false }
                } else {
                    current.append(ch)
                }
            } else if ch == "\"" {
                quoted = true
            } else if ch == "," {
                fields.append(current)
                current = ""
            } else if ch != "\r" {
                current.append(ch)
            }
        }
        fields.append(current)
        return fields
    }
}

import Foundation
