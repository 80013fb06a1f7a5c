/*
 * internal.h - shared by the kernel sources, never installed.
 *
 * Each family of kernels is written once, against the type `real` and the
 * name macro DD_FN(name), in a `.inc` template that the family's .c file
 * includes twice: once for float (DD_FN(x) = s_x) and once for double
 * (d_x). A template #undefs every macro it consumes at its end, so the .c
 * file only defines them. The bodies it makes are static; the .c file then
 * spells out each public entry point (dd_s_*, dd_d_*) as a named function
 * that calls its body, so every symbol of cdendrite.h has a definition that
 * grep and ctags find (Tests/csrc/check_public_symbols.py checks it).
 */
#ifndef CDENDRITE_INTERNAL_H
#define CDENDRITE_INTERNAL_H

#include "cdendrite.h"
#include "cpu.h" /* DD_X86, DD_TARGET_*, the code path of each kernel family */

#ifdef _OPENMP
#include <omp.h>
#define DD_PRAGMA(x) _Pragma(#x)
/* Whether to fork: the work is worth a team and more than one thread may run (a region
 * of one thread still goes through the runtime). */
#define DD_TEAM_PAYS(cond) ((cond) && omp_get_max_threads() > 1)
/*
 * for (header) body: on a team when `cond` holds (the work is worth a fork, ~2-12 us),
 * else plainly on the calling thread. Below its threshold a kernel thus makes no OpenMP
 * call at all: an `if(0)` region still enters the runtime, which costs about a microsecond
 * and allocates, and a compiled training step is hundreds of small kernel calls that must
 * not allocate. The body is a braced block or one statement.
 */
#define DD_FOR(cond, header, ...)                                                  \
    do {                                                                           \
        if (DD_TEAM_PAYS(cond)) {                                                  \
            DD_PRAGMA(omp parallel for schedule(static))                          \
            for (header) __VA_ARGS__                                               \
        } else {                                                                   \
            for (header) __VA_ARGS__                                               \
        }                                                                          \
    } while (0)
#else
#define DD_FOR(cond, header, ...) do { for (header) __VA_ARGS__ } while (0)
#endif

#include "thresholds.h" /* every serial-below-this size, with its measurement */

/*
 * One serial chunk of dd_*_act_forward / dd_*_act_backward (activation.c):
 * p resolved (never NULL), vm the float vector table of the call
 * (dd_vmath_get(), ignored for double), any aliasing the public kernels allow.
 * Each value's result is the same bits whatever chunk it is in, so the fused
 * layer kernels can run f on GEMM tiles and column blocks.
 */
struct dd_vmath;
void dd_s_act_forward_chunk(dd_act act, const dd_act_params *p, const struct dd_vmath *vm,
                            int64_t n, const float *z, float *a);
void dd_d_act_forward_chunk(dd_act act, const dd_act_params *p, const struct dd_vmath *vm,
                            int64_t n, const double *z, double *a);
void dd_s_act_backward_chunk(dd_act act, const dd_act_params *p, const struct dd_vmath *vm,
                             int64_t n, const float *z, const float *a, const float *dLdA,
                             float *dLdZ);
void dd_d_act_backward_chunk(dd_act act, const dd_act_params *p, const struct dd_vmath *vm,
                             int64_t n, const double *z, const double *a, const double *dLdA,
                             double *dLdZ);

#endif
