/*
 * test_activation.c - element-wise activations (forward and backward, float
 * and double) against long double references written here, central finite
 * differences in double, PyTorch's kink conventions, extreme and NaN inputs,
 * in place, sizes across the 8- and 16-lane tails and the parallel
 * thresholds, 1 and 2 threads, every float path this CPU runs (AVX-512, AVX2,
 * portable); and the error of each width of the float vector math (vmath.h)
 * over a dense sweep against double libm.
 */
#include "check.h"
#include "cdendrite.h"
#include "vmath.h"
#include "vmath_paths.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

typedef long double ld;

/* ------------------------------------------------------------------ */
/* References                                                         */
/* ------------------------------------------------------------------ */

typedef struct {
    ld slope, ceiling, alpha, beta, threshold, lo, hi;
} ref_prm;

/* The parameters as the kernel sees them: rounded to float in the float kernels. */
static ref_prm ref_prm_of(const dd_act_params *p, int is_float) {
    dd_act_params d = p ? *p : dd_act_params_default();
#define RND(v) (is_float ? (ld)(float)(v) : (ld)(v))
    ref_prm q = {RND(d.slope), RND(d.ceiling), RND(d.alpha), RND(d.beta),
                 RND(d.threshold), RND(d.min_val), RND(d.max_val)};
#undef RND
    return q;
}

static const ld SELU_SCALE = 1.05070098735548049341933498529460L;
static const ld SELU_ALPHA = 1.67326324235437728481704299167171L;
static const ld GELU_K0 = 0.797884560802865355879892119868763737L; /* sqrt(2/pi) */
static const ld GELU_K1 = 0.044715L;
static const ld SQRT1_2 = 0.707106781186547524400844362104849039L;
static const ld INV_SQRT_2PI = 0.398942280401432677939946059934381868L;

static ld r_sigmoid(ld x) { return 1 / (1 + expl(-x)); }
static ld r_Phi(ld x) { return 0.5L * erfcl(-x * SQRT1_2); }
static ld r_phi(ld x) { return INV_SQRT_2PI * expl(-0.5L * x * x); }
static ld r_gelu_u(ld x) { return GELU_K0 * (x + GELU_K1 * x * x * x); }
/* (1 + tanh u) / 2, via e^{2u} / (1 + e^{2u}) for u < 0 so long double does not cancel. */
static ld r_half_1p_tanh(ld u) { return u < 0 ? expl(2 * u) / (1 + expl(2 * u)) : (1 + tanhl(u)) / 2; }
static ld r_softplus(ld x, const ref_prm *q) {
    ld bz = q->beta * x;
    return bz > q->threshold ? x : log1pl(expl(bz)) / q->beta;
}

static ld ref_f(dd_act act, const ref_prm *q, ld x) {
    switch (act) {
    case DD_ACT_IDENTITY: return x;
    case DD_ACT_SIGMOID: return r_sigmoid(x);
    case DD_ACT_TANH: return tanhl(x);
    case DD_ACT_RELU: return x > 0 ? x : 0;
    case DD_ACT_LEAKY_RELU: return x > 0 ? x : q->slope * x;
    case DD_ACT_CLIPPED_RELU: return x < 0 ? 0 : x > q->ceiling ? q->ceiling : x;
    case DD_ACT_ELU: return x > 0 ? x : q->alpha * expm1l(x);
    case DD_ACT_SELU: return SELU_SCALE * (x > 0 ? x : SELU_ALPHA * expm1l(x));
    case DD_ACT_GELU: return x * r_Phi(x);
    case DD_ACT_GELU_TANH: return x * r_half_1p_tanh(r_gelu_u(x));
    case DD_ACT_SOFTPLUS: return r_softplus(x, q);
    case DD_ACT_SILU: return x * r_sigmoid(x);
    case DD_ACT_MISH: return x * tanhl(log1pl(expl(x)));
    case DD_ACT_HARD_SIGMOID: return x <= -3 ? 0 : x >= 3 ? 1 : (x + 3) / 6;
    case DD_ACT_HARD_TANH: return x < q->lo ? q->lo : x > q->hi ? q->hi : x;
    default: return NAN;
    }
}

/* f'(x), PyTorch's conventions at the kinks. */
static ld ref_df(dd_act act, const ref_prm *q, ld x) {
    switch (act) {
    case DD_ACT_IDENTITY: return 1;
    case DD_ACT_SIGMOID: { ld s = r_sigmoid(x); return s * (1 - s); }
    case DD_ACT_TANH: { ld t = tanhl(x); return 1 - t * t; }
    case DD_ACT_RELU: return x > 0 ? 1 : 0;
    case DD_ACT_LEAKY_RELU: return x > 0 ? 1 : q->slope;
    case DD_ACT_CLIPPED_RELU: return x > 0 && x < q->ceiling ? 1 : 0;
    case DD_ACT_ELU: return x > 0 ? 1 : q->alpha * expl(x);
    case DD_ACT_SELU: return x > 0 ? SELU_SCALE : SELU_SCALE * SELU_ALPHA * expl(x);
    case DD_ACT_GELU: return r_Phi(x) + x * r_phi(x);
    case DD_ACT_GELU_TANH: {
        ld u = r_gelu_u(x), h = r_half_1p_tanh(u);
        /* d/dx x (1 + tanh u)/2 = h + x * 2 h (1 - h) * u' */
        return h + x * 2 * h * (1 - h) * GELU_K0 * (1 + 3 * GELU_K1 * x * x);
    }
    case DD_ACT_SOFTPLUS: return q->beta * x > q->threshold ? 1 : r_sigmoid(q->beta * x);
    case DD_ACT_SILU: { ld s = r_sigmoid(x); return s + x * s * (1 - s); }
    case DD_ACT_MISH: {
        ld t = tanhl(log1pl(expl(x)));
        return t + x * (1 - t * t) * r_sigmoid(x);
    }
    case DD_ACT_HARD_SIGMOID: return x > -3 && x < 3 ? 1.0L / 6 : 0;
    case DD_ACT_HARD_TANH: return x > q->lo && x < q->hi ? 1 : 0;
    default: return NAN;
    }
}

/* Kinks, where finite differences are meaningless. */
static int near_kink(dd_act act, const ref_prm *q, double x, double eps) {
    switch (act) {
    case DD_ACT_RELU: case DD_ACT_LEAKY_RELU: case DD_ACT_ELU: case DD_ACT_SELU:
        return fabs(x) < eps;
    case DD_ACT_CLIPPED_RELU: return fabs(x) < eps || fabs(x - (double)q->ceiling) < eps;
    case DD_ACT_HARD_SIGMOID: return fabs(x - 3) < eps || fabs(x + 3) < eps;
    case DD_ACT_HARD_TANH: return fabs(x - (double)q->lo) < eps || fabs(x - (double)q->hi) < eps;
    case DD_ACT_SOFTPLUS: return fabs((double)q->beta * x - (double)q->threshold) < eps * (double)q->beta;
    default: return 0;
    }
}

/* ------------------------------------------------------------------ */
/* Running a kernel on double arrays in either precision               */
/* ------------------------------------------------------------------ */

static void to_f(int64_t n, const double *x, float *y) { for (int64_t i = 0; i < n; i++) y[i] = (float)x[i]; }
static void to_d(int64_t n, const float *x, double *y) { for (int64_t i = 0; i < n; i++) y[i] = x[i]; }

/* a = f(z); in place when inplace (a receives z first). */
static void run_fwd(int is_float, dd_act act, const dd_act_params *p, int64_t n,
                    const double *z, double *a, int inplace) {
    if (!is_float) {
        if (inplace) { memcpy(a, z, (size_t)n * sizeof *a); dd_d_act_forward(act, p, n, a, a); }
        else dd_d_act_forward(act, p, n, z, a);
        return;
    }
    float *zf = calloc((size_t)n + 1, sizeof *zf), *af = calloc((size_t)n + 1, sizeof *af);
    to_f(n, z, zf);
    if (inplace) { dd_s_act_forward(act, p, n, zf, zf); to_d(n, zf, a); }
    else { dd_s_act_forward(act, p, n, zf, af); to_d(n, af, a); }
    free(zf);
    free(af);
}

/* d = g * f'(z); in place (d == dLdA) when inplace. */
static void run_bwd(int is_float, dd_act act, const dd_act_params *p, int64_t n, const double *z,
                    const double *a, const double *g, double *d, int inplace) {
    if (!is_float) {
        if (inplace) { memcpy(d, g, (size_t)n * sizeof *d); dd_d_act_backward(act, p, n, z, a, d, d); }
        else dd_d_act_backward(act, p, n, z, a, g, d);
        return;
    }
    size_t bytes = ((size_t)n + 1) * sizeof(float);
    float *zf = calloc(1, bytes), *af = calloc(1, bytes), *gf = calloc(1, bytes), *df = calloc(1, bytes);
    to_f(n, z, zf);
    to_f(n, a, af);
    to_f(n, g, gf);
    if (inplace) { dd_s_act_backward(act, p, n, zf, af, gf, gf); to_d(n, gf, d); }
    else { dd_s_act_backward(act, p, n, zf, af, gf, df); to_d(n, df, d); }
    free(zf); free(af); free(gf); free(df);
}

/* ------------------------------------------------------------------ */
/* Tolerances                                                          */
/* ------------------------------------------------------------------ */

/* Forward: relative (these kernels have no cancellation) plus a floor. Backward: f'
 * is O(1), so an absolute part of a few float/double ULPs of 1. gelu_tanh's
 * argument 2u ~ x^3 is rounded in working precision, so its relative error
 * grows like |2u| ULPs in the left tail: the tolerance grows with it. */
typedef struct { double atol_f, rtol_f, atol_b, rtol_b; } tol;
static const tol TOL_F = {1e-12, 4e-6, 3e-7, 4e-6};
static const tol TOL_D = {1e-300, 1e-12, 1e-15, 1e-12};

static double tail_scale(dd_act act, double x) {
    if (act != DD_ACT_GELU_TANH) return 1;
    double u2 = fabs(2 * (double)r_gelu_u(x));
    return 1 + (u2 < 1e6 ? u2 : 1e6);
}

/* ------------------------------------------------------------------ */
/* The sweep: every activation, sizes, params, paths, threads           */
/* ------------------------------------------------------------------ */

static double sample(dd_rng *r, const dd_act_params *p) {
    double u = dd_rand_uniform(r, 0, 1);
    if (u < 0.06) {
        dd_act_params d = p ? *p : dd_act_params_default();
        const double kinks[] = {0.0, -0.0, d.ceiling, d.min_val, d.max_val, 3.0, -3.0,
                                d.threshold / d.beta};
        return kinks[dd_rng_next(r) % (sizeof kinks / sizeof kinks[0])];
    }
    if (u < 0.25) return dd_rand_uniform(r, -100, 100);
    return dd_rand_uniform(r, -8, 8);
}

static void sweep_one(int is_float, dd_act act, const dd_act_params *p, int64_t n, uint64_t seed) {
    const tol t = is_float ? TOL_F : TOL_D;
    const ref_prm q = ref_prm_of(p, is_float);
    size_t bytes = ((size_t)n + 1) * sizeof(double);
    double *z = malloc(bytes), *g = malloc(bytes), *a = malloc(bytes), *d = malloc(bytes);
    double *a1 = malloc(bytes), *d1 = malloc(bytes), *rf = malloc(bytes), *rd = malloc(bytes);
    dd_rng r = {seed};
    for (int64_t i = 0; i < n; i++) {
        z[i] = sample(&r, p);
        if (is_float) z[i] = (float)z[i];
        g[i] = dd_rand_uniform(&r, -2, 2);
        if (is_float) g[i] = (float)g[i];
        rf[i] = (double)ref_f(act, &q, z[i]);
        rd[i] = (double)ref_df(act, &q, z[i]);
    }
    const char *name = dd_act_name(act);
    const char *prec = is_float ? "f32" : "f64";
    for (int mode = 0; mode < modes_for(is_float); mode++) {
        use_mode(is_float, mode);
        for (int threads = 1; threads <= 2; threads++) {
            dd_set_num_threads(threads);
            for (int inplace = 0; inplace <= 1; inplace++) {
                run_fwd(is_float, act, p, n, z, a, inplace);
                long bad = 0;
                for (int64_t i = 0; i < n; i++) {
                    double rt = t.rtol_f * tail_scale(act, z[i]);
                    if (!dd_close(a[i], rf[i], t.atol_f, rt) && bad++ < 3)
                        CHECK(0, "%s %s fwd n=%lld %s thr=%d inpl=%d z=%.9g got %.12g want %.12g",
                              name, prec, (long long)n, mode_name(is_float, mode), threads, inplace, z[i], a[i], rf[i]);
                }
                CHECK(bad == 0, "%s %s fwd n=%lld: %ld bad", name, prec, (long long)n, bad);
                /* sigmoid and tanh differentiate from A: check them against the exact
                 * derivative at that A, and (loosely) against f'(z) below */
                run_bwd(is_float, act, p, n, z, a, g, d, inplace);
                bad = 0;
                for (int64_t i = 0; i < n; i++) {
                    ld ai = a[i];
                    double want = act == DD_ACT_SIGMOID ? (double)(g[i] * ai * (1 - ai))
                                : act == DD_ACT_TANH    ? (double)(g[i] * (1 - ai) * (1 + ai))
                                                        : (double)(g[i] * (ld)rd[i]);
                    double rt = t.rtol_b * tail_scale(act, z[i]);
                    int ok = dd_close(d[i], want, t.atol_b, rt) &&
                             dd_close(d[i], g[i] * rd[i], 2 * t.atol_b * fabs(g[i]) + t.atol_b, rt);
                    if (!ok && bad++ < 3)
                        CHECK(0, "%s %s bwd n=%lld %s thr=%d inpl=%d z=%.9g g=%g got %.12g want %.12g",
                              name, prec, (long long)n, mode_name(is_float, mode), threads, inplace, z[i], g[i], d[i], want);
                }
                CHECK(bad == 0, "%s %s bwd n=%lld: %ld bad", name, prec, (long long)n, bad);
                /* threads and in place change nothing, bit for bit */
                if (threads == 1 && inplace == 0) {
                    memcpy(a1, a, (size_t)n * sizeof *a);
                    memcpy(d1, d, (size_t)n * sizeof *d);
                } else {
                    CHECK(memcmp(a1, a, (size_t)n * sizeof *a) == 0, "%s %s fwd n=%lld differs across threads/in place",
                          name, prec, (long long)n);
                    CHECK(memcmp(d1, d, (size_t)n * sizeof *d) == 0, "%s %s bwd n=%lld differs across threads/in place",
                          name, prec, (long long)n);
                }
            }
        }
    }
    use_default_mode();
    dd_set_num_threads(2);
    free(z); free(g); free(a); free(d); free(a1); free(d1); free(rf); free(rd);
}

static void test_sweeps(void) {
    const int64_t sizes[] = {1, 7, 8, 9, 16, 17, 31, 1000, 40000, 200000};
    dd_act_params custom = dd_act_params_default();
    custom.slope = 0.2;
    custom.ceiling = 2; /* "clip at 2" */
    custom.alpha = 0.5;
    custom.beta = 2;
    custom.threshold = 10;
    custom.min_val = -2;
    custom.max_val = 0.5;
    uint64_t seed = 1;
    for (int is_float = 0; is_float <= 1; is_float++)
        for (int act = 0; act < DD_ACT_COUNT; act++)
            for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
                sweep_one(is_float, (dd_act)act, NULL, sizes[s], seed++);
                if (sizes[s] <= 1000) sweep_one(is_float, (dd_act)act, &custom, sizes[s], seed++);
            }
}

/* n = 0 touches nothing. */
static void test_empty(void) {
    float zf[2] = {1, 2}, af[2] = {7, 7};
    double zd[2] = {1, 2}, ad[2] = {7, 7};
    for (int act = 0; act < DD_ACT_COUNT; act++) {
        dd_s_act_forward((dd_act)act, NULL, 0, zf, af);
        dd_s_act_backward((dd_act)act, NULL, 0, zf, zf, zf, af);
        dd_d_act_forward((dd_act)act, NULL, 0, zd, ad);
        dd_d_act_backward((dd_act)act, NULL, 0, zd, zd, zd, ad);
    }
    CHECK(af[0] == 7 && af[1] == 7 && ad[0] == 7 && ad[1] == 7, "n = 0 wrote output");
}

/* ------------------------------------------------------------------ */
/* Finite differences in double, away from kinks                       */
/* ------------------------------------------------------------------ */

static void test_finite_differences(void) {
    dd_act_params custom = dd_act_params_default();
    custom.ceiling = 2;
    custom.alpha = 0.7;
    custom.beta = 1.5;
    custom.threshold = 6;
    const dd_act_params *ps[2] = {NULL, &custom};
    dd_rng r = {42};
    for (int pi = 0; pi < 2; pi++)
        for (int act = 0; act < DD_ACT_COUNT; act++) {
            const ref_prm q = ref_prm_of(ps[pi], 0);
            int checked = 0;
            double worst = 0;
            while (checked < 200) {
                double x = dd_rand_uniform(&r, -7, 7);
                if (near_kink((dd_act)act, &q, x, 1e-3)) continue;
                double h = 1e-6;
                double zs[3] = {x + h, x - h, x}, as[3], one = 1, dz;
                dd_d_act_forward((dd_act)act, ps[pi], 3, zs, as);
                dd_d_act_backward((dd_act)act, ps[pi], 1, &zs[2], &as[2], &one, &dz);
                double fd = (as[0] - as[1]) / (2 * h);
                double err = fabs(fd - dz) / (1 + fabs(dz));
                if (err > worst) worst = err;
                checked++;
            }
            CHECK(worst < 2e-8, "%s finite differences: worst error %g", dd_act_name((dd_act)act), worst);
        }
}

/* ------------------------------------------------------------------ */
/* Kinks, extremes, NaN                                                */
/* ------------------------------------------------------------------ */

/* f and f' at x, in both precisions (and both float paths). */
static void expect(dd_act act, const dd_act_params *p, double x, double want_f, double want_df) {
    for (int is_float = 0; is_float <= 1; is_float++)
        for (int mode = 0; mode < modes_for(is_float); mode++) {
            use_mode(is_float, mode);
            double a, d, one = 1;
            run_fwd(is_float, act, p, 1, &x, &a, 0);
            run_bwd(is_float, act, p, 1, &x, &a, &one, &d, 0);
            double wf = is_float ? (double)(float)want_f : want_f;
            double tolr = is_float ? 2e-6 : 1e-13;
            CHECK(dd_close(a, wf, 1e-30, tolr) && (a == a || want_f != want_f),
                  "%s(%g) %s %s = %.10g, want %.10g", dd_act_name(act), x, is_float ? "f32" : "f64",
                  mode_name(is_float, mode), a, wf);
            CHECK(dd_close(d, want_df, 1e-30, tolr), "%s'(%g) %s %s = %.10g, want %.10g",
                  dd_act_name(act), x, is_float ? "f32" : "f64", mode_name(is_float, mode), d, want_df);
        }
    use_default_mode();
}

static void test_kinks(void) {
    dd_act_params p = dd_act_params_default();
    const double s6 = 1.0 / 6;
    expect(DD_ACT_RELU, NULL, 0, 0, 0);
    expect(DD_ACT_RELU, NULL, -0.0, 0, 0);
    expect(DD_ACT_RELU, NULL, 1e-30, 1e-30, 1);
    expect(DD_ACT_LEAKY_RELU, NULL, 0, 0, 0.01);
    expect(DD_ACT_LEAKY_RELU, NULL, -2, -0.02, 0.01);
    expect(DD_ACT_CLIPPED_RELU, NULL, 0, 0, 0);
    expect(DD_ACT_CLIPPED_RELU, NULL, 6, 6, 0);
    expect(DD_ACT_CLIPPED_RELU, NULL, 5.5, 5.5, 1);
    expect(DD_ACT_CLIPPED_RELU, NULL, 7, 6, 0);
    p.ceiling = 2; /* clip at 2 */
    expect(DD_ACT_CLIPPED_RELU, &p, 3, 2, 0);
    expect(DD_ACT_CLIPPED_RELU, &p, 2, 2, 0);
    expect(DD_ACT_CLIPPED_RELU, &p, 1.5, 1.5, 1);
    expect(DD_ACT_CLIPPED_RELU, &p, -1, 0, 0);
    expect(DD_ACT_HARD_TANH, NULL, -1, -1, 0);
    expect(DD_ACT_HARD_TANH, NULL, 1, 1, 0);
    expect(DD_ACT_HARD_TANH, NULL, 0.5, 0.5, 1);
    expect(DD_ACT_HARD_TANH, NULL, -3, -1, 0);
    p = dd_act_params_default();
    p.min_val = -0.25;
    p.max_val = 2;
    expect(DD_ACT_HARD_TANH, &p, -0.25, -0.25, 0);
    expect(DD_ACT_HARD_TANH, &p, 2, 2, 0);
    expect(DD_ACT_HARD_TANH, &p, 1.75, 1.75, 1);
    expect(DD_ACT_HARD_SIGMOID, NULL, -3, 0, 0);
    expect(DD_ACT_HARD_SIGMOID, NULL, 3, 1, 0);
    expect(DD_ACT_HARD_SIGMOID, NULL, 0, 0.5, s6);
    expect(DD_ACT_HARD_SIGMOID, NULL, 1.5, 0.75, s6);
    expect(DD_ACT_ELU, NULL, 0, 0, 1);
    p = dd_act_params_default();
    p.alpha = 0.5;
    expect(DD_ACT_ELU, &p, 0, 0, 0.5);
    expect(DD_ACT_ELU, &p, 1e-3, 1e-3, 1);
    expect(DD_ACT_SELU, NULL, 0, 0, (double)(SELU_SCALE * SELU_ALPHA));
    expect(DD_ACT_SELU, NULL, 1, (double)SELU_SCALE, (double)SELU_SCALE);
    /* softplus: linear strictly above threshold / beta, smooth at it */
    expect(DD_ACT_SOFTPLUS, NULL, 20, (double)log1pl(expl(20)), (double)r_sigmoid(20));
    expect(DD_ACT_SOFTPLUS, NULL, 20.5, 20.5, 1);
    p = dd_act_params_default();
    p.beta = 2;
    p.threshold = 10;
    expect(DD_ACT_SOFTPLUS, &p, 5.25, 5.25, 1);
    expect(DD_ACT_SOFTPLUS, &p, 1, (double)(log1pl(expl(2)) / 2), (double)r_sigmoid(2));
    /* smooth ones at 0 */
    expect(DD_ACT_SIGMOID, NULL, 0, 0.5, 0.25);
    expect(DD_ACT_TANH, NULL, 0, 0, 1);
    expect(DD_ACT_GELU, NULL, 0, 0, 0.5);
    expect(DD_ACT_GELU_TANH, NULL, 0, 0, 0.5);
    expect(DD_ACT_SILU, NULL, 0, 0, 0.5);
    expect(DD_ACT_MISH, NULL, 0, 0, (double)tanhl(logl(2)));
    expect(DD_ACT_SOFTPLUS, NULL, 0, (double)logl(2), 0.5);
    /* golden values (PyTorch, float64) */
    expect(DD_ACT_GELU, NULL, 1, 0.8413447460685429, (double)ref_df(DD_ACT_GELU, NULL, 1));
    expect(DD_ACT_GELU_TANH, NULL, 1, 0.8411919906082768, (double)ref_df(DD_ACT_GELU_TANH, NULL, 1));
    expect(DD_ACT_MISH, NULL, 1, 0.8650983882673103, (double)ref_df(DD_ACT_MISH, NULL, 1));
    expect(DD_ACT_SILU, NULL, -2, -0.2384058440442351, (double)ref_df(DD_ACT_SILU, NULL, -2));
}

static void test_extremes(void) {
    const double big[] = {1000, 1e30, INFINITY};
    const double sc = (double)SELU_SCALE, sa = (double)(SELU_SCALE * SELU_ALPHA);
    for (int k = 0; k < 3; k++) {
        double x = big[k];
        int fin = isfinite(x);
        expect(DD_ACT_SIGMOID, NULL, x, 1, 0);
        expect(DD_ACT_SIGMOID, NULL, -x, 0, 0);
        expect(DD_ACT_TANH, NULL, x, 1, 0);
        expect(DD_ACT_TANH, NULL, -x, -1, 0);
        expect(DD_ACT_SOFTPLUS, NULL, x, x, 1);
        expect(DD_ACT_SOFTPLUS, NULL, -x, 0, 0);
        expect(DD_ACT_SILU, NULL, x, x, 1);
        expect(DD_ACT_SILU, NULL, -x, 0, 0);
        expect(DD_ACT_MISH, NULL, x, x, 1);
        expect(DD_ACT_MISH, NULL, -x, 0, 0);
        expect(DD_ACT_ELU, NULL, x, x, 1);
        expect(DD_ACT_ELU, NULL, -x, -1, 0);
        expect(DD_ACT_SELU, NULL, x, fin ? sc * x : x, sc);
        expect(DD_ACT_SELU, NULL, -x, -sa, 0);
        expect(DD_ACT_GELU, NULL, x, x, 1);
        expect(DD_ACT_GELU, NULL, -x, 0, 0);
        expect(DD_ACT_GELU_TANH, NULL, x, x, 1);
        expect(DD_ACT_GELU_TANH, NULL, -x, 0, 0);
        expect(DD_ACT_RELU, NULL, x, x, 1);
        expect(DD_ACT_RELU, NULL, -x, 0, 0);
        expect(DD_ACT_LEAKY_RELU, NULL, -x, -0.01 * x, 0.01);
        expect(DD_ACT_CLIPPED_RELU, NULL, x, 6, 0);
        expect(DD_ACT_HARD_SIGMOID, NULL, -x, 0, 0);
        expect(DD_ACT_HARD_SIGMOID, NULL, x, 1, 0);
        expect(DD_ACT_HARD_TANH, NULL, x, 1, 0);
    }
    /* NaN in, NaN out, for every activation and both paths */
    for (int act = 0; act < DD_ACT_COUNT; act++) {
        for (int is_float = 0; is_float <= 1; is_float++)
            for (int mode = 0; mode < modes_for(is_float); mode++) {
                use_mode(is_float, mode);
                double z[9] = {NAN, 1, -1, NAN, 0, 2, NAN, -3, NAN}, a[9];
                run_fwd(is_float, (dd_act)act, NULL, 9, z, a, 0);
                CHECK(isnan(a[0]) && isnan(a[3]) && isnan(a[6]) && isnan(a[8]) && !isnan(a[1]) && !isnan(a[2]),
                      "%s %s %s: NaN does not propagate", dd_act_name((dd_act)act),
                      is_float ? "f32" : "f64", mode_name(is_float, mode));
            }
    }
    use_default_mode();
    /* tail relative accuracy where the formulas are built to keep it (float, both paths) */
    const dd_act tail_acts[] = {DD_ACT_SIGMOID, DD_ACT_SILU, DD_ACT_SOFTPLUS, DD_ACT_MISH, DD_ACT_GELU};
    for (size_t k = 0; k < sizeof tail_acts / sizeof tail_acts[0]; k++) {
        dd_act act = tail_acts[k];
        double lo = act == DD_ACT_GELU ? -12.5 : -80;
        const ref_prm q = ref_prm_of(NULL, 1);
        enum { N = 4001 };
        static double z[N], a[N];
        for (int i = 0; i < N; i++) z[i] = (float)(lo + (-1 - lo) * i / (N - 1.0));
        for (int mode = 0; mode < modes_for(1); mode++) {
            use_mode(1, mode);
            run_fwd(1, act, NULL, N, z, a, 0);
            double worst = 0;
            for (int i = 0; i < N; i++) {
                double w = (double)ref_f(act, &q, z[i]);
                double e = fabs(a[i] - w) / fabs(w);
                if (e > worst) worst = e;
            }
            CHECK(worst < 1.2e-6, "%s f32 %s: left-tail relative error %g", dd_act_name(act), mode_name(1, mode),
                  worst);
        }
    }
    use_default_mode();
}

static void test_names(void) {
    const char *want[DD_ACT_COUNT] = {"identity", "sigmoid", "tanh", "relu", "leaky_relu",
                                      "clipped_relu", "elu", "selu", "gelu", "gelu_tanh",
                                      "softplus", "silu", "mish", "hard_sigmoid", "hard_tanh"};
    for (int act = 0; act < DD_ACT_COUNT; act++)
        CHECK(dd_act_name((dd_act)act) && strcmp(dd_act_name((dd_act)act), want[act]) == 0,
              "name of %d", act);
    CHECK(dd_act_name(DD_ACT_COUNT) == NULL && dd_act_name((dd_act)-1) == NULL, "out-of-range name");
    dd_act_params p = dd_act_params_default();
    CHECK(p.slope == 0.01 && p.ceiling == 6 && p.alpha == 1 && p.beta == 1 && p.threshold == 20 &&
              p.min_val == -1 && p.max_val == 1, "defaults");
}

/* ------------------------------------------------------------------ */
/* Vector math error, in ULPs of the correctly rounded float result     */
/* ------------------------------------------------------------------ */

static double ulp_err(float got, double want) {
    if (isnan(want)) return isnan(got) ? 0 : 1e30;
    float wf = (float)want;
    if (isinf(wf)) return got == wf ? 0 : 1e30;
    float aw = fabsf(wf);
    double u = aw == 0 ? 0x1p-149 : (double)nextafterf(aw, INFINITY) - aw;
    return fabs((double)got - want) / u;
}

static double d_sigmoid(double x) { return 1 / (1 + exp(-x)); }
static double d_normcdf(double x) { return 0.5 * erfc(-x * 0.70710678118654752440); }
static double d_normpdf(double x) { return 0.39894228040143267794 * exp(-0.5 * x * x); }

/* The vector math of one width against double libm, over a dense sweep and extremes. */
static void vmath_ulp_one(const dd_vmath *vm, int64_t n, const float *x, float *y) {
    struct {
        const char *name;
        void (*f)(int64_t, const float *, float *);
        double (*ref)(double);
        double bound;
    } fs[] = {{"exp", vm->exp, exp, 2},         {"expm1", vm->expm1, expm1, 3},
              {"sigmoid", vm->sigmoid, d_sigmoid, 3}, {"tanh", vm->tanh, tanh, 3},
              {"normcdf", vm->normcdf, d_normcdf, 8}, {"normpdf", vm->normpdf, d_normpdf, 4}};
    for (size_t k = 0; k < sizeof fs / sizeof fs[0]; k++) {
        fs[k].f(n, x, y);
        double worst = 0, worst_rel = 0;
        float at = 0;
        for (int64_t i = 0; i < n; i++) {
            double w = fs[k].ref((double)x[i]);
            double e = ulp_err(y[i], w);
            if (e > worst) { worst = e; at = x[i]; }
            if (fabs(w) >= FLT_MIN && fabs(w) <= FLT_MAX) {
                double rel = fabs(y[i] - w) / fabs(w);
                if (rel > worst_rel) worst_rel = rel;
            }
        }
        printf("vmath %-6s %-8s max %.2f ULP (at %g), max relative %.3g\n", vm->name, fs[k].name, worst, at,
               worst_rel);
        CHECK(worst <= fs[k].bound, "%s %s: %.2f ULP exceeds %.0f", vm->name, fs[k].name, worst, fs[k].bound);
    }
    /* the exp used by softmax: shifted by the max, stored, summed in double, tails */
    for (int64_t m = 0; m <= 37; m++) {
        float xs[37], ys[37];
        for (int i = 0; i < 37; i++) xs[i] = (float)(i - 9);
        double s = vm->exp_shift_sum(m, xs, 28.0f, ys), want = 0;
        int stored = 1;
        for (int64_t i = 0; i < m; i++) {
            want += exp((double)xs[i] - 28.0);
            stored &= ulp_err(ys[i], exp((double)xs[i] - 28.0)) <= 2;
        }
        CHECK(dd_close(s, want, 0, 1e-6) && stored, "%s exp_shift_sum n=%lld: %g vs %g", vm->name, (long long)m,
              s, want);
    }
}

static void test_vmath_ulp(void) {
    const int64_t n_sweep = 1000000;
    const float extremes[] = {0.0f, -0.0f, 1e-30f, -1e-30f, FLT_MIN, -FLT_MIN, 0x1p-149f, 88.7f, 88.75f,
                              -87.3f, -103.9f, -104.5f, 1e30f, -1e30f, INFINITY, -INFINITY, NAN};
    const int64_t n_ext = (int64_t)(sizeof extremes / sizeof extremes[0]);
    const int64_t n = n_sweep + n_ext;
    float *x = malloc((size_t)n * sizeof *x), *y = malloc((size_t)n * sizeof *y);
    for (int64_t i = 0; i < n_sweep; i++) x[i] = (float)(-100.0 + 200.0 * (double)i / (double)(n_sweep - 1));
    memcpy(x + n_sweep, extremes, sizeof extremes);
    for (int level = DD_CPU_AVX512; level > DD_CPU_PORTABLE; level--) {
        const dd_vmath *vm = dd_vmath_at(level);
        if (vm) vmath_ulp_one(vm, n, x, y);
        else printf("vmath: level %d not on this CPU, not measured\n", level);
    }
    free(x);
    free(y);
}

/* The default is the widest path; the switches cap it and restore it. */
static void test_vmath_selection(void) {
    int widest = DD_CPU_PORTABLE;
    for (int level = DD_CPU_AVX512; level > DD_CPU_PORTABLE && widest == DD_CPU_PORTABLE; level--)
        if (dd_vmath_at(level)) widest = level;
    CHECK(dd_vmath_level() == widest && dd_vmath_get() == dd_vmath_at(widest), "default path is the widest");
    CHECK(dd_vmath_at(DD_CPU_AVX512) == NULL || dd_cpu_supports(DD_CPU_AVX512), "AVX-512 offered without the CPU");
    CHECK(dd_vmath_at(DD_CPU_PORTABLE) == NULL, "the portable path has no table");
    dd_vmath_set_level(DD_CPU_AVX2);
    CHECK(dd_vmath_level() == (widest < DD_CPU_AVX2 ? widest : DD_CPU_AVX2), "capped at AVX2");
    dd_vmath_set_level(DD_CPU_PORTABLE);
    CHECK(dd_vmath_level() == DD_CPU_PORTABLE && dd_vmath_get() == NULL && !(dd_vmath_level() != DD_CPU_PORTABLE), "set_level(portable)");
    dd_vmath_set_level(DD_CPU_AVX512);
    CHECK(dd_vmath_level() == widest && (dd_vmath_level() != DD_CPU_PORTABLE) == (widest != DD_CPU_PORTABLE), "set_level(avx512)");
    printf("vmath paths:");
    for (int mode = 0; mode < modes_for(1); mode++) printf(" %s", mode_name(1, mode));
    printf(" (default %s)\n", mode_name(1, 0));
}

/* Worst float error of each activation over the sweep range, for the record. */
static void report_activation_ulp(void) {
    const int64_t n = 200001;
    double *z = malloc((size_t)n * sizeof *z), *a = malloc((size_t)n * sizeof *a);
    for (int64_t i = 0; i < n; i++) z[i] = (float)(-20.0 + 40.0 * (double)i / (double)(n - 1));
    const ref_prm q = ref_prm_of(NULL, 1);
    for (int mode = 0; mode < modes_for(1); mode++) {
        use_mode(1, mode);
        printf("f32 forward max ULP on [-20, 20], %s:", mode_name(1, mode));
        for (int act = 1; act < DD_ACT_COUNT; act++) {
            run_fwd(1, (dd_act)act, NULL, n, z, a, 0);
            double worst = 0;
            for (int64_t i = 0; i < n; i++) {
                double e = ulp_err((float)a[i], (double)ref_f((dd_act)act, &q, z[i]));
                if (e > worst) worst = e;
            }
            printf(" %s %.1f", dd_act_name((dd_act)act), worst);
        }
        printf("\n");
    }
    use_default_mode();
    free(z);
    free(a);
}

int main(void) {
    test_names();
    test_empty();
    test_vmath_selection();
    test_vmath_ulp();
    report_activation_ulp();
    test_kinks();
    test_extremes();
    test_finite_differences();
    test_sweeps();
    return dd_check_summary("activation");
}
