/* vmath.c - which width of the float vector math the kernels use (see vmath.h). */
#include "vmath.h"

static int dd_vmath_cap = DD_VMATH_AVX512; /* switched only by tests, before kernels run */

const dd_vmath *dd_vmath_at(int level) {
#if DD_X86
    if (level == DD_VMATH_AVX512 && dd_cpu_has_avx512()) return &dd_vmath_table_avx512;
    if (level == DD_VMATH_AVX2 && dd_cpu_has_avx2_fma()) return &dd_vmath_table_avx2;
#else
    (void)level;
#endif
    return NULL;
}

int dd_vmath_level(void) {
    for (int level = dd_vmath_cap; level > DD_VMATH_PORTABLE; level--)
        if (dd_vmath_at(level)) return level;
    return DD_VMATH_PORTABLE;
}

const dd_vmath *dd_vmath_get(void) { return dd_vmath_at(dd_vmath_level()); }

void dd_vmath_set_level(int level) {
    dd_vmath_cap = level < DD_VMATH_PORTABLE ? DD_VMATH_PORTABLE
                 : level > DD_VMATH_AVX512   ? DD_VMATH_AVX512
                                             : level;
}

int dd_vmath_avx2(void) { return dd_vmath_level() != DD_VMATH_PORTABLE; }

void dd_vmath_set_avx2(int allowed) {
    dd_vmath_set_level(allowed ? DD_VMATH_AVX512 : DD_VMATH_PORTABLE);
}
