/* gemm_ref.c - dd_sgemm_ref and dd_dgemm_ref, the reference the fast GEMM is tested against. */
#include "../internal.h"

#define real float
#define DD_FN(x) s_##x
#include "gemm_ref.inc"

#define real double
#define DD_FN(x) d_##x
#include "gemm_ref.inc"

/* ---- The entry points of cdendrite.h ---- */

void dd_sgemm_ref(dd_trans ta, dd_trans tb, int64_t m, int64_t n, int64_t k,
                  float alpha, const float *a, int64_t lda, const float *b, int64_t ldb,
                  float beta, float *DD_RESTRICT c, int64_t ldc) {
    s_gemm_ref(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void dd_dgemm_ref(dd_trans ta, dd_trans tb, int64_t m, int64_t n, int64_t k,
                  double alpha, const double *a, int64_t lda, const double *b, int64_t ldb,
                  double beta, double *DD_RESTRICT c, int64_t ldc) {
    d_gemm_ref(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
