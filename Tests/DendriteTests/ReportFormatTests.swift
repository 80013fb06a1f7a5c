import Foundation
import Testing
@testable import Dendrite
@testable import DendriteExperiments

/// The files the experiments write use skorch's and scikit-learn's names, so pandas code
/// written for those libraries reads them unchanged.
@Suite struct ReportFormatTests {
    static func history() -> History {
        var h = History()
        h.append(EpochRecord(epoch: 1, trainLoss: 0.5, validLoss: 0.4, validAccuracy: 0.8, duration: 0.25))
        h.append(EpochRecord(epoch: 2, trainLoss: 0.6, validLoss: 0.3, validAccuracy: 0.7, duration: 0.5))
        return h
    }

    @Test("the history CSV has skorch's columns and numbers")
    func historyCSV() {
        let lines = Self.history().csv.split(separator: "\n").map(String.init)
        #expect(lines[0] == "epoch,train_loss,valid_loss,valid_acc,dur,train_loss_best,valid_loss_best,valid_acc_best")
        #expect(lines[1] == "1,0.5,0.4,0.8,0.25,True,True,True")
        #expect(lines[2] == "2,0.6,0.3,0.7,0.5,False,True,False")
    }

    @Test("the history JSON uses skorch's keys and reads back")
    func historyJSON() throws {
        let h = Self.history()
        let object = try JSONSerialization.jsonObject(with: try h.json()) as! [[String: Any]]
        #expect(Set(object[0].keys) == Set(History.columns))
        let decoded = try JSONDecoder.dendrite.decode(History.self, from: try JSONEncoder.dendrite.encode(h))
        #expect(decoded.records == h.records)
    }

    @Test("a checkpoint's history written with the old key names still decodes")
    func legacyHistory() throws {
        let old = #"{"records":[{"epoch":1,"trainLoss":0.5,"validLoss":0.4,"validAccuracy":0.8,"duration":0.25,"bestTrainLoss":true,"bestValidLoss":true,"bestValidAccuracy":true},{"epoch":2,"trainLoss":0.6,"duration":0.5}]}"#
        let decoded = try JSONDecoder.dendrite.decode(History.self, from: Data(old.utf8))
        #expect(decoded.records[0] == Self.history().records[0])
        #expect(decoded.records[1].validLoss == nil && decoded.records[1].bestTrainLoss == false && decoded.records[1].duration == 0.5)
    }

    @Test("grid-search results have scikit-learn's cv_results_ names, in CSV and JSON")
    func gridSearchNames() throws {
        var search = GridSearch(base: TrainingSetup(dataset: "digits"), folds: 2)
        search.activations = [.relu, .tanh]
        let results = [CrossValidationResult(parameters: ["activation": "relu"], scores: [0.5, 1], fitTimes: [0.1, 0.3], rank: 1),
                       CrossValidationResult(parameters: ["activation": "tanh"], scores: [0.5, 0.5], fitTimes: [0.1, 0.1], rank: 2)]
        let table = search.table(results)
        #expect(table.headers == ["params", "param_activation", "split0_test_score", "split1_test_score",
                                  "mean_test_score", "std_test_score", "rank_test_score", "mean_fit_time"])
        #expect(table.csv.split(separator: "\n")[1] == "{'activation': 'relu'},relu,0.5,1.0,0.75,0.25,1,0.2")
        let json = try JSONSerialization.jsonObject(with: try JSONEncoder.dendrite.encode(results)) as! [[String: Any]]
        #expect(json[0]["mean_test_score"] as? Double == 0.75)
        #expect(json[0]["std_test_score"] as? Double == 0.25)
        #expect(json[0]["param_activation"] as? String == "relu")
        #expect((json[0]["params"] as? [String: String]) == ["activation": "relu"])
        let back = try JSONDecoder.dendrite.decode([CrossValidationResult].self, from: try JSONEncoder.dendrite.encode(results))
        #expect(back.map(\.scores) == results.map(\.scores) && back.map(\.rank) == [1, 2])
    }
}
