extension Tensor {
    /// Whether gradients flow to or through this tensor.
    public var requiresGrad: Bool { node != nil }

    /// Whether this tensor is a leaf that accumulates a gradient (created with `requiresGrad: true`).
    public var isLeaf: Bool { node?.isLeaf ?? false }

    /// The gradient accumulated by ``backward(_:retainGraph:)``, for leaves; nil before any.
    public var grad: Tensor? {
        get { node?.grad }
        nonmutating set { node?.grad = newValue }
    }

    /// Clears the accumulated gradient.
    public func zeroGrad() { node?.grad = nil }

    /// A leaf with these values that records operations and accumulates a gradient.
    public func requiringGrad() -> Tensor {
        Tensor(shape: shape, storage: scalars, node: Node(leafShape: shape))
    }

    /// The result of an operation, recorded in the graph when grad mode is on and any input
    /// requires gradients. `pullback` maps (gradient of the result, the result) to the
    /// gradient of each input, in order (nil where none flows); it may return gradients in
    /// a broadcast shape: they are summed back to each input's shape here, in one place.
    func recorded(_ operation: String, inputs: [Tensor], pullback: @escaping Node<Scalar>.Pullback) -> Tensor {
        guard GradMode.isEnabled, inputs.contains(where: { $0.node != nil }) else { return self }
        var result = self
        result.node = Node(operation: operation, inputs: inputs.map(\.node), output: self, pullback: pullback)
        return result
    }

    /// Computes the gradient of this tensor with respect to every leaf it depends on and adds
    /// it to their ``grad``.
    ///
    /// The graph is walked iteratively in reverse topological order (deep networks cannot
    /// overflow the stack) and freed afterwards unless `retainGraph` is true.
    /// - Parameter seed: the gradient of the final objective with respect to this tensor;
    ///   omitted for a one-element tensor (then 1).
    public func backward(_ seed: Tensor? = nil, retainGraph: Bool = false) {
        guard let root = node else {
            preconditionFailure("backward: this tensor does not require gradients (no input was created with requiresGrad: true, or it was computed inside noGrad)")
        }
        let start: Tensor
        if let seed {
            precondition(seed.shape == shape, "backward: the seed has shape \(seed.shape) but the tensor has shape \(shape)")
            start = seed.detached()
        } else {
            precondition(count == 1, "backward: the tensor has shape \(shape); pass a seed gradient of that shape for a non-scalar result")
            start = Tensor(shape: shape, storage: [1])
        }
        let order = Self.topologicalOrder(from: root)
        var pending: [ObjectIdentifier: Tensor] = [ObjectIdentifier(root): start]
        for node in order.reversed() {
            guard let upstream = pending.removeValue(forKey: ObjectIdentifier(node)) else { continue }
            if node.isLeaf {
                node.grad = node.grad.map { $0.adding(upstream) } ?? upstream
                continue
            }
            let grads = node.propagate(upstream)
            for (input, grad) in zip(node.inputs, grads) {
                guard let input, let grad else { continue }
                let fitted = grad.summed(toShape: input.shape)
                let key = ObjectIdentifier(input)
                pending[key] = pending[key].map { $0.adding(fitted) } ?? fitted
            }
        }
        if !retainGraph { order.forEach { $0.release() } }
    }

    /// Nodes reachable from `root`, each after all of its inputs (iterative depth-first search).
    private static func topologicalOrder(from root: Node<Scalar>) -> [Node<Scalar>] {
        var order: [Node<Scalar>] = []
        var visited: Set<ObjectIdentifier> = [ObjectIdentifier(root)]
        var stack: [(node: Node<Scalar>, nextInput: Int)] = [(root, 0)]
        while let (node, next) = stack.popLast() {
            if next < node.inputs.count {
                stack.append((node, next + 1))
                if let input = node.inputs[next], visited.insert(ObjectIdentifier(input)).inserted {
                    stack.append((input, 0))
                }
            } else {
                order.append(node)
            }
        }
        return order
    }

    /// Plain element-wise sum of two same-shaped gradients (no recording).
    func adding(_ other: Tensor) -> Tensor {
        precondition(shape == other.shape, "gradient accumulation: shapes \(shape) and \(other.shape) differ")
        return Tensor.zipRaw(self, other, Broadcast(shape, shape, operation: "accumulate"), .add)
    }
}
