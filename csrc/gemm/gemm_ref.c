/* gemm_ref.c - dd_sgemm_ref and dd_dgemm_ref, the reference the fast GEMM is tested against. */
#include "../internal.h"

#define real float
#define DD_GEMM(suffix) dd_sgemm##suffix
#include "gemm_ref.inc"

#define real double
#define DD_GEMM(suffix) dd_dgemm##suffix
#include "gemm_ref.inc"
