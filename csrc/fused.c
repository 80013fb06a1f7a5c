/*
 * fused.c - layer kernels that do in one pass what a chain of public kernels
 * does, with the same bits: the linear layer's forward (GEMM, bias and
 * activation in the GEMM's epilogue) and its backward (activation derivative
 * and bias gradient in one pass, then the two GEMMs).
 */
#include "gemm/gemm.h"
#include "internal.h"
#include "vmath/vmath.h"

/* Columns whose sums one pass keeps in double on the stack (1 KiB). */
#define DD_FUSED_COL_BLOCK 128
/* Values per batch of rows: f' writes them and the column sums read them from L1. */
#define DD_FUSED_BATCH 2048

#define real float
#define DD_FN(name) s_##name
#define DD_VMATH dd_vmath_get()
#define GEMM_EPI dd_s_gemm_epi
#define GEMM dd_sgemm
#define ACT_FWD_CHUNK dd_s_act_forward_chunk
#define ACT_BWD_CHUNK dd_s_act_backward_chunk
#define ACT_BACKWARD dd_s_act_backward
#include "fused.inc"

#define real double
#define DD_FN(name) d_##name
#define DD_VMATH dd_vmath_get() /* the same table as dd_d_act_forward: the double vector math */
#define GEMM_EPI dd_d_gemm_epi
#define GEMM dd_dgemm
#define ACT_FWD_CHUNK dd_d_act_forward_chunk
#define ACT_BWD_CHUNK dd_d_act_backward_chunk
#define ACT_BACKWARD dd_d_act_backward
#include "fused.inc"

/* ---- The entry points of cdendrite.h, each calling its body above ---- */

void dd_s_linear_forward(dd_act act, const dd_act_params *p, int64_t m, int64_t n, int64_t k,
                         const float *x, const float *w, const float *bias, float *z, float *a) {
    s_linear_forward(act, p, m, n, k, x, w, bias, z, a);
}

void dd_d_linear_forward(dd_act act, const dd_act_params *p, int64_t m, int64_t n, int64_t k,
                         const double *x, const double *w, const double *bias, double *z,
                         double *a) {
    d_linear_forward(act, p, m, n, k, x, w, bias, z, a);
}

void dd_s_linear_backward_act(dd_act act, const dd_act_params *p, int64_t m, int64_t n,
                              const float *z, const float *a, const float *dA, float *dZ,
                              float *db) {
    s_linear_backward_act(act, p, m, n, z, a, dA, dZ, db);
}

void dd_d_linear_backward_act(dd_act act, const dd_act_params *p, int64_t m, int64_t n,
                              const double *z, const double *a, const double *dA, double *dZ,
                              double *db) {
    d_linear_backward_act(act, p, m, n, z, a, dA, dZ, db);
}

void dd_s_linear_backward(dd_act act, const dd_act_params *p, int64_t m, int64_t n, int64_t k,
                          const float *x, const float *w, const float *z, const float *a,
                          const float *dA, float *dZ, float *dX, float *dW, float *db) {
    s_linear_backward(act, p, m, n, k, x, w, z, a, dA, dZ, dX, dW, db);
}

void dd_d_linear_backward(dd_act act, const dd_act_params *p, int64_t m, int64_t n, int64_t k,
                          const double *x, const double *w, const double *z, const double *a,
                          const double *dA, double *dZ, double *dX, double *dW, double *db) {
    d_linear_backward(act, p, m, n, k, x, w, z, a, dA, dZ, dX, dW, db);
}
