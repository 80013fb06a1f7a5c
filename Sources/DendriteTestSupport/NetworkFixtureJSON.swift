import Dendrite
import Foundation

// Reading a network fixture's JSON: a JSON tree decoded with `JSONDecoder` (whose number
// parsing is correctly rounded; Foundation's `JSONSerialization` is not on every platform),
// and a cursor that knows its JSON path, so that every complaint names the file and the
// place (`$.steps[1].gradients['hidden.0.weight'][2]`).

/// A JSON value.
enum FixtureJSON: Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([FixtureJSON])
    case object([String: FixtureJSON])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([FixtureJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: FixtureJSON].self))
        }
    }

    /// "a number", "an array", … for messages.
    var kind: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// A JSON value with its path in the file, and typed accessors that throw a ``DataError``
/// naming the file and the path.
struct FixtureCursor {
    let value: FixtureJSON
    let path: String
    let file: String

    func error(_ message: String) -> DataError { DataError(file: file, location: path, message) }

    /// The member `key` of an object (an error when it is missing).
    subscript(key: String) -> FixtureCursor {
        get throws(DataError) {
            guard let child = try optional(key) else { throw error("missing member '\(key)'") }
            return child
        }
    }

    /// The member `key`, or nil when absent or null.
    func optional(_ key: String) throws(DataError) -> FixtureCursor? {
        let members = try object()
        guard let child = members[key] else { return nil }
        if case .null = child { return nil }
        return FixtureCursor(value: child, path: Self.append(key, to: path), file: file)
    }

    static func append(_ key: String, to path: String) -> String {
        key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) ? "\(path).\(key)" : "\(path)['\(key)']"
    }

    func object() throws(DataError) -> [String: FixtureJSON] {
        guard case .object(let members) = value else { throw error("expected an object, found \(value.kind)") }
        return members
    }

    /// The members of an object with their cursors, sorted by key.
    func members() throws(DataError) -> [(key: String, value: FixtureCursor)] {
        let members = try object()
        return members.keys.sorted().map { key in
            (key, FixtureCursor(value: members[key]!, path: Self.append(key, to: path), file: file))
        }
    }

    /// Rejects members other than `allowed` (typos such as "momentun" would otherwise be
    /// silently ignored).
    func expectOnly(_ allowed: [String]) throws(DataError) {
        let unknown = try object().keys.filter { !allowed.contains($0) }.sorted()
        if !unknown.isEmpty {
            throw error("unknown member\(unknown.count == 1 ? "" : "s") \(unknown.map { "'\($0)'" }.joined(separator: ", ")); expected \(allowed.joined(separator: ", "))")
        }
    }

    func array() throws(DataError) -> [FixtureCursor] {
        guard case .array(let items) = value else { throw error("expected an array, found \(value.kind)") }
        return items.enumerated().map { FixtureCursor(value: $1, path: "\(path)[\($0)]", file: file) }
    }

    func number() throws(DataError) -> Double {
        guard case .number(let x) = value else { throw error("expected a number, found \(value.kind)") }
        guard x.isFinite else { throw error("expected a finite number, found \(x)") }
        return x
    }

    func integer(in range: ClosedRange<Int>? = nil) throws(DataError) -> Int {
        let x = try number()
        guard x == x.rounded(), abs(x) < 1e15 else { throw error("expected an integer, found \(x)") }
        let n = Int(x)
        if let range, !range.contains(n) { throw error("expected an integer in \(range.lowerBound)...\(range.upperBound), found \(n)") }
        return n
    }

    func string() throws(DataError) -> String {
        guard case .string(let s) = value else { throw error("expected a string, found \(value.kind)") }
        return s
    }

    func bool() throws(DataError) -> Bool {
        guard case .bool(let b) = value else { throw error("expected true or false, found \(value.kind)") }
        return b
    }

    /// A vector `[a, b, …]` or a matrix `[[…], […]]` with rows of equal length, as flat
    /// values and a shape; `shape` (when given) must match.
    func tensor(shape expected: [Int]? = nil) throws(DataError) -> NetworkFixture.Values {
        let items = try array()
        var shape: [Int]
        var scalars: [Double] = []
        if let first = items.first, case .array = first.value {
            let rows = try items.map { row throws(DataError) in try row.array() }
            let width = rows[0].count
            if let bad = rows.firstIndex(where: { $0.count != width }) {
                throw items[bad].error("row has \(rows[bad].count) values but row 0 has \(width)")
            }
            shape = [rows.count, width]
            for row in rows { for cell in row { scalars.append(try cell.number()) } }
        } else {
            shape = [items.count]
            for cell in items { scalars.append(try cell.number()) }
        }
        if let expected, shape != expected {
            throw error("expected shape \(expected), found \(shape)")
        }
        return NetworkFixture.Values(shape: shape, scalars: scalars)
    }
}
