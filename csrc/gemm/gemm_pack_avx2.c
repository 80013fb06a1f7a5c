/* gemm_pack_avx2.c - AVX2 packing of B^T for float and double (see gemm_pack_bt.inc). */
#include "gemm.h"

#if DD_X86
#include "../simd/simd_avx2.h"

#define real float
#define DD_FN(x) dd_s_##x
#define VR(op) V_##op
#include "gemm_pack_bt.inc"

#define real double
#define DD_FN(x) dd_d_##x
#define VR(op) VD_##op
#include "gemm_pack_bt.inc"

#else
typedef int dd_gemm_pack_avx2_unused;
#endif
