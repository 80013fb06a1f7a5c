/// Updates parameters from their gradients: `step()` after `backward()`.
///
/// Every optimizer follows PyTorch's semantics (`torch.optim`) on fused C kernels, keeps
/// its state per parameter, and skips parameters that have no gradient (their state and
/// step count do not advance).
///
/// ```swift
/// let optimizer = SGD(parameters: model.parameters, learningRate: 0.01, momentum: 0.9)
/// for (x, y) in batches {
///     optimizer.zeroGrad()
///     let loss = crossEntropy(model(x), labels: y)
///     loss.backward()
///     optimizer.step()
/// }
/// ```
public protocol Optimizer<Scalar>: AnyObject {
    /// The element type of the parameters.
    associatedtype Scalar: KernelScalar

    /// The parameters updated, in order (their position indexes the state).
    var parameters: [Parameter<Scalar>] { get }

    /// The learning rate of the next ``step()``; schedules set it.
    var learningRate: Double { get set }

    /// Updates every parameter that has a gradient, in place.
    func step()

    /// The state needed to resume training: hyper-parameters and per-parameter buffers.
    func state() -> OptimizerState<Scalar>

    /// Restores a state from ``state()`` of the same kind of optimizer over parameters of
    /// the same shapes. Everything is checked before anything changes.
    /// - Throws: ``OptimizerStateError`` saying what does not match.
    func loadState(_ state: OptimizerState<Scalar>) throws(OptimizerStateError)
}

extension Optimizer {
    /// Clears the gradient of every parameter.
    public func zeroGrad() { parameters.forEach { $0.zeroGrad() } }
}

/// An optimizer's state, for checkpoints: what kind it is, its hyper-parameters, and for
/// each parameter (by position) its step count and buffers (`"momentum_buffer"`,
/// `"exp_avg"`, … — PyTorch's names).
public struct OptimizerState<Scalar: KernelScalar>: Equatable {
    /// `"sgd"`, `"adam"`, `"adamw"`, `"rmsprop"` or `"adagrad"`.
    public var kind: String
    /// Hyper-parameters by PyTorch's names (`"lr"`, `"momentum"`, `"betas.0"`, …); flags are 0 or 1.
    public var hyperparameters: [String: Double]
    /// One entry per parameter, in the optimizer's order.
    public var parameters: [ParameterState]

    /// The state of one parameter.
    public struct ParameterState: Equatable {
        /// Steps taken on this parameter (0: none yet, no buffers).
        public var step: Int
        /// Buffers shaped like the parameter, by name.
        public var buffers: [String: Tensor<Scalar>]

        /// A parameter's state after `step` steps.
        public init(step: Int, buffers: [String: Tensor<Scalar>]) {
            self.step = step
            self.buffers = buffers
        }
    }

    /// A state as ``Optimizer/state()`` returns it.
    public init(kind: String, hyperparameters: [String: Double], parameters: [ParameterState]) {
        self.kind = kind
        self.hyperparameters = hyperparameters
        self.parameters = parameters
    }
}

/// A state that cannot be loaded into an optimizer. Nothing was changed.
public struct OptimizerStateError: Error, Equatable, CustomStringConvertible {
    /// What did not match.
    public var message: String
    /// An error saying `message`.
    public init(_ message: String) { self.message = message }
    public var description: String { "optimizer state: \(message)" }
}

/// Per-parameter bookkeeping shared by the optimizers: step counts and named buffers.
struct SlotTable<Scalar: KernelScalar> {
    let kind: String
    let parameters: [Parameter<Scalar>]
    /// Buffer names, in kernel order.
    let bufferNames: [String]
    var steps: [Int]
    /// `buffers[name][i]`: nil until parameter `i` takes its first step.
    var buffers: [[Tensor<Scalar>?]]
    /// Stands for the buffers a rule does not keep.
    private let empty = Tensor<Scalar>(shape: [0], storage: [])

    init(kind: String, parameters: [Parameter<Scalar>], bufferNames: [String]) {
        var seen: Set<ObjectIdentifier> = []
        self.parameters = parameters.filter { seen.insert(ObjectIdentifier($0)).inserted }
        self.kind = kind
        precondition(bufferNames.count <= 3, "an optimizer keeps at most three buffers per parameter")
        self.bufferNames = bufferNames
        steps = Array(repeating: 0, count: self.parameters.count)
        buffers = Array(repeating: Array(repeating: nil, count: self.parameters.count), count: bufferNames.count)
    }

    /// Creates the buffers of parameter `i` (filled with `initial[name] ?? 0`) if missing.
    mutating func prepare(_ i: Int, initial: [String: Scalar] = [:]) {
        for (b, name) in bufferNames.enumerated() where buffers[b][i] == nil {
            buffers[b][i] = Tensor(repeating: initial[name] ?? 0, shape: parameters[i].shape)
        }
    }

    /// Applies `rule` to every parameter with a gradient, after counting its step. Allocates
    /// nothing once the buffers exist (a compiled step relies on that).
    // Optimizers reach this through `any Optimizer`, where the compiler cannot specialise:
    // these entry points spare every step the generic metadata look-ups.
    @_specialize(exported: false, where Scalar == Float)
    @_specialize(exported: false, where Scalar == Double)
    mutating func update(by rule: UpdateRule, initial: [String: Scalar] = [:]) {
        for i in parameters.indices {
            guard let grad = parameters[i].grad else { continue }
            prepare(i, initial: initial)
            steps[i] += 1
            // Moved out of the table, so that each buffer is uniquely referenced while written.
            var (s0, s1, s2) = (take(0, i), take(1, i), take(2, i))
            parameters[i].storage.update(by: rule, step: steps[i], gradient: grad, state: &s0, &s1, &s2)
            if bufferNames.count > 0 { buffers[0][i] = s0 }
            if bufferNames.count > 1 { buffers[1][i] = s1 }
            if bufferNames.count > 2 { buffers[2][i] = s2 }
        }
    }

    /// Buffer `b` of parameter `i`, moved out of the table (an empty tensor past the last buffer).
    private mutating func take(_ b: Int, _ i: Int) -> Tensor<Scalar> {
        guard b < buffers.count else { return empty }
        defer { buffers[b][i] = nil }
        return buffers[b][i]!
    }

    func state(hyperparameters: [String: Double]) -> OptimizerState<Scalar> {
        OptimizerState(kind: kind, hyperparameters: hyperparameters, parameters: parameters.indices.map { i in
            var named: [String: Tensor<Scalar>] = [:]
            for (b, name) in bufferNames.enumerated() { if let t = buffers[b][i] { named[name] = t } }
            return .init(step: steps[i], buffers: named)
        })
    }

    /// Validates `state` against these parameters and the `expected` hyper-parameter names,
    /// then adopts its steps and buffers; returns the hyper-parameters to apply.
    mutating func load(_ state: OptimizerState<Scalar>, expected: [String]) throws(OptimizerStateError) -> [String: Double] {
        guard state.kind == kind else { throw OptimizerStateError("the state is for \(state.kind), this optimizer is \(kind)") }
        guard state.parameters.count == parameters.count else {
            throw OptimizerStateError("the state has \(state.parameters.count) parameters, this \(kind) optimizer has \(parameters.count)")
        }
        let missing = expected.filter { state.hyperparameters[$0] == nil }
        guard missing.isEmpty else { throw OptimizerStateError("hyper-parameters missing: \(missing.joined(separator: ", "))") }
        for (i, (slot, p)) in zip(state.parameters, parameters).enumerated() {
            guard slot.step >= 0 else { throw OptimizerStateError("parameter \(i) has step \(slot.step)") }
            let unknown = slot.buffers.keys.filter { !bufferNames.contains($0) }.sorted()
            guard unknown.isEmpty else { throw OptimizerStateError("parameter \(i) has unknown buffers \(unknown.joined(separator: ", ")) for \(kind)") }
            if slot.step > 0, let absent = bufferNames.first(where: { slot.buffers[$0] == nil }) {
                throw OptimizerStateError("parameter \(i) has taken \(slot.step) steps but has no '\(absent)' buffer")
            }
            for (name, t) in slot.buffers where t.shape != p.shape {
                throw OptimizerStateError("parameter \(i) has shape \(p.shape) but its '\(name)' buffer has shape \(t.shape)")
            }
        }
        steps = state.parameters.map(\.step)
        for (b, name) in bufferNames.enumerated() {
            buffers[b] = state.parameters.map { slot in slot.step > 0 ? slot.buffers[name]?.detached() : nil }
        }
        return state.hyperparameters
    }
}
