import Foundation
import Testing
@testable import Dendrite
@testable import DendriteExperiments
@testable import DendriteTestSupport

/// Whole networks against PyTorch: every fixture in Tests/Fixtures (written by
/// Tests/python/make_fixtures.py) replayed through Dendrite's graph and optimizers, with
/// every loss, gradient and updated parameter within the fixture precision's tolerance.
struct FixtureTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The fixture files, sorted (one test case each).
    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }()

    @Test("the fixture folder holds the fixtures of every activation, both losses, both optimizers and precisions")
    func coverage() throws {
        #expect(Self.files.count >= 20, "only \(Self.files.count) fixtures in \(Self.folder.path)")
        let fixtures = try Self.files.map { try NetworkFixture(contentsOfFile: Self.folder.appendingPathComponent($0).path) }
        let activations = Set(fixtures.map(\.architecture.activation.name))
        let inPyTorch = Activation.allDefaults.map(\.name)   // every Dendrite activation has a PyTorch counterpart
        #expect(Set(inPyTorch).subtracting(activations).isEmpty, "no fixture for \(Set(inPyTorch).subtracting(activations).sorted())")
        #expect(Set(fixtures.map(\.loss)).isSuperset(of: [.binaryCrossEntropy, .crossEntropy]))
        #expect(fixtures.contains { if case .sgd(let h) = $0.optimizer { h.momentum > 0 } else { false } })
        #expect(fixtures.contains { if case .adam = $0.optimizer { true } else { false } })
        #expect(Set(fixtures.map(\.precision)) == [.float64, .float32])
        let bytes = try Self.files.reduce(0) { total, name in
            total + (try FileManager.default.attributesOfItem(atPath: Self.folder.appendingPathComponent(name).path)[.size] as? Int ?? 0)
        }
        #expect(bytes < 1_000_000, "the fixtures take \(bytes) bytes")
    }

    @Test("every fixture matches PyTorch", arguments: files)
    func matches(_ file: String) throws {
        let fixture = try NetworkFixture(contentsOfFile: Self.folder.appendingPathComponent(file).path)
        let report = fixture.check()
        #expect(report.comparisons.count == fixture.steps.count * (1 + 2 * fixture.parameterNames.count))
        #expect(report.passed, "\(report)")
    }

    // MARK: the checker itself

    static func sampleURL() -> URL { folder.appendingPathComponent("mlp_tanh_bce_adam_f64.json") }

    /// The sample fixture as a mutable JSON tree.
    static func sample() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: sampleURL())) as! [String: Any]
    }

    static func load(_ json: [String: Any]) throws -> NetworkFixture {
        try NetworkFixture(json: JSONSerialization.data(withJSONObject: json), file: "edited.json")
    }

    static func error(_ json: [String: Any]) -> DataError? {
        do {
            _ = try load(json)
            return nil
        } catch {
            return error as? DataError
        }
    }

    @Test("a wrong reference value fails, at that step, quantity and element")
    func detectsChanges() throws {
        let fixture = try NetworkFixture(contentsOfFile: Self.sampleURL().path)
        var edited = fixture
        edited.steps[1].gradients["hidden.1.weight"]!.scalars[5] *= 1 + 1e-8   // [1, 1] of a [3, 4] weight
        let report = edited.check()
        #expect(!report.passed)
        let failures = report.failures
        #expect(failures.count == 1)
        #expect(failures.first?.label == "step 2 gradient hidden.1.weight")
        #expect(failures.first?.worstIndex == [1, 1])
        #expect(failures.first?.outOfTolerance == 1)
        #expect(report.description.contains("step 2 gradient hidden.1.weight[1, 1]"))
        // A looser tolerance lets it pass again.
        #expect(edited.check(tolerance: .init(relative: 1e-6, absolute: 1e-13)).passed)
        // A different learning rate changes every updated parameter from step 1.
        var other = fixture
        other.optimizer = .adam(AdamHyperparameters(learningRate: 0.011))
        let changed = other.check()
        #expect(changed.failures.first?.label == "step 1 parameter hidden.0.weight")
    }

    @Test("the replay follows the fixture's precision")
    func precisions() throws {
        let f32 = try NetworkFixture(contentsOfFile: Self.folder.appendingPathComponent("mlp_tanh_bce_sgd_f32.json").path)
        #expect(f32.precision == .float32)
        let report = f32.check()
        #expect(report.tolerance == .float32)
        #expect(report.maxRelativeError > 1e-10, "Float32 replay should not agree to Float64 precision")
        // The same Float32 reference is far from a Float64 replay of the same run at 1e-10.
        var as64 = f32
        as64.precision = .float64
        #expect(!as64.check().passed)
    }

    @Test("malformed fixtures are refused with the file and the JSON path")
    func malformed() throws {
        var json = try Self.sample()
        var steps = json["steps"] as! [[String: Any]]
        var gradients = steps[1]["gradients"] as! [String: Any]
        var rows = gradients["hidden.0.weight"] as! [[Any]]
        rows[2][3] = "x"
        gradients["hidden.0.weight"] = rows
        steps[1]["gradients"] = gradients
        json["steps"] = steps
        let e1 = Self.error(json)
        #expect(e1?.file == "edited.json")
        #expect(e1?.location == "$.steps[1].gradients['hidden.0.weight'][2][3]")
        #expect(e1?.message == "expected a number, found a string")

        rows = (try Self.sample()["initial_parameters"] as! [String: Any])["hidden.1.weight"] as! [[Any]]
        json = try Self.sample()
        var initial = json["initial_parameters"] as! [String: Any]
        initial["hidden.1.weight"] = Array(rows.dropLast())
        initial.removeValue(forKey: "output.bias")
        json["initial_parameters"] = initial
        let e2 = Self.error(json)
        #expect(e2?.location == "$.initial_parameters")
        #expect(e2?.message.contains("missing output.bias") == true)
        initial["output.bias"] = [0.5]
        json["initial_parameters"] = initial
        let e3 = Self.error(json)
        #expect(e3?.location == "$.initial_parameters['hidden.1.weight']")
        #expect(e3?.message == "expected shape [3, 4], found [2, 4]")

        json = try Self.sample()
        var optimizer = json["optimizer"] as! [String: Any]
        optimizer["momentun"] = 0.9
        json["optimizer"] = optimizer
        #expect(Self.error(json)?.description.contains("edited.json, $.optimizer: unknown member 'momentun'") == true)

        json = try Self.sample()
        var architecture = json["architecture"] as! [String: Any]
        architecture["activation"] = "tanhh"
        json["architecture"] = architecture
        #expect(Self.error(json)?.location == "$.architecture.activation")

        json = try Self.sample()
        json["loss"] = ["name": "cross_entropy", "reduction": "mean"]
        #expect(Self.error(json)?.location == "$.targets[0]")   // [0.0] is not a label

        json = try Self.sample()
        json["loss"] = ["name": "binary_cross_entropy", "reduction": "none"]
        #expect(Self.error(json)?.location == "$.loss.reduction")

        json = try Self.sample()
        json.removeValue(forKey: "steps")
        #expect(Self.error(json)?.description == "edited.json, $: missing member 'steps'")

        do {
            _ = try NetworkFixture(json: Data("{\"format\": ".utf8), file: "cut.json")
            Issue.record("truncated JSON was accepted")
        } catch {
            #expect(error.file == "cut.json" && error.message.hasPrefix("not valid JSON"))
        }
        do {
            _ = try NetworkFixture(contentsOfFile: "/nonexistent/fixture.json")
            Issue.record("a missing file was accepted")
        } catch {
            #expect(error.description == "/nonexistent/fixture.json: no such file")
        }
    }
}
