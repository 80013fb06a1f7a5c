/// One vertex of the autograd graph.
///
/// A leaf (a tensor created with `requiresGrad: true`) keeps the accumulated gradient. An
/// interior node keeps its inputs' nodes, the op's output values and a pullback that maps
/// the gradient of the output to gradients of the inputs. The pullback receives the output
/// as an argument instead of capturing it, and nodes only point at their inputs, so the
/// graph is acyclic under ARC and is freed as soon as the last tensor referring to it goes.
final class Node<Scalar: KernelScalar> {
    /// (gradient of the output, the output) -> gradient of each input, nil where none flows.
    typealias Pullback = (Tensor<Scalar>, Tensor<Scalar>) -> [Tensor<Scalar>?]

    let shape: [Int]
    let isLeaf: Bool
    /// The op's name, for error messages and graph printing.
    let operation: String
    private(set) var inputs: [Node?]
    private(set) var pullback: Pullback?
    private var output: ContiguousArray<Scalar>?
    /// Accumulated gradient (leaves; interior nodes only while `backward` runs).
    var grad: Tensor<Scalar>?

    init(leafShape: [Int]) {
        shape = leafShape
        isLeaf = true
        operation = "leaf"
        inputs = []
    }

    init(operation: String, inputs: [Node?], output: Tensor<Scalar>, pullback: @escaping Pullback) {
        shape = output.shape
        isLeaf = false
        self.operation = operation
        self.inputs = inputs
        self.output = output.scalars
        self.pullback = pullback
    }

    /// Whether backward can still run through this node.
    var isAlive: Bool { isLeaf || pullback != nil }

    /// The gradients of the inputs, given the gradient of this node's output.
    func propagate(_ upstream: Tensor<Scalar>) -> [Tensor<Scalar>?] {
        guard let pullback, let output else {
            preconditionFailure("backward: the graph through '\(operation)' was already freed by an earlier backward(); pass retainGraph: true to the first call to run backward twice")
        }
        return pullback(upstream, Tensor(shape: shape, storage: output))
    }

    /// Drops the pullback and saved values: the memory of the graph goes back.
    func release() {
        guard !isLeaf else { return }
        pullback = nil
        output = nil
        inputs = []
    }
}
