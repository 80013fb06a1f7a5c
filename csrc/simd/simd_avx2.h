/*
 * simd_avx2.h - the vector vocabulary on 256 bits (AVX2 + FMA): 8 floats,
 * 4 doubles. Every vector body is written against it - the vector math
 * (vmath/), the GEMM micro kernels and packing (gemm/) - and simd_avx512.h
 * defines the same names on 512 bits. Included first by each *_avx2.c
 * source, only on x86.
 *
 * VF floats, VM a lane mask (here a vector of all-ones / zero
 * lanes), VD doubles holding half of a VF. Compares are ordered and quiet
 * (false for NaN). V_MIN / V_MAX return their second operand when either is
 * NaN, so `V_MAX(lo, x)` lets a NaN x through.
 */
#ifndef CDENDRITE_SIMD_AVX2_H
#define CDENDRITE_SIMD_AVX2_H

#include "../internal.h"
#include <immintrin.h>

#define VL 8
#define VF __m256
#define VM __m256
#define VD __m256d
#define V_TARGET DD_TARGET_AVX2
#define DD_ISA(name) name##_avx2

#define V_SET1(c) _mm256_set1_ps(c)
#define V_ZERO() _mm256_setzero_ps()
#define V_LOADU(p) _mm256_loadu_ps(p)
#define V_STOREU(p, v) _mm256_storeu_ps((p), (v))
#define V_ADD _mm256_add_ps
#define V_SUB _mm256_sub_ps
#define V_MUL _mm256_mul_ps
#define V_DIV _mm256_div_ps
#define V_MIN _mm256_min_ps
#define V_MAX _mm256_max_ps
#define V_FMA _mm256_fmadd_ps   /* a b + c */
#define V_FNMA _mm256_fnmadd_ps /* c - a b */
#define V_FMS _mm256_fmsub_ps   /* a b - c */
#define V_AND _mm256_and_ps
#define V_OR _mm256_or_ps
#define V_ANDNOT _mm256_andnot_ps /* ~a & b */
#define V_AS_I _mm256_castps_si256

#define V_GT(a, b) _mm256_cmp_ps((a), (b), _CMP_GT_OQ)
#define V_GE(a, b) _mm256_cmp_ps((a), (b), _CMP_GE_OQ)
#define V_LT(a, b) _mm256_cmp_ps((a), (b), _CMP_LT_OQ)
#define M_AND _mm256_and_ps
/* m ? t : f, lane by lane */
#define V_SEL(m, t, f) _mm256_blendv_ps((f), (t), (m))
/* m ? x : 0 */
#define V_KEEP(m, x) _mm256_and_ps((x), (m))

/* tab[i mod 8] in each lane, from the low bits of the int32 lanes of idx. */
#define V_LOOKUP(idx, tab) _mm256_permutevar8x32_ps((tab), (idx))

/*
 * y 2^floor(n / 8), for the n that t = x 8/ln2 + 0x1.8p23 carries in its low
 * mantissa bits (|n| < 2^22; fn is n as a float, unused here) and y in [1, 2.2).
 * Two factors, so a subnormal result rounds once and a large n gives inf.
 */
static inline DD_TARGET_AVX2 __m256 dd_avx2_pow2i(__m256i k) {
    k = _mm256_add_epi32(k, _mm256_set1_epi32(127));
    return _mm256_castsi256_ps(_mm256_slli_epi32(k, 23));
}
static inline DD_TARGET_AVX2 __m256 dd_avx2_scale_n(__m256 y, __m256 t) {
    __m256i n = _mm256_sub_epi32(_mm256_castps_si256(t), _mm256_set1_epi32(0x4B400000));
    __m256i k = _mm256_srai_epi32(n, 3), k1 = _mm256_srai_epi32(k, 1);
    y = _mm256_mul_ps(y, dd_avx2_pow2i(k1));
    return _mm256_mul_ps(y, dd_avx2_pow2i(_mm256_sub_epi32(k, k1)));
}
#define V_SCALE_N(y, t, fn) dd_avx2_scale_n((y), (t))

/* 2^n for the integer n in [-126, 127] that t = x + 0x1.8p23 (any x) carries
 * in its low bits (fn = n as a float): (0x1.8p23's bits << 23) is 0. */
static inline DD_TARGET_AVX2 __m256 dd_avx2_pow2_t(__m256 t) {
    __m256i e = _mm256_slli_epi32(_mm256_castps_si256(t), 23);
    return _mm256_castsi256_ps(_mm256_add_epi32(e, _mm256_set1_epi32(127 << 23)));
}
#define V_POW2I(t, fn) dd_avx2_pow2_t(t)
/* v | (sign bit of x) */
#define V_OR_SIGN(v, x) _mm256_or_ps((v), _mm256_and_ps((x), _mm256_set1_ps(-0.0f)))

/* Tails: the first r lanes (any r: <= 0 none, >= VL all), zero-filled loads, masked stores. */
#define V_TAIL(r) _mm256_castsi256_ps(_mm256_cmpgt_epi32(_mm256_set1_epi32((int)(r)), \
                                                        _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7)))
#define V_LOADT(p, m) _mm256_maskload_ps((p), _mm256_castps_si256(m))
#define V_STORET(p, m, v) _mm256_maskstore_ps((p), _mm256_castps_si256(m), (v))

static inline DD_TARGET_AVX2 float dd_avx2_hmax(__m256 v) {
    __m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    m = _mm_max_ss(m, _mm_shuffle_ps(m, m, 1));
    return _mm_cvtss_f32(m);
}
#define V_HMAX(v) dd_avx2_hmax(v)

/* Doubles: the low and high halves of a VF widened, and back. */
#define VD_ZERO() _mm256_setzero_pd()
#define VD_SET1(c) _mm256_set1_pd(c)
#define VD_ADD _mm256_add_pd
#define VD_SUB _mm256_sub_pd
#define VD_FMA _mm256_fmadd_pd
#define VD_LO(v) _mm256_cvtps_pd(_mm256_castps256_ps128(v))
#define VD_HI(v) _mm256_cvtps_pd(_mm256_extractf128_ps((v), 1))
#define VD_PACK(lo, hi) _mm256_set_m128(_mm256_cvtpd_ps(hi), _mm256_cvtpd_ps(lo))
static inline DD_TARGET_AVX2 double dd_avx2_hsum_pd(__m256d v) {
    __m128d s = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
    return _mm_cvtsd_f64(_mm_add_sd(s, _mm_unpackhi_pd(s, s)));
}
#define VD_HSUM(v) dd_avx2_hsum_pd(v)

/* ---- Aligned access and broadcasts (the GEMM micro kernels) --------- */
#define V_LOAD(p) _mm256_load_ps(p) /* p 32-byte aligned */
#define V_STORE(p, v) _mm256_store_ps((p), (v))
#define V_BCAST(p) _mm256_broadcast_ss(p) /* *p in every lane */

/* ---- Doubles as vectors of their own: VDL lanes, VDM lane masks ----- */
#define VDL 4
#define VDM __m256d
#define VD_LOAD(p) _mm256_load_pd(p)
#define VD_LOADU(p) _mm256_loadu_pd(p)
#define VD_STORE(p, v) _mm256_store_pd((p), (v))
#define VD_STOREU(p, v) _mm256_storeu_pd((p), (v))
#define VD_BCAST(p) _mm256_broadcast_sd(p)
#define VD_MUL _mm256_mul_pd
#define VD_TAIL(r) _mm256_castsi256_pd(_mm256_cmpgt_epi64(_mm256_set1_epi64x(r), \
                                                         _mm256_setr_epi64x(0, 1, 2, 3)))
#define VD_LOADT(p, m) _mm256_maskload_pd((p), _mm256_castpd_si256(m))
#define VD_STORET(p, m, v) _mm256_maskstore_pd((p), _mm256_castpd_si256(m), (v))

/* ---- Doubles for the vector math (vmath/vmath_core64.inc) ----------- */
#define VD_DIV _mm256_div_pd
#define VD_MIN _mm256_min_pd /* NaN: the second operand, as V_MIN */
#define VD_MAX _mm256_max_pd
#define VD_FNMA _mm256_fnmadd_pd /* c - a b */
#define VD_FMS _mm256_fmsub_pd   /* a b - c */
#define VD_AND _mm256_and_pd
#define VD_OR _mm256_or_pd
#define VD_ANDNOT _mm256_andnot_pd
#define VD_GT(a, b) _mm256_cmp_pd((a), (b), _CMP_GT_OQ)
#define VD_GE(a, b) _mm256_cmp_pd((a), (b), _CMP_GE_OQ)
#define VD_LT(a, b) _mm256_cmp_pd((a), (b), _CMP_LT_OQ)
#define VDM_AND _mm256_and_pd
#define VD_SEL(m, t, f) _mm256_blendv_pd((f), (t), (m))
#define VD_KEEP(m, x) _mm256_and_pd((x), (m))
#define VD_OR_SIGN(v, x) _mm256_or_pd((v), _mm256_and_pd((x), _mm256_set1_pd(-0.0)))
/* 2^n for the integer n in [-1022, 1023] that t = n + 0x1.8p52 carries in its
 * low bits (fn = n as a double): (0x1.8p52's bits << 52) is 0. */
static inline DD_TARGET_AVX2 __m256d dd_avx2_pow2_td(__m256d t) {
    __m256i e = _mm256_slli_epi64(_mm256_castpd_si256(t), 52);
    return _mm256_castsi256_pd(_mm256_add_epi64(e, _mm256_set1_epi64x((int64_t)1023 << 52)));
}
#define VD_POW2I(t, fn) dd_avx2_pow2_td(t)
/* y 2^n for the integer-valued double fn = n, |n| <= 2000, y in [0.5, 2.2): two
 * factors 2^k1 2^(n - k1), k1 = n/2 rounded, so a subnormal result rounds once
 * and a large n gives inf (t unused). */
static inline DD_TARGET_AVX2 __m256d dd_avx2_scale_nd(__m256d y, __m256d fn) {
    const __m256d sh = _mm256_set1_pd(0x1.8p52);
    __m256d t1 = _mm256_fmadd_pd(fn, _mm256_set1_pd(0.5), sh);
    __m256d t2 = _mm256_add_pd(_mm256_sub_pd(fn, _mm256_sub_pd(t1, sh)), sh);
    return _mm256_mul_pd(_mm256_mul_pd(y, dd_avx2_pow2_td(t1)), dd_avx2_pow2_td(t2));
}
#define VD_SCALE_N(y, t, fn) dd_avx2_scale_nd((y), (fn))

/* ---- Transposes of a square block held in VL (VDL) vectors ---------- */
static inline DD_TARGET_AVX2 void dd_avx2_transpose8_ps(__m256 r[8]) {
    const __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
    const __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
    const __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
    const __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
    const __m256 s0 = _mm256_shuffle_ps(t0, t2, 0x44), s1 = _mm256_shuffle_ps(t0, t2, 0xEE);
    const __m256 s2 = _mm256_shuffle_ps(t1, t3, 0x44), s3 = _mm256_shuffle_ps(t1, t3, 0xEE);
    const __m256 s4 = _mm256_shuffle_ps(t4, t6, 0x44), s5 = _mm256_shuffle_ps(t4, t6, 0xEE);
    const __m256 s6 = _mm256_shuffle_ps(t5, t7, 0x44), s7 = _mm256_shuffle_ps(t5, t7, 0xEE);
    r[0] = _mm256_permute2f128_ps(s0, s4, 0x20);
    r[1] = _mm256_permute2f128_ps(s1, s5, 0x20);
    r[2] = _mm256_permute2f128_ps(s2, s6, 0x20);
    r[3] = _mm256_permute2f128_ps(s3, s7, 0x20);
    r[4] = _mm256_permute2f128_ps(s0, s4, 0x31);
    r[5] = _mm256_permute2f128_ps(s1, s5, 0x31);
    r[6] = _mm256_permute2f128_ps(s2, s6, 0x31);
    r[7] = _mm256_permute2f128_ps(s3, s7, 0x31);
}
static inline DD_TARGET_AVX2 void dd_avx2_transpose4_pd(__m256d r[4]) {
    const __m256d t0 = _mm256_unpacklo_pd(r[0], r[1]), t1 = _mm256_unpackhi_pd(r[0], r[1]);
    const __m256d t2 = _mm256_unpacklo_pd(r[2], r[3]), t3 = _mm256_unpackhi_pd(r[2], r[3]);
    r[0] = _mm256_permute2f128_pd(t0, t2, 0x20);
    r[1] = _mm256_permute2f128_pd(t1, t3, 0x20);
    r[2] = _mm256_permute2f128_pd(t0, t2, 0x31);
    r[3] = _mm256_permute2f128_pd(t1, t3, 0x31);
}
/* Rows r[0..VL) -> r[p] = element p of every row. */
#define V_TRANSPOSE(r) dd_avx2_transpose8_ps(r)
#define VD_TRANSPOSE(r) dd_avx2_transpose4_pd(r)

#include "simd_generic.h" /* VR(op): one spelling for both precisions */

#endif
