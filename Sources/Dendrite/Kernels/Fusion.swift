internal import CDendrite

// Rewrites a traced step's kernel calls into fused kernels that give the same bits (the C
// library guarantees each fused kernel equals the chain it replaces, for any thread count):
//   gemm(X·Wᵀ) → addRowBias → activation   becomes   linearForward (bias and activation in
//                                                     the GEMM's epilogue, Z kept only if read)
//   activationBackward → … → colSums(dZ)   becomes   linearBackwardAct (dZ and db in one pass)

/// The instructions of `code` with the fusable chains fused. `outputs` are slots read after
/// the plan runs.
func fused(_ code: [Instruction], outputs: Set<SlotID>) -> [Instruction] {
    var code = code
    var result: [Instruction] = []
    result.reserveCapacity(code.count)

    func readAfter(_ slot: SlotID, _ index: Int) -> Bool {
        outputs.contains(slot) || code[index...].contains { $0.operands.reads.contains(slot) }
    }

    var i = 0
    while i < code.count {
        if case let .gemm(ta, tb, m, n, k, x, lda, w, ldb, z, ldc) = code[i],
           ta == DD_NO_TRANS, tb == DD_TRANS, lda == k, ldb == k, ldc == n, z != x, z != w {
            var next = i + 1
            var (bias, z) = (noSlot, z)
            // The bias, added in place or (while tracing) into a copy of the product.
            if next < code.count, case let .addRowBias(bm, bn, from, b, y) = code[next], bm == m, bn == n, from == z, b != z,
               y != x, y != w, y != b, y == z || !readAfter(z, next + 1) {
                (bias, z) = (b, y)
                next += 1
            }
            var (act, params, a) = (DD_ACT_IDENTITY, dd_act_params_default(), z)
            if next < code.count, case let .activation(kind, p, count, from, to) = code[next],
               from == z, count == m * n, to != z, to != x, to != w, to != bias {
                (act, params, a) = (kind, p, to)
                next += 1
            }
            if bias != noSlot || a != z {
                let keepZ = a != z && readAfter(z, next)
                result.append(.linearForward(act, params, m: m, n: n, k: k, x: x, w: w, bias: bias, z: keepZ ? z : noSlot, a: a))
                i = next
                continue
            }
        }
        if case let .activationBackward(act, params, count, z, a, g, dZ) = code[i] {
            // The column sums of dZ further on, with nothing writing dZ or reading the sums' output before them.
            var sums: (index: Int, m: Int64, n: Int64, db: SlotID)?
            for j in (i + 1) ..< code.count {
                if case let .sums(true, m, n, x, db) = code[j], x == dZ, m * n == count {
                    sums = (j, m, n, db)
                    break
                }
                if code[j].operands.writes.contains(dZ) { break }
            }
            if let sums, !code[(i + 1) ..< sums.index].contains(where: { $0.operands.reads.contains(sums.db) || $0.operands.writes.contains(sums.db) }) {
                result.append(.linearBackwardAct(act, params, m: sums.m, n: sums.n, z: z, a: a, g: g, dZ: dZ, db: sums.db))
                code.remove(at: sums.index)
                i += 1
                continue
            }
        }
        result.append(code[i])
        i += 1
    }
    return result
}
