/*
 * gemm_pack_impl.h - packing of GEMM operands into micro panels, written once
 * against `real`, MR and NR; included by gemm_pack.c for float and double.
 *
 * Transposition costs nothing here: the caller passes the strides of op(X),
 * so X and X^T are packed by the same code. The branches only choose a loop
 * order that reads the source along its contiguous direction.
 */

/* One partial panel (rows < MR), zero-padded to MR rows. */
static void DD_FN(gemm_pack_a_edge)(int64_t rows, int64_t kc, const real *restrict src,
                                    int64_t rs, int64_t cs, real *restrict dst) {
    for (int64_t p = 0; p < kc; p++) {
        int64_t i = 0;
        for (; i < rows; i++) dst[p * MR + i] = src[i * rs + p * cs];
        for (; i < MR; i++) dst[p * MR + i] = 0;
    }
}

void DD_FN(gemm_pack_a)(int64_t rows, int64_t kc, const real *restrict src, int64_t rs,
                        int64_t cs, real *restrict dst) {
    const int64_t full = rows / MR * MR;
    if (rs == 1) {
        /* A^T: a depth step is one contiguous row of the source, spread over
           all panels at once, so every cache line read is used whole. */
        for (int64_t p = 0; p < kc; p++) {
            const real *s = src + p * cs;
            real *d = dst + p * MR;
            for (int64_t i0 = 0; i0 < full; i0 += MR)
                for (int i = 0; i < MR; i++) d[i0 * kc + i] = s[i0 + i];
        }
    } else {
        for (int64_t i0 = 0; i0 < full; i0 += MR)
            for (int64_t p = 0; p < kc; p++)
                for (int i = 0; i < MR; i++)
                    dst[i0 * kc + p * MR + i] = src[(i0 + i) * rs + p * cs];
    }
    if (full < rows)
        DD_FN(gemm_pack_a_edge)(rows - full, kc, src + full * rs, rs, cs, dst + full * kc);
}

/* One partial panel (cols < NR), zero-padded to NR columns. */
static void DD_FN(gemm_pack_b_edge)(int64_t kc, int64_t cols, const real *restrict src,
                                    int64_t rs, int64_t cs, real *restrict dst) {
    for (int64_t p = 0; p < kc; p++) {
        int64_t j = 0;
        for (; j < cols; j++) dst[p * NR + j] = src[p * rs + j * cs];
        for (; j < NR; j++) dst[p * NR + j] = 0;
    }
}

void DD_FN(gemm_pack_b)(int64_t kc, int64_t cols, const real *restrict src, int64_t rs,
                        int64_t cs, real *restrict dst) {
    const int64_t full = cols / NR * NR;
    if (cs == 1) {
        /* B: a depth step is one contiguous row of the source, spread over all panels. */
        for (int64_t p = 0; p < kc; p++) {
            const real *s = src + p * rs;
            real *d = dst + p * NR;
            for (int64_t j0 = 0; j0 < full; j0 += NR)
                for (int j = 0; j < NR; j++) d[j0 * kc + j] = s[j0 + j];
        }
    } else {
        for (int64_t j0 = 0; j0 < full; j0 += NR)
            for (int64_t p = 0; p < kc; p++)
                for (int j = 0; j < NR; j++)
                    dst[j0 * kc + p * NR + j] = src[(j0 + j) * cs + p * rs];
    }
    if (full < cols)
        DD_FN(gemm_pack_b_edge)(kc, cols - full, src + full * cs, rs, cs, dst + full * kc);
}

/* This body consumes its parameters, so the next precision can define them afresh. */
#undef real
#undef DD_FN
#undef MR
#undef NR
