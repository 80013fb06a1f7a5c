/*
 * vmath.h - the library's own float vector math (AVX2 + FMA), used by the
 * activation and softmax kernels. Internal: not part of cdendrite.h.
 *
 * The dd_vs_* array functions require dd_vmath_avx2() to be true (they are
 * compiled with AVX2 code; on other CPUs callers take their portable paths).
 * y may equal x. Maximum error against double libm, measured over 1e6 points
 * in [-100, 100] plus zeros, subnormals, +-1e30, +-inf, NaN (the bounds are
 * checked by Tests/csrc/test_activation.c):
 *
 *   function        bound tested   measured (AMD EPYC Zen3, gcc 12 and clang)
 *   exp             2 ULP          0.95 ULP  (relative 7.8e-8)
 *   expm1           3 ULP          1.43 ULP
 *   sigmoid         3 ULP          2.37 ULP
 *   tanh            3 ULP          1.22 ULP
 *   normcdf (Phi)   8 ULP          5.58 ULP  (relative 3.8e-7, both tails)
 *   normpdf         4 ULP          2.51 ULP
 *
 * ULP is that of the correctly rounded float result (subnormals count by their
 * own spacing). Overflow gives inf and underflow 0 exactly; NaN propagates.
 * The float activations built on these (activation_avx2.c), measured against
 * long double on [-20, 20]: sigmoid 2.4, tanh 1.1, elu 0.8, selu 2.0,
 * softplus 2.5, silu 2.9, mish 3.8, gelu 6.4 ULP (9.4 near x = -13, where Phi
 * itself is subnormal). gelu_tanh: 3 ULP for x >= 0, then its argument
 * u ~ x^3, rounded in float, costs ~2|u| ULPs of relative error in the left
 * tail (15 ULP at x = -3, where the value is 1e-3; absolute error < 1e-9).
 */
#ifndef CDENDRITE_VMATH_H
#define CDENDRITE_VMATH_H

#include "internal.h"

/* 1 when the float kernels use the AVX2 vector math: the CPU has AVX2 + FMA
 * and dd_vmath_set_avx2(0) has not switched it off. */
int dd_vmath_avx2(void);
/* Tests only: 0 forces the portable float paths process-wide, 1 restores the
 * default. Not to be called while kernels run on other threads. */
void dd_vmath_set_avx2(int allowed);

void dd_vs_exp(int64_t n, const float *x, float *y);
void dd_vs_expm1(int64_t n, const float *x, float *y);
void dd_vs_sigmoid(int64_t n, const float *x, float *y);
void dd_vs_tanh(int64_t n, const float *x, float *y);
void dd_vs_normcdf(int64_t n, const float *x, float *y);
void dd_vs_normpdf(int64_t n, const float *x, float *y);

/* The largest of x[0..n) (n >= 1), -inf for an all -inf row. NaN entries may
 * or may not be skipped: callers must not rely on either. */
float dd_vs_max(int64_t n, const float *x);
/* y = exp(x - shift); returns the sum of the y in double. y may equal x. */
double dd_vs_exp_shift_sum(int64_t n, const float *x, float shift, float *y);

/* Float activations on AVX2 (activation_avx2.c). They return 1 when they
 * handled `act`, 0 when the caller must use its portable loop. p is resolved
 * (never NULL). Same aliasing rules as dd_s_act_forward / backward. */
int dd_vs_act_forward(dd_act act, const dd_act_params *p, int64_t n,
                      const float *z, float *a);
int dd_vs_act_backward(dd_act act, const dd_act_params *p, int64_t n,
                       const float *z, const float *a, const float *dLdA, float *dLdZ);

#endif
