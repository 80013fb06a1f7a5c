/// What a custom function's forward leaves for its backward (PyTorch's `ctx`).
public struct FunctionContext<Scalar: KernelScalar> {
    /// Tensors saved by ``saveForBackward(_:)``, in order.
    public private(set) var savedTensors: [Tensor<Scalar>] = []
    /// Any other values the backward needs.
    public var values: [String: Double] = [:]

    /// Keeps tensors for the backward pass (as constants: the graph is not kept through them).
    public mutating func saveForBackward(_ tensors: Tensor<Scalar>...) {
        savedTensors += tensors.map { $0.detached() }
    }
}

/// A user-defined differentiable operation: a forward and its backward, joined to the graph
/// like any built-in op (PyTorch's `torch.autograd.Function`).
///
/// ```swift
/// enum ClampedReLU: DifferentiableFunction {
///     static func forward(_ ctx: inout FunctionContext<Float>, _ inputs: [Tensor<Float>]) -> Tensor<Float> {
///         ctx.saveForBackward(inputs[0])
///         return inputs[0].clamped(to: 0 ... .greatestFiniteMagnitude)
///     }
///     static func backward(_ ctx: FunctionContext<Float>, _ gradient: Tensor<Float>) -> [Tensor<Float>?] {
///         let z = ctx.savedTensors[0]
///         return [gradient * (z .> Tensor(0))]   // the gradient passes where z > 0
///     }
/// }
/// let y = ClampedReLU.apply(x)
/// ```
public protocol DifferentiableFunction {
    associatedtype Scalar: KernelScalar
    /// The output, from the inputs' values (nothing inside is recorded).
    static func forward(_ ctx: inout FunctionContext<Scalar>, _ inputs: [Tensor<Scalar>]) -> Tensor<Scalar>
    /// The gradient of each input (nil where none flows) from the gradient of the output.
    static func backward(_ ctx: FunctionContext<Scalar>, _ gradient: Tensor<Scalar>) -> [Tensor<Scalar>?]
}

extension DifferentiableFunction {
    /// Runs the function and records it in the graph when an input requires gradients.
    public static func apply(_ inputs: Tensor<Scalar>...) -> Tensor<Scalar> { apply(inputs) }

    /// Runs the function on an array of inputs.
    public static func apply(_ inputs: [Tensor<Scalar>]) -> Tensor<Scalar> {
        Tracing.refuse("\(Self.self) is a custom DifferentiableFunction: its Swift forward and backward cannot run inside a compiled plan; train this model eagerly")
        var ctx = FunctionContext<Scalar>()
        let output = noGrad { forward(&ctx, inputs.map { $0.detached() }) }.detached()
        let saved = ctx
        let name = String(describing: Self.self)
        return output.recorded(name, inputs: inputs) { g, _ in
            let grads = noGrad { backward(saved, g) }
            precondition(grads.count == inputs.count,
                         "\(name).backward returned \(grads.count) gradients for \(inputs.count) inputs")
            return grads.map { $0?.detached() }
        }
    }
}
