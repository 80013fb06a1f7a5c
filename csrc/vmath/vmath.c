/* vmath.c - which width of the float vector math the kernels use (see vmath.h, cpu.h). */
#include "vmath.h"

const dd_vmath *dd_vmath_at(dd_cpu_level level) {
#if DD_X86
    if (!dd_cpu_supports(level)) return NULL;
    if (level == DD_CPU_AVX512) return &dd_vmath_table_avx512;
    if (level == DD_CPU_AVX2) return &dd_vmath_table_avx2;
#else
    (void)level;
#endif
    return NULL;
}

dd_cpu_level dd_vmath_level(void) { return dd_cpu_level_for(DD_CPU_FOR_VMATH); }

const dd_vmath *dd_vmath_get(void) { return dd_vmath_at(dd_vmath_level()); }

void dd_vmath_set_level(dd_cpu_level level) { dd_cpu_set_cap(DD_CPU_FOR_VMATH, level); }
