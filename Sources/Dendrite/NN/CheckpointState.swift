// Checkpoints of a model (parameters and buffers by dotted name) and an optimizer's state.

extension Checkpoint {
    static let modelPrefix = "model/"
    static let optimizerPrefix = "optimizer/"

    /// A checkpoint of `model`'s parameters and buffers and, when given, `optimizer`'s state.
    public init<M: Module>(model: M, optimizer: (any Optimizer<M.Scalar>)? = nil) {
        var entries = model.namedParameters.map { Entry(name: Self.modelPrefix + $0.name, tensor: $0.parameter.value) }
        entries += model.namedBuffers.map { Entry(name: Self.modelPrefix + $0.name, tensor: $0.buffer.value) }
        if let optimizer { entries += Self.entries(for: optimizer.state()) }
        self.init(entries: entries)
    }

    /// Loads the parameters and buffers into `model` and, when given, the state into
    /// `optimizer`.
    ///
    /// Every name and shape is checked first (the model's tensors must be exactly the
    /// checkpoint's); nothing is assigned unless everything fits. Float32 and Float64
    /// entries load into either precision.
    /// - Throws: ``CheckpointError/modelMismatch(_:)`` naming missing or unexpected names,
    ///   or the parameter whose shape differs with both shapes;
    ///   ``CheckpointError/optimizerMismatch(_:)`` when the optimizer state is absent or
    ///   does not fit.
    public func restore<M: Module>(into model: M, optimizer: (any Optimizer<M.Scalar>)? = nil) throws(CheckpointError) {
        // 1. The model: names, types and shapes.
        var supplied: [String: Tensor<M.Scalar>] = [:]
        for entry in entries where entry.name.hasPrefix(Self.modelPrefix) {
            guard let tensor = entry.tensor(as: M.Scalar.self) else {
                throw .modelMismatch(.mismatchedNames(missing: [], unexpected: [String(entry.name.dropFirst(Self.modelPrefix.count))]))
            }
            supplied[String(entry.name.dropFirst(Self.modelPrefix.count))] = tensor
        }
        let parameters = model.namedParameters, buffers = model.namedBuffers
        let targets = parameters.map { (name: $0.name, shape: $0.parameter.shape, kind: "parameter") }
            + buffers.map { (name: $0.name, shape: $0.buffer.shape, kind: "buffer") }
        do {
            _ = try ModuleStateError.match(supplied.mapValues(\.shape), to: targets, strict: true)
        } catch {
            throw .modelMismatch(error)
        }
        // 2. The optimizer: decoded, then checked and adopted by the optimizer itself.
        if let optimizer {
            let state: OptimizerState<M.Scalar> = try optimizerState()
            do { try optimizer.loadState(state) } catch { throw .optimizerMismatch(error.message) }
        }
        // 3. Everything fits: assign.
        for (name, p) in parameters { p.value = supplied[name]! }
        for (name, b) in buffers { b.value = supplied[name]! }
    }

    /// The optimizer state stored in this checkpoint.
    /// - Throws: ``CheckpointError/optimizerMismatch(_:)`` when there is none or it is incomplete.
    public func optimizerState<Scalar: KernelScalar>(as _: Scalar.Type = Scalar.self) throws(CheckpointError) -> OptimizerState<Scalar> {
        let p = Self.optimizerPrefix
        guard let kindEntry = self[p + "kind"], case .text(let kind) = kindEntry.values else {
            throw .optimizerMismatch("the checkpoint holds no optimizer state")
        }
        guard let countEntry = self[p + "parameters"], case .int64(let counts) = countEntry.values, counts.count == 1, counts[0] >= 0 else {
            throw .optimizerMismatch("the checkpoint has no valid parameter count at \(p)parameters")
        }
        var hyperparameters: [String: Double] = [:]
        var slots = Array(repeating: OptimizerState<Scalar>.ParameterState(step: 0, buffers: [:]), count: Int(counts[0]))
        for entry in entries where entry.name.hasPrefix(p) {
            let key = entry.name.dropFirst(p.count)
            if key.hasPrefix("hyper/") {
                guard case .float64(let v) = entry.values, v.count == 1 else {
                    throw .optimizerMismatch("\(entry.name) is not a Float64 scalar")
                }
                hyperparameters[String(key.dropFirst("hyper/".count))] = v[0]
            } else if key.hasPrefix("state/") {
                let parts = key.dropFirst("state/".count).split(separator: "/", maxSplits: 1)
                guard parts.count == 2, let index = Int(parts[0]), slots.indices.contains(index) else {
                    throw .optimizerMismatch("\(entry.name) does not name a parameter in 0..<\(slots.count)")
                }
                if parts[1] == "step" {
                    guard case .int64(let v) = entry.values, v.count == 1 else { throw .optimizerMismatch("\(entry.name) is not an Int64 scalar") }
                    slots[index].step = Int(v[0])
                } else {
                    guard let tensor = entry.tensor(as: Scalar.self) else { throw .optimizerMismatch("\(entry.name) is not a float tensor") }
                    slots[index].buffers[String(parts[1])] = tensor
                }
            }
        }
        return OptimizerState(kind: kind, hyperparameters: hyperparameters, parameters: slots)
    }

    /// The entries that store `state`.
    static func entries<Scalar>(for state: OptimizerState<Scalar>) -> [Entry] {
        let p = optimizerPrefix
        var entries = [
            Entry(name: p + "kind", shape: [state.kind.utf8.count], values: .text(state.kind)),
            Entry(name: p + "parameters", shape: [], values: .int64([Int64(state.parameters.count)])),
        ]
        entries += state.hyperparameters.sorted { $0.key < $1.key }.map {
            Entry(name: p + "hyper/" + $0.key, shape: [], values: .float64([$0.value]))
        }
        for (i, slot) in state.parameters.enumerated() {
            entries.append(Entry(name: "\(p)state/\(i)/step", shape: [], values: .int64([Int64(slot.step)])))
            entries += slot.buffers.sorted { $0.key < $1.key }.map { Entry(name: "\(p)state/\(i)/\($0.key)", tensor: $0.value) }
        }
        return entries
    }
}

extension Module {
    /// Saves the parameters, buffers and (optionally) the optimizer state to `path`,
    /// atomically. See ``Checkpoint`` for the format.
    public func save(to path: String, optimizer: (any Optimizer<Scalar>)? = nil) throws(CheckpointError) {
        try Checkpoint(model: self, optimizer: optimizer).write(to: path)
    }

    /// Loads parameters, buffers and (optionally) optimizer state saved by
    /// ``save(to:optimizer:)``. The file is validated completely and every name and shape
    /// checked before anything is assigned.
    public func load(from path: String, optimizer: (any Optimizer<Scalar>)? = nil) throws(CheckpointError) {
        try Checkpoint(contentsOf: path).restore(into: self, optimizer: optimizer)
    }
}
