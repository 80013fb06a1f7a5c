/* activation.c - element-wise activations: defaults, names, and both precisions. */
#include "chunked.h"
#include "internal.h"
#include "vmath/vmath.h"

#include <float.h>
#include <math.h>
#include <string.h>

dd_act_params dd_act_params_default(void) {
    dd_act_params p = {.slope = 0.01, .ceiling = 6, .alpha = 1, .beta = 1, .threshold = 20,
                       .min_val = -1, .max_val = 1};
    return p;
}

const char *dd_act_name(dd_act act) {
    static const char *const names[DD_ACT_COUNT] = {
        "identity", "sigmoid", "tanh", "relu", "leaky_relu", "clipped_relu", "elu", "selu",
        "gelu", "gelu_tanh", "softplus", "silu", "mish", "hard_sigmoid", "hard_tanh"};
    return (unsigned)act < DD_ACT_COUNT ? names[act] : NULL;
}

/*
 * Normal CDF and density in double for both precisions: erfc of a double
 * argument keeps Phi's relative error ~x^2 * 1e-16 in the far left tail,
 * where a float argument would cost ~x^2 float ULPs.
 */
static inline double dd_normcdf(double x) { return 0.5 * erfc(-x * 0.70710678118654752440); }
static inline double dd_normpdf(double x) { return 0.39894228040143267794 * exp(-0.5 * x * x); }

#define real float
#define DD_FN(name) s_##name
#define DD_M(fn) fn##f
#define DD_REAL_MAX FLT_MAX
#define DD_NORMCDF(x) ((float)dd_normcdf(x))
#define DD_NORMPDF(x) ((float)dd_normpdf(x))
#define DD_VMATH dd_vmath_get()
#define DD_VM_FWD(vm, act, p, n, z, a) (vm)->act_forward(act, p, n, z, a)
#define DD_VM_BWD(vm, act, p, n, z, a, g, d) (vm)->act_backward(act, p, n, z, a, g, d)
#include "activation.inc"

/* Double: the exp-based activations through the double vector math (vmath.h),
 * the rest and CPUs without AVX2 on libm. */
#define real double
#define DD_FN(name) d_##name
#define DD_M(fn) fn
#define DD_REAL_MAX DBL_MAX
#define DD_NORMCDF(x) dd_normcdf(x)
#define DD_NORMPDF(x) dd_normpdf(x)
#define DD_VMATH dd_vmath_get()
#define DD_VM_FWD(vm, act, p, n, z, a) (vm)->act_forward_d(act, p, n, z, a)
#define DD_VM_BWD(vm, act, p, n, z, a, g, d) (vm)->act_backward_d(act, p, n, z, a, g, d)
#include "activation.inc"

/* ---- The entry points of cdendrite.h, each calling its body above ---- */

void dd_s_act_forward(dd_act act, const dd_act_params *p, int64_t n,
                      const float *z, float *a) {
    s_act_forward(act, p, n, z, a);
}

void dd_d_act_forward(dd_act act, const dd_act_params *p, int64_t n,
                      const double *z, double *a) {
    d_act_forward(act, p, n, z, a);
}

void dd_s_act_backward(dd_act act, const dd_act_params *p, int64_t n,
                       const float *z, const float *a, const float *dLdA, float *dLdZ) {
    s_act_backward(act, p, n, z, a, dLdA, dLdZ);
}

void dd_d_act_backward(dd_act act, const dd_act_params *p, int64_t n,
                       const double *z, const double *a, const double *dLdA, double *dLdZ) {
    d_act_backward(act, p, n, z, a, dLdA, dLdZ);
}

/* ---- Internal (internal.h): one serial chunk, for the fused layer kernels ---- */

void dd_s_act_forward_chunk(dd_act act, const dd_act_params *p, const struct dd_vmath *vm,
                            int64_t n, const float *z, float *a) {
    s_act_forward_chunk(act, p, vm, n, z, a);
}

void dd_d_act_forward_chunk(dd_act act, const dd_act_params *p, const struct dd_vmath *vm,
                            int64_t n, const double *z, double *a) {
    d_act_forward_chunk(act, p, vm, n, z, a);
}

void dd_s_act_backward_chunk(dd_act act, const dd_act_params *p, const struct dd_vmath *vm,
                             int64_t n, const float *z, const float *a, const float *dLdA,
                             float *dLdZ) {
    s_act_backward_chunk(act, p, vm, n, z, a, dLdA, dLdZ);
}

void dd_d_act_backward_chunk(dd_act act, const dd_act_params *p, const struct dd_vmath *vm,
                             int64_t n, const double *z, const double *a, const double *dLdA,
                             double *dLdZ) {
    d_act_backward_chunk(act, p, vm, n, z, a, dLdA, dLdZ);
}
