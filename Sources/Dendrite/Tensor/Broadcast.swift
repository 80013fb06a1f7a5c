/// How two shapes combine element-wise: the result shape, viewed as an m x n matrix, and
/// each operand's (row, column) element strides in that view (0 where it is broadcast).
///
/// Broadcasting follows NumPy's rules for tensors of rank up to 2 (scalars, vectors, and
/// matrices against row vectors, column vectors and scalars). Higher ranks combine when
/// their shapes are equal or one side holds a single element.
struct Broadcast {
    var shape: [Int]
    var m: Int
    var n: Int
    var lhs: (Int, Int)
    var rhs: (Int, Int)

    init(shape: [Int], m: Int, n: Int, lhs: (Int, Int), rhs: (Int, Int)) {
        (self.shape, self.m, self.n, self.lhs, self.rhs) = (shape, m, n, lhs, rhs)
    }

    init(_ a: [Int], _ b: [Int], operation: String) {
        let countA = a.reduce(1, *), countB = b.reduce(1, *)
        if a == b {
            self.init(shape: a, m: 1, n: countA, lhs: (0, 1), rhs: (0, 1))
        } else if countB == 1 && b.count <= a.count {
            self.init(shape: a, m: 1, n: countA, lhs: (0, 1), rhs: (0, 0))
        } else if countA == 1 && a.count <= b.count {
            self.init(shape: b, m: 1, n: countB, lhs: (0, 0), rhs: (0, 1))
        } else {
            precondition(a.count <= 2 && b.count <= 2,
                         "\(operation): shapes \(a) and \(b) cannot be broadcast (tensors of rank above 2 combine only with equal shapes or a single element)")
            let pa = Array(repeating: 1, count: 2 - a.count) + a
            let pb = Array(repeating: 1, count: 2 - b.count) + b
            var out = [0, 0]
            for d in 0 ..< 2 {
                precondition(pa[d] == pb[d] || pa[d] == 1 || pb[d] == 1,
                             "\(operation): shapes \(a) and \(b) cannot be broadcast")
                out[d] = pa[d] == 1 ? pb[d] : pa[d]
            }
            func strides(_ p: [Int]) -> (Int, Int) { (p[0] == 1 ? 0 : p[1], p[1] == 1 ? 0 : 1) }
            self.init(shape: max(a.count, b.count) == 2 ? out : [out[1]], m: out[0], n: out[1],
                      lhs: strides(pa), rhs: strides(pb))
        }
    }
}

extension Tensor {
    /// This gradient summed over the dimensions along which `target` was broadcast to produce it.
    func summed(toShape target: [Int]) -> Tensor {
        if shape == target { return self }
        let targetCount = target.reduce(1, *)
        if targetCount == 1 {
            return reducedRaw(.sum, shape: target)
        }
        precondition(rank <= 2 && target.count <= 2, "gradient of shape \(shape) cannot be reduced to \(target)")
        let rows = rank == 2 ? shape[0] : 1, cols = shape.last ?? 1
        let padded = Array(repeating: 1, count: 2 - target.count) + target
        let alongColumns: Bool
        if padded[0] == 1 && padded[1] == cols { alongColumns = true }
        else if padded[1] == 1 && padded[0] == rows { alongColumns = false }
        else { preconditionFailure("gradient of shape \(shape) cannot be reduced to \(target)") }
        return sumsRaw(MatrixShape(rows, cols), ofColumns: alongColumns, shape: target)
    }

    /// This tensor's values repeated to `target` (the inverse of ``summed(toShape:)``).
    func expanded(toShape target: [Int]) -> Tensor {
        if shape == target { return self }
        var plan = Broadcast(shape, target, operation: "expand")
        precondition(plan.shape == target, "cannot expand shape \(shape) to \(target)")
        plan.rhs = (0, 0)
        return Tensor.zipRaw(self, Tensor(shape: [], storage: [0]), plan, .add)
    }
}
