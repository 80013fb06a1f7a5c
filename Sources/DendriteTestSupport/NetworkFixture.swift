import Dendrite
import Foundation

/// A whole network trained for a few steps by another framework (PyTorch), to replay
/// through Dendrite: the cross-language check that the graph, the kernels and the
/// optimizers compose into the same training run.
///
/// A fixture (`Tests/Fixtures/*.json`, written by `Tests/python/make_fixtures.py`) holds an
/// ``MLP``'s architecture, its loss and optimizer with their hyper-parameters, a batch of
/// inputs and targets, the initial weights by Dendrite's parameter names (`hidden.0.weight`
/// in PyTorch's `[out, in]` layout, `hidden.0.bias`, …, `output.weight`, `output.bias`),
/// and for every step the loss, every parameter's gradient and every parameter after the
/// optimizer's update. ``check(tolerance:)`` builds the network with those weights, runs the
/// same steps through the graph and the optimizer, and compares everything:
///
/// ```swift
/// let fixture = try NetworkFixture(contentsOfFile: "Tests/Fixtures/mlp_tanh_bce_adam_f64.json")
/// let report = fixture.check()
/// print(report)   // passed or not, the worst element, and what is out of tolerance
/// ```
///
/// The format (version 1), with `dtype` `"float64"` or `"float32"`:
///
/// ```text
/// { "format": "dendrite-network-fixture", "version": 1, "description": "…",
///   "generator": {…},                                    (free-form, not read)
///   "dtype": "float64",
///   "architecture": {"inputs": 5, "hidden": [4, 3], "outputs": 1,
///                    "activation": "tanh", "output_activation": "sigmoid" or null},
///   "loss": {"name": "binary_cross_entropy" | "binary_cross_entropy_with_logits"
///                    | "cross_entropy" | "mse", "reduction": "mean" | "sum"},
///   "optimizer": {"name": "sgd", "lr", "momentum", "dampening", "weight_decay", "nesterov"}
///             or {"name": "adam" | "adamw", "lr", "betas": [b1, b2], "eps", "weight_decay", "amsgrad"},
///   "inputs": [[…] × batch],
///   "targets": [[…] × batch] ([batch, outputs]), or [label, …] for cross_entropy,
///   "initial_parameters": {"hidden.0.weight": [[…]], "hidden.0.bias": […], …},
///   "steps": [{"loss": x, "gradients": {name: …}, "parameters": {name: …}}, …] }
/// ```
///
/// Activation names are those of ``Activation/init(named:)`` (`"leaky_relu:0.2"`, …);
/// optimizer hyper-parameters other than `lr` default to PyTorch's. Members that are not
/// part of the format are refused, so that a misspelt hyper-parameter cannot be ignored.
public struct NetworkFixture: Sendable {
    /// The precision the reference ran in, and the one the replay uses.
    public enum Precision: String, Sendable, CaseIterable {
        case float32, float64
    }

    /// Values with a shape (a vector or a matrix), stored as Double whatever the precision.
    public struct Values: Sendable, Equatable {
        public var shape: [Int]
        public var scalars: [Double]

        public init(shape: [Int], scalars: [Double]) {
            self.shape = shape
            self.scalars = scalars
        }

        /// The values as a tensor of `Scalar`.
        public func tensor<Scalar: KernelScalar>(_: Scalar.Type = Scalar.self) -> Tensor<Scalar> {
            Tensor(shape: shape, scalars: scalars.map { Scalar($0) })
        }
    }

    /// The network: ``MLP``'s arguments.
    public struct Architecture: Sendable, Equatable {
        public var inputs: Int
        public var hidden: [Int]
        public var outputs: Int
        public var activation: Activation
        public var outputActivation: Activation?

        /// The parameters' names and shapes in ``MLP``'s order.
        public var parameterShapes: [(name: String, shape: [Int])] {
            let widths = [inputs] + hidden
            var result: [(name: String, shape: [Int])] = []
            for (i, (fanIn, fanOut)) in zip(widths, hidden).enumerated() {
                result += [("hidden.\(i).weight", [fanOut, fanIn]), ("hidden.\(i).bias", [fanOut])]
            }
            return result + [("output.weight", [outputs, widths.last!]), ("output.bias", [outputs])]
        }
    }

    /// The loss, by its name in the file.
    public enum LossFunction: String, Sendable, CaseIterable {
        /// ``binaryCrossEntropy(_:_:reduction:)`` of probabilities (a sigmoid output).
        case binaryCrossEntropy = "binary_cross_entropy"
        /// ``binaryCrossEntropyWithLogits(_:_:reduction:)``.
        case binaryCrossEntropyWithLogits = "binary_cross_entropy_with_logits"
        /// ``crossEntropy(_:labels:reduction:)`` of logits against integer labels.
        case crossEntropy = "cross_entropy"
        /// ``mseLoss(_:_:reduction:)``.
        case mse = "mse"
    }

    /// The optimizer and its hyper-parameters.
    public enum OptimizerConfiguration: Sendable, Equatable {
        case sgd(SGDHyperparameters)
        case adam(AdamHyperparameters)
        case adamW(AdamHyperparameters)
    }

    /// Targets: values shaped like the outputs, or one class label per row.
    public enum Targets: Sendable, Equatable {
        case values(Values)
        case labels([Int])
    }

    /// One training step of the reference: the loss before the update, every parameter's
    /// gradient, and every parameter after the update (by name).
    public struct Step: Sendable, Equatable {
        public var loss: Double
        public var gradients: [String: Values]
        public var parameters: [String: Values]

        public init(loss: Double, gradients: [String: Values], parameters: [String: Values]) {
            self.loss = loss
            self.gradients = gradients
            self.parameters = parameters
        }
    }

    /// The file the fixture was read from (or the name given with the data).
    public var file: String
    /// The fixture's own description of the run.
    public var summary: String
    public var precision: Precision
    public var architecture: Architecture
    public var loss: LossFunction
    /// `.mean` or `.sum`: the loss must be a scalar.
    public var reduction: Reduction
    public var optimizer: OptimizerConfiguration
    /// `[batch, inputs]`.
    public var inputs: Values
    public var targets: Targets
    /// The weights before the first step, by parameter name.
    public var initialParameters: [String: Values]
    /// The reference's steps, in order.
    public var steps: [Step]

    /// The parameter names in ``MLP``'s order (`hidden.0.weight`, …, `output.bias`).
    public var parameterNames: [String] { architecture.parameterShapes.map(\.name) }

    /// The fixture's file name without folder and extension, e.g. `mlp_tanh_bce_adam_f64`.
    public var name: String {
        let base = (file as NSString).lastPathComponent
        return base.hasSuffix(".json") ? String(base.dropLast(5)) : base
    }

    /// Reads and checks a fixture file (plain or gzip-compressed JSON).
    /// - Throws: ``DataError`` naming the file and, for malformed content, the JSON path
    ///   (`$.steps[1].gradients['hidden.0.weight'][2]`) and what is wrong there.
    public init(contentsOfFile path: String) throws(DataError) {
        let bytes = try readPossiblyCompressedFile(path)
        try self.init(json: Data(bytes), file: path)
    }

    /// Reads and checks a fixture from JSON text; `file` names it in errors.
    /// - Throws: ``DataError`` as ``init(contentsOfFile:)``.
    public init(json data: Data, file: String = "fixture") throws(DataError) {
        let root: FixtureJSON
        do {
            root = try JSONDecoder().decode(FixtureJSON.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            let detail = context.underlyingError.map { "\($0)" } ?? context.debugDescription
            throw DataError(file: file, "not valid JSON: \(detail)")
        } catch {
            throw DataError(file: file, "not valid JSON: \(error)")
        }
        let top = FixtureCursor(value: root, path: "$", file: file)
        try top.expectOnly(["format", "version", "description", "generator", "dtype", "architecture", "loss",
                            "optimizer", "inputs", "targets", "initial_parameters", "steps"])
        let format = try top["format"]
        guard try format.string() == "dendrite-network-fixture" else {
            throw format.error("expected \"dendrite-network-fixture\", found \"\(try format.string())\"")
        }
        let version = try top["version"]
        guard try version.integer() == 1 else {
            throw version.error("this Dendrite reads version 1 of the format, found \(try version.integer())")
        }
        self.file = file
        summary = try top.optional("description")?.string() ?? ""
        let dtype = try top["dtype"]
        guard let precision = Precision(rawValue: try dtype.string()) else {
            throw dtype.error("expected \"float64\" or \"float32\", found \"\(try dtype.string())\"")
        }
        self.precision = precision
        architecture = try Self.architecture(try top["architecture"])
        (loss, reduction) = try Self.loss(try top["loss"])
        optimizer = try Self.optimizer(try top["optimizer"])

        let x = try top["inputs"]
        inputs = try x.tensor()
        guard inputs.shape.count == 2, inputs.shape[0] >= 1, inputs.shape[1] == architecture.inputs else {
            throw x.error("expected a matrix [batch, \(architecture.inputs)] with at least one row, found shape \(inputs.shape)")
        }
        let batch = inputs.shape[0]
        let t = try top["targets"]
        if loss == .crossEntropy {
            let items = try t.array()
            guard items.count == batch else { throw t.error("expected \(batch) labels (one per input row), found \(items.count)") }
            let classes = 0 ... architecture.outputs - 1
            targets = .labels(try items.map { item throws(DataError) in try item.integer(in: classes) })
        } else {
            let values = try t.tensor(shape: [batch, architecture.outputs])
            if loss != .mse, let bad = values.scalars.firstIndex(where: { !(0 ... 1).contains($0) }) {
                throw t.error("binary cross-entropy needs targets in [0, 1]; element \(bad) is \(values.scalars[bad])")
            }
            targets = .values(values)
        }

        let shapes = architecture.parameterShapes
        initialParameters = try Self.parameters(try top["initial_parameters"], shapes)
        let stepList = try top["steps"]
        let items = try stepList.array()
        guard !items.isEmpty else { throw stepList.error("expected at least one step") }
        steps = try items.map { item throws(DataError) in
            try item.expectOnly(["loss", "gradients", "parameters"])
            return Step(loss: try item["loss"].number(),
                        gradients: try Self.parameters(try item["gradients"], shapes),
                        parameters: try Self.parameters(try item["parameters"], shapes))
        }
    }

    private static func architecture(_ a: FixtureCursor) throws(DataError) -> Architecture {
        try a.expectOnly(["inputs", "hidden", "outputs", "activation", "output_activation"])
        let limit = 1 ... 1_000_000
        func activation(_ c: FixtureCursor) throws(DataError) -> Activation {
            let text = try c.string()
            do throws(ActivationNameError) { return try Activation(named: text) } catch { throw c.error("\(error)") }
        }
        return Architecture(
            inputs: try a["inputs"].integer(in: limit),
            hidden: try a["hidden"].array().map { item throws(DataError) in try item.integer(in: limit) },
            outputs: try a["outputs"].integer(in: limit),
            activation: try activation(try a["activation"]),
            outputActivation: try a.optional("output_activation").map { c throws(DataError) in try activation(c) })
    }

    private static func loss(_ l: FixtureCursor) throws(DataError) -> (LossFunction, Reduction) {
        try l.expectOnly(["name", "reduction"])
        let name = try l["name"]
        guard let function = LossFunction(rawValue: try name.string()) else {
            throw name.error("unknown loss \"\(try name.string())\"; expected one of \(LossFunction.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let r = try l.optional("reduction") else { return (function, .mean) }
        switch try r.string() {
        case "mean": return (function, .mean)
        case "sum": return (function, .sum)
        case let other: throw r.error("expected \"mean\" or \"sum\" (the loss must be a scalar), found \"\(other)\"")
        }
    }

    private static func optimizer(_ o: FixtureCursor) throws(DataError) -> OptimizerConfiguration {
        let name = try o["name"]
        func value(_ key: String, _ defaultValue: Double) throws(DataError) -> Double {
            guard let c = try o.optional(key) else { return defaultValue }
            let x = try c.number()
            guard x >= 0 else { throw c.error("must not be negative, found \(x)") }
            return x
        }
        let lr = try value("lr", -1)
        if lr < 0 { throw o.error("missing member 'lr'") }
        let weightDecay = try value("weight_decay", 0)
        switch try name.string() {
        case "sgd":
            try o.expectOnly(["name", "lr", "momentum", "dampening", "weight_decay", "nesterov"])
            let h = SGDHyperparameters(learningRate: lr, momentum: try value("momentum", 0), dampening: try value("dampening", 0),
                                       weightDecay: weightDecay, nesterov: try o.optional("nesterov")?.bool() ?? false)
            if h.nesterov && (h.momentum <= 0 || h.dampening != 0) {
                throw o.error("Nesterov momentum needs momentum > 0 and dampening 0 (momentum \(h.momentum), dampening \(h.dampening))")
            }
            return .sgd(h)
        case let kind where kind == "adam" || kind == "adamw":
            try o.expectOnly(["name", "lr", "betas", "eps", "weight_decay", "amsgrad"])
            var (beta1, beta2) = (0.9, 0.999)
            if let b = try o.optional("betas") {
                let pair = try b.array()
                guard pair.count == 2 else { throw b.error("expected two betas, found \(pair.count)") }
                (beta1, beta2) = (try pair[0].number(), try pair[1].number())
                for (i, beta) in [beta1, beta2].enumerated() where !(0 ..< 1).contains(beta) {
                    throw pair[i].error("a beta must be in [0, 1), found \(beta)")
                }
            }
            let h = AdamHyperparameters(learningRate: lr, beta1: beta1, beta2: beta2, epsilon: try value("eps", 1e-8),
                                        weightDecay: try value("weight_decay", kind == "adamw" ? 1e-2 : 0),
                                        amsgrad: try o.optional("amsgrad")?.bool() ?? false)
            return kind == "adam" ? .adam(h) : .adamW(h)
        case let other:
            throw name.error("unknown optimizer \"\(other)\"; expected sgd, adam or adamw")
        }
    }

    /// An object with exactly the network's parameters, each with its shape.
    private static func parameters(_ c: FixtureCursor, _ shapes: [(name: String, shape: [Int])]) throws(DataError) -> [String: Values] {
        let members = try c.object()
        let missing = shapes.map(\.name).filter { members[$0] == nil }
        let unexpected = members.keys.filter { key in !shapes.contains { $0.name == key } }.sorted()
        if !missing.isEmpty || !unexpected.isEmpty {
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing \(missing.joined(separator: ", "))") }
            if !unexpected.isEmpty { parts.append("unexpected \(unexpected.joined(separator: ", "))") }
            throw c.error("the parameters do not match the architecture: " + parts.joined(separator: "; "))
        }
        var result: [String: Values] = [:]
        for (name, shape) in shapes { result[name] = try c[name].tensor(shape: shape) }
        return result
    }
}
