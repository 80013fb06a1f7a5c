/*
 * elementwise.c - arithmetic with 2-D broadcasting, unary maps, clamp,
 * transpose, row gather/scatter and argmax: the loops under the Swift tensor
 * operations, for float and double (elementwise.inc).
 */
#include "chunked.h"

#include <math.h>

#define real float
#define DD_FN(name) s_##name
#define DD_EXP expf
#define DD_LOG logf
#define DD_SQRT sqrtf
#define DD_POW powf
#include "elementwise.inc"

#define real double
#define DD_FN(name) d_##name
#define DD_EXP exp
#define DD_LOG log
#define DD_SQRT sqrt
#define DD_POW pow
#include "elementwise.inc"

/* ---- The entry points of cdendrite.h, each calling its body above ---- */

void dd_s_binary(dd_binary_op op, int64_t m, int64_t n, const float *x, int64_t xs0, int64_t xs1,
                 const float *y, int64_t ys0, int64_t ys1, float *out) {
    s_binary(op, m, n, x, xs0, xs1, y, ys0, ys1, out);
}

void dd_d_binary(dd_binary_op op, int64_t m, int64_t n, const double *x, int64_t xs0, int64_t xs1,
                 const double *y, int64_t ys0, int64_t ys1, double *out) {
    d_binary(op, m, n, x, xs0, xs1, y, ys0, ys1, out);
}

void dd_s_unary(dd_unary_op op, int64_t n, const float *x, float *out) {
    s_unary(op, n, x, out);
}

void dd_d_unary(dd_unary_op op, int64_t n, const double *x, double *out) {
    d_unary(op, n, x, out);
}

void dd_s_affine(int64_t n, float alpha, float beta, const float *x, float *out) {
    s_affine(n, alpha, beta, x, out);
}

void dd_d_affine(int64_t n, double alpha, double beta, const double *x, double *out) {
    d_affine(n, alpha, beta, x, out);
}

void dd_s_clamp(int64_t n, float lo, float hi, const float *x, float *out) {
    s_clamp(n, lo, hi, x, out);
}

void dd_d_clamp(int64_t n, double lo, double hi, const double *x, double *out) {
    d_clamp(n, lo, hi, x, out);
}

void dd_s_transpose(int64_t m, int64_t n, const float *x, float *DD_RESTRICT out) {
    s_transpose(m, n, x, out);
}

void dd_d_transpose(int64_t m, int64_t n, const double *x, double *DD_RESTRICT out) {
    d_transpose(m, n, x, out);
}

void dd_s_gather_rows(int64_t count, int64_t n, const float *x, const int64_t *index,
                      float *DD_RESTRICT out) {
    s_gather_rows(count, n, x, index, out);
}

void dd_d_gather_rows(int64_t count, int64_t n, const double *x, const int64_t *index,
                      double *DD_RESTRICT out) {
    d_gather_rows(count, n, x, index, out);
}

void dd_gather_labels(int64_t count, const int32_t *labels, const int64_t *index,
                      int32_t *DD_RESTRICT out) {
    /* a batch of labels: never worth a team */
    for (int64_t r = 0; r < count; r++) out[r] = labels[index[r]];
}

void dd_s_scatter_add_rows(int64_t count, int64_t n, const float *x, const int64_t *index,
                           float *DD_RESTRICT out) {
    s_scatter_add_rows(count, n, x, index, out);
}

void dd_d_scatter_add_rows(int64_t count, int64_t n, const double *x, const int64_t *index,
                           double *DD_RESTRICT out) {
    d_scatter_add_rows(count, n, x, index, out);
}

void dd_s_argmax_rows(int64_t m, int64_t n, const float *x, int64_t *index) {
    s_argmax_rows(m, n, x, index);
}

void dd_d_argmax_rows(int64_t m, int64_t n, const double *x, int64_t *index) {
    d_argmax_rows(m, n, x, index);
}
