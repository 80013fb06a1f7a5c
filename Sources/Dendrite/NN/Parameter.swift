/// A trainable tensor owned by a module: a leaf of the autograd graph that optimizers
/// update in place.
///
/// `Parameter` is a class so that a layer, its parent module and an optimizer all refer to
/// the same weights. Its ``value`` is an ordinary ``Tensor``: a copy you take keeps its
/// values when the optimizer later updates the parameter (copy-on-write), while operations
/// on ``value`` record into the graph and ``backward(_:retainGraph:)`` fills ``grad``.
///
/// ```swift
/// let w = Parameter(Tensor<Double>([[1, 2], [3, 4]]))
/// let before = w.value                  // a snapshot
/// (w.value * 2).sum().backward()
/// print(w.grad!)                        // [[2, 2], [2, 2]]
/// SGD(parameters: [w], learningRate: 0.5).step()
/// print(before)                         // still [[1, 2], [3, 4]]
/// ```
public final class Parameter<Scalar: KernelScalar> {
    /// The tensor, always a leaf (stored without observers so that in-place updates never copy).
    var storage: Tensor<Scalar>

    /// Wraps `value` as a new leaf (its graph history, if any, is dropped).
    public init(_ value: Tensor<Scalar>) {
        storage = value.detached().requiringGrad()
    }

    /// The current values, as a leaf that records operations.
    ///
    /// Assigning replaces the values with a fresh leaf (graph history dropped) and clears
    /// ``grad``. Optimizer state is sized for the old shape: keep the shape when assigning
    /// to a parameter an optimizer holds.
    public var value: Tensor<Scalar> {
        get { storage }
        set { storage = newValue.detached().requiringGrad() }
    }

    /// The gradient accumulated by `backward()`, nil before any or after ``zeroGrad()``.
    public var grad: Tensor<Scalar>? {
        get { storage.grad }
        set {
            if let newValue {
                precondition(newValue.shape == storage.shape,
                             "Parameter.grad: gradient has shape \(newValue.shape) but the parameter has shape \(storage.shape)")
                storage.grad = newValue.detached()
            } else {
                storage.grad = nil
            }
        }
    }

    /// The shape of ``value``.
    public var shape: [Int] { storage.shape }

    /// The number of elements of ``value``.
    public var count: Int { storage.count }

    /// Clears the gradient (sets it to nil, as PyTorch's `zero_grad(set_to_none=True)`).
    public func zeroGrad() { storage.zeroGrad() }

    /// Runs `body` on the gradient in place (nothing when there is no gradient).
    func mutateGrad(_ body: (inout Tensor<Scalar>) -> Void) {
        guard let node = storage.node, node.grad != nil else { return }
        body(&node.grad!)
    }
}

extension Parameter: CustomStringConvertible {
    public var description: String { "Parameter(shape: \(shape))\n\(storage.description)" }
}

/// A tensor that belongs to a module's state but is not trained: BatchNorm's running mean
/// and variance. Buffers are saved in checkpoints next to the parameters.
public final class Buffer<Scalar: KernelScalar> {
    /// The values, stored without observers so that a compiled step writes them in place.
    var storage: Tensor<Scalar>

    /// The values (a constant; assigning drops any graph history).
    public var value: Tensor<Scalar> {
        get { storage }
        set { storage = newValue.detached() }
    }

    /// A buffer holding `value` as a constant.
    public init(_ value: Tensor<Scalar>) { storage = value.detached() }

    /// The shape of ``value``.
    public var shape: [Int] { value.shape }
}
