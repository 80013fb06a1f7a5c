/*
 * vmath_avx2.h - float vector math on 8 lanes (AVX2 + FMA), exp and what is
 * built on it. Included only by the *_avx2.c sources; every function here is
 * DD_TARGET_AVX2 and must only run when dd_cpu_has_avx2_fma() is true.
 *
 * Accuracy: about 1 ULP for exp, 1.5 for expm1, 2.5 for sigmoid, tanh and
 * log1p, 6 for the normal CDF (the measured table is in vmath.h). Overflow
 * gives inf, underflow gives subnormals then 0, NaN propagates: no
 * -ffast-math assumptions anywhere, and min/max operand order is chosen so
 * that NaN wins.
 */
#ifndef CDENDRITE_VMATH_AVX2_H
#define CDENDRITE_VMATH_AVX2_H

#include "internal.h"

#if DD_X86
#include <immintrin.h>

#define DD_V8 static inline DD_TARGET_AVX2 __m256

/* max/min returning x when x is NaN (vmaxps returns its second operand on NaN). */
DD_V8 dd_v8_clamp(__m256 x, float lo, float hi) {
    return _mm256_min_ps(_mm256_set1_ps(hi), _mm256_max_ps(_mm256_set1_ps(lo), x));
}

DD_V8 dd_v8_abs(__m256 x) { return _mm256_andnot_ps(_mm256_set1_ps(-0.0f), x); }

/* Lanes where x > y (false for NaN). */
DD_V8 dd_v8_gt(__m256 x, __m256 y) { return _mm256_cmp_ps(x, y, _CMP_GT_OQ); }

/* e^r - 1 - r = r^2 P(r) on |r| <= ln2/2 (Cephes expf minimax polynomial). */
DD_V8 dd_v8_exp_poly(__m256 r) {
    __m256 p = _mm256_set1_ps(1.9875691500e-4f);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
    return _mm256_mul_ps(p, _mm256_mul_ps(r, r));
}

/* n = round(x / ln2) and r = x - n ln2, ln2 split in two (the high part has
 * 9 bits, so n * hi is exact); returns e^r - 1 = r + r^2 P(r). */
static inline DD_TARGET_AVX2 __m256 dd_v8_exp_reduce(__m256 x, __m256i *n) {
    __m256 fn = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(fn, _mm256_set1_ps(0.693359375f), x);
    r = _mm256_fnmadd_ps(fn, _mm256_set1_ps(-2.12194440e-4f), r);
    *n = _mm256_cvtps_epi32(fn);
    return _mm256_add_ps(dd_v8_exp_poly(r), r);
}

/* 2^n for -126 <= n <= 127, built in the exponent field. */
DD_V8 dd_v8_pow2i(__m256i n) {
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n, _mm256_set1_epi32(127)), 23));
}

/* e^x for x in [-87, 88] only (normal results): no clamping, one scaling. */
DD_V8 dd_v8_exp_normal(__m256 x) {
    __m256i n;
    __m256 y = _mm256_add_ps(dd_v8_exp_reduce(x, &n), _mm256_set1_ps(1.0f));
    return _mm256_mul_ps(y, dd_v8_pow2i(n));
}

/*
 * e^x for every x. 2^n is applied as two factors so results down to the
 * smallest subnormal round once, correctly, and overflow gives inf.
 */
DD_V8 dd_v8_exp(__m256 x) {
    x = dd_v8_clamp(x, -110.0f, 89.0f); /* beyond: 0 / inf after scaling */
    __m256i n;
    __m256 y = _mm256_add_ps(dd_v8_exp_reduce(x, &n), _mm256_set1_ps(1.0f));
    __m256i n1 = _mm256_srai_epi32(n, 1);
    return _mm256_mul_ps(_mm256_mul_ps(y, dd_v8_pow2i(n1)), dd_v8_pow2i(_mm256_sub_epi32(n, n1)));
}

/*
 * e^x - 1 = 2^n (e^r - 1) + (2^n - 1) with e^r - 1 = r + r^2 P(r): one
 * rounding at the end, no cancellation near 0 (n = 0 leaves the polynomial).
 * Below -30 the result is -1 in float; above 80 it is e^x (or inf).
 */
DD_V8 dd_v8_expm1(__m256 x) {
    __m256i n;
    __m256 xc = dd_v8_clamp(x, -30.0f, 80.0f);
    __m256 q = dd_v8_exp_reduce(xc, &n);
    __m256 s = dd_v8_pow2i(n);
    __m256 y = _mm256_fmadd_ps(s, q, _mm256_sub_ps(s, _mm256_set1_ps(1.0f)));
    return _mm256_blendv_ps(y, dd_v8_exp(x), dd_v8_gt(x, _mm256_set1_ps(80.0f)));
}

/*
 * log(1 + e) for e in [0, 1]: 2 atanh(s), s = e / (2 + e) <= 1/3, as the odd
 * series 2 s (1 + s^2/3 + ... + s^14/15); the tail is below 2e-9 relative.
 */
DD_V8 dd_v8_log1p_unit(__m256 e) {
    __m256 s = _mm256_div_ps(e, _mm256_add_ps(_mm256_set1_ps(2.0f), e));
    __m256 s2 = _mm256_mul_ps(s, s);
    __m256 p = _mm256_set1_ps(1.0f / 15);
    p = _mm256_fmadd_ps(p, s2, _mm256_set1_ps(1.0f / 13));
    p = _mm256_fmadd_ps(p, s2, _mm256_set1_ps(1.0f / 11));
    p = _mm256_fmadd_ps(p, s2, _mm256_set1_ps(1.0f / 9));
    p = _mm256_fmadd_ps(p, s2, _mm256_set1_ps(1.0f / 7));
    p = _mm256_fmadd_ps(p, s2, _mm256_set1_ps(1.0f / 5));
    p = _mm256_fmadd_ps(p, s2, _mm256_set1_ps(1.0f / 3));
    __m256 s2x = _mm256_add_ps(s, s);
    return _mm256_fmadd_ps(_mm256_mul_ps(s2x, s2), p, s2x);
}

/* 1 / (1 + e^-x) from e = e^-|x|, which cannot overflow. Also returns e and 1/(1+e). */
static inline DD_TARGET_AVX2 __m256 dd_v8_sigmoid_parts(__m256 x, __m256 *e_out, __m256 *r_out) {
    __m256 e = dd_v8_exp(_mm256_or_ps(dd_v8_abs(x), _mm256_set1_ps(-0.0f)));
    __m256 r = _mm256_div_ps(_mm256_set1_ps(1.0f), _mm256_add_ps(_mm256_set1_ps(1.0f), e));
    *e_out = e;
    *r_out = r;
    __m256 nonneg = _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_GE_OQ);
    return _mm256_blendv_ps(_mm256_mul_ps(e, r), r, nonneg);
}

DD_V8 dd_v8_sigmoid(__m256 x) {
    __m256 e, r;
    return dd_v8_sigmoid_parts(x, &e, &r);
}

/*
 * tanh: odd Cephes polynomial below |x| = 0.625, 1 - 2 / (e^{2|x|} + 1) above
 * (no cancellation there: the result is > 0.55). The sign is copied back.
 */
DD_V8 dd_v8_tanh(__m256 x) {
    __m256 sign = _mm256_and_ps(x, _mm256_set1_ps(-0.0f));
    __m256 ax = dd_v8_abs(x);
    __m256 z = _mm256_mul_ps(x, x);
    __m256 p = _mm256_set1_ps(-5.70498872745e-3f);
    p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(2.06390887954e-2f));
    p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(-5.37397155531e-2f));
    p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(1.33314422036e-1f));
    p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(-3.33332819422e-1f));
    __m256 small = _mm256_fmadd_ps(_mm256_mul_ps(p, z), ax, ax);
    /* tanh(9.5) rounds to 1: clamping there keeps e^{2|x|} normal */
    __m256 e = dd_v8_exp_normal(_mm256_min_ps(_mm256_set1_ps(19.0f), _mm256_add_ps(ax, ax)));
    __m256 big = _mm256_sub_ps(_mm256_set1_ps(1.0f),
                               _mm256_div_ps(_mm256_set1_ps(2.0f), _mm256_add_ps(e, _mm256_set1_ps(1.0f))));
    __m256 is_small = _mm256_cmp_ps(ax, _mm256_set1_ps(0.625f), _CMP_LT_OQ);
    return _mm256_or_ps(_mm256_blendv_ps(big, small, is_small), sign);
}

/*
 * e^-(h + l) for a double-float exponent h + l (|l| tiny): e^-h (1 - l).
 * Used where the exponent is x^2 / 2, which float cannot round without
 * losing ~x^2 ULP in the result.
 */
DD_V8 dd_v8_exp_neg2(__m256 h, __m256 l) {
    __m256 e = dd_v8_exp(_mm256_sub_ps(_mm256_setzero_ps(), h));
    return _mm256_fnmadd_ps(e, l, e);
}

/* x^2 / 2 exactly, as h + l (x already clamped to |x| <= 20). */
static inline DD_TARGET_AVX2 void dd_v8_half_square(__m256 x, __m256 *h, __m256 *l) {
    __m256 hi = _mm256_mul_ps(x, x);
    __m256 lo = _mm256_fmsub_ps(x, x, hi);
    *h = _mm256_mul_ps(hi, _mm256_set1_ps(0.5f));
    *l = _mm256_mul_ps(lo, _mm256_set1_ps(0.5f));
}

/* Standard normal density e^{-x^2/2} / sqrt(2 pi). */
DD_V8 dd_v8_normpdf(__m256 x) {
    __m256 h, l;
    dd_v8_half_square(dd_v8_clamp(x, -20.0f, 20.0f), &h, &l);
    return _mm256_mul_ps(dd_v8_exp_neg2(h, l), _mm256_set1_ps(0.398942280401432678f));
}

/*
 * Standard normal CDF Phi(x) with small relative error in both tails:
 * erfc(z) = t exp(-z^2 + P(t)), t = 1 / (1 + z/2), z = |x| / sqrt 2
 * (Numerical Recipes' erfcc: relative error < 1.2e-7 for all z >= 0), with
 * z^2 = x^2 / 2 carried exactly. Phi = erfc/2 for x < 0, 1 - erfc/2 otherwise.
 */
DD_V8 dd_v8_normcdf(__m256 x) {
    x = dd_v8_clamp(x, -20.0f, 20.0f); /* Phi is exactly 0 / 1 in float beyond */
    __m256 z = _mm256_mul_ps(dd_v8_abs(x), _mm256_set1_ps(0.707106781186547524f));
    __m256 t = _mm256_div_ps(_mm256_set1_ps(1.0f),
                             _mm256_fmadd_ps(z, _mm256_set1_ps(0.5f), _mm256_set1_ps(1.0f)));
    __m256 p = _mm256_set1_ps(0.17087277f);
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(-0.82215223f));
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(1.48851587f));
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(-1.13520398f));
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(0.27886807f));
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(-0.18628806f));
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(0.09678418f));
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(0.37409196f));
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(1.00002368f));
    p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(-1.26551223f));
    /* exponent -(h + l) + p as a double-float: two-sum of h and -p, then e^-(s + err) */
    __m256 h, l;
    dd_v8_half_square(x, &h, &l);
    __m256 np = _mm256_sub_ps(_mm256_setzero_ps(), p);
    __m256 s = _mm256_add_ps(h, np);
    __m256 bb = _mm256_sub_ps(s, h);
    __m256 err = _mm256_add_ps(_mm256_sub_ps(h, _mm256_sub_ps(s, bb)), _mm256_sub_ps(np, bb));
    __m256 half_erfc = _mm256_mul_ps(_mm256_mul_ps(t, _mm256_set1_ps(0.5f)),
                                     dd_v8_exp_neg2(s, _mm256_add_ps(err, l)));
    __m256 neg = _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LT_OQ);
    return _mm256_blendv_ps(_mm256_sub_ps(_mm256_set1_ps(1.0f), half_erfc), half_erfc, neg);
}

/* Tail lanes: the first r (1..7) lanes on, for maskload / maskstore. */
static inline DD_TARGET_AVX2 __m256i dd_v8_tail_mask(int64_t r) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)r), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

#endif /* DD_X86 */
#endif
