import Foundation
import Testing
@testable import Dendrite
@testable import DendriteExperiments
@testable import DendriteTestSupport

/// Checkpoints: round trip of parameters, buffers and optimizer state; mismatches named;
/// every truncation and every flipped byte detected; atomic writes.
struct CheckpointTests {
    /// A fresh, empty directory for one test.
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dendrite-checkpoint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    final class Net: Module {
        var isTraining = true
        let body: Sequential<Double>
        init(seed: UInt64, width: Int = 6) {
            var rng = SeededGenerator(seed: seed)
            body = Sequential(Linear(inputSize: 4, outputSize: width, generator: &rng), BatchNorm1d(features: width), ReLU(),
                              Linear(inputSize: width, outputSize: 3, generator: &rng))
        }
        func callAsFunction(_ x: Tensor<Double>) -> Tensor<Double> { body(x) }
    }

    static var x: Tensor<Double> { Tensor(shape: [8, 4], scalars: (0 ..< 32).map { Double(($0 * 7) % 11) / 5 - 1 }) }
    static let labels = [0, 1, 2, 0, 1, 2, 0, 1]

    static func train(_ net: Net, _ optimizer: any Optimizer<Double>, steps: Int) {
        for _ in 0 ..< steps {
            optimizer.zeroGrad()
            crossEntropy(net(x), labels: labels).backward()
            optimizer.step()
        }
    }

    @Test("save and load: parameters, buffers and optimizer state; training resumes identically")
    func roundTrip() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("net.ckpt").path
        let net = Net(seed: 1)
        let adam = Adam(parameters: net.parameters, learningRate: 0.01, amsgrad: true)
        Self.train(net, adam, steps: 3)
        try net.save(to: path, optimizer: adam)

        let restored = Net(seed: 2)
        let restoredAdam = Adam(parameters: restored.parameters, learningRate: 0.5, amsgrad: true)
        try restored.load(from: path, optimizer: restoredAdam)
        #expect(restored.parameterValues() == net.parameterValues())
        #expect(restored.namedBuffers.map(\.buffer.value) == net.namedBuffers.map(\.buffer.value))
        #expect(restoredAdam.state() == adam.state())

        Self.train(net, adam, steps: 2)
        Self.train(restored, restoredAdam, steps: 2)
        #expect(restored.parameterValues() == net.parameterValues(), "resumed training differs")

        // The file round-trips through the public entry API too, and Float models load it.
        let checkpoint = try Checkpoint(contentsOf: path)
        #expect(try Checkpoint(decoding: checkpoint.encoded()) == checkpoint)
        #expect(checkpoint["model/body.1.running_var"]?.shape == [6])
        #expect(checkpoint["optimizer/kind"]?.values == .text("adam"))
        let floatModel = MLP<Float>(inputs: 4, hidden: [6], outputs: 3, seed: 0)
        #expect(throws: CheckpointError.self) { try checkpoint.restore(into: floatModel) }
    }

    @Test("a model that does not match: the parameter and both shapes, or the names, and nothing loaded")
    func mismatch() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("mlp.ckpt").path
        try MLP<Double>(inputs: 4, hidden: [10], outputs: 1, seed: 1).save(to: path)

        let narrow = MLP<Double>(inputs: 4, hidden: [8], outputs: 1, seed: 2)
        let before = narrow.parameterValues()
        let error = #expect(throws: CheckpointError.self) { try narrow.load(from: path) }
        #expect(error == .modelMismatch(.shapeMismatch(name: "hidden.0.weight", kind: "parameter", expected: [8, 4], found: [10, 4])))
        #expect("\(error!)" == "checkpoint does not fit the model: parameter 'hidden.0.weight' has shape [10, 4] in the supplied state but [8, 4] in the model")
        #expect(narrow.parameterValues() == before)

        let deeper = MLP<Double>(inputs: 4, hidden: [10, 10], outputs: 1, seed: 2)
        let names = #expect(throws: CheckpointError.self) { try deeper.load(from: path) }
        #expect(names == .modelMismatch(.mismatchedNames(missing: ["hidden.1.weight", "hidden.1.bias"], unexpected: [])))

        let normed = Net(seed: 3)
        let extra = #expect(throws: CheckpointError.self) { try MLP<Double>(inputs: 4, hidden: [6], outputs: 3, seed: 0).load(from: { try! normed.save(to: path); return path }()) }
        #expect("\(extra!)".contains("unexpected body.0.bias, body.0.weight, body.1.bias, body.1.running_mean"))
    }

    @Test("optimizer state: absent or of another kind is refused, and the model is left unchanged")
    func optimizerMismatch() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("net.ckpt").path
        let net = Net(seed: 1)
        let sgd = SGD(parameters: net.parameters, learningRate: 0.1, momentum: 0.9)
        Self.train(net, sgd, steps: 1)
        try net.save(to: path, optimizer: sgd)

        let other = Net(seed: 5)
        let before = other.parameterValues()
        let adam = Adam(parameters: other.parameters)
        let error = #expect(throws: CheckpointError.self) { try other.load(from: path, optimizer: adam) }
        #expect(error == .optimizerMismatch("the state is for sgd, this optimizer is adam"))
        #expect(other.parameterValues() == before)

        try net.save(to: path)   // no optimizer state
        let none = #expect(throws: CheckpointError.self) { try other.load(from: path, optimizer: SGD(parameters: other.parameters, learningRate: 1)) }
        #expect(none == .optimizerMismatch("the checkpoint holds no optimizer state"))
        try other.load(from: path)
        #expect(other.parameterValues() == net.parameterValues())
    }

    @Test("every truncation is detected, with the offset where the file ends")
    func truncated() throws {
        let net = Net(seed: 1)
        let bytes = Checkpoint(model: net, optimizer: SGD(parameters: net.parameters, learningRate: 0.1)).encoded()
        for length in 0 ..< bytes.count {
            do {
                _ = try Checkpoint(decoding: Array(bytes.prefix(length)))
                Issue.record("a file cut at \(length) of \(bytes.count) bytes was accepted")
            } catch let error {
                if length >= 8 {
                    guard case .truncated(let offset, _) = error else { Issue.record("cut at \(length): \(error)"); continue }
                    #expect(offset == length)
                }
            }
        }
        let error = #expect(throws: CheckpointError.self) { try Checkpoint(decoding: Array(bytes.prefix(100))) }
        #expect("\(error!)" == "checkpoint truncated: the file ends at offset 100, expected a payload of \(bytes.count - 32) bytes from offset 32 (the file has 68)")
    }

    @Test("every flipped byte is detected")
    func flippedBytes() throws {
        let bytes = Checkpoint(model: MLP<Float>(inputs: 3, hidden: [2], outputs: 1, seed: 1)).encoded()
        for offset in bytes.indices {
            var damaged = bytes
            damaged[offset] ^= 0x10
            #expect(throws: CheckpointError.self, "flip at \(offset)") { try Checkpoint(decoding: damaged) }
        }
        var damaged = bytes
        damaged[40] ^= 0x01
        let error = #expect(throws: CheckpointError.self) { try Checkpoint(decoding: damaged) }
        guard case .checksumMismatch = error else { Issue.record("\(String(describing: error))"); return }
        damaged = bytes
        damaged[0] = UInt8(ascii: "X")
        #expect(throws: CheckpointError.notACheckpoint(found: Array("XNDRCKPT".utf8))) { try Checkpoint(decoding: damaged) }
        #expect(throws: CheckpointError.malformed(offset: bytes.count, message: "1 bytes follow the payload")) {
            try Checkpoint(decoding: bytes + [0])
        }
    }

    @Test("the header layout and the CRC-32 are as documented")
    func layout() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        let checkpoint = Checkpoint(entries: [.init(name: "w", shape: [2], values: .float32([1, -2]))])
        let bytes = checkpoint.encoded()
        #expect(Array(bytes[0 ..< 8]) == Array("DNDRCKPT".utf8))
        #expect(Array(bytes[8 ..< 16]) == [1, 0, 0, 0, 1, 0, 0, 0])
        let payload: [UInt8] = [1, 0, 0, 0, UInt8(ascii: "w"), 1, 1, 2, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0,
                                0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0]
        #expect(Array(bytes[16 ..< 24]) == [UInt8(payload.count), 0, 0, 0, 0, 0, 0, 0])
        let crc = CRC32.checksum(payload)
        #expect(Array(bytes[24 ..< 28]) == (0 ..< 4).map { UInt8(truncatingIfNeeded: crc >> (8 * $0)) })
        #expect(Array(bytes[28 ..< 32]) == [0, 0, 0, 0])
        #expect(Array(bytes[32...]) == payload)
    }

    @Test("writes are atomic: no temporary file left, an existing file replaced, failures leave nothing")
    func atomic() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("model.ckpt").path
        let net = MLP<Double>(inputs: 2, hidden: [3], outputs: 1, seed: 1)
        try net.save(to: path)
        try net.save(to: path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["model.ckpt"])

        // A directory where the file should go: the rename fails, the temporary file goes.
        let blocked = dir.appendingPathComponent("blocked.ckpt")
        try FileManager.default.createDirectory(at: blocked.appendingPathComponent("inner"), withIntermediateDirectories: true)
        #expect(throws: CheckpointError.self) { try net.save(to: blocked.path) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["blocked.ckpt", "model.ckpt"])

        let missing = #expect(throws: CheckpointError.self) { try net.load(from: dir.appendingPathComponent("absent.ckpt").path) }
        #expect(missing == .io(path: dir.appendingPathComponent("absent.ckpt").path, message: "no such file"))
    }
}
