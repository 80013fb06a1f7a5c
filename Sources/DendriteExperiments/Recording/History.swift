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

    /// skorch's history keys (`train_loss`, `valid_acc`, `dur`, `train_loss_best`, …), so
    /// pandas code written for skorch reads the JSON unchanged.
    enum CodingKeys: String, CodingKey {
        case epoch, trainLoss = "train_loss", validLoss = "valid_loss", validAccuracy = "valid_acc", duration = "dur"
        case bestTrainLoss = "train_loss_best", bestValidLoss = "valid_loss_best", bestValidAccuracy = "valid_acc_best"
    }

    /// The Swift property names earlier versions wrote (checkpoints store the history as JSON).
    enum LegacyKeys: String, CodingKey {
        case trainLoss, validLoss, validAccuracy, duration, bestTrainLoss, bestValidLoss, bestValidAccuracy
    }

    public init(epoch: Int, trainLoss: Double, validLoss: Double? = nil, validAccuracy: Double? = nil, duration: Double,
                bestTrainLoss: Bool = false, bestValidLoss: Bool = false, bestValidAccuracy: Bool = false) {
        (self.epoch, self.trainLoss, self.validLoss, self.validAccuracy, self.duration) = (epoch, trainLoss, validLoss, validAccuracy, duration)
        (self.bestTrainLoss, self.bestValidLoss, self.bestValidAccuracy) = (bestTrainLoss, bestValidLoss, bestValidAccuracy)
    }

    /// Reads skorch's keys, and the older Swift names.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let old = try decoder.container(keyedBy: LegacyKeys.self)
        epoch = try c.decode(Int.self, forKey: .epoch)
        trainLoss = try c.decodeIfPresent(Double.self, forKey: .trainLoss) ?? old.decode(Double.self, forKey: .trainLoss)
        validLoss = try c.decodeIfPresent(Double.self, forKey: .validLoss) ?? old.decodeIfPresent(Double.self, forKey: .validLoss)
        validAccuracy = try c.decodeIfPresent(Double.self, forKey: .validAccuracy) ?? old.decodeIfPresent(Double.self, forKey: .validAccuracy)
        duration = try c.decodeIfPresent(Double.self, forKey: .duration) ?? old.decode(Double.self, forKey: .duration)
        bestTrainLoss = try c.decodeIfPresent(Bool.self, forKey: .bestTrainLoss) ?? old.decodeIfPresent(Bool.self, forKey: .bestTrainLoss) ?? false
        bestValidLoss = try c.decodeIfPresent(Bool.self, forKey: .bestValidLoss) ?? old.decodeIfPresent(Bool.self, forKey: .bestValidLoss) ?? false
        bestValidAccuracy = try c.decodeIfPresent(Bool.self, forKey: .bestValidAccuracy) ?? old.decodeIfPresent(Bool.self, forKey: .bestValidAccuracy) ?? false
    }
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

    /// The CSV columns and JSON keys: skorch's history names.
    public static let columns = ["epoch", "train_loss", "valid_loss", "valid_acc", "dur", "train_loss_best", "valid_loss_best", "valid_acc_best"]

    /// skorch's columns (``columns``); numbers in full precision, bests as `True`/`False`.
    public var csv: String {
        ResultTable(headers: History.columns,
                    rows: records.map { r in
                        [.integer(r.epoch), .number(r.trainLoss, format: "%.4f"), r.validLoss.map { .number($0, format: "%.4f") } ?? .missing,
                         r.validAccuracy.map { .number($0, format: "%.4f") } ?? .missing, .seconds(r.duration),
                         bool(r.bestTrainLoss), bool(r.bestValidLoss), bool(r.bestValidAccuracy)]
                    }).csv
    }

    private func bool(_ value: Bool) -> TableCell { .text(value ? "True" : "False") }

    public func json() throws -> Data {
        return try JSONEncoder.dendrite.encode(records)
    }
}
