/*
 * test_gemm.c - dd_sgemm / dd_dgemm against the reference, the reference
 * against a naive long-double loop, and the kernel-choice API.
 *
 * Every case builds its matrices in double (rounded to float for the float
 * calls, so both precisions see the same values), with leading dimensions
 * wider than the matrices: the padding of A and B holds NaN (it must never be
 * read) and the padding of C a sentinel (it must never be written).
 */
#include "check.h"
#include "cdendrite.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#define SENTINEL (-777.25)

/* The small-path hooks of gemm/gemm.h (internal to the library). */
int dd_gemm_small_shape(dd_trans tb, int64_t m, int64_t n, int64_t k);
void dd_gemm_set_small_mode(int mode);

static const dd_trans TRANS[2] = {DD_NO_TRANS, DD_TRANS};

/* ------------------------------------------------------------------ */
/* Calling either precision through double buffers                    */
/* ------------------------------------------------------------------ */

typedef enum { PREC_F32 = 0, PREC_F64 = 1 } prec;
typedef enum { IMPL_FAST = 0, IMPL_REF = 1 } impl;

static float *to_float(int64_t n, const double *x) {
    float *y = malloc((size_t)(n > 0 ? n : 1) * sizeof *y);
    for (int64_t i = 0; i < n; i++) y[i] = (float)x[i];
    return y;
}

/* C = alpha op(A) op(B) + beta C with the chosen precision and implementation. */
static void gemm(prec p, impl which, dd_trans ta, dd_trans tb, int64_t m, int64_t n, int64_t k,
                 double alpha, const double *a, int64_t lda, int64_t a_len, const double *b,
                 int64_t ldb, int64_t b_len, double beta, double *c, int64_t ldc,
                 int64_t c_len) {
    if (p == PREC_F64) {
        (which == IMPL_FAST ? dd_dgemm : dd_dgemm_ref)(ta, tb, m, n, k, alpha, a, lda, b, ldb,
                                                        beta, c, ldc);
        return;
    }
    float *af = to_float(a_len, a), *bf = to_float(b_len, b), *cf = to_float(c_len, c);
    (which == IMPL_FAST ? dd_sgemm : dd_sgemm_ref)(ta, tb, m, n, k, (float)alpha, af, lda, bf,
                                                    ldb, (float)beta, cf, ldc);
    for (int64_t i = 0; i < c_len; i++) c[i] = cf[i];
    free(af);
    free(bf);
    free(cf);
}

/* ------------------------------------------------------------------ */
/* One test problem                                                   */
/* ------------------------------------------------------------------ */

typedef struct problem {
    prec p;
    dd_trans ta, tb;
    int64_t m, n, k;
    double alpha, beta;
    int64_t lda, ldb, ldc;
    int64_t a_rows, a_cols, b_rows, b_cols; /* stored shapes */
    double *a, *b, *c;                      /* c: the initial C */
    double max_a, max_b, max_c;
} problem;

static double rand_value(dd_rng *rng, prec p) {
    double v = dd_rand_uniform(rng, -1.0, 1.0);
    return p == PREC_F32 ? (double)(float)v : v;
}

/* Fills a rows x cols matrix with leading dimension ld; padding gets `pad`. */
static double *new_matrix(dd_rng *rng, prec p, int64_t rows, int64_t cols, int64_t ld,
                          double pad, double *max_abs) {
    const int64_t len = rows * ld;
    double *x = malloc((size_t)(len > 0 ? len : 1) * sizeof *x);
    *max_abs = 0;
    for (int64_t i = 0; i < rows; i++) {
        for (int64_t j = 0; j < ld; j++) {
            double v = j < cols ? rand_value(rng, p) : pad;
            x[i * ld + j] = v;
            if (j < cols && fabs(v) > *max_abs) *max_abs = fabs(v);
        }
    }
    return x;
}

static problem make_problem(dd_rng *rng, prec p, dd_trans ta, dd_trans tb, int64_t m, int64_t n,
                            int64_t k, double alpha, double beta, int padded) {
    problem q = {.p = p, .ta = ta, .tb = tb, .m = m, .n = n, .k = k, .alpha = alpha,
                 .beta = beta};
    q.a_rows = ta == DD_NO_TRANS ? m : k;
    q.a_cols = ta == DD_NO_TRANS ? k : m;
    q.b_rows = tb == DD_NO_TRANS ? k : n;
    q.b_cols = tb == DD_NO_TRANS ? n : k;
    /* Leading dimensions: tight, or wider by a few elements. A zero-width
       matrix still needs ld >= 1, as BLAS requires. */
    q.lda = q.a_cols + (padded ? 1 + (int64_t)(dd_rng_next(rng) % 5) : 0);
    q.ldb = q.b_cols + (padded ? 1 + (int64_t)(dd_rng_next(rng) % 5) : 0);
    q.ldc = n + (padded ? 1 + (int64_t)(dd_rng_next(rng) % 5) : 0);
    if (q.lda < 1) q.lda = 1;
    if (q.ldb < 1) q.ldb = 1;
    if (q.ldc < 1) q.ldc = 1;
    q.a = new_matrix(rng, p, q.a_rows, q.a_cols, q.lda, NAN, &q.max_a);
    q.b = new_matrix(rng, p, q.b_rows, q.b_cols, q.ldb, NAN, &q.max_b);
    q.c = new_matrix(rng, p, m, n, q.ldc, SENTINEL, &q.max_c);
    return q;
}

static void free_problem(problem *q) {
    free(q->a);
    free(q->b);
    free(q->c);
}

static double *run(const problem *q, impl which) {
    const int64_t len = q->m * q->ldc;
    double *c = malloc((size_t)(len > 0 ? len : 1) * sizeof *c);
    memcpy(c, q->c, (size_t)len * sizeof *c);
    gemm(q->p, which, q->ta, q->tb, q->m, q->n, q->k, q->alpha, q->a, q->lda,
         q->a_rows * q->lda, q->b, q->ldb, q->b_rows * q->ldb, q->beta, c, q->ldc, len);
    return c;
}

/* Tolerance scaled by the size of what is summed, never purely relative. */
static void tolerances(const problem *q, double *atol, double *rtol) {
    const double eps = q->p == PREC_F32 ? 1e-5 : 1e-13;
    *atol = eps * ((double)q->k * fabs(q->alpha) * q->max_a * q->max_b +
                   fabs(q->beta) * q->max_c + 1.0);
    *rtol = eps;
}

static const char *prec_name(prec p) { return p == PREC_F32 ? "f32" : "f64"; }

/* got within tolerance of want on the m x n part; padding of got still the sentinel. */
static void compare(const problem *q, const double *got, const double *want, const char *what) {
    double atol, rtol;
    tolerances(q, &atol, &rtol);
    int64_t bad = 0, bad_i = -1, bad_j = -1, pad_bad = 0;
    for (int64_t i = 0; i < q->m; i++) {
        for (int64_t j = 0; j < q->ldc; j++) {
            const double g = got[i * q->ldc + j];
            if (j >= q->n) {
                pad_bad += g != SENTINEL;
            } else if (!dd_close(g, want[i * q->ldc + j], atol, rtol)) {
                if (bad++ == 0) bad_i = i, bad_j = j;
            }
        }
    }
    CHECK(bad == 0,
          "%s %s ta=%d tb=%d m=%lld n=%lld k=%lld alpha=%g beta=%g: %lld wrong, first (%lld,%lld) "
          "got %.9g want %.9g",
          what, prec_name(q->p), q->ta, q->tb, (long long)q->m, (long long)q->n, (long long)q->k,
          q->alpha, q->beta, (long long)bad, (long long)bad_i, (long long)bad_j,
          bad ? got[bad_i * q->ldc + bad_j] : 0.0, bad ? want[bad_i * q->ldc + bad_j] : 0.0);
    CHECK(pad_bad == 0, "%s %s m=%lld n=%lld k=%lld: %lld padding values of C written", what,
          prec_name(q->p), (long long)q->m, (long long)q->n, (long long)q->k, (long long)pad_bad);
}

/* The fast GEMM against the reference on one problem. */
static void check_fast(dd_rng *rng, prec p, dd_trans ta, dd_trans tb, int64_t m, int64_t n,
                       int64_t k, double alpha, double beta, int nan_c) {
    problem q = make_problem(rng, p, ta, tb, m, n, k, alpha, beta, 1);
    if (nan_c) {
        for (int64_t i = 0; i < m; i++)
            for (int64_t j = 0; j < n; j++) q.c[i * q.ldc + j] = NAN;
        q.max_c = 0;
    }
    double *want = run(&q, IMPL_REF), *got = run(&q, IMPL_FAST);
    compare(&q, got, want, dd_gemm_kernel_name());
    free(want);
    free(got);
    free_problem(&q);
}

/* ------------------------------------------------------------------ */
/* The reference against a naive long-double loop                     */
/* ------------------------------------------------------------------ */

static void test_reference(void) {
    dd_rng rng = {11};
    const int64_t shapes[][3] = {{1, 1, 1}, {3, 5, 7}, {17, 9, 33}, {40, 23, 64}};
    const double ab[][2] = {{1, 0}, {-1.5, 1}, {0.5, -1.5}, {2, 0.25}};
    for (int p = 0; p < 2; p++)
        for (int s = 0; s < 4; s++)
            for (int t = 0; t < 4; t++) {
                const int64_t m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
                problem q = make_problem(&rng, (prec)p, TRANS[t & 1], TRANS[t >> 1], m, n, k,
                                         ab[t][0], ab[t][1], 1);
                double *want = malloc((size_t)(m * q.ldc) * sizeof *want);
                memcpy(want, q.c, (size_t)(m * q.ldc) * sizeof *want);
                for (int64_t i = 0; i < m; i++)
                    for (int64_t j = 0; j < n; j++) {
                        long double s_ = 0;
                        for (int64_t l = 0; l < k; l++) {
                            const double av = q.ta == DD_NO_TRANS ? q.a[i * q.lda + l]
                                                                  : q.a[l * q.lda + i];
                            const double bv = q.tb == DD_NO_TRANS ? q.b[l * q.ldb + j]
                                                                  : q.b[j * q.ldb + l];
                            s_ += (long double)av * bv;
                        }
                        double *w = &want[i * q.ldc + j];
                        *w = (double)(q.alpha * s_ + (q.beta == 0 ? 0 : q.beta * *w));
                    }
                double *got = run(&q, IMPL_REF);
                compare(&q, got, want, "reference");
                free(want);
                free(got);
                free_problem(&q);
            }
}

/* ------------------------------------------------------------------ */
/* Sweeps, special values, threads                                    */
/* ------------------------------------------------------------------ */

static const double ALPHAS[] = {1, -1.5, 0.5};
static const double BETAS[] = {0, 1, -1.5};

/* Each size 1..70 of one dimension with the others in {1, 5, 17, 33}; the
   transposes and alpha/beta rotate so that every combination is visited. */
static void test_sweeps(prec p) {
    dd_rng rng = {100 + (uint64_t)p};
    const int64_t fixed[] = {1, 5, 17, 33};
    int64_t count = 0;
    for (int dim = 0; dim < 3; dim++)
        for (int64_t s = 1; s <= 70; s++)
            for (int x = 0; x < 4; x++)
                for (int y = 0; y < 4; y++, count++) {
                    int64_t d[3];
                    d[dim] = s;
                    d[(dim + 1) % 3] = fixed[x];
                    d[(dim + 2) % 3] = fixed[y];
                    const int t = (int)(count % 4);
                    check_fast(&rng, p, TRANS[t & 1], TRANS[t >> 1], d[0], d[1], d[2],
                               ALPHAS[count % 3], BETAS[(count / 4) % 3], 0);
                }
}

/* Random shapes: m, n up to 300, k up to 700 (several depth blocks of unequal
   size), every transpose; most are above the parallel threshold. */
static void test_random_shapes(prec p, int count) {
    dd_rng rng = {200 + (uint64_t)p};
    for (int r = 0; r < count; r++) {
        const int64_t m = 1 + (int64_t)(dd_rng_next(&rng) % 300);
        const int64_t n = 1 + (int64_t)(dd_rng_next(&rng) % (r % 5 == 0 ? 20 : 300));
        const int64_t k = 1 + (int64_t)(dd_rng_next(&rng) % 700);
        check_fast(&rng, p, TRANS[r & 1], TRANS[(r >> 1) & 1], m, n, k, ALPHAS[r % 3],
                   BETAS[(r / 3) % 3], 0);
    }
}

/* Shapes that cross the cache blocks (KC, MC, NC) and depth blocks of unequal split. */
static void test_block_edges(prec p) {
    dd_rng rng = {300 + (uint64_t)p};
    const int64_t shapes[][3] = {{145, 17, 257}, {290, 33, 513}, {7, 4100, 3}, {150, 40, 784},
                                 {73, 9, 600}};
    for (int s = 0; s < 5; s++)
        for (int t = 0; t < 4; t++)
            check_fast(&rng, p, TRANS[t & 1], TRANS[t >> 1], shapes[s][0], shapes[s][1],
                       shapes[s][2], -1.5, t == 0 ? 0 : 1, 0);
}

/* beta == 0 must not read C; alpha == 0 or k == 0 only scale C; empty shapes. */
static void test_special(prec p) {
    dd_rng rng = {400 + (uint64_t)p};
    for (int t = 0; t < 4; t++) {
        /* NaN in C with beta == 0: small (edge tiles) and large (threads, full tiles). */
        check_fast(&rng, p, TRANS[t & 1], TRANS[t >> 1], 13, 21, 9, 1.0, 0.0, 1);
        check_fast(&rng, p, TRANS[t & 1], TRANS[t >> 1], 130, 70, 150, -1.5, 0.0, 1);
        check_fast(&rng, p, TRANS[t & 1], TRANS[t >> 1], 37, 10, 21, 0.5, 0.0, 1); /* narrow N */
        /* k == 0: C = beta C (beta == 0 gives zeros even over NaN). */
        check_fast(&rng, p, TRANS[t & 1], TRANS[t >> 1], 9, 17, 0, 1.0, -1.5, 0);
        check_fast(&rng, p, TRANS[t & 1], TRANS[t >> 1], 9, 17, 0, 1.0, 0.0, 1);
        /* alpha == 0: A and B are not used, even when they hold NaN. */
        problem q = make_problem(&rng, p, TRANS[t & 1], TRANS[t >> 1], 11, 19, 23, 0.0, 0.5, 1);
        q.a[0] = NAN;
        q.b[0] = NAN;
        double *got = run(&q, IMPL_FAST), *want = run(&q, IMPL_REF);
        compare(&q, got, want, "alpha=0");
        free(got);
        free(want);
        free_problem(&q);
    }
    /* m, n or k == 0 with the others non-zero: C untouched (m, n) or scaled (k). */
    const int64_t empty[][3] = {{0, 5, 7}, {5, 0, 7}, {0, 0, 0}};
    for (int e = 0; e < 3; e++)
        check_fast(&rng, p, DD_NO_TRANS, DD_NO_TRANS, empty[e][0], empty[e][1], empty[e][2],
                   1.0, 0.5, 0);

    /* NaN in A reaches exactly its row of C, and nothing else (zero padding is clean). */
    for (int t = 0; t < 2; t++) {
        problem q = make_problem(&rng, p, TRANS[t], DD_NO_TRANS, 20, 37, 29, 1.0, 0.0, 1);
        const int64_t row = 13, col = 5; /* op(A)(13, 5) */
        q.a[t == 0 ? row * q.lda + col : col * q.lda + row] = NAN;
        double *got = run(&q, IMPL_FAST);
        int64_t wrong = 0;
        for (int64_t i = 0; i < q.m; i++)
            for (int64_t j = 0; j < q.n; j++) wrong += isnan(got[i * q.ldc + j]) != (i == row);
        CHECK(wrong == 0, "%s NaN in A ta=%d: %lld values of C wrong", prec_name(p), t,
              (long long)wrong);
        free(got);
        free_problem(&q);
    }
}

/* 1 and 2 threads give the same bits: each tile is summed in the same order.
   The shapes split the columns between threads, or (N narrow) the rows with a
   shared B over several depth blocks. */
static void test_threads(prec p) {
    dd_rng rng = {500 + (uint64_t)p};
    const int64_t shapes[][3] = {{128, 128, 784}, {300, 7, 200}, {5, 300, 250},
                                 {211, 173, 97},  {300, 7, 600}, {97, 40, 1000}};
    for (int s = 0; s < 6; s++) {
        const int t = s % 4;
        problem q = make_problem(&rng, p, TRANS[t & 1], TRANS[t >> 1], shapes[s][0], shapes[s][1],
                                 shapes[s][2], 1.0, -1.5, 1);
        dd_set_num_threads(1);
        double *one = run(&q, IMPL_FAST);
        dd_set_num_threads(2);
        double *two = run(&q, IMPL_FAST);
        double *want = run(&q, IMPL_REF);
        compare(&q, two, want, "2 threads");
        CHECK(memcmp(one, two, (size_t)(q.m * q.ldc) * sizeof *one) == 0,
              "%s m=%lld n=%lld k=%lld: 1 and 2 threads differ", prec_name(p),
              (long long)q.m, (long long)q.n, (long long)q.k);
        free(one);
        free(two);
        free(want);
        free_problem(&q);
    }
}

/* ------------------------------------------------------------------ */
/* The small-matrix path                                              */
/* ------------------------------------------------------------------ */

/* The rule: the sweep's small shapes take the small path, large ones do not. */
static void test_small_rule(void) {
    for (int t = 0; t < 2; t++) {
        CHECK(dd_gemm_small_shape(TRANS[t], 1, 1, 1), "1x1x1 tb=%d not small", t);
        CHECK(dd_gemm_small_shape(TRANS[t], 70, 5, 1), "70x5x1 tb=%d not small", t);
        CHECK(dd_gemm_small_shape(TRANS[t], 17, 17, 16), "17x17x16 tb=%d not small", t);
        CHECK(dd_gemm_small_shape(TRANS[t], 128, 10, 10), "128x10x10 tb=%d not small", t);
        CHECK(!dd_gemm_small_shape(TRANS[t], 128, 128, 784), "128x128x784 tb=%d small", t);
        CHECK(!dd_gemm_small_shape(TRANS[t], 64, 64, 33), "64x64x33 tb=%d small", t);
        CHECK(!dd_gemm_small_shape(TRANS[t], 1, 200, 100), "1x200x100 (B too large) small");
    }
    CHECK(dd_gemm_small_shape(DD_NO_TRANS, 10, 10, 128), "10x10x128 NN not small");
    CHECK(!dd_gemm_small_shape(DD_TRANS, 10, 10, 128), "10x10x128 B^T small");
    CHECK(dd_gemm_small_shape(DD_NO_TRANS, 64, 64, 32), "64x64x32 (at the bound) not small");
}

/* Every transpose, alpha and beta, strided leading dimensions, with the small
   path forced on every shape (mode 1), then the packed path forced (mode -1). */
static void test_small_sweep(prec p, int mode) {
    dd_rng rng = {800 + (uint64_t)p + 10 * (uint64_t)(mode + 1)};
    const int64_t fixed[] = {1, 3, 8, 10, 17};
    int64_t count = 0;
    dd_gemm_set_small_mode(mode);
    for (int dim = 0; dim < 3; dim++)
        for (int64_t s = 1; s <= 40; s++)
            for (int x = 0; x < 5; x++, count++) {
                int64_t d[3];
                d[dim] = s;
                d[(dim + 1) % 3] = fixed[x];
                d[(dim + 2) % 3] = fixed[(x + (int)s) % 5];
                const int t = (int)(count % 4);
                check_fast(&rng, p, TRANS[t & 1], TRANS[t >> 1], d[0], d[1], d[2],
                           ALPHAS[count % 3], BETAS[(count / 4) % 3], count % 7 == 0);
            }
    /* NaN in C with beta == 0, every transpose, one and several column blocks. */
    for (int t = 0; t < 4; t++) {
        check_fast(&rng, p, TRANS[t & 1], TRANS[t >> 1], 13, 10, 9, 1.0, 0.0, 1);
        check_fast(&rng, p, TRANS[t & 1], TRANS[t >> 1], 7, 75, 5, -1.5, 0.0, 1);
        check_fast(&rng, p, TRANS[t & 1], TRANS[t >> 1], 128, 10, 4, 0.5, 0.0, 1);
    }
    dd_gemm_set_small_mode(0);
}

/* Around the bound: the small and the packed path agree within tolerance, and
   the default rule picks the expected one (shapes just in and just out). */
static void test_small_vs_packed(prec p) {
    dd_rng rng = {900 + (uint64_t)p};
    const int64_t shapes[][3] = {{128, 128, 8}, {128, 128, 9}, {64, 64, 32}, {64, 64, 33},
                                 {128, 10, 16}, {128, 10, 17}, {10, 10, 128}, {1, 128, 128},
                                 {1, 129, 128}, {128, 64, 10}};
    for (int s = 0; s < 10; s++)
        for (int t = 0; t < 4; t++) {
            problem q = make_problem(&rng, p, TRANS[t & 1], TRANS[t >> 1], shapes[s][0],
                                     shapes[s][1], shapes[s][2], t == 1 ? -1.5 : 1.0,
                                     t == 2 ? 0.5 : 0.0, 1);
            dd_gemm_set_small_mode(1);
            double *small = run(&q, IMPL_FAST);
            dd_gemm_set_small_mode(-1);
            double *packed = run(&q, IMPL_FAST);
            dd_gemm_set_small_mode(0);
            double *chosen = run(&q, IMPL_FAST);
            compare(&q, small, packed, "small vs packed");
            const int is_small = dd_gemm_small_shape(q.tb, q.m, q.n, q.k);
            CHECK(memcmp(chosen, is_small ? small : packed,
                         (size_t)(q.m * q.ldc) * sizeof *chosen) == 0,
                  "%s %lldx%lldx%lld tb=%d: the default is not the %s path", prec_name(p),
                  (long long)q.m, (long long)q.n, (long long)q.k, (int)q.tb,
                  is_small ? "small" : "packed");
            free(small);
            free(packed);
            free(chosen);
            free_problem(&q);
        }
}

/* The small path on 1 and 2 threads: the same bits (it never forks). */
static void test_small_threads(prec p) {
    dd_rng rng = {950 + (uint64_t)p};
    for (int t = 0; t < 4; t++) {
        problem q = make_problem(&rng, p, TRANS[t & 1], TRANS[t >> 1], 128, 10, 10, 1.0, 0.5, 1);
        dd_set_num_threads(1);
        double *one = run(&q, IMPL_FAST);
        dd_set_num_threads(2);
        double *two = run(&q, IMPL_FAST);
        CHECK(memcmp(one, two, (size_t)(q.m * q.ldc) * sizeof *one) == 0,
              "%s small 128x10x10 t=%d: 1 and 2 threads differ", prec_name(p), t);
        free(one);
        free(two);
        free_problem(&q);
    }
}

/* ------------------------------------------------------------------ */
/* Two threads calling GEMM at once                                   */
/* ------------------------------------------------------------------ */

typedef struct caller {
    int64_t m, n, k; /* shape of this caller's problems */
    uint64_t seed;
    long failures, calls;
} caller;

static void *caller_main(void *arg) {
    caller *cl = arg;
    dd_rng rng = {cl->seed};
    /* Each precision and transpose once, checked every time, in a loop. */
    problem qs[4];
    double *want[4];
    for (int i = 0; i < 4; i++) {
        qs[i] = make_problem(&rng, (prec)(i & 1), TRANS[i >> 1], TRANS[i & 1], cl->m, cl->n,
                             cl->k, 1.0, 0.5, 1);
        want[i] = run(&qs[i], IMPL_REF);
    }
    for (int iter = 0; iter < 12; iter++) {
        for (int i = 0; i < 4; i++) {
            double atol, rtol, *got = run(&qs[i], IMPL_FAST);
            tolerances(&qs[i], &atol, &rtol);
            for (int64_t e = 0; e < qs[i].m * qs[i].ldc; e++) {
                const int pad = e % qs[i].ldc >= qs[i].n;
                if (pad ? got[e] != SENTINEL : !dd_close(got[e], want[i][e], atol, rtol)) {
                    cl->failures++;
                    break;
                }
            }
            cl->calls++;
            free(got);
        }
    }
    for (int i = 0; i < 4; i++) {
        free(want[i]);
        free_problem(&qs[i]);
    }
    return NULL;
}

static void test_concurrent_callers(void) {
    /* One shape below the parallel threshold, one above (each caller then forks its own team). */
    caller cl[2] = {{67, 45, 91, 601, 0, 0}, {150, 130, 170, 602, 0, 0}};
    pthread_t th[2];
    int started[2];
    for (int i = 0; i < 2; i++) started[i] = pthread_create(&th[i], NULL, caller_main, &cl[i]) == 0;
    for (int i = 0; i < 2; i++)
        if (started[i]) pthread_join(th[i], NULL);
    for (int i = 0; i < 2; i++) {
        CHECK(started[i], "could not start caller thread %d", i);
        CHECK(cl[i].failures == 0 && cl[i].calls == 48,
              "concurrent caller %d (%lldx%lldx%lld): %ld of %ld calls wrong", i,
              (long long)cl[i].m, (long long)cl[i].n, (long long)cl[i].k, cl[i].failures,
              cl[i].calls);
    }
}

/* Called from inside a caller's parallel region: each caller thread runs its
   own GEMM (serially, without touching the caller's team). */
static void test_inside_parallel_region(void) {
#ifdef _OPENMP
    dd_rng rng = {700};
    problem qs[2];
    double *want[2], *got[2] = {NULL, NULL};
    for (int i = 0; i < 2; i++) {
        qs[i] = make_problem(&rng, (prec)i, TRANS[i], DD_NO_TRANS, 120 + 7 * i, 90, 200, 1.0,
                             0.0, 1);
        want[i] = run(&qs[i], IMPL_REF);
    }
#pragma omp parallel num_threads(2)
    {
        const int i = omp_get_thread_num();
        if (i < 2) got[i] = run(&qs[i], IMPL_FAST);
    }
    for (int i = 0; i < 2; i++) {
        if (got[i] == NULL) got[i] = run(&qs[i], IMPL_FAST); /* the team was smaller */
        compare(&qs[i], got[i], want[i], "inside a parallel region");
        free(got[i]);
        free(want[i]);
        free_problem(&qs[i]);
    }
#endif
}

/* ------------------------------------------------------------------ */
/* Kernel choice                                                      */
/* ------------------------------------------------------------------ */

static const dd_gemm_kernel KERNELS[3] = {DD_GEMM_KERNEL_PORTABLE, DD_GEMM_KERNEL_AVX2,
                                          DD_GEMM_KERNEL_AVX512};
static const char *const KERNEL_NAMES[3] = {"portable", "avx2", "avx512"};

static void test_kernel_api(void) {
    CHECK(dd_gemm_set_kernel(DD_GEMM_KERNEL_AUTO) == 1, "AUTO must always be accepted");
    const dd_gemm_kernel best = dd_gemm_get_kernel();
    CHECK(best == DD_GEMM_KERNEL_PORTABLE || best == DD_GEMM_KERNEL_AVX2 ||
              best == DD_GEMM_KERNEL_AVX512,
          "get_kernel returned %d", (int)best);
    CHECK(dd_gemm_set_kernel(DD_GEMM_KERNEL_PORTABLE) == 1, "portable must always be available");
    CHECK(dd_gemm_get_kernel() == DD_GEMM_KERNEL_PORTABLE, "portable not in use");
    CHECK(dd_gemm_set_kernel((dd_gemm_kernel)42) == 0, "an unknown kernel must be refused");
    CHECK(dd_gemm_get_kernel() == DD_GEMM_KERNEL_PORTABLE, "a refused choice changed the kernel");
    /* Each kernel: in use and named when accepted, no change when refused; AUTO
       picks the last accepted one (they are listed from slowest to fastest). */
    dd_gemm_kernel last = DD_GEMM_KERNEL_PORTABLE;
    for (int kk = 0; kk < 3; kk++) {
        const dd_gemm_kernel before = dd_gemm_get_kernel();
        if (dd_gemm_set_kernel(KERNELS[kk])) {
            last = KERNELS[kk];
            CHECK(dd_gemm_get_kernel() == KERNELS[kk], "%s accepted but not in use",
                  KERNEL_NAMES[kk]);
            CHECK(strstr(dd_gemm_kernel_name(), KERNEL_NAMES[kk]) != NULL, "%s named %s",
                  KERNEL_NAMES[kk], dd_gemm_kernel_name());
        } else {
            CHECK(dd_gemm_get_kernel() == before, "refused %s changed the kernel",
                  KERNEL_NAMES[kk]);
        }
    }
    CHECK(best == last, "AUTO picked %d, the best available is %d", (int)best, (int)last);
    dd_gemm_set_kernel(DD_GEMM_KERNEL_AUTO);
}

int main(void) {
    test_kernel_api();
    test_reference();
    test_small_rule();

    /* The whole sweep for every kernel this CPU can run. */
    for (int kk = 0; kk < 3; kk++) {
        if (!dd_gemm_set_kernel(KERNELS[kk])) {
            printf("gemm: %s kernel not available on this CPU, skipped\n", KERNEL_NAMES[kk]);
            continue;
        }
        for (int p = 0; p < 2; p++) {
            dd_set_num_threads(2);
            test_sweeps((prec)p);
            test_block_edges((prec)p);
            test_special((prec)p);
            test_threads((prec)p);
            dd_set_num_threads(1);
            test_random_shapes((prec)p, 12);
            dd_set_num_threads(2);
            test_random_shapes((prec)p, 40);
            test_small_sweep((prec)p, 1);
            test_small_sweep((prec)p, -1);
            test_small_vs_packed((prec)p);
            test_small_threads((prec)p);
        }
    }

    dd_gemm_set_kernel(DD_GEMM_KERNEL_AUTO);
    dd_set_num_threads(2);
    test_concurrent_callers();
    test_inside_parallel_region();
    return dd_check_summary("gemm");
}
