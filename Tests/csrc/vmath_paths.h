/*
 * vmath_paths.h - the paths a test runs, in both precisions: every width of
 * the vector math this CPU has (AVX-512, AVX2), then the portable C (libm for
 * double). Shared by test_activation.c, test_softmax.c and test_vmath.c.
 */
#ifndef DD_TEST_VMATH_PATHS_H
#define DD_TEST_VMATH_PATHS_H

#include "vmath.h"

/* The levels, widest (the default) first. */
static int vpath_levels(int is_float, int levels[3]) {
    (void)is_float; /* the same levels for both precisions */
    int n = 0;
    for (int level = DD_CPU_AVX512; level > DD_CPU_PORTABLE; level--)
        if (dd_vmath_at(level)) levels[n++] = level;
    levels[n++] = DD_CPU_PORTABLE;
    return n;
}

static int modes_for(int is_float) {
    int levels[3];
    return vpath_levels(is_float, levels);
}

/* Selects path `mode` (0 .. modes_for - 1) of this precision. */
static void use_mode(int is_float, int mode) {
    int levels[3];
    vpath_levels(is_float, levels);
    dd_vmath_set_level(levels[mode]);
}

static const char *mode_name(int is_float, int mode) {
    int levels[3];
    vpath_levels(is_float, levels);
    const dd_vmath *vm = dd_vmath_at(levels[mode]);
    return vm ? vm->name : is_float ? "portable" : "libm";
}

/* Back to the default: the widest path. */
static void use_default_mode(void) { dd_vmath_set_level(DD_CPU_AVX512); }

#endif
