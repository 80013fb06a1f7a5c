/*
 * simd_avx512.h - the vector vocabulary of simd_avx2.h on 512 bits
 * (AVX-512 F, DQ, BW, VL): 16 floats, 8 doubles. Lane masks are mask registers; tails and selects
 * use them directly. Included first by each *_avx512.c source, only on x86.
 */
#ifndef CDENDRITE_SIMD_AVX512_H
#define CDENDRITE_SIMD_AVX512_H

#include "../internal.h"
#include <immintrin.h>

#define VL 16
#define VF __m512
#define VM __mmask16
#define VD __m512d
#define V_TARGET DD_TARGET_AVX512
#define DD_ISA(name) name##_avx512

#define V_SET1(c) _mm512_set1_ps(c)
#define V_ZERO() _mm512_setzero_ps()
#define V_LOADU(p) _mm512_loadu_ps(p)
#define V_STOREU(p, v) _mm512_storeu_ps((p), (v))
#define V_ADD _mm512_add_ps
#define V_SUB _mm512_sub_ps
#define V_MUL _mm512_mul_ps
#define V_DIV _mm512_div_ps
#define V_MIN _mm512_min_ps
#define V_MAX _mm512_max_ps
#define V_FMA _mm512_fmadd_ps
#define V_FNMA _mm512_fnmadd_ps
#define V_FMS _mm512_fmsub_ps
#define V_AND _mm512_and_ps
#define V_OR _mm512_or_ps
#define V_ANDNOT _mm512_andnot_ps
#define V_AS_I _mm512_castps_si512

#define V_GT(a, b) _mm512_cmp_ps_mask((a), (b), _CMP_GT_OQ)
#define V_GE(a, b) _mm512_cmp_ps_mask((a), (b), _CMP_GE_OQ)
#define V_LT(a, b) _mm512_cmp_ps_mask((a), (b), _CMP_LT_OQ)
#define M_AND(a, b) ((__mmask16)((a) & (b)))
#define V_SEL(m, t, f) _mm512_mask_blend_ps((m), (f), (t))
#define V_KEEP(m, x) _mm512_maskz_mov_ps((m), (x))

#define V_LOOKUP(idx, tab) _mm512_permutexvar_ps((idx), (tab))

/* y 2^floor(n / 16) (see simd_avx2.h) from fn = n: vscalefps floors its
 * exponent and rounds once, to subnormals, 0 or inf as the product would. */
#define V_SCALE_N(y, t, fn) _mm512_scalef_ps((y), _mm512_mul_ps((fn), _mm512_set1_ps(1.0f / 16)))

#define V_POW2I(t, fn) _mm512_scalef_ps(_mm512_set1_ps(1.0f), (fn))
#define V_OR_SIGN(v, x) _mm512_castsi512_ps(_mm512_ternarylogic_epi32(                      \
    _mm512_castps_si512(v), _mm512_castps_si512(x), _mm512_set1_epi32((int)0x80000000), 0xF8))

#define V_TAIL(r) ((__mmask16)((r) >= 16 ? 0xFFFFu : (r) <= 0 ? 0u : (1u << (r)) - 1u))
#define V_LOADT(p, m) _mm512_maskz_loadu_ps((m), (p))
#define V_STORET(p, m, v) _mm512_mask_storeu_ps((p), (m), (v))

#define V_HMAX(v) _mm512_reduce_max_ps(v)

#define VD_ZERO() _mm512_setzero_pd()
#define VD_SET1(c) _mm512_set1_pd(c)
#define VD_ADD _mm512_add_pd
#define VD_SUB _mm512_sub_pd
#define VD_FMA _mm512_fmadd_pd
#define VD_LO(v) _mm512_cvtps_pd(_mm512_castps512_ps256(v))
#define VD_HI(v) _mm512_cvtps_pd(_mm512_extractf32x8_ps((v), 1))
#define VD_PACK(lo, hi) \
    _mm512_insertf32x8(_mm512_castps256_ps512(_mm512_cvtpd_ps(lo)), _mm512_cvtpd_ps(hi), 1)
#define VD_HSUM(v) _mm512_reduce_add_pd(v)

/* Aligned access and broadcasts (the GEMM micro kernels). */
#define V_LOAD(p) _mm512_load_ps(p) /* p 64-byte aligned */
#define V_STORE(p, v) _mm512_store_ps((p), (v))
#define V_BCAST(p) _mm512_set1_ps(*(p))

/* Doubles as vectors of their own: VDL lanes, VDM lane masks. */
#define VDL 8
#define VDM __mmask8
#define VD_LOAD(p) _mm512_load_pd(p)
#define VD_LOADU(p) _mm512_loadu_pd(p)
#define VD_STORE(p, v) _mm512_store_pd((p), (v))
#define VD_STOREU(p, v) _mm512_storeu_pd((p), (v))
#define VD_BCAST(p) _mm512_set1_pd(*(p))
#define VD_MUL _mm512_mul_pd
#define VD_TAIL(r) ((__mmask8)((r) >= 8 ? 0xFFu : (r) <= 0 ? 0u : (1u << (r)) - 1u))
#define VD_LOADT(p, m) _mm512_maskz_loadu_pd((m), (p))
#define VD_STORET(p, m, v) _mm512_mask_storeu_pd((p), (m), (v))

/* Doubles for the vector math (vmath/vmath_core64.inc); see simd_avx2.h. */
#define VD_DIV _mm512_div_pd
#define VD_MIN _mm512_min_pd
#define VD_MAX _mm512_max_pd
#define VD_FNMA _mm512_fnmadd_pd
#define VD_FMS _mm512_fmsub_pd
#define VD_AND _mm512_and_pd
#define VD_OR _mm512_or_pd
#define VD_ANDNOT _mm512_andnot_pd
#define VD_GT(a, b) _mm512_cmp_pd_mask((a), (b), _CMP_GT_OQ)
#define VD_GE(a, b) _mm512_cmp_pd_mask((a), (b), _CMP_GE_OQ)
#define VD_LT(a, b) _mm512_cmp_pd_mask((a), (b), _CMP_LT_OQ)
#define VDM_AND(a, b) ((__mmask8)((a) & (b)))
#define VD_SEL(m, t, f) _mm512_mask_blend_pd((m), (f), (t))
#define VD_KEEP(m, x) _mm512_maskz_mov_pd((m), (x))
#define VD_OR_SIGN(v, x) _mm512_castsi512_pd(_mm512_ternarylogic_epi64(                    \
    _mm512_castpd_si512(v), _mm512_castpd_si512(x), _mm512_set1_epi64(INT64_MIN), 0xF8))
#define VD_POW2I(t, fn) _mm512_scalef_pd(_mm512_set1_pd(1.0), (fn))
/* y 2^n from fn = n: one rounding, to subnormals, 0 or inf as the product would. */
#define VD_SCALE_N(y, t, fn) _mm512_scalef_pd((y), (fn))

#include "simd_generic.h" /* VR(op): one spelling for both precisions */

#endif
