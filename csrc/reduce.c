/* reduce.c - sums, norms, dot products and the small BLAS-1 style helpers. */
#include "chunked.h"

#include <float.h>
#include <math.h>

/*
 * OUT = sum of TERM (an expression in the index VAR) over [lo, hi), with
 * eight independent double accumulators: the compiler may vectorise them
 * without reassociating (no -ffast-math), and they are slightly more accurate
 * than one running sum.
 */
#define DD_SUM8(OUT, lo, hi, VAR, TERM)                                         \
    do {                                                                        \
        double s8_[8] = {0, 0, 0, 0, 0, 0, 0, 0};                               \
        int64_t i8_ = (lo);                                                     \
        for (; i8_ + 8 <= (hi); i8_ += 8) {                                     \
            for (int k8_ = 0; k8_ < 8; k8_++) {                                 \
                const int64_t VAR = i8_ + k8_;                                  \
                s8_[k8_] += (TERM);                                             \
            }                                                                   \
        }                                                                       \
        double t8_ = 0.0;                                                       \
        for (; i8_ < (hi); i8_++) {                                             \
            const int64_t VAR = i8_;                                            \
            t8_ += (TERM);                                                      \
        }                                                                       \
        (OUT) = ((s8_[0] + s8_[1]) + (s8_[2] + s8_[3])) +                       \
                ((s8_[4] + s8_[5]) + (s8_[6] + s8_[7])) + t8_;                  \
    } while (0)

/* Columns summed together by col_sums: 1 KiB of double accumulators. */
#define DD_COL_BLOCK 128

#define real float
#define DD_FN(name) s_##name
#include "reduce.inc"

#define real double
#define DD_FN(name) d_##name
#include "reduce.inc"

/* ---- The entry points of cdendrite.h, each calling its body above ---- */

double dd_s_sum(int64_t n, const float *x) {
    return s_sum(n, x);
}

double dd_d_sum(int64_t n, const double *x) {
    return d_sum(n, x);
}

double dd_s_mean(int64_t n, const float *x) {
    return s_mean(n, x);
}

double dd_d_mean(int64_t n, const double *x) {
    return d_mean(n, x);
}

double dd_s_mean_abs(int64_t n, const float *x) {
    return s_mean_abs(n, x);
}

double dd_d_mean_abs(int64_t n, const double *x) {
    return d_mean_abs(n, x);
}

double dd_s_norm2(int64_t n, const float *x) {
    return s_norm2(n, x);
}

double dd_d_norm2(int64_t n, const double *x) {
    return d_norm2(n, x);
}

double dd_s_dot(int64_t n, const float *x, const float *y) {
    return s_dot(n, x, y);
}

double dd_d_dot(int64_t n, const double *x, const double *y) {
    return d_dot(n, x, y);
}

void dd_s_add_row_bias(int64_t m, int64_t n, const float *x, const float *bias, float *y) {
    s_add_row_bias(m, n, x, bias, y);
}

void dd_d_add_row_bias(int64_t m, int64_t n, const double *x, const double *bias, double *y) {
    d_add_row_bias(m, n, x, bias, y);
}

void dd_s_col_sums(int64_t m, int64_t n, const float *x, float *out) {
    s_col_sums(m, n, x, out);
}

void dd_d_col_sums(int64_t m, int64_t n, const double *x, double *out) {
    d_col_sums(m, n, x, out);
}

void dd_s_row_sums(int64_t m, int64_t n, const float *x, float *out) {
    s_row_sums(m, n, x, out);
}

void dd_d_row_sums(int64_t m, int64_t n, const double *x, double *out) {
    d_row_sums(m, n, x, out);
}

void dd_s_axpy(int64_t n, float alpha, const float *x, float *DD_RESTRICT y) {
    s_axpy(n, alpha, x, y);
}

void dd_d_axpy(int64_t n, double alpha, const double *x, double *DD_RESTRICT y) {
    d_axpy(n, alpha, x, y);
}

void dd_s_scale(int64_t n, float alpha, float *x) {
    s_scale(n, alpha, x);
}

void dd_d_scale(int64_t n, double alpha, double *x) {
    d_scale(n, alpha, x);
}

void dd_s_fill(int64_t n, float value, float *x) {
    s_fill(n, value, x);
}

void dd_d_fill(int64_t n, double value, double *x) {
    d_fill(n, value, x);
}
