/// Why a step cannot be compiled.
public struct CompileError: Error, CustomStringConvertible, Equatable {
    public var message: String
    public var description: String { "cannot compile the training step: \(message)" }
}

/// A training step traced once and replayed as a plan of C kernel calls.
///
/// The first call for a batch size runs the step eagerly — forward, loss, `backward()` —
/// while a trace writes down every kernel call, then lays the calls out as a plan over one
/// preallocated arena (a buffer's memory is reused once nothing reads it). Every later call
/// with that batch size gathers the batch into the arena and replays the plan: no graph, no
/// allocation, the same kernels in the same order, so the results equal the eager step's bit
/// for bit. The optimizer then updates the parameters from the gradients, which the plan
/// writes straight into each parameter's ``Parameter/grad``, so the gradients, the gradient
/// recorder and checkpoints read them as in eager mode.
///
/// ```swift
/// let step = CompiledStep(model: model, loss: .crossEntropy(), optimizer: optimizer)
/// for batch in order.chunks(ofCount: 128) {
///     let loss = try step(rows: batch, of: train)
/// }
/// ```
///
/// What is replayed is what the trace saw: values made in Swift during the step are
/// constants of the plan. So the step refuses, with a ``CompileError`` naming the reason,
/// what it cannot replay: a custom ``DifferentiableFunction`` (its Swift code would not run
/// again; train such models eagerly), random tensors made inside the forward pass, and
/// `argmax`. When it refuses, the eager forward and backward of that first step have run
/// (gradients, batch-norm statistics and dropout draws), but the optimizer has not updated
/// the parameters. ``Dropout`` layers draw a new mask at every replay, from their own generator,
/// as in eager mode. Each batch size and each mode (`train()` or `eval()`) gets its own
/// plan; a parameter whose shape changed, or a model whose parameters are no longer the
/// same, is traced again.
public final class CompiledStep<Scalar: KernelScalar> {
    public let model: any Module<Scalar>
    public let loss: TrainingLoss
    public let optimizer: any Optimizer<Scalar>
    /// How many times a step was traced (a new batch size, mode or model change).
    public private(set) var traceCount = 0
    /// Whether every step first checks, by reflection, that the model still holds the
    /// parameters and buffers its plan was made for (a new layer, a replaced `Parameter`).
    /// On by default. A training loop that owns its model may turn it off, which makes a
    /// step allocation-free; changed parameter shapes are detected either way, and
    /// ``invalidate()`` forgets the plans after a change.
    public var checksModelEveryStep = true

    private struct Key: Hashable { var rows: Int; var training: Bool }
    private struct Compiled {
        var plan: Plan<Scalar>
        var parameters: [Parameter<Scalar>]
        var shapes: [[Int]]
        /// Whether the step computes a gradient for each parameter.
        var hasGradient: [Bool]
        var buffers: [Buffer<Scalar>]
        var bufferCounts: [Int]
        /// The modules and their modes when the step was traced.
        var modules: [(module: AnyObject, training: Bool)]
        /// The batch's feature count, and the class count the loss reads labels against.
        var width: Int
        var classes: Int?
    }
    private var plans: [Key: Compiled] = [:]

    /// A step that trains `model` on `loss` with `optimizer`.
    public init(model: any Module<Scalar>, loss: TrainingLoss, optimizer: any Optimizer<Scalar>) {
        self.model = model
        self.loss = loss
        self.optimizer = optimizer
    }

    /// Input numbers of the plan.
    private enum Input { static var features: Int { 0 }; static var targets: Int { 1 }; static var labels: Int { 2 } }

    /// One training step on rows `rows` of `data`: the loss of the batch before the update.
    /// - Throws: ``CompileError`` when the step cannot be traced into a plan.
    @discardableResult
    public func callAsFunction<C: Collection<Int>>(rows: C, of data: Dataset<Scalar>) throws(CompileError) -> Scalar {
        let key = Key(rows: rows.count, training: model.isTraining)
        if var compiled = plans[key], isCurrent(compiled) {
            let value = replay(&compiled, rows: rows, of: data)
            plans[key] = compiled
            return value
        }
        let (value, compiled) = try trace(rows: Array(rows), of: data)
        plans[key] = compiled
        return value
    }

    /// Forgets every plan: the next step is traced again.
    public func invalidate() { plans = [:] }

    /// Whether the model still has the parameters, shapes and buffers the plan was made for.
    private func isCurrent(_ compiled: Compiled) -> Bool {
        for (parameter, shape) in zip(compiled.parameters, compiled.shapes) where parameter.storage.shape != shape { return false }
        for (buffer, count) in zip(compiled.buffers, compiled.bufferCounts) where buffer.storage.count != count { return false }
        guard checksModelEveryStep else { return true }
        let parameters = model.parameters
        let modules = model.namedModules.map(\.module)
        return parameters.count == compiled.parameters.count
            && zip(parameters, compiled.parameters).allSatisfy { $0 === $1 }
            && model.namedBuffers.map(\.buffer).elementsEqual(compiled.buffers, by: ===)
            && modules.count == compiled.modules.count
            && zip(modules, compiled.modules).allSatisfy { $0 === $1.module && $0.isTraining == $1.training }
    }

    /// Stops with a message when the batch does not fit the plan (eager ops check the same).
    private func check<C: Collection<Int>>(_ compiled: Compiled, rows: C, of data: Dataset<Scalar>) {
        precondition(data.featureCount == compiled.width,
                     "CompiledStep: the data has \(data.featureCount) features, the step was compiled for \(compiled.width)")
        for row in rows where !(0 ..< data.count).contains(row) {
            preconditionFailure("CompiledStep: row \(row) is outside 0..<\(data.count)")
        }
        if let classes = compiled.classes {
            for row in rows where !(0 ..< classes).contains(data.labels[row]) {
                preconditionFailure("CompiledStep: label \(data.labels[row]) of row \(row) is outside 0..<\(classes) for the model's outputs")
            }
        }
    }

    private func replay<C: Collection<Int>>(_ compiled: inout Compiled, rows: C, of data: Dataset<Scalar>) -> Scalar {
        check(compiled, rows: rows, of: data)
        let plan = compiled.plan
        let p = compiled.parameters.count
        for (i, parameter) in compiled.parameters.enumerated() {
            plan.bind(i, to: &parameter.storage)
            guard compiled.hasGradient[i] else {
                parameter.grad = nil  // as in eager mode: no gradient, no update
                continue
            }
            if parameter.grad == nil { parameter.grad = .zeros(parameter.shape) }
            parameter.bindGrad { plan.bind(p + compiled.buffers.count + i, to: &$0) }
        }
        for (j, buffer) in compiled.buffers.enumerated() { plan.bind(p + j, to: &buffer.storage) }
        plan.gather(Input.features, rows: rows, of: data.features)
        plan.setLabels(Input.targets, rows: rows, of: data.labels, asValues: true)
        plan.setLabels(Input.labels, rows: rows, of: data.labels, asValues: false)
        plan.run()
        optimizer.step()
        return plan.lossValue
    }

    /// Runs the step eagerly under a trace and makes the plan.
    private func trace(rows: [Int], of data: Dataset<Scalar>) throws(CompileError) -> (Scalar, Compiled) {
        let features = noGrad { data.features.gathered(rows: rows) }
        let labels = rows.map { data.labels[$0] }
        let targets = loss.usesTargetColumn ? Tensor<Scalar>(shape: [rows.count, 1], scalars: labels.map { Scalar($0) }) : nil
        let parameters = model.parameters
        let buffers = model.namedBuffers.map(\.buffer)
        model.zeroGrad()
        // Storage shared by two parameters or buffers would be one slot: give each its own.
        for parameter in parameters { parameter.storage.writing { _ in } }
        for buffer in buffers { buffer.storage.writing { _ in } }

        let trace = KernelTrace<Scalar>()
        for (i, parameter) in parameters.enumerated() { _ = trace.register(parameter.storage, as: .external(i)) }
        for (j, buffer) in buffers.enumerated() { _ = trace.register(buffer.value, as: .external(parameters.count + j)) }
        _ = trace.register(features, as: .input(Input.features))
        if let targets { _ = trace.register(targets, as: .input(Input.targets)) }
        if !loss.usesTargetColumn { _ = trace.registerLabels(labels, input: Input.labels) }

        var outputs: Int?
        let value = Tracing.recording(into: trace) { () -> Tensor<Scalar> in
            let output = model(features)
            outputs = output.shape.last
            let value = loss(output, labels: labels, targets: targets)
            if value.requiresGrad && value.count == 1 { value.backward() }
            return value
        }
        if let reason = trace.refusal { throw CompileError(message: reason) }
        guard value.requiresGrad else { throw CompileError(message: "the loss does not depend on any parameter") }
        guard value.count == 1 else { throw CompileError(message: "the loss has shape \(value.shape); a step needs a single value (reduction .mean or .sum)") }
        guard let lossSlot = trace.slot(of: value), case .produced = trace.origin(lossSlot) else {
            throw CompileError(message: "the loss is not computed by the step's kernels")
        }
        // Gradients go straight into each parameter's grad tensor (or are copied there when
        // the same buffer is also something else).
        let gradBase = parameters.count + buffers.count
        var hasGradient = [Bool](repeating: false, count: parameters.count)
        for (i, parameter) in parameters.enumerated() {
            guard let grad = parameter.grad, let slot = trace.slot(of: grad) else { continue }
            hasGradient[i] = true
            if case .produced = trace.origin(slot), !parameters[..<i].contains(where: { $0.grad.flatMap(trace.slot(of:)) == slot }) {
                trace.bindExternally(slot, to: gradBase + i)
            } else {
                trace.append(.copy(count: Int64(grad.count), from: slot, to: trace.external(gradBase + i, count: grad.count)))
            }
        }
        // Buffers the step assigned (batch norm's running statistics) get the new values.
        for (j, buffer) in buffers.enumerated() {
            guard let slot = trace.slot(of: buffer.value), case .produced = trace.origin(slot) else { continue }
            let target = trace.external(parameters.count + j, count: buffer.value.count)
            trace.append(.copy(count: Int64(buffer.value.count), from: slot, to: target))
        }
        let plan: Plan<Scalar>
        do { plan = try Plan(trace, loss: lossSlot) } catch { throw CompileError(message: error.description) }
        trace.releaseBuffers()
        traceCount += 1
        optimizer.step()
        let classes: Int? = loss.usesTargetColumn ? nil : outputs
        return (value.scalar, Compiled(plan: plan, parameters: parameters, shapes: parameters.map(\.shape), hasGradient: hasGradient,
                                       buffers: buffers, bufferCounts: buffers.map(\.storage.count),
                                       modules: model.namedModules.map { ($0.module as AnyObject, $0.module.isTraining) },
                                       width: data.featureCount, classes: classes))
    }
}

extension Parameter {
    /// Runs `body` on the gradient tensor in place.
    func bindGrad(_ body: (inout Tensor<Scalar>) -> Void) {
        guard let node = storage.node, node.grad != nil else { return }
        body(&node.grad!)
    }
}
