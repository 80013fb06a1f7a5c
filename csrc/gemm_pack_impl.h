/*
 * gemm_pack_impl.h - packing of GEMM operands into micro panels, written once
 * against `real`, MR and NR; DD_TILE(name) names the functions and
 * PACK_TARGET is their target attribute (empty, or the AVX-512 one for the
 * AVX-512 families, which only run on such CPUs). PACK_COPY_PAD(dst, src, n,
 * width), when defined, copies n < width contiguous values and zeroes the
 * rest of width (with masked vectors): the edge panels of narrow shapes are
 * a good part of their time. Included by gemm_pack.c for each tile family of
 * each precision.
 *
 * Transposition costs nothing here: the caller passes the strides of op(X),
 * so X and X^T are packed by the same code. The branches only let the
 * compiler see a contiguous inner loop. Panels are written one after the
 * other: spreading each depth step over all panels instead writes to lines
 * kc * MR (or NR) values apart, which share an L1 set when that is a
 * multiple of 4 KiB, and the half-written lines get evicted (the A^T of an
 * MLP's weight gradient packed at a third of the speed).
 */

/* One partial panel (rows < MR), zero-padded to MR rows. */
PACK_TARGET static void DD_TILE(gemm_pack_a_edge)(int64_t rows, int64_t kc,
                                                  const real *restrict src, int64_t rs,
                                                  int64_t cs, real *restrict dst) {
#ifdef PACK_COPY_PAD
    if (rs == 1) {
        for (int64_t p = 0; p < kc; p++) PACK_COPY_PAD(dst + p * MR, src + p * cs, (int)rows, MR);
        return;
    }
#endif
    for (int64_t p = 0; p < kc; p++) {
        int64_t i = 0;
        for (; i < rows; i++) dst[p * MR + i] = src[i * rs + p * cs];
        for (; i < MR; i++) dst[p * MR + i] = 0;
    }
}

PACK_TARGET void DD_TILE(gemm_pack_a)(int64_t rows, int64_t kc, const real *restrict src,
                                      int64_t rs, int64_t cs, real *restrict dst) {
    const int64_t full = rows / MR * MR;
    if (rs == 1) {
        /* A^T: the MR values of a depth step are contiguous. Panels narrower
           than a cache line go two at a time, so each line is read whole. */
        enum { G = MR * sizeof(real) < 64 ? 2 : 1 };
        int64_t i0 = 0;
        for (; i0 + G * MR <= full; i0 += G * MR)
            for (int64_t p = 0; p < kc; p++)
                for (int g = 0; g < G; g++)
                    for (int i = 0; i < MR; i++)
                        dst[(i0 + g * MR) * kc + p * MR + i] = src[i0 + g * MR + p * cs + i];
        for (; i0 < full; i0 += MR)
            for (int64_t p = 0; p < kc; p++)
                for (int i = 0; i < MR; i++) dst[i0 * kc + p * MR + i] = src[i0 + p * cs + i];
    } else {
        for (int64_t i0 = 0; i0 < full; i0 += MR)
            for (int64_t p = 0; p < kc; p++)
                for (int i = 0; i < MR; i++)
                    dst[i0 * kc + p * MR + i] = src[(i0 + i) * rs + p * cs];
    }
    if (full < rows)
        DD_TILE(gemm_pack_a_edge)(rows - full, kc, src + full * rs, rs, cs, dst + full * kc);
}

/* One partial panel (cols < NR), zero-padded to NR columns. */
PACK_TARGET static void DD_TILE(gemm_pack_b_edge)(int64_t kc, int64_t cols,
                                                  const real *restrict src, int64_t rs,
                                                  int64_t cs, real *restrict dst) {
#ifdef PACK_COPY_PAD
    if (cs == 1) {
        for (int64_t p = 0; p < kc; p++) PACK_COPY_PAD(dst + p * NR, src + p * rs, (int)cols, NR);
        return;
    }
#endif
    for (int64_t p = 0; p < kc; p++) {
        int64_t j = 0;
        for (; j < cols; j++) dst[p * NR + j] = src[p * rs + j * cs];
        for (; j < NR; j++) dst[p * NR + j] = 0;
    }
}

PACK_TARGET void DD_TILE(gemm_pack_b)(int64_t kc, int64_t cols, const real *restrict src,
                                      int64_t rs, int64_t cs, real *restrict dst) {
    const int64_t full = cols / NR * NR;
    if (cs == 1) { /* B: the NR values of a depth step are contiguous */
        for (int64_t j0 = 0; j0 < full; j0 += NR)
            for (int64_t p = 0; p < kc; p++)
                for (int j = 0; j < NR; j++) dst[j0 * kc + p * NR + j] = src[j0 + p * rs + j];
    } else {
        for (int64_t j0 = 0; j0 < full; j0 += NR)
            for (int64_t p = 0; p < kc; p++)
                for (int j = 0; j < NR; j++)
                    dst[j0 * kc + p * NR + j] = src[(j0 + j) * cs + p * rs];
    }
    if (full < cols)
        DD_TILE(gemm_pack_b_edge)(kc, cols - full, src + full * cs, rs, cs, dst + full * kc);
}

/* This body consumes its parameters, so the next family can define them afresh. */
#undef real
#undef DD_TILE
#undef MR
#undef NR
#undef PACK_TARGET
#undef PACK_COPY_PAD
