/* gemm_kernel_portable.c - plain C GEMM micro kernels and small-matrix GEMMs for float and double. */
#include "gemm.h"

#define real float
#define DD_FN(x) dd_s_##x
#define MR DD_S_MR
#define NR DD_S_NR
#include "gemm_kernel_portable.inc"

#define real double
#define DD_FN(x) dd_d_##x
#define MR DD_D_MR
#define NR DD_D_NR
#include "gemm_kernel_portable.inc"

/* The small-matrix path. */
#define real float
#define DD_FN(x) dd_s_##x
#define SM_NB 16
#include "gemm_small_portable.inc"

#define real double
#define DD_FN(x) dd_d_##x
#define SM_NB 8
#include "gemm_small_portable.inc"
