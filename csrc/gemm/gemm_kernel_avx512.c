/*
 * gemm_kernel_avx512.c - AVX-512 GEMM micro kernels: a wide tile for float and
 * double and a narrow one for N of at most one vector. Compiled for any x86
 * target; only the functions carry the avx512 target, and the driver calls
 * them only when dd_cpu_supports(DD_CPU_AVX512) says so.
 */
#include "gemm.h"

#if DD_X86
#include <immintrin.h>

/* Float: the vector operations, then its two tiles. */
#define real float
#define VEC __m512
#define VL 16
#define VMASK __mmask16
#define VZERO _mm512_setzero_ps
#define VLOAD _mm512_load_ps
#define VSET1 _mm512_set1_ps
#define VFMA _mm512_fmadd_ps
#define VMUL _mm512_mul_ps
#define VSTOREU _mm512_storeu_ps
#define VLOADU _mm512_loadu_ps
#define VMASKZ_LOADU _mm512_maskz_loadu_ps
#define VMASK_STOREU _mm512_mask_storeu_ps

#define DD_TILE(x) dd_s_##x##_wide
#define MR DD_S_MR_WIDE
#define NV (DD_S_NR_WIDE / VL)
#include "gemm_kernel_avx512.inc"

#define DD_TILE(x) dd_s_##x##_narrow
#define MR DD_S_MR_NARROW
#define NV (DD_S_NR_NARROW / VL)
#include "gemm_kernel_avx512.inc"

#undef real
#undef VEC
#undef VL
#undef VMASK
#undef VZERO
#undef VLOAD
#undef VSET1
#undef VFMA
#undef VMUL
#undef VSTOREU
#undef VLOADU
#undef VMASKZ_LOADU
#undef VMASK_STOREU

/* Double: the same. */
#define real double
#define VEC __m512d
#define VL 8
#define VMASK __mmask8
#define VZERO _mm512_setzero_pd
#define VLOAD _mm512_load_pd
#define VSET1 _mm512_set1_pd
#define VFMA _mm512_fmadd_pd
#define VMUL _mm512_mul_pd
#define VSTOREU _mm512_storeu_pd
#define VLOADU _mm512_loadu_pd
#define VMASKZ_LOADU _mm512_maskz_loadu_pd
#define VMASK_STOREU _mm512_mask_storeu_pd

#define DD_TILE(x) dd_d_##x##_wide
#define MR DD_D_MR_WIDE
#define NV (DD_D_NR_WIDE / VL)
#include "gemm_kernel_avx512.inc"

#define DD_TILE(x) dd_d_##x##_narrow
#define MR DD_D_MR_NARROW
#define NV (DD_D_NR_NARROW / VL)
#include "gemm_kernel_avx512.inc"

#undef real
#undef VEC
#undef VL
#undef VMASK
#undef VZERO
#undef VLOAD
#undef VSET1
#undef VFMA
#undef VMUL
#undef VSTOREU
#undef VLOADU
#undef VMASKZ_LOADU
#undef VMASK_STOREU

#else
/* Not x86: nothing to compile. */
typedef int dd_gemm_kernel_avx512_unused;
#endif
