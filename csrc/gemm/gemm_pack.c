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
#include "../simd/simd_avx512.h"

#define real float
#define DD_TILE(x) dd_s_##x##_wide
#define MR DD_S_MR_WIDE
#define NR DD_S_NR_WIDE
#define PACK_TARGET DD_TARGET_AVX512
#define VR(op) V_##op
#include "gemm_pack.inc"

#define real double
#define DD_TILE(x) dd_d_##x##_wide
#define MR DD_D_MR_WIDE
#define NR DD_D_NR_WIDE
#define PACK_TARGET DD_TARGET_AVX512
#define VR(op) VD_##op
#include "gemm_pack.inc"

#define real float
#define DD_TILE(x) dd_s_##x##_narrow
#define MR DD_S_MR_NARROW
#define NR DD_S_NR_NARROW
#define PACK_TARGET DD_TARGET_AVX512
#define VR(op) V_##op
#include "gemm_pack.inc"

#define real double
#define DD_TILE(x) dd_d_##x##_narrow
#define MR DD_D_MR_NARROW
#define NR DD_D_NR_NARROW
#define PACK_TARGET DD_TARGET_AVX512
#define VR(op) VD_##op
#include "gemm_pack.inc"
#endif
