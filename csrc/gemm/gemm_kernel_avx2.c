/*
 * gemm_kernel_avx2.c - AVX2 + FMA GEMM micro kernels for float and double.
 * Compiled for any x86 target; only the functions carry the avx2/fma target,
 * and the driver calls them only when dd_cpu_supports(DD_CPU_AVX2) says so.
 */
#include "gemm.h"

#if DD_X86
#include <immintrin.h>

#define real float
#define DD_FN(x) dd_s_##x
#define MR DD_S_MR
#define NR DD_S_NR
#define VEC __m256
#define VL 8
#define VZERO _mm256_setzero_ps
#define VLOAD _mm256_load_ps
#define VLOADU _mm256_loadu_ps
#define VSTOREU _mm256_storeu_ps
#define VBCAST _mm256_broadcast_ss
#define VSET1 _mm256_set1_ps
#define VFMA _mm256_fmadd_ps
#define VMUL _mm256_mul_ps
#define VMASK(n) _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7))
#define VMASKLOAD _mm256_maskload_ps
#define VMASKSTORE _mm256_maskstore_ps
#include "gemm_kernel_avx2.inc"

#define real double
#define DD_FN(x) dd_d_##x
#define MR DD_D_MR
#define NR DD_D_NR
#define VEC __m256d
#define VL 4
#define VZERO _mm256_setzero_pd
#define VLOAD _mm256_load_pd
#define VLOADU _mm256_loadu_pd
#define VSTOREU _mm256_storeu_pd
#define VBCAST _mm256_broadcast_sd
#define VSET1 _mm256_set1_pd
#define VFMA _mm256_fmadd_pd
#define VMUL _mm256_mul_pd
#define VMASK(n) _mm256_cmpgt_epi64(_mm256_set1_epi64x(n), _mm256_setr_epi64x(0, 1, 2, 3))
#define VMASKLOAD _mm256_maskload_pd
#define VMASKSTORE _mm256_maskstore_pd
#include "gemm_kernel_avx2.inc"

#else
/* Not x86: nothing to compile; the portable kernel is the only one. */
typedef int dd_gemm_kernel_avx2_unused;
#endif
