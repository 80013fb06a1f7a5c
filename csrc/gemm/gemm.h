/*
 * gemm.h - what the GEMM sources share: tile sizes, the micro-kernel
 * contract, packing and the per-thread scratch buffer.
 *
 * Layout of the five-loop GEMM (BLIS style):
 *   jc: columns of C in blocks of NC    -> pack a kc x NC panel of op(B)
 *   pc: depth in balanced blocks of KC
 *   ic: rows of C in blocks of MC       -> pack an MC x kc block of A^T
 *                                          (rows of A are read in place)
 *   jr: NR-wide micro panels of B
 *   ir: MR-high micro panels of A       -> micro kernel, one MR x NR tile of C
 * Threads split the jr loop (or, for narrow N, the ic loop); see gemm.c.
 */
#ifndef CDENDRITE_GEMM_INTERNAL_H
#define CDENDRITE_GEMM_INTERNAL_H

#include "../internal.h"

/*
 * Micro tiles, in three families; each has its own packing and driver
 * (suffix _std, _wide, _narrow), so a packed format belongs to one family:
 *   std:    6 x 16 floats, 6 x 8 doubles - the portable and AVX2 kernels
 *           (12 ymm accumulators hide the FMA latency);
 *   wide:   8 x 32 floats, 8 x 16 doubles - AVX-512, 16 zmm accumulators;
 *           8 rows divide the MLP's 64, 128 and 784 exactly;
 *   narrow: 16 x 16 floats, 16 x 8 doubles - AVX-512 for N of at most one
 *           vector (the 10 classes of an output layer), where a 32-wide tile
 *           would compute 22 wasted columns.
 */
#define DD_S_MR 6
#define DD_S_NR 16
#define DD_D_MR 6
#define DD_D_NR 8
#define DD_S_MR_WIDE 8
#define DD_S_NR_WIDE 32
#define DD_D_MR_WIDE 8
#define DD_D_NR_WIDE 16
#define DD_S_MR_NARROW 16
#define DD_S_NR_NARROW 16
#define DD_D_MR_NARROW 16
#define DD_D_NR_NARROW 8

/*
 * Micro kernel: one MR x NR tile of which the top-left rows x cols part is
 * stored (edge tiles: 1 <= rows <= MR, 1 <= cols <= NR),
 *   C = alpha * A * B + beta * C   (beta == 0: C is written, never read)
 * A: MR x kc, element (i, p) at a[i * rsa + p * csa], all MR rows readable
 *    (the driver packs a partial panel zero-padded). The driver passes a
 *    packed micro panel (rsa = 1, csa = MR), rows of A in place (csa = 1) or,
 *    for AVX-512, columns of A^T in place (rsa = 1); the kernels are fastest
 *    for those and correct for any strides.
 * B: packed kc x NR micro panel, element (p, j) at b[p * NR + j], 64-byte aligned.
 * C: row-major with leading dimension ldc; nothing outside the rows x cols part
 *    is read or written. kc >= 1.
 */
typedef void (*dd_s_gemm_ukernel)(int64_t kc, float alpha, const float *a, int64_t rsa,
                                  int64_t csa, const float *b, float beta, float *c,
                                  int64_t ldc, int rows, int cols);
typedef void (*dd_d_gemm_ukernel)(int64_t kc, double alpha, const double *a, int64_t rsa,
                                  int64_t csa, const double *b, double beta, double *c,
                                  int64_t ldc, int rows, int cols);

#define DD_GEMM_DECLARE_UKERNEL(real, name)                                    \
    void name(int64_t kc, real alpha, const real *a, int64_t rsa, int64_t csa,  \
              const real *b, real beta, real *c, int64_t ldc, int rows, int cols)
DD_GEMM_DECLARE_UKERNEL(float, dd_s_gemm_ukernel_portable);
DD_GEMM_DECLARE_UKERNEL(double, dd_d_gemm_ukernel_portable);
#if DD_X86
DD_GEMM_DECLARE_UKERNEL(float, dd_s_gemm_ukernel_avx2);
DD_GEMM_DECLARE_UKERNEL(double, dd_d_gemm_ukernel_avx2);
DD_GEMM_DECLARE_UKERNEL(float, dd_s_gemm_ukernel_avx512_wide);
DD_GEMM_DECLARE_UKERNEL(double, dd_d_gemm_ukernel_avx512_wide);
DD_GEMM_DECLARE_UKERNEL(float, dd_s_gemm_ukernel_avx512_narrow);
DD_GEMM_DECLARE_UKERNEL(double, dd_d_gemm_ukernel_avx512_narrow);
#endif

/*
 * Small-matrix GEMM (gemm_small.inc, gemm_small_portable.inc): no packing, on
 * the calling thread, for the shapes dd_gemm_small_shape accepts:
 *   C = alpha * op(A) * B + beta * C   (beta == 0: C is written, never read)
 * op(A) element (i, p) at a[i * rsa + p * csa]; B k x n row-major with leading
 * dimension ldb (the caller transposes B^T first); C m x n, leading dimension
 * ldc. Each element of C is summed over p in increasing order, from zero,
 * with one FMA per step (the portable kernel: multiply and add), and then
 * scaled: its bits depend on its row of op(A), its column of B, alpha, beta
 * and C only - not on m, n, the block it falls in or the thread count.
 */
#define DD_GEMM_DECLARE_SMALL(real, name)                                      \
    void name(int64_t m, int64_t n, int64_t k, real alpha, const real *a, int64_t rsa, \
              int64_t csa, const real *b, int64_t ldb, real beta, real *c, int64_t ldc)
DD_GEMM_DECLARE_SMALL(float, dd_s_gemm_small_portable);
DD_GEMM_DECLARE_SMALL(double, dd_d_gemm_small_portable);
#if DD_X86
DD_GEMM_DECLARE_SMALL(float, dd_s_gemm_small_avx2);
DD_GEMM_DECLARE_SMALL(double, dd_d_gemm_small_avx2);
DD_GEMM_DECLARE_SMALL(float, dd_s_gemm_small_avx512);
DD_GEMM_DECLARE_SMALL(double, dd_d_gemm_small_avx512);
#endif

/*
 * Whether a shape takes the small path (the rule of thresholds.h, the same for
 * dd_sgemm, dd_dgemm and the epilogue GEMMs, never dependent on threads), and
 * for tests and measurements only: 0 = that rule (the default), 1 = every
 * shape with k >= 1 and alpha != 0 takes the small path, -1 = none does.
 * The mode is read once per call; set it while no GEMM runs.
 */
int dd_gemm_small_shape(dd_trans tb, int64_t m, int64_t n, int64_t k);
void dd_gemm_set_small_mode(int mode);

/*
 * Packing, once per tile family. The source is op(X) seen through strides,
 * so one routine serves X and X^T: the caller passes the strides of op(X).
 * pack_a: rows x kc block, element (i, p) at src[i * rs + p * cs], into
 *         ceil(rows / MR) micro panels of MR x kc (panel after panel); rows past
 *         the edge are zeroed so the kernel always runs a full tile.
 * pack_b: kc x cols block, element (p, j) at src[p * rs + j * cs], into
 *         ceil(cols / NR) micro panels of kc x NR; columns past the edge are zeroed.
 */
#define DD_GEMM_DECLARE_PACK(real, prefix, family)                             \
    void prefix##gemm_pack_a_##family(int64_t rows, int64_t kc, const real *src, int64_t rs, \
                                      int64_t cs, real *dst);                  \
    void prefix##gemm_pack_b_##family(int64_t kc, int64_t cols, const real *src, int64_t rs, \
                                      int64_t cs, real *dst)
DD_GEMM_DECLARE_PACK(float, dd_s_, std);
DD_GEMM_DECLARE_PACK(double, dd_d_, std);
#if DD_X86
DD_GEMM_DECLARE_PACK(float, dd_s_, wide);
DD_GEMM_DECLARE_PACK(double, dd_d_, wide);
DD_GEMM_DECLARE_PACK(float, dd_s_, narrow);
DD_GEMM_DECLARE_PACK(double, dd_d_, narrow);
#endif

/*
 * pack_b for B^T (rs == 1) and whole panels (cols a multiple of nr, nr a
 * multiple of 8 floats or 4 doubles), transposing in registers; NULL where
 * the plain pack_b is used.
 */
typedef void (*dd_s_gemm_pack_bt)(int64_t kc, int64_t cols, int64_t nr, const float *src,
                                  int64_t ld, float *dst);
typedef void (*dd_d_gemm_pack_bt)(int64_t kc, int64_t cols, int64_t nr, const double *src,
                                  int64_t ld, double *dst);
#if DD_X86
void dd_s_gemm_pack_bt_avx2(int64_t kc, int64_t cols, int64_t nr, const float *src, int64_t ld,
                            float *dst);
void dd_d_gemm_pack_bt_avx2(int64_t kc, int64_t cols, int64_t nr, const double *src, int64_t ld,
                            double *dst);
#endif

/*
 * Epilogue: called on the rows x cols block of C at (i0, j0) once it holds
 * its final value, by the thread that computed it: the rows of one MC block
 * by that thread's columns of one NC panel, still in L2 (one call per block,
 * not per micro tile: a call per 8 x 32 tile cost more than the pass it
 * saved). Blocks never overlap and each element of C is in exactly one, so
 * an epilogue that maps each element on its own gives the same bits as one
 * pass over C after the GEMM, for any team.
 */
typedef void (*dd_s_gemm_epilogue)(const void *ctx, int64_t i0, int64_t j0, int64_t rows,
                                   int64_t cols);
typedef void (*dd_d_gemm_epilogue)(const void *ctx, int64_t i0, int64_t j0, int64_t rows,
                                   int64_t cols);

/* dd_sgemm / dd_dgemm with an epilogue (or NULL) on each finished block. */
void dd_s_gemm_epi(dd_trans ta, dd_trans tb, int64_t m, int64_t n, int64_t k, float alpha,
                   const float *a, int64_t lda, const float *b, int64_t ldb, float beta,
                   float *c, int64_t ldc, dd_s_gemm_epilogue epi, const void *epi_ctx);
void dd_d_gemm_epi(dd_trans ta, dd_trans tb, int64_t m, int64_t n, int64_t k, double alpha,
                   const double *a, int64_t lda, const double *b, int64_t ldb, double beta,
                   double *c, int64_t ldc, dd_d_gemm_epilogue epi, const void *epi_ctx);

/* The kernel chosen with dd_gemm_set_kernel, resolved (never AUTO). */
dd_gemm_kernel dd_gemm_active_kernel(void);

/*
 * Scratch memory of the calling thread: 64-byte aligned, grow-only, reused by
 * every GEMM call of that thread and freed when the thread exits. NULL when
 * the allocation fails. Never shared between calling threads, which is what
 * makes concurrent GEMM calls safe.
 */
void *dd_gemm_thread_scratch(size_t bytes);

/* Small index helpers of the driver. */
static inline int64_t dd_gemm_min(int64_t a, int64_t b) { return a < b ? a : b; }
static inline int64_t dd_gemm_div_up(int64_t a, int64_t b) { return (a + b - 1) / b; }
static inline int64_t dd_gemm_round_up(int64_t a, int64_t b) { return dd_gemm_div_up(a, b) * b; }
/* Start of part `idx` when `total` items are split into `parts` near-equal parts. */
static inline int64_t dd_gemm_share(int64_t total, int parts, int idx) {
    return total * idx / parts;
}
/* Split `len` into the fewest blocks of at most `max` (a multiple of `mult`),
   all about equal and a multiple of `mult`: K = 784 gives 4 x 196, not 3 x 256 + 16. */
static inline int64_t dd_gemm_balanced_block(int64_t len, int64_t max, int64_t mult) {
    if (len <= 0) return mult;
    const int64_t blocks = dd_gemm_div_up(len, max);
    return dd_gemm_round_up(dd_gemm_div_up(len, blocks), mult);
}

/* A barrier of the GEMM team when `cond`; never reached by a serial call,
   which runs outside any parallel region (it could bind to a caller's team). */
#ifdef _OPENMP
#define DD_GEMM_BARRIER(cond)                                                  \
    do {                                                                       \
        if (cond) {                                                            \
            DD_PRAGMA(omp barrier)                                             \
        }                                                                      \
    } while (0)
#else
#define DD_GEMM_BARRIER(cond) ((void)(cond))
#endif

#endif
