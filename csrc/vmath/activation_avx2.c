/* activation_avx2.c - the float and double activations on 8 lanes (AVX2 + FMA); see vmath.h. */
#include "vmath.h"

#if DD_X86
#include "../simd/simd_avx2.h"
#include "vmath_core.inc"
#include "activation_simd.inc"
#include "vmath_core64.inc"
#include "activation64_simd.inc"
#else
typedef int dd_activation_avx2_unused; /* not x86: dd_vmath_at() never offers this width */
#endif
