/*
 * gemm_ref_impl.h - the plain triple-loop GEMM, written once against `real` and
 * included by gemm_ref.c for float (DD_GEMM(_ref) = dd_sgemm_ref) and double.
 * Sums in double.
 */

void DD_GEMM(_ref)(dd_trans ta, dd_trans tb, int64_t m, int64_t n, int64_t k,
                     real alpha, const real *a, int64_t lda, const real *b, int64_t ldb,
                     real beta, real *DD_RESTRICT c, int64_t ldc) {
    /* Strides of op(A) and op(B): element (i, p) of op(A) is a[i * ars + p * acs]. */
    const int64_t ars = ta == DD_NO_TRANS ? lda : 1, acs = ta == DD_NO_TRANS ? 1 : lda;
    const int64_t brs = tb == DD_NO_TRANS ? ldb : 1, bcs = tb == DD_NO_TRANS ? 1 : ldb;
    for (int64_t i = 0; i < m; i++) {
        for (int64_t j = 0; j < n; j++) {
            double s = 0.0;
            if (alpha != 0) {
                for (int64_t p = 0; p < k; p++)
                    s += (double)a[i * ars + p * acs] * (double)b[p * brs + j * bcs];
            }
            real ab = (real)((double)alpha * s);
            /* beta == 0 overwrites C without reading it: NaN in C must not survive. */
            c[i * ldc + j] = beta == 0 ? ab : ab + beta * c[i * ldc + j];
        }
    }
}

/* This body consumes its parameters, so the next precision can define them afresh. */
#undef real
#undef DD_GEMM
