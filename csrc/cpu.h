/*
 * cpu.h - the one place that decides which instruction set the kernels run:
 * one list of levels, the detection of what this CPU runs, and the
 * process-wide overrides through which dd_gemm_set_kernel and
 * dd_vmath_set_level choose a level. Internal: not part of cdendrite.h.
 */
#ifndef CDENDRITE_CPU_H
#define CDENDRITE_CPU_H

/* The code paths, narrowest first; each needs what the one before it needs. */
typedef enum dd_cpu_level {
    DD_CPU_PORTABLE = 0, /* plain C, any CPU */
    DD_CPU_AVX2 = 1,     /* AVX2 + FMA */
    DD_CPU_AVX512 = 2    /* AVX-512 F, DQ, BW and VL */
} dd_cpu_level;

/*
 * Who asks. Each keeps its own override, so choosing a GEMM kernel leaves the
 * vector math alone and the other way round (as the public API promises).
 */
typedef enum dd_cpu_user {
    DD_CPU_FOR_GEMM = 0,  /* the GEMM micro kernels (dd_gemm_set_kernel) */
    DD_CPU_FOR_VMATH = 1, /* the float and double vector math (dd_vmath_set_level) */
    DD_CPU_USERS
} dd_cpu_user;

/* 1 when this CPU runs `level` (checked once, cached); always 1 for DD_CPU_PORTABLE. */
int dd_cpu_supports(dd_cpu_level level);
/* Cap `user` at `level` (clamped to the range of dd_cpu_level); DD_CPU_AVX512,
 * the default, means "the widest this CPU runs". Thread-safe. */
void dd_cpu_set_cap(dd_cpu_user user, dd_cpu_level level);
/* The widest level this CPU runs that is not above the cap of `user`. */
dd_cpu_level dd_cpu_level_for(dd_cpu_user user);

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
