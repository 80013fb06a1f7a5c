/*
 * test_loss.c - MSE, BCE, BCE with logits, cross-entropy (labels and soft
 * targets) and NLL: values and gradients against long double references
 * written here, every reduction, both precisions, 1 and 2 threads, hard
 * inputs (p = 0, 1, 1e-30; logits +-1000, 12345; exact zeros; NaN), central
 * finite differences in double, and golden values from PyTorch.
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

typedef enum { L_MSE, L_BCE, L_BCE_LOGITS, L_CE, L_CE_SOFT, L_NLL, L_COUNT } loss_kind;
static const char *const loss_names[L_COUNT] = {"mse", "bce", "bce_logits", "ce", "ce_soft", "nll"};
static const char *const red_names[3] = {"none", "sum", "mean"};

/* Row-wise losses take n x c inputs and give one value per row. */
static int row_wise(loss_kind k) { return k == L_CE || k == L_CE_SOFT || k == L_NLL; }

/* PyTorch's clamp of p(1-p) in the BCE gradient: the float constant 1e-12f. */
static const long double bce_eps = (long double)1e-12f;

/* Inputs of the golden cases: float32 values, as PyTorch was given them. */
#define F32(x) ((REAL)(float)(x))

/*
 * The plain reference: unreduced values val[i] (one per element, or per row)
 * and the gradient of their sum, in long double, straight from the formulas
 * in cdendrite.h.
 */
static void ref_loss(loss_kind k, int64_t n, int64_t c, const double *x, const double *t,
                     const int32_t *lab, long double *val, long double *grad) {
    if (!row_wise(k)) {
        for (int64_t i = 0; i < n; i++) {
            const long double a = x[i], y = t[i];
            if (k == L_MSE) {
                val[i] = (a - y) * (a - y);
                grad[i] = 2 * (a - y);
            } else if (k == L_BCE) {
                long double lp = logl(a), l1 = log1pl(-a);
                if (lp < -100) lp = -100;
                if (l1 < -100) l1 = -100;
                long double den = (1 - a) * a;
                if (den < bce_eps) den = bce_eps;
                val[i] = -(y * lp + (1 - y) * l1);
                grad[i] = (a - y) / den;
            } else { /* logits: log(1 + e^z) - z y, split by sign so nothing overflows */
                const long double e = expl(-fabsl(a));
                val[i] = (a > 0 ? a : 0) - a * y + log1pl(e);
                grad[i] = (a >= 0 ? 1 / (1 + e) : e / (1 + e)) - y;
            }
        }
        return;
    }
    for (int64_t i = 0; i < n; i++) {
        const double *z = x + i * c;
        long double *g = grad + i * c;
        if (k == L_NLL) {
            val[i] = -(long double)z[lab[i]];
            for (int64_t j = 0; j < c; j++) g[j] = j == lab[i] ? -1 : 0;
            continue;
        }
        long double m = -INFINITY, se = 0;
        for (int64_t j = 0; j < c; j++) m = z[j] > m ? z[j] : m;
        for (int64_t j = 0; j < c; j++) se += expl(z[j] - m);
        const long double lse = m + logl(se);
        if (k == L_CE) {
            val[i] = lse - z[lab[i]];
            for (int64_t j = 0; j < c; j++) g[j] = expl(z[j] - m) / se - (j == lab[i] ? 1 : 0);
        } else {
            const double *tt = t + i * c;
            long double v = 0, ts = 0;
            for (int64_t j = 0; j < c; j++) {
                v += tt[j] * (lse - z[j]);
                ts += tt[j];
            }
            val[i] = v;
            for (int64_t j = 0; j < c; j++) g[j] = expl(z[j] - m) / se * ts - tt[j];
        }
    }
}

#define REAL float
#define SFX(name) name##_s
#define DD(name) dd_s_##name
#define REAL_EPS ((double)FLT_EPSILON)
#include "test_loss.c"
#undef REAL
#undef SFX
#undef DD
#undef REAL_EPS

#define REAL double
#define SFX(name) name##_d
#define DD(name) dd_d_##name
#define REAL_EPS DBL_EPSILON
#include "test_loss.c"

/* The reduced scalar the gradient belongs to, from the double kernels. */
static double objective_d(loss_kind k, dd_reduction r, int64_t n, int64_t c, const double *x,
                          const double *t, const int32_t *lab) {
    double *loss = malloc(sizeof(double) * (size_t)(n + 1));
    call_d(k, r, n, c, x, t, lab, loss, NULL);
    double s = 0;
    if (r == DD_REDUCE_NONE)
        for (int64_t i = 0; i < n; i++) s += loss[i];
    else
        s = loss[0];
    free(loss);
    return s;
}

/* Central differences of the reduced loss in double, away from the clamps and kinks. */
static void test_finite_differences(void) {
    dd_rng rng = {2024};
    for (int k = 0; k < L_COUNT; k++) {
        const int64_t n = row_wise(k) ? 4 : 7, c = row_wise(k) ? 5 : 1, w = n * c;
        double x[20], t[20], grad[20];
        int32_t lab[4];
        for (int64_t i = 0; i < w; i++) {
            x[i] = k == L_BCE ? dd_rand_uniform(&rng, 0.05, 0.95) : dd_rand_uniform(&rng, -3, 3);
            t[i] = dd_rand_uniform(&rng, row_wise(k) ? 0 : -1, 1);
            if (k == L_BCE || k == L_BCE_LOGITS) t[i] = fabs(t[i]);
        }
        for (int i = 0; i < 4; i++) lab[i] = (int32_t)((i * 3 + 1) % 5);
        for (int r = 0; r < 3; r++) {
            call_d(k, (dd_reduction)r, n, c, x, t, lab, (double[8]){0}, grad);
            int bad = 0;
            for (int64_t i = 0; i < w; i++) {
                const double h = 1e-6, x0 = x[i];
                x[i] = x0 + h;
                const double fp = objective_d(k, (dd_reduction)r, n, c, x, t, lab);
                x[i] = x0 - h;
                const double fm = objective_d(k, (dd_reduction)r, n, c, x, t, lab);
                x[i] = x0;
                const double fd = (fp - fm) / (2 * h);
                if (!dd_close(grad[i], fd, 1e-7, 1e-6)) {
                    bad++;
                    if (bad == 1)
                        fprintf(stderr, "  %s/%s [%lld]: grad %.12g fd %.12g\n", loss_names[k],
                                red_names[r], (long long)i, grad[i], fd);
                }
            }
            CHECK(bad == 0, "%s/%s: gradient vs finite differences, %d wrong", loss_names[k],
                  red_names[r], bad);
        }
    }
}

int main(void) {
    const int threads0 = dd_get_num_threads();
    test_sweep_s();
    test_sweep_d();
    test_hard_s();
    test_hard_d();
    test_golden_s();
    test_golden_d();
    test_soft_equals_labels_s();
    test_soft_equals_labels_d();
    test_finite_differences();
    dd_set_num_threads(threads0);
    return dd_check_summary("loss");
}

#else /* typed tests */

static void SFX(call)(loss_kind k, dd_reduction r, int64_t n, int64_t c, const REAL *x,
                      const REAL *t, const int32_t *lab, REAL *loss, REAL *grad) {
    switch (k) {
    case L_MSE: DD(mse_loss)(r, n, x, t, loss, grad); break;
    case L_BCE: DD(bce_loss)(r, n, x, t, loss, grad); break;
    case L_BCE_LOGITS: DD(bce_logits_loss)(r, n, x, t, loss, grad); break;
    case L_CE: DD(cross_entropy_loss)(r, n, c, x, lab, loss, grad); break;
    case L_CE_SOFT: DD(cross_entropy_soft_loss)(r, n, c, x, t, loss, grad); break;
    case L_NLL: DD(nll_loss)(r, n, c, x, lab, loss, grad); break;
    default: break;
    }
}

/*
 * Runs the kernel for every reduction (and with grad NULL) and compares with
 * the reference on the same inputs. Returns the number of mismatches.
 */
static int SFX(compare)(loss_kind k, int64_t n, int64_t c, const REAL *x, const REAL *t,
                        const int32_t *lab, const char *what) {
    const int64_t w = row_wise(k) ? n * c : n;
    double *xd = malloc(sizeof(double) * (size_t)(w + 1));
    double *td = malloc(sizeof(double) * (size_t)(w + 1));
    long double *val = malloc(sizeof(long double) * (size_t)(n + 1));
    long double *rg = malloc(sizeof(long double) * (size_t)(w + 1));
    REAL *loss = malloc(sizeof(REAL) * (size_t)(n + 1));
    REAL *loss1 = malloc(sizeof(REAL) * (size_t)(n + 1));
    REAL *loss2 = malloc(sizeof(REAL) * (size_t)(n + 1));
    REAL *grad = malloc(sizeof(REAL) * (size_t)(w + 1));
    REAL *grad2 = malloc(sizeof(REAL) * (size_t)(w + 1));
    for (int64_t i = 0; i < w; i++) {
        xd[i] = x[i];
        td[i] = t ? t[i] : 0;
    }
    ref_loss(k, n, c, xd, td, lab, val, rg);
    long double total = 0, total_abs = 0;
    for (int64_t i = 0; i < n; i++) {
        total += val[i];
        total_abs += fabsl(val[i]);
    }
    const double rtol = 4 * REAL_EPS + 8 * DBL_EPSILON;
    int bad = 0;
    for (int r = 0; r < 3; r++) {
        const long double gs = r == DD_REDUCE_MEAN ? 1.0L / n : 1.0L;
        for (int threads = 1; threads <= 2; threads++) {
            dd_set_num_threads(threads);
            SFX(call)(k, (dd_reduction)r, n, c, x, t, lab, loss, grad);
            /* values: computed in double, rounded once */
            if (r == DD_REDUCE_NONE) {
                for (int64_t i = 0; i < n; i++) {
                    if (!dd_close(loss[i], (double)val[i], 1e-300, rtol)) {
                        if (!bad++)
                            fprintf(stderr, "  %s %s none [%lld]: %.17g vs %.17Lg\n", loss_names[k],
                                    what, (long long)i, (double)loss[i], val[i]);
                    }
                }
            } else {
                const long double want = r == DD_REDUCE_SUM ? total : total / n;
                const long double scale = r == DD_REDUCE_SUM ? 1 : gs;
                const double atol = 64 * DBL_EPSILON * (double)(total_abs * scale);
                if (!dd_close(loss[0], (double)want, atol + 1e-300, rtol)) {
                    if (!bad++)
                        fprintf(stderr, "  %s %s %s: %.17g vs %.17Lg\n", loss_names[k], what,
                                red_names[r], (double)loss[0], want);
                }
            }
            for (int64_t i = 0; i < w; i++) {
                const long double want = rg[i] * gs;
                /*
                 * Cross-entropy gradients are p - target, with p rounded to REAL
                 * once on the way: their error scales with p + target, not with
                 * the (possibly cancelled) difference.
                 */
                const double target = k == L_CE        ? (i % c == lab[i / c])
                                      : k == L_CE_SOFT ? td[i]
                                                       : 0;
                const double mag = fabs((double)rg[i]) + 2 * fabs(target);
                const double atol = (64 * DBL_EPSILON + 2 * REAL_EPS * mag) * (double)gs;
                if (!dd_close(grad[i], (double)want, atol, rtol)) {
                    if (!bad++)
                        fprintf(stderr, "  %s %s %s grad [%lld]: %.17g vs %.17Lg\n", loss_names[k],
                                what, red_names[r], (long long)i, (double)grad[i], want);
                }
            }
            /* the same call without a gradient gives the same value */
            SFX(call)(k, (dd_reduction)r, n, c, x, t, lab, loss2, NULL);
            const int64_t nv = r == DD_REDUCE_NONE ? n : 1;
            if (nv && memcmp(loss, loss2, sizeof(REAL) * (size_t)nv) != 0) {
                if (!bad++)
                    fprintf(stderr, "  %s %s: grad NULL changes the value\n", loss_names[k], what);
            }
            /* thread count never changes a bit (fixed chunking) */
            if (threads == 1) {
                memcpy(grad2, grad, sizeof(REAL) * (size_t)w);
                memcpy(loss1, loss, sizeof(REAL) * (size_t)nv);
            } else if (memcmp(grad2, grad, sizeof(REAL) * (size_t)w) != 0 ||
                       memcmp(loss1, loss, sizeof(REAL) * (size_t)nv) != 0) {
                if (!bad++)
                    fprintf(stderr, "  %s %s: 1 and 2 threads differ\n", loss_names[k], what);
            }
        }
    }
    free(xd);
    free(td);
    free(val);
    free(rg);
    free(loss);
    free(loss1);
    free(loss2);
    free(grad);
    free(grad2);
    return bad;
}

/* Random inputs of the kind each loss expects, over sizes that cross the parallel threshold. */
static void SFX(test_sweep)(void) {
    dd_rng rng = {31337};
    const int64_t elem_sizes[] = {1, 7, 8, 64, 1000, 70001};
    const int64_t row_shapes[][2] = {{1, 1}, {1, 10}, {5, 3}, {128, 10}, {3, 1000}, {7000, 10}};
    for (int k = 0; k < L_COUNT; k++) {
        for (int s = 0; s < 6; s++) {
            const int64_t n = row_wise(k) ? row_shapes[s][0] : elem_sizes[s];
            const int64_t c = row_wise(k) ? row_shapes[s][1] : 1;
            const int64_t w = n * c;
            REAL *x = malloc(sizeof(REAL) * (size_t)w);
            REAL *t = malloc(sizeof(REAL) * (size_t)w);
            int32_t *lab = malloc(sizeof(int32_t) * (size_t)n);
            for (int64_t i = 0; i < w; i++) {
                switch (k) {
                case L_BCE: x[i] = (REAL)dd_rand_uniform(&rng, 0, 1); break;
                case L_NLL: x[i] = (REAL)dd_rand_uniform(&rng, -8, 0); break;
                default: x[i] = (REAL)dd_rand_uniform(&rng, -6, 6); break;
                }
                t[i] = (REAL)dd_rand_uniform(&rng, 0, 1);
                if (k == L_MSE) t[i] = (REAL)dd_rand_uniform(&rng, -6, 6);
                if (k == L_BCE && i % 5 == 0) t[i] = (REAL)(i % 2); /* hard labels too */
            }
            for (int64_t i = 0; i < n; i++) lab[i] = (int32_t)(dd_rng_next(&rng) % (uint64_t)c);
            if (k == L_MSE && w > 3) x[3] = t[3]; /* an exact zero */
            char what[64];
            snprintf(what, sizeof what, "n=%lld c=%lld", (long long)n, (long long)c);
            CHECK(SFX(compare)(k, n, c, x, t, lab, what) == 0, "%s %s: sweep", loss_names[k], what);
            free(x);
            free(t);
            free(lab);
        }
    }
}

static void SFX(test_hard)(void) {
    /* BCE at the clamps: p = 0, 1, 1e-30, with hard and soft targets */
    {
        const REAL p[] = {0, 0, 1, 1, (REAL)1e-30, (REAL)1e-30, 0.5, (REAL)1e-7, 1, 0};
        const REAL y[] = {0, 1, 0, 1, 1, 0, 0.5, 0, (REAL)0.3, (REAL)0.3};
        CHECK(SFX(compare)(L_BCE, 10, 1, p, y, NULL, "clamps") == 0, "bce at p = 0, 1, 1e-30");
        REAL loss[10], grad[10];
        DD(bce_loss)(DD_REDUCE_NONE, 10, p, y, loss, grad);
        CHECK(loss[0] == 0 && grad[0] == 0 && loss[3] == 0 && grad[3] == 0,
              "bce: 0 log 0 is 0 (no NaN)");
        CHECK(loss[1] == 100 && loss[2] == 100, "bce: logs clamped at -100");
        CHECK(dd_close(grad[1], -1e12, 0, 1e-7) && dd_close(grad[2], 1e12, 0, 1e-7),
              "bce: p(1-p) clamped at 1e-12: %g %g", (double)grad[1], (double)grad[2]);
        CHECK(dd_close(loss[4], 69.07755278982137, 0, 4 * REAL_EPS), "bce p=1e-30 y=1: %.17g",
              (double)loss[4]);
        CHECK(isfinite(loss[8]) && isfinite(grad[8]), "bce p=1 soft target stays finite");
    }
    /* BCE with logits at +-1000: no overflow, exact limits */
    {
        const REAL z[] = {1000, 1000, -1000, -1000, 0, 0, 12345, -12345};
        const REAL y[] = {1, 0, 0, 1, 0, 1, (REAL)0.25, (REAL)0.25};
        CHECK(SFX(compare)(L_BCE_LOGITS, 8, 1, z, y, NULL, "+-1000") == 0, "bce_logits at +-1000");
        REAL loss[8], grad[8];
        DD(bce_logits_loss)(DD_REDUCE_NONE, 8, z, y, loss, grad);
        CHECK(loss[0] == 0 && loss[1] == 1000 && loss[2] == 0 && loss[3] == 1000,
              "bce_logits +-1000 values: %g %g %g %g", (double)loss[0], (double)loss[1],
              (double)loss[2], (double)loss[3]);
        CHECK(grad[0] == 0 && grad[1] == 1 && grad[2] == 0 && grad[3] == -1,
              "bce_logits +-1000 gradients");
        CHECK(dd_close(loss[4], log(2.0), 0, 2 * REAL_EPS) && grad[4] == (REAL)0.5 &&
                  grad[5] == (REAL)-0.5,
              "bce_logits at 0");
        CHECK(dd_close(loss[6], 12345 * 0.75, 0, 2 * REAL_EPS), "bce_logits 12345");
    }
    /* cross-entropy with huge logits, ties and exact zeros */
    {
        const REAL z[] = {1000, 0, -1000,        /* label 0: loss 0 */
                          1000, 0, -1000,        /* label 2: loss 2000 */
                          12345, 12345, 0,       /* tie: log 2 */
                          12345, 12344, 12343,   /* shifted 0, -1, -2 */
                          0, 0, 0,               /* exact zeros: log 3 */
                          -1000, -1000, -1000};  /* all very negative: log 3 */
        const int32_t lab[] = {0, 2, 1, 0, 2, 1};
        CHECK(SFX(compare)(L_CE, 6, 3, z, NULL, lab, "overflow") == 0,
              "ce with logits 1000, 12345");
        REAL loss[6], grad[18];
        DD(cross_entropy_loss)(DD_REDUCE_NONE, 6, 3, z, lab, loss, grad);
        CHECK(loss[0] == 0 && loss[1] == 2000, "ce 1000 rows: %g %g", (double)loss[0],
              (double)loss[1]);
        CHECK(dd_close(loss[2], log(2.0), 0, 2 * REAL_EPS) &&
                  dd_close(loss[4], log(3.0), 0, 2 * REAL_EPS) &&
                  dd_close(loss[5], log(3.0), 0, 2 * REAL_EPS),
              "ce ties and zeros");
        int finite = 1;
        for (int i = 0; i < 18; i++) finite &= isfinite(grad[i]) != 0;
        CHECK(finite, "ce gradients finite at huge logits");
        CHECK(grad[0] == 0 && grad[1] == 0 && grad[2] == 0,
              "ce: the right answer at 1000 has zero gradient");
        /* the same rows against a distribution and as log-probabilities */
        REAL t[18];
        for (int i = 0; i < 18; i++) t[i] = (REAL)((i % 3) + 1) / 6;
        CHECK(SFX(compare)(L_CE_SOFT, 6, 3, z, t, NULL, "overflow") == 0,
              "soft ce with logits 1000, 12345");
        CHECK(SFX(compare)(L_NLL, 6, 3, z, NULL, lab, "large") == 0, "nll on large values");
    }
    /* MSE with exact zeros */
    {
        const REAL a[] = {0, 1, -2, 3}, b[] = {0, 1, -2, 3};
        REAL loss[4], grad[4];
        DD(mse_loss)(DD_REDUCE_NONE, 4, a, b, loss, grad);
        CHECK(loss[0] == 0 && loss[3] == 0 && grad[1] == 0 && grad[2] == 0,
              "mse of equal inputs is 0");
    }
    /* NaN propagates (no clamp hides it) */
    {
        const REAL nan1[] = {(REAL)NAN}, half[] = {0.5};
        REAL loss[1], grad[1];
        DD(bce_loss)(DD_REDUCE_SUM, 1, nan1, half, loss, grad);
        CHECK(isnan(loss[0]) && isnan(grad[0]), "bce NaN propagates");
        DD(bce_logits_loss)(DD_REDUCE_SUM, 1, nan1, half, loss, grad);
        CHECK(isnan(loss[0]) && isnan(grad[0]), "bce_logits NaN propagates");
        DD(mse_loss)(DD_REDUCE_MEAN, 1, nan1, half, loss, grad);
        CHECK(isnan(loss[0]) && isnan(grad[0]), "mse NaN propagates");
        const REAL z[] = {0, (REAL)NAN, 1};
        const int32_t lab[] = {0};
        REAL g3[3];
        DD(cross_entropy_loss)(DD_REDUCE_MEAN, 1, 3, z, lab, loss, g3);
        CHECK(isnan(loss[0]) && isnan(g3[0]), "ce NaN propagates");
    }
    /* empty input: SUM is 0, MEAN is 0/0 = NaN (as in PyTorch), NONE writes nothing */
    {
        REAL loss[1] = {7}, grad[1] = {7};
        DD(mse_loss)(DD_REDUCE_SUM, 0, NULL, NULL, loss, grad);
        CHECK(loss[0] == 0 && grad[0] == 7, "empty sum");
        DD(cross_entropy_loss)(DD_REDUCE_MEAN, 0, 10, NULL, NULL, loss, NULL);
        CHECK(isnan(loss[0]), "empty mean is NaN");
        loss[0] = 7;
        DD(bce_loss)(DD_REDUCE_NONE, 0, NULL, NULL, loss, NULL);
        CHECK(loss[0] == 7, "empty none writes nothing");
    }
}

/*
 * Golden values from PyTorch 2.15.0 (torch.nn.functional, float64 tensors made
 * from the float32 values below; reductions as named). The float kernels see
 * the same float32 inputs.
 */
static void SFX(test_golden)(void) {
    const double rtol = sizeof(REAL) == 4 ? 1e-6 : 1e-13, atol = sizeof(REAL) == 4 ? 1e-6 : 1e-15;
    int bad;
#define GOLDEN(got, want, count, name)                                                    \
    do {                                                                                  \
        bad = 0;                                                                          \
        for (int i_ = 0; i_ < (count); i_++)                                              \
            if (!dd_close((got)[i_], (want)[i_], atol * (1 + fabs((want)[i_])), rtol)) {  \
                if (!bad++)                                                               \
                    fprintf(stderr, "  %s [%d]: %.17g vs %.17g\n", name, i_,              \
                            (double)(got)[i_], (want)[i_]);                               \
            }                                                                             \
        CHECK(bad == 0, "golden %s", name);                                               \
    } while (0)
    {
        const REAL p[] = {0, 1, F32(1e-30), F32(0.3), F32(0.9), 0.5, F32(1e-7), 0.75, 0, 1};
        const REAL y[] = {1, 0, 1, 0, 1, 0.5, 0, 0.25, 0, 1};
        const double none[] = {100.0, 100.0, 69.07755278665029, 0.35667496096863105,
                               0.10536054214877988, 0.6931471805599453, 1.000000061686102e-07,
                               1.111641288952863, 0.0, -0.0};
        const double gmean[] = {-100000000399.58029, 100000000399.58029, -100000000399.58029,
                                0.14285714528998555, -0.11111111405455043, 0.0,
                                0.10000001000000111, 0.26666666666666666, 0.0, 0.0};
        REAL loss[10], grad[10];
        DD(bce_loss)(DD_REDUCE_NONE, 10, p, y, loss, NULL);
        GOLDEN(loss, none, 10, "bce none");
        DD(bce_loss)(DD_REDUCE_MEAN, 10, p, y, loss, grad);
        GOLDEN(grad, gmean, 10, "bce mean grad");
    }
    {
        const REAL z[] = {1000, -1000, 1000, -1000, 0, 2.5, -3.25, 20, -40};
        const REAL y[] = {1, 0, 0, 1, F32(0.3), 1, 0, 0.5, 1};
        const double none[] = {0.0, 0.0, 1000.0, 1000.0, 0.6931471805599453, 0.07888973429254963,
                               0.03804137168778299, 10.000000002061153, 40.0};
        const double gsum[] = {0.0, 0.0, 1.0, -1.0, 0.19999998807907104, -0.07585818002124345,
                               0.03732688734412946, 0.4999999979388463, -1.0};
        REAL loss[9], grad[9];
        DD(bce_logits_loss)(DD_REDUCE_NONE, 9, z, y, loss, NULL);
        GOLDEN(loss, none, 9, "bce_logits none");
        DD(bce_logits_loss)(DD_REDUCE_SUM, 9, z, y, loss, grad);
        GOLDEN(grad, gsum, 9, "bce_logits sum grad");
    }
    {
        const REAL z[] = {1000,  0,     -1000, 12345, 12345, 0,     0,    0,
                          0,     0.5,   -1.25, 2,     12345, 12344, 12343};
        const int32_t lab[] = {1, 0, 2, 2, 2};
        const double none[] = {1000.0, 0.6931471805599453, 1.0986122886681098, 0.23262198310203266,
                               2.4076059644443806};
        const double gmean[] = {0.2, -0.2, 0.0, -0.1, 0.1, 0.0, 0.06666666666666667,
                                0.06666666666666667, -0.13333333333333333, 0.03536403642148886,
                                0.006145348065287287, -0.04150938448677615, 0.13304819115496436,
                                0.04894569421095953, -0.18199388536592392};
        REAL loss[5], grad[15];
        DD(cross_entropy_loss)(DD_REDUCE_NONE, 5, 3, z, lab, loss, NULL);
        GOLDEN(loss, none, 5, "ce none");
        DD(cross_entropy_loss)(DD_REDUCE_MEAN, 5, 3, z, lab, loss, grad);
        GOLDEN(grad, gmean, 15, "ce mean grad");
    }
    {
        const REAL z[] = {0.5, -1.25, 2, 1000, 0, -1000, 3, 3, -2};
        const REAL t[] = {0.25, 0.25, 0.5, 0, 0.5, 0.5, F32(0.1), F32(0.7), F32(0.2)};
        const double none[] = {1.4201219831020326, 1500.0, 1.6965105014938326};
        const double gmean[] = {-0.0243932726308519, -0.07309108655785451, 0.09748435918870642,
                                0.3333333333333333, -0.16666666666666666, -0.16666666666666666,
                                0.13277372132795015, -0.06722627420170148, -0.06554744712624871};
        REAL loss[3], grad[9];
        DD(cross_entropy_soft_loss)(DD_REDUCE_NONE, 3, 3, z, t, loss, NULL);
        GOLDEN(loss, none, 3, "ce_soft none");
        DD(cross_entropy_soft_loss)(DD_REDUCE_MEAN, 3, 3, z, t, loss, grad);
        GOLDEN(grad, gmean, 9, "ce_soft mean grad");
    }
    {
        const REAL a[] = {0.5, -1, 3, 0}, b[] = {0.25, -1, -2, F32(1e-3)};
        const double mean[] = {6.265625250000023};
        const double gmean[] = {0.125, 0.0, 2.5, -0.0005000000237487257};
        REAL loss[1], grad[4];
        DD(mse_loss)(DD_REDUCE_MEAN, 4, a, b, loss, grad);
        GOLDEN(loss, mean, 1, "mse mean");
        GOLDEN(grad, gmean, 4, "mse mean grad");
    }
    {
        const REAL lp[] = {-0.5, -1, -2, -3, F32(-0.1), -4};
        const int32_t lab[] = {2, 1};
        const double mean[] = {1.050000000745058}, gmean[] = {0, 0, -0.5, 0, -0.5, 0};
        REAL loss[1], grad[6];
        DD(nll_loss)(DD_REDUCE_MEAN, 2, 3, lp, lab, loss, grad);
        GOLDEN(loss, mean, 1, "nll mean");
        GOLDEN(grad, gmean, 6, "nll mean grad");
    }
#undef GOLDEN
}

/* Soft cross-entropy against one-hot targets is the label loss, to the bit. */
static void SFX(test_soft_equals_labels)(void) {
    dd_rng rng = {555};
    const int64_t shapes[][2] = {{1, 1}, {3, 4}, {128, 10}, {7000, 10}};
    for (int s = 0; s < 4; s++) {
        const int64_t n = shapes[s][0], c = shapes[s][1];
        REAL *z = malloc(sizeof(REAL) * (size_t)(n * c));
        REAL *t = calloc((size_t)(n * c), sizeof(REAL));
        int32_t *lab = malloc(sizeof(int32_t) * (size_t)n);
        REAL *l1 = malloc(sizeof(REAL) * (size_t)n), *l2 = malloc(sizeof(REAL) * (size_t)n);
        REAL *g1 = malloc(sizeof(REAL) * (size_t)(n * c));
        REAL *g2 = malloc(sizeof(REAL) * (size_t)(n * c));
        for (int64_t i = 0; i < n * c; i++) z[i] = (REAL)dd_rand_uniform(&rng, -20, 20);
        if (n * c > 5) z[5] = 12345;
        for (int64_t i = 0; i < n; i++) {
            lab[i] = (int32_t)(dd_rng_next(&rng) % (uint64_t)c);
            t[i * c + lab[i]] = 1;
        }
        for (int r = 0; r < 3; r++) {
            DD(cross_entropy_loss)((dd_reduction)r, n, c, z, lab, l1, g1);
            DD(cross_entropy_soft_loss)((dd_reduction)r, n, c, z, t, l2, g2);
            const int64_t nv = r == DD_REDUCE_NONE ? n : 1;
            CHECK(memcmp(l1, l2, sizeof(REAL) * (size_t)nv) == 0 &&
                      memcmp(g1, g2, sizeof(REAL) * (size_t)(n * c)) == 0,
                  "one-hot soft ce == label ce, %lldx%lld %s", (long long)n, (long long)c,
                  red_names[r]);
        }
        free(z);
        free(t);
        free(lab);
        free(l1);
        free(l2);
        free(g1);
        free(g2);
    }
}

#endif
