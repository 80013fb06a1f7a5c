/*
 * vmath.h - the library's own vector math (float; double below) and the
 * activation and softmax loops built on it, in two widths: AVX2 + FMA (8 lanes) and AVX-512
 * (16 lanes), written once (vmath_core.inc, vmath_rows.inc,
 * activation_simd.inc) against the SIMD vocabulary of simd/simd_avx2.h and
 * simd/simd_avx512.h. Internal: not part of cdendrite.h.
 *
 * The float kernels ask dd_vmath_get() once per call for the widest table this
 * CPU runs (AVX-512, else AVX2; cpu.c decides); NULL sends them down their
 * portable paths. The double half of the table (vmath_core64.inc: exp, expm1,
 * sigmoid, tanh; activation64_simd.inc) serves the double activations whose
 * cost is exp and the double softmax / cross-entropy exp sums (rows.inc); the
 * other double kernels, and CPUs without AVX2, stay on libm.
 *
 * Maximum error against double libm, measured over 1e6 points in [-100, 100]
 * plus zeros, subnormals, +-1e30, +-inf, NaN (the bounds are checked for each
 * width by Tests/csrc/test_activation.c; AMD EPYC Zen 5, gcc 12 and clang 21
 * agree, and both widths measure the same):
 *
 *   function        bound tested   measured
 *   exp             2 ULP          0.76 ULP  (relative 6.2e-8)
 *   expm1           3 ULP          1.40 ULP
 *   sigmoid         3 ULP          2.30 ULP
 *   tanh            3 ULP          1.90 ULP
 *   normcdf (Phi)   8 ULP          5.58 ULP  (relative 4.0e-7, both tails)
 *   normpdf         4 ULP          2.49 ULP
 *
 * ULP is that of the correctly rounded float result (subnormals count by their
 * own spacing). Overflow gives inf and underflow 0 exactly; NaN propagates.
 * The float activations built on these, measured against long double on
 * [-20, 20]: sigmoid 2.3, tanh 2.2, elu 0.8, selu 1.8, softplus 2.5, silu 2.9,
 * mish 3.8, gelu 9.4 ULP (near x = -13, where Phi itself is subnormal).
 * gelu_tanh: 3 ULP for x >= 0, then its argument u ~ x^3, rounded in float,
 * costs ~2|u| ULPs of relative error in the left tail (15 ULP at x = -3, where
 * the value is 1e-3; absolute error < 1e-9).
 *
 * Double, against long double, over 2e6 points on each function's range
 * ([-750, 715] for exp, [-45, 40] expm1, [-750, 750] sigmoid, [-25, 25] and
 * [-1, 1] tanh) plus 2000 log-spaced |x| in [1e-300, 10] and the edges 0, -0,
 * +-1e-300, +-2^-1074, +-DBL_MIN, the tanh clamp and rounding-to-1 points,
 * 709.78 (largest finite exp), 709.79, -708.4 .. -745.2 (subnormal results,
 * then 0), +-DBL_MAX, +-inf, NaN (Tests/csrc/test_vmath.c; both widths measure
 * the same, gcc 12 and clang 21):
 *
 *   function        bound tested   measured
 *   exp             1.5 ULP        0.96 ULP
 *   expm1           2 ULP          1.72 ULP
 *   sigmoid         2.5 ULP        1.95 ULP  (never overflows: from e^-|x|)
 *   tanh            3 ULP          2.53 ULP  (near |x| = 0.2; exact 1 from 19.06)
 *
 * ULP of the correctly rounded double result. The double activations on them,
 * on [-30, 30] (AVX-512 and AVX2; libm's portable path in brackets): sigmoid
 * 2.1 (2.1), tanh 2.2 (2.0), elu 1.1 (0.7), selu 2.7 (2.5), silu 3.0 (2.9),
 * mish 4.1 (4.1) ULP. One thread, 2^20 values, AMD EPYC: sigmoid 0.84 ns per
 * value (AVX-512), 1.6 (AVX2), 9.1 (libm); tanh 0.96, 1.6, 15.0.
 */
#ifndef CDENDRITE_VMATH_H
#define CDENDRITE_VMATH_H

#include "../internal.h"

/*
 * One width of the vector math. Array maps: y = f(x) over n values, y may
 * equal x. Activations return 1 when they handled `act`, 0 when the caller
 * must use its portable loop; p is resolved (never NULL); aliasing as in
 * dd_s_act_forward / backward. Softmax: `rows` rows of c values each, with
 * the aliasing of the dd_s_softmax_* kernels.
 */
typedef struct dd_vmath {
    const char *name; /* "avx512", "avx2" */
    void (*exp)(int64_t n, const float *x, float *y);
    void (*expm1)(int64_t n, const float *x, float *y);
    void (*sigmoid)(int64_t n, const float *x, float *y);
    void (*tanh)(int64_t n, const float *x, float *y);
    void (*normcdf)(int64_t n, const float *x, float *y);
    void (*normpdf)(int64_t n, const float *x, float *y);
    /* y = exp(x - shift) for x <= shift (softmax: shift = the row max); returns
     * the sum of the y in double. */
    double (*exp_shift_sum)(int64_t n, const float *x, float shift, float *y);
    int (*act_forward)(dd_act act, const dd_act_params *p, int64_t n, const float *z, float *a);
    int (*act_backward)(dd_act act, const dd_act_params *p, int64_t n, const float *z,
                        const float *a, const float *dLdA, float *dLdZ);
    void (*softmax_rows)(int64_t rows, int64_t c, const float *z, float *a);
    void (*log_softmax_rows)(int64_t rows, int64_t c, const float *z, float *l);
    void (*softmax_backward_rows)(int64_t rows, int64_t c, const float *a, const float *g,
                                  float *d);
    void (*log_softmax_backward_rows)(int64_t rows, int64_t c, const float *l, const float *g,
                                      float *d);
    /* Double (vmath_core64.inc, activation64_simd.inc): the maps,
     * y = exp(x - shift) for any x with its sum,
     * and the activations whose cost is exp (0: the caller's portable loop). */
    void (*exp_d)(int64_t n, const double *x, double *y);
    void (*expm1_d)(int64_t n, const double *x, double *y);
    void (*sigmoid_d)(int64_t n, const double *x, double *y);
    void (*tanh_d)(int64_t n, const double *x, double *y);
    double (*exp_shift_sum_d)(int64_t n, const double *x, double shift, double *y);
    int (*act_forward_d)(dd_act act, const dd_act_params *p, int64_t n, const double *z,
                         double *a);
    int (*act_backward_d)(dd_act act, const dd_act_params *p, int64_t n, const double *z,
                          const double *a, const double *dLdA, double *dLdZ);
} dd_vmath;

/* The table the float kernels use now; NULL: their portable paths. */
const dd_vmath *dd_vmath_get(void);
/* The table of one level (cpu.h) when this CPU runs it (never capped), else NULL;
 * DD_CPU_PORTABLE has none. */
const dd_vmath *dd_vmath_at(dd_cpu_level level);

/* Tests only, not while kernels run on other threads: use at most `level`
 * (DD_CPU_PORTABLE forces the portable float and double (libm) paths, DD_CPU_AVX512 restores
 * the default), and the level in use. The override lives in cpu.c. */
void dd_vmath_set_level(dd_cpu_level level);
dd_cpu_level dd_vmath_level(void);

#if DD_X86
extern const dd_vmath dd_vmath_table_avx2, dd_vmath_table_avx512;
/* activation_avx2.c, activation_avx512.c */
int dd_vs_act_forward_avx2(dd_act act, const dd_act_params *p, int64_t n, const float *z, float *a);
int dd_vs_act_backward_avx2(dd_act act, const dd_act_params *p, int64_t n, const float *z,
                            const float *a, const float *dLdA, float *dLdZ);
int dd_vs_act_forward_avx512(dd_act act, const dd_act_params *p, int64_t n, const float *z,
                             float *a);
int dd_vs_act_backward_avx512(dd_act act, const dd_act_params *p, int64_t n, const float *z,
                              const float *a, const float *dLdA, float *dLdZ);
int dd_vd_act_forward_avx2(dd_act act, const dd_act_params *p, int64_t n, const double *z,
                           double *a);
int dd_vd_act_backward_avx2(dd_act act, const dd_act_params *p, int64_t n, const double *z,
                            const double *a, const double *dLdA, double *dLdZ);
int dd_vd_act_forward_avx512(dd_act act, const dd_act_params *p, int64_t n, const double *z,
                             double *a);
int dd_vd_act_backward_avx512(dd_act act, const dd_act_params *p, int64_t n, const double *z,
                              const double *a, const double *dLdA, double *dLdZ);
#endif

#endif
