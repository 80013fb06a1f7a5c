/* gemm_pack.c - GEMM operand packing for each tile family (see gemm_pack.inc). */
#include "gemm.h"

#define real float
#define DD_TILE(x) dd_s_##x##_std
#define MR DD_S_MR
#define NR DD_S_NR
#define PACK_TARGET
#include "gemm_pack.inc"

#define real double
#define DD_TILE(x) dd_d_##x##_std
#define MR DD_D_MR
#define NR DD_D_NR
#define PACK_TARGET
#include "gemm_pack.inc"

#if DD_X86
#include <immintrin.h>

/* dst[0 .. width) = src[0 .. n) followed by zeros, n < width; masked-off
   lanes of src are not read (nor can they fault). */
DD_TARGET_AVX512
static inline void dd_s_copy_pad_avx512(float *dst, const float *src, int n, int width) {
    for (int j = 0; j < width; j += 16, n -= 16) {
        const int w = width - j < 16 ? width - j : 16;
        const __mmask16 load = (__mmask16)(n >= 16 ? 0xFFFFu : n <= 0 ? 0u : (1u << n) - 1u);
        const __mmask16 store = (__mmask16)(w == 16 ? 0xFFFFu : (1u << w) - 1u);
        _mm512_mask_storeu_ps(dst + j, store, _mm512_maskz_loadu_ps(load, src + j));
    }
}

DD_TARGET_AVX512
static inline void dd_d_copy_pad_avx512(double *dst, const double *src, int n, int width) {
    for (int j = 0; j < width; j += 8, n -= 8) {
        const int w = width - j < 8 ? width - j : 8;
        const __mmask8 load = (__mmask8)(n >= 8 ? 0xFFu : n <= 0 ? 0u : (1u << n) - 1u);
        const __mmask8 store = (__mmask8)(w == 8 ? 0xFFu : (1u << w) - 1u);
        _mm512_mask_storeu_pd(dst + j, store, _mm512_maskz_loadu_pd(load, src + j));
    }
}

#define real float
#define DD_TILE(x) dd_s_##x##_wide
#define MR DD_S_MR_WIDE
#define NR DD_S_NR_WIDE
#define PACK_TARGET DD_TARGET_AVX512
#define PACK_COPY_PAD dd_s_copy_pad_avx512
#include "gemm_pack.inc"

#define real double
#define DD_TILE(x) dd_d_##x##_wide
#define MR DD_D_MR_WIDE
#define NR DD_D_NR_WIDE
#define PACK_TARGET DD_TARGET_AVX512
#define PACK_COPY_PAD dd_d_copy_pad_avx512
#include "gemm_pack.inc"

#define real float
#define DD_TILE(x) dd_s_##x##_narrow
#define MR DD_S_MR_NARROW
#define NR DD_S_NR_NARROW
#define PACK_TARGET DD_TARGET_AVX512
#define PACK_COPY_PAD dd_s_copy_pad_avx512
#include "gemm_pack.inc"

#define real double
#define DD_TILE(x) dd_d_##x##_narrow
#define MR DD_D_MR_NARROW
#define NR DD_D_NR_NARROW
#define PACK_TARGET DD_TARGET_AVX512
#define PACK_COPY_PAD dd_d_copy_pad_avx512
#include "gemm_pack.inc"
#endif
