/*
 * gemm_kernel_avx2.c - AVX2 + FMA GEMM micro kernels for float and double.
 * Compiled for any x86 target; only the functions carry the avx2/fma target,
 * and the driver calls them only when cpu.c chose DD_CPU_AVX2.
 */
#include "gemm.h"

#if DD_X86
#include "../simd/simd_avx2.h"

#define real float
#define DD_FN(x) dd_s_##x
#define VR(op) V_##op
#define MR DD_S_MR
#define NR DD_S_NR
#include "gemm_kernel_avx2.inc"

#define real double
#define DD_FN(x) dd_d_##x
#define VR(op) VD_##op
#define MR DD_D_MR
#define NR DD_D_NR
#include "gemm_kernel_avx2.inc"

/* The small-matrix path: blocks of 4 rows by up to 3 vectors (12 accumulators). */
#define real float
#define VR(op) V_##op
#define SM_ENTRY dd_s_gemm_small_avx2
#define SM_PREFIX dd_s_small_avx2
#define SM_TARGET DD_TARGET_AVX2
#define SM_R 4
#define SM_NV 3
#include "gemm_small.inc"

#define real double
#define VR(op) VD_##op
#define SM_ENTRY dd_d_gemm_small_avx2
#define SM_PREFIX dd_d_small_avx2
#define SM_TARGET DD_TARGET_AVX2
#define SM_R 4
#define SM_NV 3
#include "gemm_small.inc"

#else
/* Not x86: nothing to compile; the portable kernel is the only one. */
typedef int dd_gemm_kernel_avx2_unused;
#endif
