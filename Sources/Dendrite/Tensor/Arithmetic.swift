// Element-wise arithmetic with broadcasting, each op with its pullback beside it.

extension Tensor {
    /// `lhs op rhs` with broadcasting, recorded with `pullback(g, lhs, rhs, result)`.
    private static func binary(
        _ name: String, _ lhs: Tensor, _ rhs: Tensor, _ op: Kernels.BinaryOp,
        _ pullback: @escaping (Tensor, Tensor, Tensor, Tensor) -> [Tensor?]
    ) -> Tensor {
        let plan = Broadcast(lhs.shape, rhs.shape, operation: name)
        let (a, b) = (lhs.detached(), rhs.detached())
        return zipRaw(a, b, plan, op).recorded(name, inputs: [lhs, rhs]) { g, out in pullback(g, a, b, out) }
    }

    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor {
        binary("add", lhs, rhs, .add) { g, _, _, _ in [g, g] }
    }

    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor {
        binary("subtract", lhs, rhs, .subtract) { g, _, _, _ in [g, g.mapRaw(.negate)] }
    }

    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor {
        binary("multiply", lhs, rhs, .multiply) { g, a, b, _ in [g.raw(.multiply, b), g.raw(.multiply, a)] }
    }

    public static func / (lhs: Tensor, rhs: Tensor) -> Tensor {
        // d(a/b)/db = -(a/b)/b, from the saved quotient.
        binary("divide", lhs, rhs, .divide) { g, _, b, q in
            let gb = g.raw(.divide, b)
            return [gb, gb.raw(.multiply, q).mapRaw(.negate)]
        }
    }

    /// Element-wise maximum; the gradient goes to `lhs` where it is ≥ `rhs`.
    public static func maximum(_ lhs: Tensor, _ rhs: Tensor) -> Tensor {
        binary("maximum", lhs, rhs, .maximum) { g, a, b, _ in
            let mask = a.raw(.greaterOrEqual, b)
            return [g.raw(.multiply, mask), g.raw(.multiply, mask.affine(-1, 1))]
        }
    }

    /// Element-wise minimum; the gradient goes to `lhs` where it is ≤ `rhs`.
    public static func minimum(_ lhs: Tensor, _ rhs: Tensor) -> Tensor {
        binary("minimum", lhs, rhs, .minimum) { g, a, b, _ in
            let mask = a.raw(.lessOrEqual, b)
            return [g.raw(.multiply, mask), g.raw(.multiply, mask.affine(-1, 1))]
        }
    }

    /// `lhs` raised to `rhs`, element-wise.
    public static func pow(_ lhs: Tensor, _ rhs: Tensor) -> Tensor {
        binary("pow", lhs, rhs, .power) { g, a, b, out in
            let da = g.raw(.multiply, b).raw(.multiply, zipRaw(a, b.affine(1, -1), Broadcast(a.shape, b.shape, operation: "pow"), .power))
            // d(a^b)/db = a^b log a, taken as 0 where a == 0 (as PyTorch), not 0 * -inf = NaN:
            // log is read at a + 1 there, which is log 1 = 0.
            let logA = a.raw(.add, a.raw(.equal, Tensor(0))).mapRaw(.log)
            let db = g.raw(.multiply, out).raw(.multiply, logA)
            return [da, db]
        }
    }

    // MARK: Scalars

    public static func + (lhs: Tensor, rhs: Scalar) -> Tensor { lhs.affine(1, rhs) }
    public static func + (lhs: Scalar, rhs: Tensor) -> Tensor { rhs.affine(1, lhs) }
    public static func - (lhs: Tensor, rhs: Scalar) -> Tensor { lhs.affine(1, -rhs) }
    public static func - (lhs: Scalar, rhs: Tensor) -> Tensor { rhs.affine(-1, lhs) }
    public static func * (lhs: Tensor, rhs: Scalar) -> Tensor { lhs.affine(rhs, 0) }
    public static func * (lhs: Scalar, rhs: Tensor) -> Tensor { rhs.affine(lhs, 0) }
    public static func / (lhs: Tensor, rhs: Scalar) -> Tensor { lhs.affine(1 / rhs, 0) }
    public static func / (lhs: Scalar, rhs: Tensor) -> Tensor { Tensor(lhs) / rhs }
    public static prefix func - (x: Tensor) -> Tensor { x.affine(-1, 0) }

    public static func += (lhs: inout Tensor, rhs: Tensor) { lhs = lhs + rhs }
    public static func -= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs - rhs }
    public static func *= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs * rhs }
    public static func /= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs / rhs }
    public static func += (lhs: inout Tensor, rhs: Scalar) { lhs = lhs + rhs }
    public static func -= (lhs: inout Tensor, rhs: Scalar) { lhs = lhs - rhs }
    public static func *= (lhs: inout Tensor, rhs: Scalar) { lhs = lhs * rhs }
    public static func /= (lhs: inout Tensor, rhs: Scalar) { lhs = lhs / rhs }

    /// `alpha * x + beta`, element-wise, in one pass.
    public func affine(_ alpha: Scalar, _ beta: Scalar) -> Tensor {
        affineRaw(alpha, beta).recorded("affine", inputs: [self]) { g, _ in [g.affine(alpha, 0)] }
    }

    // MARK: Unary functions

    private func unary(_ name: String, _ op: Kernels.UnaryOp, _ pullback: @escaping (Tensor, Tensor, Tensor) -> Tensor) -> Tensor {
        let x = detached()
        return mapRaw(op).recorded(name, inputs: [self]) { g, out in [pullback(g, x, out)] }
    }

    /// e^x, element-wise.
    public func exp() -> Tensor { unary("exp", .exp) { g, _, out in g.raw(.multiply, out) } }
    /// The natural logarithm, element-wise.
    public func log() -> Tensor { unary("log", .log) { g, x, _ in g.raw(.divide, x) } }
    /// |x|, element-wise; the gradient at 0 is 0.
    public func abs() -> Tensor { unary("abs", .abs) { g, x, _ in g.raw(.multiply, x.mapRaw(.sign)) } }
    /// √x, element-wise.
    public func sqrt() -> Tensor { unary("sqrt", .sqrt) { g, _, out in g.raw(.divide, out).affine(0.5, 0) } }
    /// x², element-wise.
    public func squared() -> Tensor { unary("square", .square) { g, x, _ in g.raw(.multiply, x).affine(2, 0) } }
    /// 1/x, element-wise.
    public func reciprocal() -> Tensor {
        unary("reciprocal", .reciprocal) { g, _, out in g.raw(.multiply, out.mapRaw(.square)).mapRaw(.negate) }
    }

    /// Values limited to `lo...hi`; the gradient is 0 where the value was clipped.
    public func clamped(to range: ClosedRange<Scalar>) -> Tensor {
        let x = detached()
        let out = clampedRaw(range.lowerBound, range.upperBound)
        return out.recorded("clamp", inputs: [self]) { g, _ in
            let inside = x.raw(.greaterOrEqual, Tensor(range.lowerBound)).raw(.multiply, x.raw(.lessOrEqual, Tensor(range.upperBound)))
            return [g.raw(.multiply, inside)]
        }
    }

    // MARK: Comparisons (constants: 1 where true, 0 where false)

    public static func .== (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.compare(.equal, rhs, "==") }
    public static func .!= (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.compare(.notEqual, rhs, "!=") }
    public static func .< (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.compare(.less, rhs, "<") }
    public static func .<= (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.compare(.lessOrEqual, rhs, "<=") }
    public static func .> (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.compare(.greater, rhs, ">") }
    public static func .>= (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.compare(.greaterOrEqual, rhs, ">=") }

    private func compare(_ op: Kernels.BinaryOp, _ rhs: Tensor, _ name: String) -> Tensor {
        Tensor.zipRaw(detached(), rhs.detached(), Broadcast(shape, rhs.shape, operation: name), op)
    }

    // MARK: Raw helpers for pullbacks (never recorded)

    func raw(_ op: Kernels.BinaryOp, _ other: Tensor) -> Tensor {
        Tensor.zipRaw(self, other, Broadcast(shape, other.shape, operation: "gradient"), op)
    }
}
