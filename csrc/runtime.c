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
 * Threads that float between cores can end up sharing one: on a 2-core machine, two
 * unbound threads trained an MLP slower than one thread, and bound ones 1.6x faster.
 * Bind them unless the user chose a policy. LLVM's libomp reads the variable when the
 * first parallel region starts, after this constructor; GNU libgomp reads it when it is
 * loaded, so there set OMP_PROC_BIND=true yourself.
 */
__attribute__((constructor)) static void dd_bind_threads_by_default(void) {
    setenv("OMP_PROC_BIND", "true", 0);
}
#endif

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
