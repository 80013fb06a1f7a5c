/* runtime.c - version, build description, thread count. */
#define _POSIX_C_SOURCE 200809L /* setenv */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define DD_VERSION "0.1.0"

const char *dd_version(void) { return DD_VERSION; }

#ifdef _OPENMP
/*
 * Defaults that hold up when another process keeps a core busy (laptops, shared servers).
 * Measured on a 2-core AMD EPYC (Zen 4) with a busy loop pinned to one core, MLP epoch
 * 784-128-64-10, batch 128, Float32, compiled steps: 1 thread 0.260 s; 2 threads bound
 * (OMP_PROC_BIND=true, the former default) 2.35 s; unbound 1.16 s; unbound with passive
 * waiting 0.307 s; unbound with dynamic team sizes 0.258 s. On the idle machine the
 * 2-thread epoch took 0.166 s both ways. So threads are unbound and teams dynamic: the
 * runtime gives a parallel region fewer threads while other processes use the cores
 * (LLVM's libomp counts running threads in /proc; GNU libgomp reads the load average,
 * which reacts within about a minute). Whatever the user set in OMP_PROC_BIND or
 * OMP_DYNAMIC wins; dd_set_dynamic_threads changes it at run time.
 */
__attribute__((constructor)) static void dd_thread_defaults(void) {
    setenv("OMP_PROC_BIND", "false", 0);
    if (!getenv("OMP_DYNAMIC")) {
        /* libomp reads the environment when it starts, after this constructor: the default
           of every thread. libgomp has read it already: set the loading thread at least. */
        setenv("OMP_DYNAMIC", "true", 0);
        omp_set_dynamic(1);
    }
}
#endif

void dd_set_dynamic_threads(int on) {
#ifdef _OPENMP
    omp_set_dynamic(on != 0);
#else
    (void)on;
#endif
}

int dd_get_dynamic_threads(void) {
#ifdef _OPENMP
    return omp_get_dynamic();
#else
    return 0;
#endif
}

int dd_openmp_enabled(void) {
#ifdef _OPENMP
    return 1;
#else
    return 0;
#endif
}

const char *dd_build_info(void) {
#if defined(__clang__)
#define DD_COMPILER "clang " __clang_version__
#elif defined(__GNUC__)
#define DD_COMPILER "gcc " __VERSION__
#else
#define DD_COMPILER "unknown compiler"
#endif
#define DD_STR2(x) #x
#define DD_STR(x) DD_STR2(x)
#ifdef _OPENMP
    return DD_COMPILER ", OpenMP " DD_STR(_OPENMP);
#else
    return DD_COMPILER ", without OpenMP (serial kernels)";
#endif
}

void dd_set_num_threads(int n) {
#ifdef _OPENMP
    omp_set_num_threads(n < 1 ? 1 : n);
#else
    (void)n;
#endif
}

int dd_get_num_threads(void) {
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

int dd_num_procs(void) {
#ifdef _OPENMP
    return omp_get_num_procs();
#else
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : (int)n;
#endif
}
