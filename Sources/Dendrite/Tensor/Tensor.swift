/// A shaped, row-major array of `Float` or `Double` that can record the operations applied
/// to it and differentiate through them.
///
/// `Tensor` has value semantics: copies share storage until one of them is written
/// (copy-on-write), so passing tensors around never copies data. A tensor created with
/// `requiresGrad: true` (a *leaf*, such as a weight) makes every operation on it record a
/// pullback; ``backward(_:retainGraph:)`` then fills in ``grad`` of every leaf it depends on.
///
/// ```swift
/// let w = Tensor<Double>([[1, 2], [3, 4]], requiresGrad: true)
/// let x = Tensor<Double>([[1], [1]])
/// let loss = w.matmul(x).sum()
/// loss.backward()
/// print(w.grad!)   // [[1, 1], [1, 1]]
/// ```
public struct Tensor<Scalar: KernelScalar> {
    /// The size of each dimension; `[]` for a scalar.
    public private(set) var shape: [Int]
    /// The elements in row-major order.
    public internal(set) var scalars: ContiguousArray<Scalar>
    /// The autograd record: a leaf for tensors that require gradients, an interior node for
    /// results of recorded operations, nil for constants.
    var node: Node<Scalar>?

    /// A tensor of the given shape and row-major elements.
    /// - Precondition: `scalars.count` equals the product of `shape`.
    public init<C: Collection>(shape: [Int], scalars: C, requiresGrad: Bool = false) where C.Element == Scalar {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in shape \(shape)")
        let count = shape.reduce(1, *)
        precondition(scalars.count == count,
                      "Tensor: shape \(shape) needs \(count) elements, got \(scalars.count)")
        self.init(shape: shape, storage: ContiguousArray(scalars), node: nil)
        if requiresGrad { node = Node(leafShape: shape) }
    }

    init(shape: [Int], storage: ContiguousArray<Scalar>, node: Node<Scalar>? = nil) {
        self.shape = shape
        self.scalars = storage
        self.node = node
    }

    /// A scalar (rank 0) tensor.
    public init(_ value: Scalar, requiresGrad: Bool = false) {
        self.init(shape: [], scalars: [value], requiresGrad: requiresGrad)
    }

    /// A vector.
    public init(_ values: [Scalar], requiresGrad: Bool = false) {
        self.init(shape: [values.count], scalars: values, requiresGrad: requiresGrad)
    }

    /// A matrix from its rows.
    /// - Precondition: every row has the same length.
    public init(_ rows: [[Scalar]], requiresGrad: Bool = false) {
        let cols = rows.first?.count ?? 0
        if let bad = rows.firstIndex(where: { $0.count != cols }) {
            preconditionFailure("Tensor: row \(bad) has \(rows[bad].count) elements, row 0 has \(cols)")
        }
        self.init(shape: [rows.count, cols], scalars: rows.joined(), requiresGrad: requiresGrad)
    }

    // MARK: Creation

    /// A tensor filled with `value`.
    public init(repeating value: Scalar, shape: [Int], requiresGrad: Bool = false) {
        self.init(shape: shape, scalars: repeatElement(value, count: shape.reduce(1, *)), requiresGrad: requiresGrad)
    }

    public static func zeros(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        Tensor(repeating: 0, shape: shape, requiresGrad: requiresGrad)
    }

    public static func ones(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        Tensor(repeating: 1, shape: shape, requiresGrad: requiresGrad)
    }

    public static func full(_ shape: [Int], _ value: Scalar, requiresGrad: Bool = false) -> Tensor {
        Tensor(repeating: value, shape: shape, requiresGrad: requiresGrad)
    }

    /// Values drawn uniformly from `range` with an explicit generator (reproducible runs).
    public static func uniform<G: RandomNumberGenerator>(
        _ shape: [Int], in range: ClosedRange<Scalar> = 0 ... 1, using generator: inout G, requiresGrad: Bool = false
    ) -> Tensor where Scalar.RawSignificand: FixedWidthInteger {
        Tracing.refuse("random tensors made inside a compiled step would be the same at every replay")
        let count = shape.reduce(1, *)
        var values = ContiguousArray<Scalar>()
        values.reserveCapacity(count)
        for _ in 0 ..< count { values.append(Scalar.random(in: range, using: &generator)) }
        return Tensor(shape: shape, scalars: values, requiresGrad: requiresGrad)
    }

    /// Values drawn from a normal distribution (Box-Muller) with an explicit generator.
    public static func normal<G: RandomNumberGenerator>(
        _ shape: [Int], mean: Scalar = 0, standardDeviation: Scalar = 1, using generator: inout G,
        requiresGrad: Bool = false
    ) -> Tensor {
        Tracing.refuse("random tensors made inside a compiled step would be the same at every replay")
        let count = shape.reduce(1, *)
        var values = ContiguousArray<Scalar>()
        values.reserveCapacity(count + 1)
        while values.count < count {
            // Double keeps the transform accurate for both precisions; u1 in (0, 1] avoids log(0).
            let u1 = 1 - Double.random(in: 0 ..< 1, using: &generator)
            let u2 = Double.random(in: 0 ..< 1, using: &generator)
            let r = (-2 * _log(u1)).squareRoot()
            values.append(mean + standardDeviation * Scalar(r * _cos(2 * .pi * u2)))
            values.append(mean + standardDeviation * Scalar(r * _sin(2 * .pi * u2)))
        }
        values.removeLast(values.count - count)
        return Tensor(shape: shape, scalars: values, requiresGrad: requiresGrad)
    }

    // MARK: Properties

    /// The number of elements.
    public var count: Int { scalars.count }
    /// The number of dimensions.
    public var rank: Int { shape.count }
    /// The only element of a one-element tensor.
    /// - Precondition: the tensor has exactly one element.
    public var scalar: Scalar {
        precondition(count == 1, "scalar: the tensor has shape \(shape), not one element")
        return scalars[0]
    }
    /// The elements as an array.
    public var array: [Scalar] { Array(scalars) }
    /// The rows of a matrix as arrays.
    public var rows: [[Scalar]] {
        precondition(rank == 2, "rows: needs a matrix, the tensor has shape \(shape)")
        return (0 ..< shape[0]).map { i in Array(scalars[i * shape[1] ..< (i + 1) * shape[1]]) }
    }

    /// The element at a multi-dimensional index.
    public subscript(index: Int...) -> Scalar {
        get { scalars[flatIndex(index)] }
        set {
            Tracing.refuse("an element is assigned in Swift inside the step; a compiled step would not repeat it")
            scalars[flatIndex(index)] = newValue
        }
    }

    private func flatIndex(_ index: [Int]) -> Int {
        precondition(index.count == rank, "index \(index) has \(index.count) coordinates, the tensor has rank \(rank)")
        var flat = 0
        for (i, (x, size)) in zip(index, shape).enumerated() {
            precondition((0 ..< size).contains(x), "index \(index): coordinate \(i) is outside 0..<\(size) for shape \(shape)")
            flat = flat * size + x
        }
        return flat
    }

    /// The same values as a constant: no gradient flows back through the result.
    public func detached() -> Tensor { Tensor(shape: shape, storage: scalars) }

    /// The values converted to another precision (a constant).
    public func converted<Other: KernelScalar>(to _: Other.Type) -> Tensor<Other> {
        Tracing.refuse("a precision conversion inside the step is computed in Swift; a compiled step would not repeat it")
        return Tensor<Other>(shape: shape, storage: ContiguousArray(scalars.lazy.map { Other($0) }))
    }
}

extension Tensor: Equatable {
    /// Same shape and elements (the autograd record is not compared).
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        lhs.shape == rhs.shape && lhs.scalars == rhs.scalars
    }
}


@inline(__always) private func _log(_ x: Double) -> Double { Foundation.log(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Foundation.cos(x) }
@inline(__always) private func _sin(_ x: Double) -> Double { Foundation.sin(x) }

import Foundation
