/*
 * gemm_kernel_avx512.c - AVX-512 GEMM micro kernels: a wide tile for float and
 * double and a narrow one for N of at most one vector. Compiled for any x86
 * target; only the functions carry the avx512 target, and the driver calls
 * them only when cpu.c chose DD_CPU_AVX512.
 */
#include "gemm.h"

#if DD_X86
#include "../simd/simd_avx512.h"

#define real float
#define VR(op) V_##op
#define DD_TILE(x) dd_s_##x##_wide
#define MR DD_S_MR_WIDE
#define NV (DD_S_NR_WIDE / VL)
#include "gemm_kernel_avx512.inc"

#define real float
#define VR(op) V_##op
#define DD_TILE(x) dd_s_##x##_narrow
#define MR DD_S_MR_NARROW
#define NV (DD_S_NR_NARROW / VL)
#include "gemm_kernel_avx512.inc"

#define real double
#define VR(op) VD_##op
#define DD_TILE(x) dd_d_##x##_wide
#define MR DD_D_MR_WIDE
#define NV (DD_D_NR_WIDE / VDL)
#include "gemm_kernel_avx512.inc"

#define real double
#define VR(op) VD_##op
#define DD_TILE(x) dd_d_##x##_narrow
#define MR DD_D_MR_NARROW
#define NV (DD_D_NR_NARROW / VDL)
#include "gemm_kernel_avx512.inc"

/* The small-matrix path: blocks of 6 rows by up to 4 vectors (24 accumulators). */
#define real float
#define VR(op) V_##op
#define SM_ENTRY dd_s_gemm_small_avx512
#define SM_PREFIX dd_s_small_avx512
#define SM_TARGET DD_TARGET_AVX512
#define SM_R 6
#define SM_NV 4
#include "gemm_small.inc"

#define real double
#define VR(op) VD_##op
#define SM_ENTRY dd_d_gemm_small_avx512
#define SM_PREFIX dd_d_small_avx512
#define SM_TARGET DD_TARGET_AVX512
#define SM_R 6
#define SM_NV 4
#include "gemm_small.inc"

#else
/* Not x86: nothing to compile. */
typedef int dd_gemm_kernel_avx512_unused;
#endif
