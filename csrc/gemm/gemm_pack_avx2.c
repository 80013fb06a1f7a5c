/*
 * gemm_pack_avx2.c - AVX2 packing of B^T, the one layout whose packing is a
 * real transposition (the A.B^T of a backward pass). Column j of op(B) is row
 * j of the source, contiguous in depth: blocks of it are loaded as vectors and
 * transposed in registers, 8 x 8 for float and 4 x 4 for double (the two
 * shuffle networks differ, so there is one function per precision).
 *
 * Same contract as pack_b for rs == 1 and whole panels of nr columns (each
 * tile family has its own nr): `cols` a multiple of nr, nr a multiple of 8
 * (float) or 4 (double); element (p, j) of op(B) at src[j * ld + p].
 */
#include "gemm.h"

#if DD_X86
#include <immintrin.h>

/* Rows r[0..7] (8 floats each) -> r[p] = element p of every row. */
DD_TARGET_AVX2
static inline void transpose8_ps(__m256 r[8]) {
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

DD_TARGET_AVX2
void dd_s_gemm_pack_bt_avx2(int64_t kc, int64_t cols, int64_t nr, const float *restrict src,
                            int64_t ld, float *restrict dst) {
    for (int64_t j0 = 0; j0 < cols; j0 += nr, dst += nr * kc) {
        const float *s = src + j0 * ld;
        int64_t p = 0;
        for (; p + 8 <= kc; p += 8) {
            for (int64_t jb = 0; jb < nr; jb += 8) { /* columns j0 + jb .. j0 + jb + 7 */
                __m256 r[8];
                for (int j = 0; j < 8; j++) r[j] = _mm256_loadu_ps(s + (jb + j) * ld + p);
                transpose8_ps(r);
                for (int q = 0; q < 8; q++) _mm256_store_ps(dst + (p + q) * nr + jb, r[q]);
            }
        }
        for (; p < kc; p++)
            for (int64_t j = 0; j < nr; j++) dst[p * nr + j] = s[j * ld + p];
    }
}

/* Rows r[0..3] (4 doubles each) -> r[p] = element p of every row. */
DD_TARGET_AVX2
static inline void transpose4_pd(__m256d r[4]) {
    const __m256d t0 = _mm256_unpacklo_pd(r[0], r[1]), t1 = _mm256_unpackhi_pd(r[0], r[1]);
    const __m256d t2 = _mm256_unpacklo_pd(r[2], r[3]), t3 = _mm256_unpackhi_pd(r[2], r[3]);
    r[0] = _mm256_permute2f128_pd(t0, t2, 0x20);
    r[1] = _mm256_permute2f128_pd(t1, t3, 0x20);
    r[2] = _mm256_permute2f128_pd(t0, t2, 0x31);
    r[3] = _mm256_permute2f128_pd(t1, t3, 0x31);
}

DD_TARGET_AVX2
void dd_d_gemm_pack_bt_avx2(int64_t kc, int64_t cols, int64_t nr, const double *restrict src,
                            int64_t ld, double *restrict dst) {
    for (int64_t j0 = 0; j0 < cols; j0 += nr, dst += nr * kc) {
        const double *s = src + j0 * ld;
        int64_t p = 0;
        for (; p + 4 <= kc; p += 4) {
            for (int64_t jb = 0; jb < nr; jb += 4) { /* columns j0 + jb .. j0 + jb + 3 */
                __m256d r[4];
                for (int j = 0; j < 4; j++) r[j] = _mm256_loadu_pd(s + (jb + j) * ld + p);
                transpose4_pd(r);
                for (int q = 0; q < 4; q++) _mm256_store_pd(dst + (p + q) * nr + jb, r[q]);
            }
        }
        for (; p < kc; p++)
            for (int64_t j = 0; j < nr; j++) dst[p * nr + j] = s[j * ld + p];
    }
}

#else
typedef int dd_gemm_pack_avx2_unused;
#endif
