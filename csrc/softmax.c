/* softmax.c - row softmax, log-softmax and their backward passes, both precisions. */
#include "internal.h"
#include "vmath/vmath.h"

#include <math.h>

/* The shared row max and exp sums (rows.inc): exp in the precision of the values. */
#define real float
#define ereal float
#define DD_EXP expf
#define DD_ROWS(name) rows_f_##name
#include "rows.inc"

#define real double
#define ereal double
#define DD_EXP exp
#define DD_ROWS(name) rows_d_##name
#define DD_VEXP_SUM /* the double vector math when the CPU has it */
#include "rows.inc"

#define real float
#define DD_ROW(name) rows_f_##name
#define DD_FN(name) s_##name
#define DD_M(fn) fn##f
#define DD_VMATH dd_vmath_get()
#define DD_VM_ROWS(vm, fn, ...) (vm)->fn(__VA_ARGS__)
#include "softmax.inc"

/* Double: the row kernels stay portable; their exp sums go through the
 * double vector math (rows.inc, DD_VEXP_SUM). */
#define real double
#define DD_ROW(name) rows_d_##name
#define DD_FN(name) d_##name
#define DD_M(fn) fn
#define DD_VMATH ((const dd_vmath *)0)
#define DD_VM_ROWS(vm, fn, ...) ((void)0)
#include "softmax.inc"

/* ---- The entry points of cdendrite.h, each calling its body above ---- */

void dd_s_softmax_forward(int64_t n, int64_t c, const float *z, float *a) {
    s_softmax_forward(n, c, z, a);
}

void dd_d_softmax_forward(int64_t n, int64_t c, const double *z, double *a) {
    d_softmax_forward(n, c, z, a);
}

void dd_s_softmax_backward(int64_t n, int64_t c, const float *a, const float *dLdA, float *dLdZ) {
    s_softmax_backward(n, c, a, dLdA, dLdZ);
}

void dd_d_softmax_backward(int64_t n, int64_t c, const double *a, const double *dLdA, double *dLdZ) {
    d_softmax_backward(n, c, a, dLdA, dLdZ);
}

void dd_s_log_softmax_forward(int64_t n, int64_t c, const float *z, float *l) {
    s_log_softmax_forward(n, c, z, l);
}

void dd_d_log_softmax_forward(int64_t n, int64_t c, const double *z, double *l) {
    d_log_softmax_forward(n, c, z, l);
}

void dd_s_log_softmax_backward(int64_t n, int64_t c, const float *l, const float *dLdL, float *dLdZ) {
    s_log_softmax_backward(n, c, l, dLdL, dLdZ);
}

void dd_d_log_softmax_backward(int64_t n, int64_t c, const double *l, const double *dLdL, double *dLdZ) {
    d_log_softmax_backward(n, c, l, dLdL, dLdZ);
}

void dd_s_softmax_jacobian(int64_t n, int64_t c, const float *a, float *jac) {
    s_softmax_jacobian(n, c, a, jac);
}

void dd_d_softmax_jacobian(int64_t n, int64_t c, const double *a, double *jac) {
    d_softmax_jacobian(n, c, a, jac);
}

void dd_s_softmax_jacobian_backward(int64_t n, int64_t c, const float *jac, const float *dLdA, float *dLdZ) {
    s_softmax_jacobian_backward(n, c, jac, dLdA, dLdZ);
}

void dd_d_softmax_jacobian_backward(int64_t n, int64_t c, const double *jac, const double *dLdA, double *dLdZ) {
    d_softmax_jacobian_backward(n, c, jac, dLdA, dLdZ);
}
