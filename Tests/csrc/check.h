/*
 * check.h - the tiny harness shared by the C kernel tests (one executable per
 * kernel family, run by ctest). Header-only: each test includes it once.
 *
 *   CHECK(cond, "fmt", ...)      counts a check; prints the message when it fails
 *   dd_close(got, want, atol, rtol) |got - want| <= atol + rtol |want|, NaN-aware
 *   dd_rng / dd_rand_uniform     deterministic generator (seed printed on failure)
 *   return dd_check_summary("name");  prints "name: N passed, N failed", exit status
 */
#ifndef DD_CHECK_H
#define DD_CHECK_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>

static long dd_checks_passed = 0;
static long dd_checks_failed = 0;

#define CHECK(cond, ...)                                                       \
    do {                                                                       \
        if (cond) {                                                            \
            dd_checks_passed++;                                                \
        } else {                                                               \
            dd_checks_failed++;                                                \
            if (dd_checks_failed <= 50) {                                      \
                fprintf(stderr, "%s:%d: check failed: ", __FILE__, __LINE__);  \
                fprintf(stderr, __VA_ARGS__);                                  \
                fputc('\n', stderr);                                           \
            }                                                                  \
        }                                                                      \
    } while (0)

/* Absolute plus relative tolerance: sound near zero. NaN matches NaN, inf matches inf. */
static inline int dd_close(double got, double want, double atol, double rtol) {
    if (isnan(want)) return isnan(got);
    if (isinf(want)) return got == want;
    if (!isfinite(got)) return 0;
    return fabs(got - want) <= atol + rtol * fabs(want);
}

/* splitmix64: deterministic, seedable, identical on every platform. */
typedef struct { uint64_t state; } dd_rng;

static inline uint64_t dd_rng_next(dd_rng *r) {
    uint64_t z = (r->state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform in [lo, hi). */
static inline double dd_rand_uniform(dd_rng *r, double lo, double hi) {
    return lo + (hi - lo) * ((double)(dd_rng_next(r) >> 11) * 0x1.0p-53);
}

static inline int dd_check_summary(const char *name) {
    printf("%s: %ld passed, %ld failed\n", name, dd_checks_passed, dd_checks_failed);
    return dd_checks_failed == 0 ? 0 : 1;
}

#endif
