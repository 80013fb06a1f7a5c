/*
 * chunked.h - [0, n) cut into chunks that run in parallel: deterministic
 * sums in double (reductions, losses) and plain loops (optimizer updates).
 *
 * `reduction(+:acc)` leaves the order in which the threads' partial sums are
 * combined to the runtime, so with three or more threads the last bits can
 * change from run to run. Here [0, n) is cut into a number of chunks that
 * depends on n alone; the chunks are summed in parallel and their partials
 * added in chunk order. The result is therefore bitwise the same for every
 * thread count, and with or without OpenMP.
 */
#ifndef CDENDRITE_CHUNKED_H
#define CDENDRITE_CHUNKED_H

#include "internal.h"

/* Chunks per parallel sum: enough to balance any core count we target. */
#define DD_SUM_CHUNKS 64

/* Sums (or processes and sums) the elements [lo, hi) described by ctx. */
typedef double (*dd_range_sum_fn)(const void *ctx, int64_t lo, int64_t hi);

/*
 * Sum over [0, n) of the per-element values f produces. Below min_parallel
 * the whole range is one serial call. f may also write per-element outputs
 * (gradients): every element is visited exactly once.
 */
static inline double dd_chunked_sum(int64_t n, int64_t min_parallel, dd_range_sum_fn f,
                                    const void *ctx) {
    if (n < min_parallel || n < DD_SUM_CHUNKS) return f(ctx, 0, n);
    double part[DD_SUM_CHUNKS];
    const int64_t q = n / DD_SUM_CHUNKS, r = n % DD_SUM_CHUNKS;
    /* The same chunks on one thread as on many: the bits do not depend on the team. */
    DD_FOR(1, int64_t c = 0; c < DD_SUM_CHUNKS; c++, {
        /* the first r chunks take one extra element */
        const int64_t lo = c * q + (c < r ? c : r);
        const int64_t hi = lo + q + (c < r ? 1 : 0);
        part[c] = f(ctx, lo, hi);
    });
    double s = 0.0;
    for (int c = 0; c < DD_SUM_CHUNKS; c++) s += part[c];
    return s;
}

/* Processes the elements [lo, hi) described by ctx. */
typedef void (*dd_range_fn)(const void *ctx, int64_t lo, int64_t hi);

/*
 * Runs f over [0, n): serially below min_parallel, else one contiguous slice
 * per thread. Keeping the loop inside f (not in the OpenMP region itself)
 * keeps its restrict pointers and by-value constants visible to the vectoriser.
 */
static inline void dd_for_ranges(int64_t n, int64_t min_parallel, dd_range_fn f, const void *ctx) {
#ifdef _OPENMP
    if (DD_TEAM_PAYS(n >= min_parallel)) {
        DD_PRAGMA(omp parallel)
        {
            const int64_t nt = omp_get_num_threads(), t = omp_get_thread_num();
            f(ctx, n * t / nt, n * (t + 1) / nt);
        }
        return;
    }
#else
    (void)min_parallel;
#endif
    f(ctx, 0, n);
}

#endif
