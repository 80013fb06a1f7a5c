/* gemm_pack.c - GEMM operand packing for float and double (see gemm_pack_impl.h). */
#include "gemm_internal.h"

#define real float
#define DD_FN(x) dd_s_##x
#define MR DD_S_MR
#define NR DD_S_NR
#include "gemm_pack_impl.h"

#define real double
#define DD_FN(x) dd_d_##x
#define MR DD_D_MR
#define NR DD_D_NR
#include "gemm_pack_impl.h"
