/*
 * gemm.c - dd_sgemm / dd_dgemm: kernel choice, team layout and block sizes;
 * the driver itself is gemm_driver.inc, included once per tile family, and
 * the entry's body gemm_api.inc, once per precision.
 */
#include "gemm.h"

/* ------------------------------------------------------------------ */
/* Micro-kernel choice: the GEMM override of cpu.c, read once per call  */
/* ------------------------------------------------------------------ */

int dd_gemm_set_kernel(dd_gemm_kernel kernel) {
    dd_cpu_level level;
    switch (kernel) {
    case DD_GEMM_KERNEL_AUTO: level = DD_CPU_AVX512; break; /* the widest this CPU runs */
    case DD_GEMM_KERNEL_PORTABLE: level = DD_CPU_PORTABLE; break;
    case DD_GEMM_KERNEL_AVX2: level = DD_CPU_AVX2; break;
    case DD_GEMM_KERNEL_AVX512: level = DD_CPU_AVX512; break;
    default: return 0;
    }
    if (kernel != DD_GEMM_KERNEL_AUTO && !dd_cpu_supports(level)) return 0;
    dd_cpu_set_cap(DD_CPU_FOR_GEMM, level);
    return 1;
}

dd_gemm_kernel dd_gemm_active_kernel(void) {
    switch (dd_cpu_level_for(DD_CPU_FOR_GEMM)) {
    case DD_CPU_AVX512: return DD_GEMM_KERNEL_AVX512;
    case DD_CPU_AVX2: return DD_GEMM_KERNEL_AVX2;
    default: return DD_GEMM_KERNEL_PORTABLE;
    }
}

dd_gemm_kernel dd_gemm_get_kernel(void) { return dd_gemm_active_kernel(); }

const char *dd_gemm_kernel_name(void) {
    switch (dd_gemm_active_kernel()) {
    case DD_GEMM_KERNEL_AVX512:
        return "avx512 8x32 (f32), 8x16 (f64); 16x16, 16x8 when n fits one vector";
    case DD_GEMM_KERNEL_AVX2:
        return "avx2-fma 6x16 (f32), 6x8 (f64)";
    default:
        return "portable 6x16 (f32), 6x8 (f64)";
    }
}

/* ------------------------------------------------------------------ */
/* The small-matrix path: which shapes take it                         */
/* ------------------------------------------------------------------ */

static int dd_gemm_small_mode = 0; /* tests and measurements only, gemm.h */

void dd_gemm_set_small_mode(int mode) { dd_gemm_small_mode = mode < 0 ? -1 : mode > 0; }

int dd_gemm_small_shape(dd_trans tb, int64_t m, int64_t n, int64_t k) {
    return (double)m * (double)n * (double)k <= DD_GEMM_SMALL_MAX &&
           (double)k * (double)n <= (double)DD_GEMM_SMALL_B_MAX &&
           (tb == DD_NO_TRANS || k <= DD_GEMM_SMALL_BT_K_MAX);
}

/* ------------------------------------------------------------------ */
/* Threads                                                            */
/* ------------------------------------------------------------------ */

/* Below DD_GEMM_PARALLEL_MIN multiply-adds (m * n * k, thresholds.h) a call stays serial. */

/* Threads for one call: 1 when small, nested in a parallel region, or without OpenMP. */
static int dd_gemm_team_size(int64_t m, int64_t n, int64_t k, int64_t tiles) {
#ifdef _OPENMP
    if ((double)m * (double)n * (double)k < DD_GEMM_PARALLEL_MIN || omp_in_parallel()) return 1;
    int64_t nth = dd_get_num_threads();
    if (nth > tiles) nth = tiles;
    return nth < 1 ? 1 : (int)nth;
#else
    (void)m, (void)n, (void)k, (void)tiles;
    return 1;
#endif
}

/*
 * How many groups of threads split the rows (the threads of a group split the
 * NR panels). Panels by default: each thread then packs just the B panels it
 * uses and no thread ever waits for another or reads what another packed; A
 * is read in place, or packed by every thread for itself, which costs less
 * than sharing (measured on 2 cores for the MLP shapes and n = 1024). Rows
 * only when that clearly evens out the tiles, i.e. when N has too few panels
 * for the team: the bands then share one packed B.
 */
static int dd_gemm_ic_ways(int nth, int64_t m_panels, int64_t n_panels) {
    int best = 1;
    int64_t best_tiles = m_panels * dd_gemm_div_up(n_panels, nth);
    for (int ic = 2; ic <= nth; ic++) {
        if (nth % ic != 0) continue;
        const int64_t tiles = dd_gemm_div_up(m_panels, ic) * dd_gemm_div_up(n_panels, nth / ic);
        if (tiles * 10 < best_tiles * 9) {
            best = ic;
            best_tiles = tiles;
        }
    }
    return best;
}

/* ------------------------------------------------------------------ */
/* The drivers, once per tile family, and the entry, once per precision */
/* ------------------------------------------------------------------ */

/*
 * Cache blocks for a Zen core (L1d 48 KiB, L2 1 MiB): the kc x NR B micro panel
 * (16 KiB std, 32 KiB wide) stays in L1, the MC x kc A block in L2, the kc x NC
 * B panel in L3. MC is a multiple of MR and NC of NR. On Zen 5, MC from 96 to
 * 240 and KC 192 or 256 measured the same for the wide tile; KC 384 or more
 * pushes the B micro panel out of L1.
 */
#define real float
#define DD_TILE(x) dd_s_##x##_std
#define UKERNEL dd_s_gemm_ukernel
#define PACK_BT dd_s_gemm_pack_bt
#define EPILOGUE dd_s_gemm_epilogue
#define MR DD_S_MR
#define NR DD_S_NR
#define MC 144
#define KC 256
#define NC 4080
#include "gemm_driver.inc"

#define real double
#define DD_TILE(x) dd_d_##x##_std
#define UKERNEL dd_d_gemm_ukernel
#define PACK_BT dd_d_gemm_pack_bt
#define EPILOGUE dd_d_gemm_epilogue
#define MR DD_D_MR
#define NR DD_D_NR
#define MC 72
#define KC 256
#define NC 4080
#include "gemm_driver.inc"

#if DD_X86
#define real float
#define DD_TILE(x) dd_s_##x##_wide
#define UKERNEL dd_s_gemm_ukernel
#define PACK_BT dd_s_gemm_pack_bt
#define EPILOGUE dd_s_gemm_epilogue
#define MR DD_S_MR_WIDE
#define NR DD_S_NR_WIDE
#define MC 144
#define KC 256
#define NC 4064
#include "gemm_driver.inc"

#define real double
#define DD_TILE(x) dd_d_##x##_wide
#define UKERNEL dd_d_gemm_ukernel
#define PACK_BT dd_d_gemm_pack_bt
#define EPILOGUE dd_d_gemm_epilogue
#define MR DD_D_MR_WIDE
#define NR DD_D_NR_WIDE
#define MC 72
#define KC 256
#define NC 4064
#include "gemm_driver.inc"

#define real float
#define DD_TILE(x) dd_s_##x##_narrow
#define UKERNEL dd_s_gemm_ukernel
#define PACK_BT dd_s_gemm_pack_bt
#define EPILOGUE dd_s_gemm_epilogue
#define MR DD_S_MR_NARROW
#define NR DD_S_NR_NARROW
#define MC 144
#define KC 256
#define NC DD_S_NR_NARROW /* n never exceeds one panel */
#include "gemm_driver.inc"

#define real double
#define DD_TILE(x) dd_d_##x##_narrow
#define UKERNEL dd_d_gemm_ukernel
#define PACK_BT dd_d_gemm_pack_bt
#define EPILOGUE dd_d_gemm_epilogue
#define MR DD_D_MR_NARROW
#define NR DD_D_NR_NARROW
#define MC 144
#define KC 256
#define NC DD_D_NR_NARROW
#include "gemm_driver.inc"
#endif

#define real float
#define DD_FN(x) dd_s_##x
#define GEMM_REF dd_sgemm_ref
#define EPILOGUE dd_s_gemm_epilogue
#define NARROW_MAX DD_S_NR_NARROW
#include "gemm_api.inc"

#define real double
#define DD_FN(x) dd_d_##x
#define GEMM_REF dd_dgemm_ref
#define EPILOGUE dd_d_gemm_epilogue
#define NARROW_MAX DD_D_NR_NARROW
#include "gemm_api.inc"

/* ---- The entry points of cdendrite.h ---- */

void dd_sgemm(dd_trans ta, dd_trans tb, int64_t m, int64_t n, int64_t k,
              float alpha, const float *a, int64_t lda, const float *b, int64_t ldb,
              float beta, float *DD_RESTRICT c, int64_t ldc) {
    dd_s_gemm_body(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, NULL, NULL);
}

void dd_dgemm(dd_trans ta, dd_trans tb, int64_t m, int64_t n, int64_t k,
              double alpha, const double *a, int64_t lda, const double *b, int64_t ldb,
              double beta, double *DD_RESTRICT c, int64_t ldc) {
    dd_d_gemm_body(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, NULL, NULL);
}

/* ---- Internal: GEMM with an epilogue on each finished tile (gemm.h) ---- */

void dd_s_gemm_epi(dd_trans ta, dd_trans tb, int64_t m, int64_t n, int64_t k, float alpha,
                   const float *a, int64_t lda, const float *b, int64_t ldb, float beta,
                   float *c, int64_t ldc, dd_s_gemm_epilogue epi, const void *epi_ctx) {
    dd_s_gemm_body(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, epi, epi_ctx);
}

void dd_d_gemm_epi(dd_trans ta, dd_trans tb, int64_t m, int64_t n, int64_t k, double alpha,
                   const double *a, int64_t lda, const double *b, int64_t ldb, double beta,
                   double *c, int64_t ldc, dd_d_gemm_epilogue epi, const void *epi_ctx) {
    dd_d_gemm_body(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, epi, epi_ctx);
}
