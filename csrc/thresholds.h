/*
 * thresholds.h - every "stay serial below this size" of the library, in one
 * place. A kernel opens an OpenMP region only when its work reaches its
 * threshold; below, it runs on the calling thread with no region at all.
 *
 * A team costs ~2 us (spinning workers) to ~12 us (sleeping ones), so it
 * pays once the serial work is several us. The GEMM's: a second core starts
 * to pay off near 64^3 = 2^18 multiply-adds (2-4 us of work, AVX-512 or
 * AVX2, against 1-3 us for the fork, the join and a late worker); 2^19 keeps
 * a margin for workers that have gone to sleep (OpenBLAS uses 2^18). Per
 * value, activations differ 20-fold (AVX-512 float: relu-like ~0.035 ns,
 * exp-based ~0.13-0.22 ns, the erf GELU ~0.6 ns).
 */
#ifndef CDENDRITE_THRESHOLDS_H
#define CDENDRITE_THRESHOLDS_H

#include <stdint.h>

/*
 * Tests/csrc/bench_thresholds.c measures each threshold with its own copy of
 * the library built with DD_BENCH_THRESHOLDS, where the bench chooses per run:
 * mode 0 the values below, 1 every kernel serial, 2 every kernel parallel.
 */
#ifdef DD_BENCH_THRESHOLDS
extern int dd_bench_threshold_mode;
#define DD_THRESHOLD(v)                                                        \
    (dd_bench_threshold_mode == 0 ? (v) : dd_bench_threshold_mode == 1 ? (v) * 0 + INT64_MAX : (v) * 0)
#else
#define DD_THRESHOLD(v) (v)
#endif

/* Element-wise maps and BLAS-1 helpers (values). */
#define DD_ELEMENTWISE_PARALLEL_MIN DD_THRESHOLD((int64_t)1 << 16)
/* Deterministic sums (values). */
#define DD_REDUCE_PARALLEL_MIN DD_THRESHOLD((int64_t)1 << 16)
/* Row-wise softmax, log-softmax and losses (values, rows x columns). */
#define DD_ROWS_PARALLEL_MIN DD_THRESHOLD((int64_t)1 << 16)
/* Activations (values): cheap ones, exp-based ones, the erf GELU. */
#define DD_ACT_CHEAP_PARALLEL_MIN DD_THRESHOLD((int64_t)1 << 17)
#define DD_ACT_EXP_PARALLEL_MIN DD_THRESHOLD((int64_t)1 << 15)
#define DD_ACT_GELU_PARALLEL_MIN DD_THRESHOLD((int64_t)1 << 13)
/* GEMM (multiply-adds m n k); the fused linear forward follows it. */
#define DD_GEMM_PARALLEL_MIN DD_THRESHOLD((double)524288)
/* Fused activation backward + bias gradient (values m n). */
#define DD_FUSED_BWD_PARALLEL_MIN DD_THRESHOLD((int64_t)1 << 16)

#endif
