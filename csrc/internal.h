/*
 * internal.h - shared by the kernel sources, never installed.
 *
 * Each family of kernels is written once, against the type `real` and the
 * name macro DD_FN(name), in a `*_impl.h` file that the family's .c file
 * includes twice: once for float (dd_s_*) and once for double (dd_d_*).
 * A body #undefs its parameters at its end, so the .c file only defines them.
 */
#ifndef CDENDRITE_INTERNAL_H
#define CDENDRITE_INTERNAL_H

#include "cdendrite.h"

#ifdef _OPENMP
#include <omp.h>
#define DD_PRAGMA(x) _Pragma(#x)
/* A `parallel for` that only forks when the work is worth a team (~2-12 us). */
#define DD_PARALLEL_FOR_IF(cond) DD_PRAGMA(omp parallel for schedule(static) if(cond))
#else
#define DD_PARALLEL_FOR_IF(cond)
#endif

/* Element-wise kernels below this many values stay serial: a fork costs more. */
#define DD_ELEMENTWISE_PARALLEL_MIN ((int64_t)1 << 16)

/* 1 when this x86 CPU supports AVX2 and FMA (checked once, cached). */
int dd_cpu_has_avx2_fma(void);
/* 1 when this x86 CPU supports AVX-512 F, DQ, BW and VL (checked once, cached). */
int dd_cpu_has_avx512(void);

#if defined(__x86_64__) || defined(__i386__)
#define DD_X86 1
#define DD_TARGET_AVX2 __attribute__((target("avx2,fma")))
#define DD_TARGET_AVX512 __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,avx2,fma")))
#else
#define DD_X86 0
#define DD_TARGET_AVX2
#define DD_TARGET_AVX512
#endif

#endif
