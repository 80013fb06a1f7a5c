/* softmax.c - row softmax, log-softmax and their backward passes, both precisions. */
#include "internal.h"
#include "vmath.h"

#include <math.h>

#define real float
#define DD_FN(name) dd_s_##name
#define DD_M(fn) fn##f
#define DD_SIMD_ON dd_vmath_avx2()
#define DD_VMAX dd_vs_max
#define DD_VEXP_SHIFT_SUM dd_vs_exp_shift_sum
#include "softmax_impl.h"

#define real double
#define DD_FN(name) dd_d_##name
#define DD_M(fn) fn
#define DD_SIMD_ON 0
#define DD_VMAX(n, x) 0.0
#define DD_VEXP_SHIFT_SUM(n, x, shift, y) 0.0
#include "softmax_impl.h"
