/*
 * test_reduce.c - sums, norms, dot products, axpy / scale / fill and the
 * row and column helpers, against long double references, over swept sizes
 * (crossing the parallel threshold) with 1 and 2 threads.
 *
 * The typed tests (after #else) are written once against REAL and compiled
 * twice, for float and for double: the file includes itself.
 */
#ifndef REAL

#include "check.h"
#include "cdendrite.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

static const int64_t sizes[] = {0, 1, 7, 8, 9, 63, 64, 65, 1000, 300000};
#define NSIZES ((int)(sizeof sizes / sizeof sizes[0]))

/* m x n shapes for the matrix helpers; the last ones cross the parallel threshold. */
static const int64_t shapes[][2] = {{0, 0}, {0, 5}, {5, 0}, {1, 1}, {7, 9}, {8, 64},
                                    {65, 63}, {1, 1000}, {1000, 1}, {300, 1000},
                                    {1000, 300}, {1, 300000}, {300000, 1}, {3, 100000}};
#define NSHAPES ((int)(sizeof shapes / sizeof shapes[0]))

static int same_bits(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

#define REAL float
#define SFX(name) name##_s
#define DD(name) dd_s_##name
#define REAL_EPS ((double)FLT_EPSILON)
#define IS_DOUBLE 0
#include "test_reduce.c"
#undef REAL
#undef SFX
#undef DD
#undef REAL_EPS
#undef IS_DOUBLE

#define REAL double
#define SFX(name) name##_d
#define DD(name) dd_d_##name
#define REAL_EPS DBL_EPSILON
#define IS_DOUBLE 1
#include "test_reduce.c"

int main(void) {
    const int threads0 = dd_get_num_threads();
    test_reductions_s();
    test_reductions_d();
    test_elementwise_s();
    test_elementwise_d();
    test_matrix_s();
    test_matrix_d();
    test_norm2_hard_s();
    test_norm2_hard_d();
    dd_set_num_threads(threads0);
    return dd_check_summary("reduce");
}

#else /* typed tests */

/* n values in [-1, 1) with a few exact zeros, after one extra element so x is misaligned. */
static REAL *SFX(random_vec)(dd_rng *rng, int64_t n, REAL **base) {
    REAL *b = malloc(sizeof(REAL) * (size_t)(n + 1));
    for (int64_t i = 0; i <= n; i++) b[i] = (REAL)dd_rand_uniform(rng, -1.0, 1.0);
    for (int64_t i = 1; i <= n; i += 17) b[i] = 0;
    *base = b;
    return b + 1;
}

static void SFX(test_reductions)(void) {
    dd_rng rng = {1234};
    for (int s = 0; s < NSIZES; s++) {
        const int64_t n = sizes[s];
        REAL *bx, *by;
        const REAL *x = SFX(random_vec)(&rng, n, &bx);
        const REAL *y = SFX(random_vec)(&rng, n, &by);
        long double rs = 0, rabs = 0, rsq = 0, rdot = 0, rdabs = 0;
        for (int64_t i = 0; i < n; i++) {
            rs += x[i];
            rabs += fabsl((long double)x[i]);
            rsq += (long double)x[i] * x[i];
            rdot += (long double)x[i] * y[i];
            rdabs += fabsl((long double)x[i] * y[i]);
        }
        /* double accumulation: error bound ~ eps_double * (sum of magnitudes) * small factor */
        const double atol = 64 * DBL_EPSILON * (double)rabs + 1e-300;
        double got[2][5];
        for (int t = 1; t <= 2; t++) {
            dd_set_num_threads(t);
            double *g = got[t - 1];
            g[0] = DD(sum)(n, x);
            g[1] = DD(mean)(n, x);
            g[2] = DD(mean_abs)(n, x);
            g[3] = DD(norm2)(n, x);
            g[4] = DD(dot)(n, x, y);
            CHECK(dd_close(g[0], (double)rs, atol, 0), "sum n=%lld t=%d: %.17g vs %.17Lg",
                  (long long)n, t, g[0], rs);
            const double mean_want = n ? (double)(rs / n) : 0.0;
            const double mabs_want = n ? (double)(rabs / n) : 0.0;
            CHECK(dd_close(g[1], mean_want, n ? atol / n : 0, 0),
                  "mean n=%lld t=%d: %.17g vs %.17g", (long long)n, t, g[1], mean_want);
            CHECK(dd_close(g[2], mabs_want, 0, 1e-14), "mean_abs n=%lld t=%d: %.17g vs %.17g",
                  (long long)n, t, g[2], mabs_want);
            CHECK(dd_close(g[3], sqrt((double)rsq), 0, 1e-14), "norm2 n=%lld t=%d: %.17g vs %.17g",
                  (long long)n, t, g[3], sqrt((double)rsq));
            CHECK(dd_close(g[4], (double)rdot, 64 * DBL_EPSILON * (double)rdabs, 0),
                  "dot n=%lld t=%d: %.17g vs %.17Lg", (long long)n, t, g[4], rdot);
            CHECK(DD(dot)(n, x, x) == DD(norm2)(n, x) * DD(norm2)(n, x) ||
                      dd_close(DD(dot)(n, x, x), g[3] * g[3], 0, 1e-14),
                  "dot(x, x) = norm2^2 n=%lld", (long long)n);
        }
        /* chunking depends on n only: the thread count never changes a bit */
        for (int k = 0; k < 5; k++)
            CHECK(same_bits(got[0][k], got[1][k]),
                  "reduction %d n=%lld: 1 vs 2 threads %.17g vs %.17g", k, (long long)n,
                  got[0][k], got[1][k]);
        free(bx);
        free(by);
    }
    /* empty input gives 0, even from a NULL pointer */
    CHECK(DD(sum)(0, NULL) == 0 && DD(mean)(0, NULL) == 0 && DD(mean_abs)(0, NULL) == 0 &&
              DD(norm2)(0, NULL) == 0 && DD(dot)(0, NULL, NULL) == 0,
          "empty reductions are 0");
    /* accumulation is in double: 1 + 2^-30 * many is not lost for float */
    {
        const int64_t n = 300001;
        REAL *v = malloc(sizeof(REAL) * (size_t)n);
        v[0] = 1;
        for (int64_t i = 1; i < n; i++) v[i] = (REAL)0x1p-30;
        const double want = 1.0 + (double)(n - 1) * 0x1p-30;
        CHECK(dd_close(DD(sum)(n, v), want, 1e-15, 0), "sum in double: %.17g vs %.17g",
              DD(sum)(n, v), want);
        free(v);
    }
    /* NaN and inf propagate */
    {
        REAL v[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        v[4] = (REAL)NAN;
        CHECK(isnan(DD(sum)(9, v)) && isnan(DD(mean_abs)(9, v)) && isnan(DD(norm2)(9, v)),
              "NaN propagates");
        v[4] = (REAL)INFINITY;
        CHECK(isinf(DD(sum)(9, v)) && isinf(DD(norm2)(9, v)) && isinf(DD(mean_abs)(9, v)),
              "inf propagates");
    }
}

static void SFX(test_elementwise)(void) {
    dd_rng rng = {99};
    for (int s = 0; s < NSIZES; s++) {
        const int64_t n = sizes[s];
        REAL *bx, *by;
        const REAL *x = SFX(random_vec)(&rng, n, &bx);
        REAL *y0 = SFX(random_vec)(&rng, n, &by);
        REAL *y = malloc(sizeof(REAL) * (size_t)(n + 1));
        const REAL alpha = (REAL)-0.37;
        for (int t = 1; t <= 2; t++) {
            dd_set_num_threads(t);
            /* axpy */
            memcpy(y, y0, sizeof(REAL) * (size_t)n);
            DD(axpy)(n, alpha, x, y);
            int bad = 0;
            for (int64_t i = 0; i < n; i++) {
                const long double w = (long double)y0[i] + (long double)alpha * x[i];
                const double mag = fabs((double)y0[i]) + fabs((double)alpha * x[i]);
                if (!dd_close(y[i], (double)w, 2 * REAL_EPS * mag, 0)) bad++;
            }
            CHECK(bad == 0, "axpy n=%lld t=%d: %d wrong", (long long)n, t, bad);
            /* scale, in place by definition */
            memcpy(y, y0, sizeof(REAL) * (size_t)n);
            DD(scale)(n, alpha, y);
            bad = 0;
            for (int64_t i = 0; i < n; i++)
                if (y[i] != (REAL)(alpha * y0[i])) bad++;
            CHECK(bad == 0, "scale n=%lld t=%d: %d wrong", (long long)n, t, bad);
            /* fill, with a value that is not representable in a narrower type */
            DD(fill)(n, (REAL)0.1, y);
            bad = 0;
            for (int64_t i = 0; i < n; i++)
                if (y[i] != (REAL)0.1) bad++;
            CHECK(bad == 0, "fill n=%lld t=%d: %d wrong", (long long)n, t, bad);
        }
        free(bx);
        free(by);
        free(y);
    }
    /* axpy with alpha 0 still adds 0 * x (BLAS-style shortcuts would hide NaN) */
    {
        REAL xs[3] = {1, (REAL)NAN, 3}, ys[3] = {1, 1, 1};
        DD(axpy)(3, 0, xs, ys);
        CHECK(ys[0] == 1 && isnan(ys[1]) && ys[2] == 1, "axpy alpha 0 propagates NaN");
    }
}

static void SFX(test_matrix)(void) {
    /* rounding to REAL once, plus the double accumulation */
    const double sum_tol = REAL_EPS + 64 * DBL_EPSILON;
    dd_rng rng = {7};
    for (int s = 0; s < NSHAPES; s++) {
        const int64_t m = shapes[s][0], n = shapes[s][1];
        REAL *bx, *bb;
        const REAL *x = SFX(random_vec)(&rng, m * n, &bx);
        const REAL *bias = SFX(random_vec)(&rng, n, &bb);
        REAL *y = malloc(sizeof(REAL) * (size_t)(m * n + 1));
        REAL *cs = malloc(sizeof(REAL) * (size_t)(n + 1));
        REAL *rsum = malloc(sizeof(REAL) * (size_t)(m + 1));
        REAL *first_cs = malloc(sizeof(REAL) * (size_t)(n + 1));
        for (int t = 1; t <= 2; t++) {
            dd_set_num_threads(t);
            /* add_row_bias, out of place then in place */
            DD(add_row_bias)(m, n, x, bias, y);
            int bad = 0;
            for (int64_t i = 0; i < m; i++)
                for (int64_t j = 0; j < n; j++)
                    if (y[i * n + j] != (REAL)(x[i * n + j] + bias[j])) bad++;
            CHECK(bad == 0, "add_row_bias %lldx%lld t=%d: %d wrong", (long long)m, (long long)n,
                  t, bad);
            memcpy(y, x, sizeof(REAL) * (size_t)(m * n));
            DD(add_row_bias)(m, n, y, bias, y);
            bad = 0;
            for (int64_t i = 0; i < m; i++)
                for (int64_t j = 0; j < n; j++)
                    if (y[i * n + j] != (REAL)(x[i * n + j] + bias[j])) bad++;
            CHECK(bad == 0, "add_row_bias in place %lldx%lld t=%d: %d wrong", (long long)m,
                  (long long)n, t, bad);
            /* col_sums: each column against a long double sum, rounded once */
            for (int64_t j = 0; j < n; j++) cs[j] = (REAL)-999;
            DD(col_sums)(m, n, x, cs);
            bad = 0;
            for (int64_t j = 0; j < n; j++) {
                long double w = 0, a = 0;
                for (int64_t i = 0; i < m; i++) {
                    w += x[i * n + j];
                    a += fabsl((long double)x[i * n + j]);
                }
                if (!dd_close(cs[j], (double)w, sum_tol * (double)a + 1e-300, 0)) bad++;
            }
            CHECK(bad == 0, "col_sums %lldx%lld t=%d: %d wrong", (long long)m, (long long)n, t,
                  bad);
            if (t == 1) memcpy(first_cs, cs, sizeof(REAL) * (size_t)n);
            else
                CHECK(n == 0 || memcmp(first_cs, cs, sizeof(REAL) * (size_t)n) == 0,
                      "col_sums %lldx%lld: 1 vs 2 threads differ", (long long)m, (long long)n);
            /* row_sums */
            for (int64_t i = 0; i < m; i++) rsum[i] = (REAL)-999;
            DD(row_sums)(m, n, x, rsum);
            bad = 0;
            for (int64_t i = 0; i < m; i++) {
                long double w = 0, a = 0;
                for (int64_t j = 0; j < n; j++) {
                    w += x[i * n + j];
                    a += fabsl((long double)x[i * n + j]);
                }
                if (!dd_close(rsum[i], (double)w, sum_tol * (double)a + 1e-300, 0)) bad++;
            }
            CHECK(bad == 0, "row_sums %lldx%lld t=%d: %d wrong", (long long)m, (long long)n, t,
                  bad);
        }
        free(bx);
        free(bb);
        free(y);
        free(cs);
        free(rsum);
        free(first_cs);
    }
    /* small exact cases */
    {
        const int64_t m = 5, n = 3;
        const REAL dy[15] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
        REAL out[5];
        DD(col_sums)(m, n, dy, out);
        CHECK(out[0] == 35 && out[1] == 40 && out[2] == 45, "col_sums golden: %g %g %g",
              (double)out[0], (double)out[1], (double)out[2]);
        DD(row_sums)(m, n, dy, out);
        CHECK(out[0] == 6 && out[1] == 15 && out[2] == 24 && out[3] == 33 && out[4] == 42,
              "row_sums golden");
    }
    /* both accumulate in double: 1 + 2^-30 * 300000 survives in float too */
    {
        const int64_t len = 300001;
        REAL *v = malloc(sizeof(REAL) * (size_t)len);
        v[0] = 1;
        for (int64_t i = 1; i < len; i++) v[i] = (REAL)0x1p-30;
        const REAL want = (REAL)(1.0 + (double)(len - 1) * 0x1p-30);
        REAL out[1];
        DD(col_sums)(len, 1, v, out);
        CHECK(out[0] == want, "col_sums in double: %.9g vs %.9g", (double)out[0], (double)want);
        DD(row_sums)(1, len, v, out);
        CHECK(out[0] == want, "row_sums in double: %.9g vs %.9g", (double)out[0], (double)want);
        free(v);
    }
}

/* Magnitudes whose squares leave the double range (double) or the float range (float). */
static void SFX(test_norm2_hard)(void) {
    const int64_t ns[] = {1, 9, 1000, 300000};
    for (int k = 0; k < 4; k++) {
        const int64_t n = ns[k];
        REAL *v = malloc(sizeof(REAL) * (size_t)n);
#if IS_DOUBLE
        const double mags[] = {1e200, 1e-200, 1e-310, 1e300, DBL_MAX / 1e3};
#else
        const double mags[] = {FLT_MAX, 1e-30, 1e-44, 1e38, 1.0};
#endif
        for (int mi = 0; mi < 5; mi++) {
            const REAL a = (REAL)mags[mi];
            for (int64_t i = 0; i < n; i++) v[i] = (i & 1) ? -a : a;
            for (int t = 1; t <= 2; t++) {
                dd_set_num_threads(t);
                const double got = DD(norm2)(n, v);
                const double want = (double)a * sqrt((double)n);
                CHECK(dd_close(got, want, 0, 1e-13), "norm2 of %lld x %g t=%d: %.17g vs %.17g",
                      (long long)n, (double)a, t, got, want);
            }
        }
        /* one huge value among ones: the ones still count */
#if IS_DOUBLE
        for (int64_t i = 0; i < n; i++) v[i] = 1e-100;
        v[n / 2] = 1e200;
        CHECK(dd_close(DD(norm2)(n, v), 1e200, 0, 1e-15), "norm2 1e200 among 1e-100");
        for (int64_t i = 0; i < n; i++) v[i] = 3e-160;
        v[0] = 4e-160;
        {
            const double want = sqrt(16.0 + 9.0 * (double)(n - 1)) * 1e-160;
            CHECK(dd_close(DD(norm2)(n, v), want, 0, 1e-14), "norm2 tiny: %.17g vs %.17g",
                  DD(norm2)(n, v), want);
        }
#endif
        free(v);
    }
    {
        REAL v[4] = {0, 0, 0, 0};
        CHECK(DD(norm2)(4, v) == 0, "norm2 of zeros");
        v[2] = (REAL)-INFINITY;
        CHECK(DD(norm2)(4, v) == INFINITY, "norm2 with -inf");
        v[1] = (REAL)NAN;
        CHECK(isnan(DD(norm2)(4, v)), "norm2 with NaN and inf is NaN");
    }
}

#endif
