import Foundation

// The `--reference` file of `dendrite bench`. Only Foundation here: scripts/fuzz compiles
// this file into its `reference` target.

/// The file scripts/bench-reference writes.
struct ReferenceDocument: Codable {
    var environment: [String: String]
    var rows: [ReferenceRow]

    /// Decodes the JSON held in memory; `file` names the source in errors.
    init(decoding bytes: [UInt8], file: String) throws {
        do {
            self = try JSONDecoder().decode(ReferenceDocument.self, from: Data(bytes))
        } catch {
            throw ReferenceDocumentError(file: file, message: "not a reference timing file (JSON from scripts/bench-reference): \(error)")
        }
    }

    /// The rows keyed by "benchmark|case|threads" (the first row of a key wins).
    var timings: [String: ReferenceRow] {
        Dictionary(rows.map { ("\($0.benchmark)|\($0.case)|\($0.threads)", $0) }, uniquingKeysWith: { a, _ in a })
    }
}

struct ReferenceRow: Codable {
    var benchmark: String
    var `case`: String
    var threads: Int
    var implementation: String
    var median: Double
    var minimum: Double
}

struct ReferenceDocumentError: Error, CustomStringConvertible {
    var file: String
    var message: String
    var description: String { "\(file): \(message)" }
}
