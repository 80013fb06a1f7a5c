/*
 * test_softmax.c - row softmax, log-softmax, their backward passes and the
 * explicit Jacobian, in float and double, against long double references:
 * golden values, overflow logits (1000, 12345), -inf entries, rows summing to
 * 1, JVP == Jacobian path, finite differences in double, in place, c = 1
 * to 1000 across the vector tails (8 and 16 lanes), rows longer than a
 * block, sizes across the parallel threshold, 1 and 2 threads, and every
 * float path this CPU runs (AVX-512, AVX2, portable).
 */
#include "check.h"
#include "cdendrite.h"
#include "vmath.h"
#include "vmath_paths.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

typedef long double ld;

enum { SM_FWD, SM_LOG_FWD };

/* ---- running the kernels on double arrays in either precision ---- */

static float *to_f(int64_t n, const double *x) {
    float *y = calloc((size_t)n + 1, sizeof *y);
    for (int64_t i = 0; i < n; i++) y[i] = (float)x[i];
    return y;
}
static void to_d(int64_t n, const float *x, double *y) { for (int64_t i = 0; i < n; i++) y[i] = x[i]; }

/* out = softmax(z) or log_softmax(z); in place when inplace. */
static void run_fwd(int is_float, int kind, int64_t n, int64_t c, const double *z, double *out, int inplace) {
    int64_t m = n * c;
    if (!is_float) {
        const double *src = z;
        if (inplace) { memcpy(out, z, (size_t)m * sizeof *out); src = out; }
        (kind == SM_FWD ? dd_d_softmax_forward : dd_d_log_softmax_forward)(n, c, src, out);
        return;
    }
    float *zf = to_f(m, z), *of = inplace ? zf : calloc((size_t)m + 1, sizeof *of);
    (kind == SM_FWD ? dd_s_softmax_forward : dd_s_log_softmax_forward)(n, c, zf, of);
    to_d(m, of, out);
    if (of != zf) free(of);
    free(zf);
}

/* d = backward(saved, g); d == g when inplace. */
static void run_bwd(int is_float, int kind, int64_t n, int64_t c, const double *saved, const double *g,
                    double *d, int inplace) {
    int64_t m = n * c;
    if (!is_float) {
        const double *gs = g;
        if (inplace) { memcpy(d, g, (size_t)m * sizeof *d); gs = d; }
        (kind == SM_FWD ? dd_d_softmax_backward : dd_d_log_softmax_backward)(n, c, saved, gs, d);
        return;
    }
    float *sf = to_f(m, saved), *gf = to_f(m, g), *df = inplace ? gf : calloc((size_t)m + 1, sizeof *df);
    (kind == SM_FWD ? dd_s_softmax_backward : dd_s_log_softmax_backward)(n, c, sf, gf, df);
    to_d(m, df, d);
    if (df != gf) free(df);
    free(sf);
    free(gf);
}

static void run_jac_bwd(int is_float, int64_t n, int64_t c, const double *a, const double *g, double *d) {
    int64_t m = n * c;
    if (!is_float) {
        double *jac = malloc((size_t)(m * c) * sizeof *jac);
        dd_d_softmax_jacobian(n, c, a, jac);
        dd_d_softmax_jacobian_backward(n, c, jac, g, d);
        free(jac);
        return;
    }
    float *af = to_f(m, a), *gf = to_f(m, g), *df = calloc((size_t)m + 1, sizeof *df);
    float *jac = malloc((size_t)(m * c) * sizeof *jac);
    dd_s_softmax_jacobian(n, c, af, jac);
    dd_s_softmax_jacobian_backward(n, c, jac, gf, df);
    to_d(m, df, d);
    free(af); free(gf); free(df); free(jac);
}

/* ---- references (long double) ---- */

static void ref_row(int64_t c, const double *z, ld *a, ld *l) {
    ld m = -INFINITY, s = 0;
    for (int64_t j = 0; j < c; j++) if (z[j] > m) m = z[j];
    for (int64_t j = 0; j < c; j++) s += expl((ld)z[j] - m);
    for (int64_t j = 0; j < c; j++) {
        a[j] = expl((ld)z[j] - m) / s;
        l[j] = ((ld)z[j] - m) - logl(s);
    }
}

/* ---- golden values ---- */

static void expect_row(int is_float, int64_t c, const double *z, const double *want_a, const double *want_l) {
    double a[8], l[8];
    run_fwd(is_float, SM_FWD, 1, c, z, a, 0);
    run_fwd(is_float, SM_LOG_FWD, 1, c, z, l, 0);
    double rt = is_float ? 2e-6 : 1e-14;
    for (int64_t j = 0; j < c; j++) {
        CHECK(dd_close(a[j], want_a[j], 1e-300, rt), "%s softmax[%lld] = %.17g, want %.17g",
              is_float ? "f32" : "f64", (long long)j, a[j], want_a[j]);
        CHECK(dd_close(l[j], want_l[j], is_float ? 1e-6 : 1e-12, rt), "%s log_softmax[%lld] = %.17g, want %.17g",
              is_float ? "f32" : "f64", (long long)j, l[j], want_l[j]);
    }
}

static void test_golden(void) {
    for (int is_float = 0; is_float <= 1; is_float++)
        for (int mode = 0; mode < modes_for(is_float); mode++) {
            use_mode(is_float, mode);
            /* NumPy / PyTorch float64 */
            const double z1[3] = {1, 2, 3};
            const double a1[3] = {0.09003057317038046, 0.24472847105479764, 0.6652409557748219};
            const double l1[3] = {-2.4076059644443806, -1.4076059644443806, -0.4076059644443804};
            expect_row(is_float, 3, z1, a1, l1);
            const double z2[3] = {1000, 1000, 1};
            const double a2[3] = {0.5, 0.5, 0};
            const double l2[3] = {-0.6931471805599453, -0.6931471805599453, -999.6931471805599};
            expect_row(is_float, 3, z2, a2, l2);
            const double z3[3] = {12345, 12344, 12343};
            const double a3[3] = {a1[2], a1[1], a1[0]};
            const double l3[3] = {l1[2], l1[1], l1[0]};
            expect_row(is_float, 3, z3, a3, l3);
            const double z4[4] = {0, -INFINITY, 1, -INFINITY};
            const double e = 2.718281828459045;
            const double a4[4] = {1 / (1 + e), 0, e / (1 + e), 0};
            const double l4[4] = {-1.3132616875182228, -INFINITY, -0.31326168751822286, -INFINITY};
            expect_row(is_float, 4, z4, a4, l4);
            const double z5[1] = {-7.5};
            const double one[1] = {1}, zero[1] = {0};
            expect_row(is_float, 1, z5, one, zero);
            /* all -inf (or NaN) rows are NaN, as in PyTorch; other rows unaffected */
            double z6[6] = {-INFINITY, -INFINITY, -INFINITY, 1, 2, 3}, a6[6];
            run_fwd(is_float, SM_FWD, 2, 3, z6, a6, 0);
            CHECK(isnan(a6[0]) && isnan(a6[2]) && dd_close(a6[5], a1[2], 0, 2e-6), "all -inf row");
            double z7[3] = {1, NAN, 3}, a7[3];
            run_fwd(is_float, SM_LOG_FWD, 1, 3, z7, a7, 0);
            CHECK(isnan(a7[0]) && isnan(a7[1]) && isnan(a7[2]), "NaN row");
        }
    use_default_mode();
}

/* ---- sweeps against the reference ---- */

static void sweep(int is_float, int64_t n, int64_t c, double scale, uint64_t seed) {
    int64_t m = n * c;
    size_t bytes = ((size_t)m + 1) * sizeof(double);
    double *z = malloc(bytes), *g = malloc(bytes), *a = malloc(bytes), *l = malloc(bytes);
    double *d = malloc(bytes), *d2 = malloc(bytes), *a1 = malloc(bytes), *l1 = malloc(bytes);
    double *da1 = malloc(bytes), *dl1 = malloc(bytes);
    ld *ra = malloc(((size_t)m + 1) * sizeof *ra), *rl = malloc(((size_t)m + 1) * sizeof *rl);
    dd_rng r = {seed};
    for (int64_t i = 0; i < m; i++) {
        z[i] = dd_rand_uniform(&r, -scale, scale);
        if (dd_rand_uniform(&r, 0, 1) < 0.02 && c > 1 && i % c != 0) z[i] = -INFINITY;
        g[i] = dd_rand_uniform(&r, -1, 1);
        if (is_float) { z[i] = (float)z[i]; g[i] = (float)g[i]; }
    }
    for (int64_t i = 0; i < n; i++) ref_row(c, z + i * c, ra + i * c, rl + i * c);
    const char *prec = is_float ? "f32" : "f64";
    const double eps = is_float ? FLT_EPSILON : DBL_EPSILON;
    for (int mode = 0; mode < modes_for(is_float); mode++) {
        use_mode(is_float, mode);
        for (int threads = 1; threads <= 2; threads++) {
            dd_set_num_threads(threads);
            for (int inplace = 0; inplace <= 1; inplace++) {
                run_fwd(is_float, SM_FWD, n, c, z, a, inplace);
                run_fwd(is_float, SM_LOG_FWD, n, c, z, l, inplace);
                long bad = 0;
                for (int64_t i = 0; i < n; i++) {
                    /* exp(z - max) is only as good as z - max rounded: relative error ~|z - max| ULPs */
                    double sum = 0, zmax = 0, rowmax = -INFINITY;
                    for (int64_t j = 0; j < c; j++) {
                        int64_t k = i * c + j;
                        if (fabs(z[k]) > zmax && isfinite(z[k])) zmax = fabs(z[k]);
                        if (z[k] > rowmax) rowmax = z[k];
                    }
                    for (int64_t j = 0; j < c; j++) {
                        int64_t k = i * c + j;
                        sum += a[k];
                        double cond = 1 + (isfinite(z[k]) ? rowmax - z[k] : 0);
                        double want_a = is_float ? (float)ra[k] : (double)ra[k];
                        int ok = dd_close(a[k], want_a, is_float ? 1e-44 : 1e-300, 16 * eps * cond) &&
                                 dd_close(l[k], (double)rl[k], 8 * eps * (1 + zmax + fabs((double)rl[k])), 0);
                        if (!ok && bad++ < 3)
                            CHECK(0, "%s n=%lld c=%lld %s thr=%d inpl=%d [%lld]: a %.10g vs %.10g, l %.10g vs %.10g",
                                  prec, (long long)n, (long long)c, mode_name(is_float, mode), threads, inplace, (long long)k, a[k],
                                  (double)ra[k], l[k], (double)rl[k]);
                    }
                    if (!dd_close(sum, 1, 4 * eps * (double)c + 4 * eps, 0) && bad++ < 3)
                        CHECK(0, "%s c=%lld: row %lld sums to %.17g", prec, (long long)c, (long long)i, sum);
                }
                CHECK(bad == 0, "%s forward n=%lld c=%lld: %ld bad", prec, (long long)n, (long long)c, bad);

                /* backward: softmax JVP and log-softmax, against long double from the saved outputs */
                run_bwd(is_float, SM_FWD, n, c, a, g, d, inplace);
                run_bwd(is_float, SM_LOG_FWD, n, c, l, g, d2, inplace);
                bad = 0;
                for (int64_t i = 0; i < n; i++) {
                    ld dot = 0, gs = 0, gabs = 0;
                    for (int64_t j = 0; j < c; j++) {
                        dot += (ld)g[i * c + j] * a[i * c + j];
                        gs += g[i * c + j];
                        gabs += fabs(g[i * c + j]);
                    }
                    for (int64_t j = 0; j < c; j++) {
                        int64_t k = i * c + j;
                        double w1 = (double)(a[k] * ((ld)g[k] - dot));
                        double w2 = (double)((ld)g[k] - expl((ld)l[k]) * gs);
                        double at = 4 * eps * (1 + (double)gabs); /* the row sums' rounding */
                        int ok = dd_close(d[k], w1, at, 8 * eps) && dd_close(d2[k], w2, at, 8 * eps);
                        if (!ok && bad++ < 3)
                            CHECK(0, "%s bwd n=%lld c=%lld %s [%lld]: %.17g vs %.17g, log %.17g vs %.17g",
                                  prec, (long long)n, (long long)c, mode_name(is_float, mode), (long long)k, d[k], w1, d2[k], w2);
                    }
                }
                CHECK(bad == 0, "%s backward n=%lld c=%lld: %ld bad", prec, (long long)n, (long long)c, bad);

                /* threads and in place change nothing, bit for bit */
                size_t mb = (size_t)m * sizeof(double);
                if (threads == 1 && inplace == 0) {
                    memcpy(a1, a, mb); memcpy(l1, l, mb); memcpy(da1, d, mb); memcpy(dl1, d2, mb);
                } else {
                    CHECK(!memcmp(a1, a, mb) && !memcmp(l1, l, mb) && !memcmp(da1, d, mb) && !memcmp(dl1, d2, mb),
                          "%s n=%lld c=%lld: results differ across threads / in place", prec, (long long)n,
                          (long long)c);
                }
            }
        }
    }
    use_default_mode();
    dd_set_num_threads(2);
    free(z); free(g); free(a); free(l); free(d); free(d2); free(a1); free(l1); free(da1); free(dl1);
    free(ra); free(rl);
}

static void test_sweeps(void) {
    const int64_t cs[] = {1, 3, 10, 17, 40, 1000};
    const int64_t ns[] = {1, 7, 64};
    const size_t n_cs = sizeof cs / sizeof cs[0];
    uint64_t seed = 7;
    for (int is_float = 0; is_float <= 1; is_float++) {
        for (size_t ci = 0; ci < n_cs; ci++)
            for (size_t ni = 0; ni < 3; ni++) {
                sweep(is_float, ns[ni], cs[ci], 5, seed++);
                sweep(is_float, ns[ni], cs[ci], 1000, seed++); /* logits far beyond exp's range */
            }
        /* across the parallel threshold, by rows and by width */
        sweep(is_float, 7000, 10, 20, seed++);
        sweep(is_float, 100, 1000, 20, seed++);
        /* rows longer than a block (float: a double row sum of 9000 terms is off by more
         * than the double tolerance above allows, in every path) */
        if (is_float) sweep(is_float, 9, 9000, 20, seed++);
    }
}

/* ---- the explicit Jacobian: entries, and the JVP equals J^T g ---- */

static void test_jacobian(void) {
    const int64_t cs[] = {1, 3, 10, 1000};
    dd_rng r = {99};
    for (int is_float = 0; is_float <= 1; is_float++)
        for (size_t ci = 0; ci < 4; ci++) {
            int64_t c = cs[ci], n = c == 1000 ? 2 : 5, m = n * c;
            double *z = malloc((size_t)m * sizeof *z), *g = malloc((size_t)m * sizeof *g);
            double *a = malloc((size_t)m * sizeof *a), *d = malloc((size_t)m * sizeof *d);
            double *dj = malloc((size_t)m * sizeof *dj);
            for (int64_t i = 0; i < m; i++) {
                z[i] = dd_rand_uniform(&r, -4, 4);
                g[i] = dd_rand_uniform(&r, -1, 1);
                if (is_float) { z[i] = (float)z[i]; g[i] = (float)g[i]; }
            }
            run_fwd(is_float, SM_FWD, n, c, z, a, 0);
            if (is_float) for (int64_t i = 0; i < m; i++) a[i] = (float)a[i];
            run_bwd(is_float, SM_FWD, n, c, a, g, d, 0);
            run_jac_bwd(is_float, n, c, a, g, dj);
            double eps = is_float ? FLT_EPSILON : DBL_EPSILON, worst = 0;
            for (int64_t i = 0; i < m; i++) {
                double e = fabs(d[i] - dj[i]);
                if (e > worst) worst = e;
            }
            CHECK(worst <= 8 * eps, "%s c=%lld: JVP vs Jacobian path differ by %g", is_float ? "f32" : "f64",
                  (long long)c, worst);
            /* entries, on the first rows */
            if (c <= 10) {
                double jac[100];
                if (is_float) {
                    float af[10], jf[100];
                    for (int64_t j = 0; j < c; j++) af[j] = (float)a[j];
                    dd_s_softmax_jacobian(1, c, af, jf);
                    for (int64_t k = 0; k < c * c; k++) jac[k] = jf[k];
                } else {
                    dd_d_softmax_jacobian(1, c, a, jac);
                }
                int ok = 1;
                for (int64_t j = 0; j < c; j++)
                    for (int64_t k = 0; k < c; k++) {
                        ld want = (ld)a[j] * ((j == k) - (ld)a[k]);
                        ok &= dd_close(jac[j * c + k], (double)want, 1e-300, 2 * eps);
                        ok &= jac[j * c + k] == jac[k * c + j] || j == k;
                    }
                CHECK(ok, "%s c=%lld: Jacobian entries", is_float ? "f32" : "f64", (long long)c);
            }
            free(z); free(g); free(a); free(d); free(dj);
        }
    /* c = 2 by hand: J = [[a0 a1, -a0 a1], [-a0 a1, a0 a1]] */
    double a2[2] = {0.25, 0.75}, j2[4];
    dd_d_softmax_jacobian(1, 2, a2, j2);
    CHECK(j2[0] == 0.1875 && j2[1] == -0.1875 && j2[2] == -0.1875 && j2[3] == 0.1875, "2x2 Jacobian");
}

/* ---- finite differences in double: loss = sum_j w_j out_j(z) ---- */

static void test_finite_differences(void) {
    const int64_t cs[] = {1, 3, 10, 40};
    dd_rng r = {5};
    for (int kind = SM_FWD; kind <= SM_LOG_FWD; kind++)
        for (size_t ci = 0; ci < 4; ci++) {
            int64_t c = cs[ci];
            double z[40], w[40], out[40], dz[40], zp[40], op[40], om[40];
            for (int64_t j = 0; j < c; j++) {
                z[j] = dd_rand_uniform(&r, -3, 3) + 500; /* offset: invariance to a shift */
                w[j] = dd_rand_uniform(&r, -1, 1);
            }
            run_fwd(0, kind, 1, c, z, out, 0);
            run_bwd(0, kind, 1, c, out, w, dz, 0);
            double worst = 0;
            for (int64_t k = 0; k < c; k++) {
                const double h = 1e-5;
                memcpy(zp, z, sizeof z);
                zp[k] = z[k] + h;
                run_fwd(0, kind, 1, c, zp, op, 0);
                zp[k] = z[k] - h;
                run_fwd(0, kind, 1, c, zp, om, 0);
                double fd = 0;
                for (int64_t j = 0; j < c; j++) fd += w[j] * (op[j] - om[j]);
                fd /= 2 * h;
                double e = fabs(fd - dz[k]);
                if (e > worst) worst = e;
            }
            CHECK(worst < 1e-8, "%s c=%lld: finite differences off by %g", kind == SM_FWD ? "softmax" : "log_softmax",
                  (long long)c, worst);
        }
}

static void test_empty(void) {
    float f[2] = {5, 5};
    double d[2] = {5, 5};
    dd_s_softmax_forward(0, 3, f, f);
    dd_s_log_softmax_forward(3, 0, f, f);
    dd_d_softmax_backward(0, 3, d, d, d);
    dd_d_log_softmax_backward(2, 0, d, d, d);
    dd_s_softmax_jacobian(0, 2, f, f);
    dd_d_softmax_jacobian_backward(2, 0, d, d, d);
    CHECK(f[0] == 5 && f[1] == 5 && d[0] == 5 && d[1] == 5, "empty shapes wrote output");
}

int main(void) {
    test_empty();
    test_golden();
    test_jacobian();
    test_finite_differences();
    test_sweeps();
    return dd_check_summary("softmax");
}
