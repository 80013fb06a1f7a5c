/*
 * gemm_api_impl.h - dd_sgemm / dd_dgemm, written once against `real`: the
 * trivial cases, then the tile family and micro kernel for the chosen kernel
 * and the shape. Included by gemm.c after the drivers of a precision, with
 * DD_FN(name) naming that precision's internals, DD_GEMM(suffix) its
 * public names and NARROW_MAX the widest N of the narrow AVX-512 tile.
 */

/* C = beta * C (beta == 0 writes zeros): the whole job when alpha == 0 or k == 0. */
static void DD_FN(gemm_scale_c)(int64_t m, int64_t n, real beta, real *c, int64_t ldc) {
    DD_PARALLEL_FOR_IF(m * n >= DD_ELEMENTWISE_PARALLEL_MIN)
    for (int64_t i = 0; i < m; i++) {
        real *ci = c + i * ldc;
        if (beta == 0) {
            for (int64_t j = 0; j < n; j++) ci[j] = 0;
        } else if (beta != 1) {
            for (int64_t j = 0; j < n; j++) ci[j] *= beta;
        }
    }
}

void DD_GEMM()(dd_trans ta, dd_trans tb, int64_t m, int64_t n, int64_t k, real alpha,
               const real *a, int64_t lda, const real *b, int64_t ldb, real beta,
               real *DD_RESTRICT c, int64_t ldc) {
    if (m <= 0 || n <= 0) return;
    if (k <= 0 || alpha == 0) {
        DD_FN(gemm_scale_c)(m, n, beta, c, ldc);
        return;
    }

    int done;
    switch (dd_gemm_active_kernel()) { /* read the choice once per call */
#if DD_X86
    case DD_GEMM_KERNEL_AVX512:
        /* N within one vector: the narrow tile wastes at most VL - n columns, not 2 VL - n. */
        done = n <= NARROW_MAX
                   ? DD_FN(gemm_run_narrow)(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc,
                                            DD_FN(gemm_ukernel_avx512_narrow),
                                            DD_FN(gemm_pack_bt_avx2))
                   : DD_FN(gemm_run_wide)(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc,
                                          DD_FN(gemm_ukernel_avx512_wide),
                                          DD_FN(gemm_pack_bt_avx2));
        break;
    case DD_GEMM_KERNEL_AVX2:
        done = DD_FN(gemm_run_std)(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc,
                                   DD_FN(gemm_ukernel_avx2), DD_FN(gemm_pack_bt_avx2));
        break;
#endif
    default:
        done = DD_FN(gemm_run_std)(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc,
                                   DD_FN(gemm_ukernel_portable), NULL);
        break;
    }
    if (!done) /* out of memory: still give the right answer */
        DD_GEMM(_ref)(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

/* This body consumes its parameters, so the next precision can define them afresh. */
#undef real
#undef DD_FN
#undef DD_GEMM
#undef NARROW_MAX
