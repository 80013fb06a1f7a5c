/* vmath_avx512.c - the float and double vector math and the softmax rows on 16 lanes (AVX-512); see vmath.h. */
#include "vmath.h"

#if DD_X86
#include "../simd/simd_avx512.h"
#include "vmath_core.inc"
#include "vmath_core64.inc"
#include "vmath_rows.inc"
#else
typedef int dd_vmath_avx512_unused; /* not x86: dd_vmath_at() never offers this width */
#endif
