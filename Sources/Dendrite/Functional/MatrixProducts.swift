// Matrix products on the packed GEMM: matmul and the fused linear layer.

extension Tensor {
    /// The matrix product `self · other`.
    public func matmul(_ other: Tensor) -> Tensor {
        precondition(rank == 2 && other.rank == 2, "matmul: needs two matrices, got shapes \(shape) and \(other.shape)")
        precondition(shape[1] == other.shape[0],
                     "matmul: shapes \(shape) and \(other.shape) do not chain (inner dimensions \(shape[1]) and \(other.shape[0]))")
        let (a, b) = (detached(), other.detached())
        // Only the products whose gradient someone needs: an input batch needs none.
        let (needA, needB) = (requiresGrad, other.requiresGrad)
        return Tensor.productRaw(a, b).recorded("matmul", inputs: [self, other]) { g, _ in
            [needA ? Tensor.productRaw(g, b, transposeB: true) : nil, needB ? Tensor.productRaw(a, transposeA: true, g) : nil]
        }
    }
}

/// The affine map of a linear layer, `x · weightᵀ + bias`, as one recorded op.
///
/// `weight` has PyTorch's layout, `[outputs, inputs]`; `bias` has `[outputs]`. The product
/// runs on GEMM with the transpose absorbed by packing; the backward is
/// `dX = dY · W`, `dW = dYᵀ · X`, `db = column sums of dY`.
public func linear<Scalar>(_ x: Tensor<Scalar>, weight: Tensor<Scalar>, bias: Tensor<Scalar>?) -> Tensor<Scalar> {
    precondition(x.rank == 2 && weight.rank == 2,
                 "linear: needs a matrix input and a matrix weight, got shapes \(x.shape) and \(weight.shape)")
    precondition(x.shape[1] == weight.shape[1],
                 "linear: input has \(x.shape[1]) features (shape \(x.shape)) but the weight expects \(weight.shape[1]) (shape \(weight.shape))")
    if let bias {
        precondition(bias.shape == [weight.shape[0]], "linear: bias has shape \(bias.shape), expected [\(weight.shape[0])]")
    }
    let (xs, ws) = (x.detached(), weight.detached())
    var y = Tensor.productRaw(xs, ws, transposeB: true)
    if let bias, y.count > 0 { y.addRowBiasInPlace(bias) }
    let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
    // The input gradient of a first layer (an input batch) is a third of its backward
    // GEMM work and nobody reads it: skip what no input needs.
    let (needX, needW, needB) = (x.requiresGrad, weight.requiresGrad, bias?.requiresGrad ?? false)
    return y.recorded("linear", inputs: inputs) { g, _ in
        var grads: [Tensor<Scalar>?] = [needX ? Tensor.productRaw(g, ws) : nil, needW ? Tensor.productRaw(g, transposeA: true, xs) : nil]
        if bias != nil { grads.append(needB ? g.summed(toShape: [g.shape[1]]) : nil) }
        return grads
    }
}
