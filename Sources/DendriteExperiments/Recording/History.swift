import Dendrite
import Foundation

/// One epoch of training, as skorch reports it.
public struct EpochRecord: Codable, Sendable, Equatable {
    public var epoch: Int
    public var trainLoss: Double
    public var validLoss: Double?
    public var validAccuracy: Double?
    /// Seconds the epoch took (training and validation).
    public var duration: Double
    /// Whether this epoch set a new best (lowest) training loss, validation loss, or best accuracy.
    public var bestTrainLoss = false
    public var bestValidLoss = false
    public var bestValidAccuracy = false
}

/// The per-epoch history of a training run: printed as it runs, exported as CSV or JSON.
public struct History: Codable, Sendable {
    public private(set) var records: [EpochRecord] = []

    public init() {}

    /// Adds an epoch, marking new bests against the earlier ones.
    public mutating func append(_ record: EpochRecord) {
        var r = record
        r.bestTrainLoss = records.allSatisfy { r.trainLoss < $0.trainLoss }
        if let v = r.validLoss { r.bestValidLoss = records.allSatisfy { v < ($0.validLoss ?? .infinity) } }
        if let a = r.validAccuracy { r.bestValidAccuracy = records.allSatisfy { a > ($0.validAccuracy ?? -.infinity) } }
        records.append(r)
    }

    /// The table header, as skorch prints it.
    public static let header = "  epoch    train_loss    valid_acc    valid_loss      dur\n-------  ------------  -----------  ------------  -------"

    /// One table row; a new best is coloured when `color` (a terminal without NO_COLOR),
    /// else marked with `*`.
    public static func row(_ r: EpochRecord, color: Bool) -> String {
        func cell(_ text: String, width: Int, best: Bool, code: String) -> String {
            let padded = String(repeating: " ", count: max(0, width - text.count)) + text
            if color && best { return "\u{1B}[\(code)m\(padded)\u{1B}[0m" }
            return padded + (best && !color ? "*" : " ")
        }
        let trainLoss = cell(String(format: "%.4f", r.trainLoss), width: 12, best: r.bestTrainLoss, code: "36")
        let accuracy = cell(r.validAccuracy.map { String(format: "%.4f", $0) } ?? "-", width: 11, best: r.bestValidAccuracy, code: "32")
        let validLoss = cell(r.validLoss.map { String(format: "%.4f", $0) } ?? "-", width: 12, best: r.bestValidLoss, code: "35")
        return String(format: "%7d", r.epoch) + " " + trainLoss + " " + accuracy + " " + validLoss + " " + String(format: "%8.4f", r.duration)
    }

    public var csv: String {
        ResultTable(headers: ["epoch", "train_loss", "valid_loss", "valid_accuracy", "duration_s", "best_train_loss", "best_valid_loss", "best_valid_accuracy"],
                    rows: records.map { r in
                        [.integer(r.epoch), .number(r.trainLoss, format: "%.4f"), r.validLoss.map { .number($0, format: "%.4f") } ?? .missing,
                         r.validAccuracy.map { .number($0, format: "%.4f") } ?? .missing, .seconds(r.duration),
                         .text("\(r.bestTrainLoss)"), .text("\(r.bestValidLoss)"), .text("\(r.bestValidAccuracy)")]
                    }).csv
    }

    public func json() throws -> Data {
        return try JSONEncoder.dendrite.encode(records)
    }
}
