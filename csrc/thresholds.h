/*
 * thresholds.h - every "stay serial below this size" of the library, in one
 * place. A kernel opens an OpenMP region only when its work reaches its
 * threshold; below, it runs on the calling thread with no region at all.
 *
 * Measured with Tests/csrc/bench_thresholds.c (float, every kernel serial
 * against every kernel on 2 threads, median of 31 samples of back-to-back
 * calls, so the workers are spinning) on an AMD EPYC, family 25 model 17
 * (Zen 4), 2 vCPUs under KVM, L2 1 MiB per core, gcc 12.2 -O3, AVX-512
 * kernels. Each value is the first size from which 2 threads were at least
 * ~1.2x faster (ratio = serial time / 2-thread time), rounded to a power of
 * two; the ratios just below and at it are quoted. On a loaded machine (a
 * second process on one of the two cores) every 2-thread figure gets worse,
 * up to a scheduler slice (4-16 ms) when a team waits for a descheduled
 * worker: these are thresholds for a machine the training has to itself.
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

/* Element-wise maps, broadcasts and BLAS-1 helpers (values). affine 16K 0.91,
   32K 1.24; binary mul 16K 1.17, 32K 1.46; add_row_bias 4K 1.20, 32K 1.59. */
#define DD_ELEMENTWISE_PARALLEL_MIN DD_THRESHOLD((int64_t)1 << 15)
/* Optimizer updates (values): several streams and a sqrt per value. Adam 2K 1.07,
   4K 1.38, 8K 1.58; SGD does less per value, hence 8K rather than 4K. */
#define DD_OPTIM_PARALLEL_MIN DD_THRESHOLD((int64_t)1 << 13)
/* Deterministic sums, col_sums, row_sums, element-wise losses (values).
   sum 16K 1.16, 32K 1.47; col_sums (256 columns) 8K 1.31, 32K 1.71. */
#define DD_REDUCE_PARALLEL_MIN DD_THRESHOLD((int64_t)1 << 15)
/* Row-wise softmax, log-softmax and the cross-entropies (values, rows x columns).
   cross-entropy, 10 classes: 2K 1.65, 4K 1.77. Softmax cuts rows into blocks
   of 8K values, so it forks from 2 blocks on: 1000 columns 16K 1.71. */
#define DD_ROWS_PARALLEL_MIN DD_THRESHOLD((int64_t)1 << 12)
/* Activations (values), by cost per value. relu 32K 1.05, 64K 1.24 (the
   clamps and hard_* alike, and sigmoid / tanh backward, which only multiply);
   sigmoid 8K 1.20, 16K 1.47 (every exp-based one costs at least as much);
   the erf GELU 2K 1.08, 4K 1.38. */
#define DD_ACT_CHEAP_PARALLEL_MIN DD_THRESHOLD((int64_t)1 << 16)
#define DD_ACT_EXP_PARALLEL_MIN DD_THRESHOLD((int64_t)1 << 14)
#define DD_ACT_GELU_PARALLEL_MIN DD_THRESHOLD((int64_t)1 << 12)
/* GEMM (multiply-adds m n k); the fused linear forward runs inside it. Square
   NT: 32^3 0.46, 48^3 1.33, 64^3 1.37, 80^3 1.21, 96^3 1.44; 2^19 (~80^3)
   keeps a margin for workers that have gone to sleep (OpenBLAS uses 2^18). */
#define DD_GEMM_PARALLEL_MIN DD_THRESHOLD((double)524288)
/* The small-matrix GEMM path (gemm.h): no packing, no team, when m n k is at
   most DD_GEMM_SMALL_MAX, B (k n values) at most DD_GEMM_SMALL_B_MAX and, for
   B^T (which the path transposes first, one strided value at a time), k at
   most DD_GEMM_SMALL_BT_K_MAX. A rule on the shape alone, not a DD_THRESHOLD:
   it chooses bits, not threads, so no measurement mode may move it. Packed
   time / small time, 1 thread, AVX-512, same machine: 128x10x10 f32 1.2,
   f64 1.15; 40^3 1.1-1.2; 48^3 f32 1.2-1.45, f64 0.93-1.09; 128x64x10 f32
   1.1-1.18; 128x128x8 1.02-1.14; 64^3 NN/TN 1.02, NT/TT 0.75-0.88; B^T:
   10x64x128 0.43-0.67, 32^3 0.77-1.07, 16^3 0.88-0.95. */
#define DD_GEMM_SMALL_MAX ((double)131072)
#define DD_GEMM_SMALL_B_MAX ((int64_t)16384)
#define DD_GEMM_SMALL_BT_K_MAX ((int64_t)16)
/* Fused activation backward + bias gradient (values m n), threads on column
   ranges. relu, 128 columns: 256K 0.84, 512K 1.10, 1M 1.25: f' streams at
   memory speed and the sums keep a thread's columns, so a team only pays for
   large layers. */
#define DD_FUSED_BWD_PARALLEL_MIN DD_THRESHOLD((int64_t)1 << 19)

#endif
