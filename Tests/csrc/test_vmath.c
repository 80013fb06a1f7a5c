/*
 * test_vmath.c - the error of the double vector math (vmath.h: exp, expm1,
 * sigmoid, tanh) in ULPs against long double, for every width this CPU runs,
 * over dense sweeps and the edge cases (0, -0, tiny, subnormal results, near
 * overflow and underflow, +-inf, NaN); the double activations built on them on
 * every path (AVX-512, AVX2, libm); and the float tanh over a strided sweep of
 * all float bit patterns. Prints the measured maxima (the table in vmath.h).
 */
#include "check.h"
#include "cdendrite.h"
#include "vmath.h"
#include "vmath_paths.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

typedef long double ld;

/* |got - want| in ULPs of the correctly rounded double result (subnormals by
 * their own spacing); NaN must be NaN, inf and 0 exact. */
static double ulp_d(double got, ld want) {
    if (isnan(want)) return isnan(got) ? 0 : 1e30;
    double wd = (double)want;
    if (isinf(wd)) return got == wd ? 0 : 1e30;
    if (isnan(got) || isinf(got)) return 1e30;
    double aw = fabs(wd);
    ld u = aw < DBL_MIN ? 0x1p-1074L : (ld)nextafter(aw, INFINITY) - (ld)aw;
    if (aw == DBL_MAX) u = 0x1p971L;
    return (double)(fabsl((ld)got - want) / u);
}

static ld r_sigmoid(ld x) { return x >= 0 ? 1 / (1 + expl(-x)) : expl(x) / (1 + expl(x)); }
static ld r_expm1(ld x) { return expm1l(x); }

typedef struct {
    const char *name;
    void (*f)(int64_t, const double *, double *);
    ld (*ref)(ld);
    double lo, hi; /* sweep range */
    double bound;  /* ULP */
} dfn;

static void measure(const char *path, const dfn *fs, size_t nf) {
    const int64_t n_sweep = 2000000;
    const double edges[] = {0.0, -0.0, 1e-300, -1e-300, 0x1p-1074, -0x1p-1074, DBL_MIN, -DBL_MIN, 1e-17,
                            -1e-17, 1e-9, -1e-9, 0.5, -0.5, 0x1.62e42fefa39efp-2, 1, -1, 18.69, 18.71, 19.0,
                            19.061547465398498, 19.0615474653985, 19.07, 36.7, 37.5, 40, -40, -41,
                            709.782712893384, 709.7827128933841, 709.79, 710, 1000, -708.39, -708.4,
                            -720, -740, -744.44, -745.13, -745.1332191019412, -745.2, -746, -1000,
                            1e300, -1e300, DBL_MAX, -DBL_MAX, INFINITY, -INFINITY, NAN};
    const int64_t n_edge = (int64_t)(sizeof edges / sizeof edges[0]);
    const int64_t n = n_sweep + n_edge + 2000;
    double *x = malloc((size_t)n * sizeof *x), *y = malloc((size_t)n * sizeof *y);
    for (size_t k = 0; k < nf; k++) {
        const dfn *d = &fs[k];
        int64_t m = 0;
        for (int64_t i = 0; i < n_sweep; i++) x[m++] = d->lo + (d->hi - d->lo) * (double)i / (double)(n_sweep - 1);
        for (int64_t i = 0; i < 1000; i++) { /* tiny to moderate, log-spaced, both signs */
            double v = pow(10.0, -300.0 + 301.0 * (double)i / 999.0);
            x[m++] = v;
            x[m++] = -v;
        }
        memcpy(x + m, edges, sizeof edges);
        m += n_edge;
        d->f(m, x, y);
        double worst = 0, at = 0;
        for (int64_t i = 0; i < m; i++) {
            double e = ulp_d(y[i], d->ref((ld)x[i]));
            if (e > worst || (e == worst && e >= 1e30)) { worst = e; at = x[i]; }
        }
        printf("f64 %-8s %-7s max %.3f ULP (at %.17g)\n", path, d->name, worst, at);
        CHECK(worst <= d->bound, "f64 %s %s: %.3f ULP at %.17g exceeds %.1f", path, d->name, worst, at, d->bound);
    }
    free(x);
    free(y);
}

static ld r_exp(ld x) { return expl(x); }
static ld r_tanh(ld x) { return tanhl(x); }

static void test_vmath_d(void) {
    for (int level = DD_CPU_AVX512; level > DD_CPU_PORTABLE; level--) {
        const dd_vmath *vm = dd_vmath_at(level);
        if (!vm) { printf("f64 vmath: level %d not on this CPU, not measured\n", level); continue; }
        const dfn fs[] = {{"exp", vm->exp_d, r_exp, -750, 715, 1.5},
                          {"expm1", vm->expm1_d, r_expm1, -45, 40, 2},
                          {"sigmoid", vm->sigmoid_d, r_sigmoid, -750, 750, 2.5},
                          {"tanh", vm->tanh_d, r_tanh, -25, 25, 3},
                          {"tanh", vm->tanh_d, r_tanh, -1, 1, 3}};
        measure(vm->name, fs, sizeof fs / sizeof fs[0]);
        /* the softmax sum: y = exp(x - shift), stored and summed, every tail length */
        for (int64_t m = 0; m <= 37; m++) {
            double xs[37], ys[37];
            for (int i = 0; i < 37; i++) xs[i] = i - 9 + 0.125 * i;
            ld want = 0;
            int stored = 1;
            double s = vm->exp_shift_sum_d(m, xs, 30.0, ys);
            for (int64_t i = 0; i < m; i++) {
                want += expl((ld)xs[i] - 30);
                stored &= ulp_d(ys[i], expl((ld)xs[i] - 30)) <= 1.5;
            }
            CHECK(stored && fabsl((ld)s - want) <= 1e-15L * want, "%s exp_shift_sum_d n=%lld: %.17g vs %.17Lg",
                  vm->name, (long long)m, s, want);
        }
    }
}

/* The double activations on every path against long double, in ULPs, over [-30, 30]. */
static ld r_act(dd_act act, ld x) {
    const ld sc = 1.05070098735548049341933498529460L, al = 1.67326324235437728481704299167171L;
    switch (act) {
    case DD_ACT_SIGMOID: return r_sigmoid(x);
    case DD_ACT_TANH: return tanhl(x);
    case DD_ACT_ELU: return x > 0 ? x : expm1l(x);
    case DD_ACT_SELU: return sc * (x > 0 ? x : al * expm1l(x));
    case DD_ACT_SILU: return x * r_sigmoid(x);
    case DD_ACT_MISH: return x * tanhl(x > 20 ? x + log1pl(expl(-x)) : log1pl(expl(x)));
    default: return NAN;
    }
}

static void test_activations_d(void) {
    const dd_act acts[] = {DD_ACT_SIGMOID, DD_ACT_TANH, DD_ACT_ELU, DD_ACT_SELU, DD_ACT_SILU, DD_ACT_MISH};
    const double bounds[] = {2.5, 2.5, 2.5, 3, 4, 5};
    const int64_t n = 400001;
    double *z = malloc((size_t)n * sizeof *z), *a = malloc((size_t)n * sizeof *a);
    for (int64_t i = 0; i < n; i++) z[i] = -30.0 + 60.0 * (double)i / (double)(n - 1);
    for (int mode = 0; mode < modes_for(0); mode++) {
        use_mode(0, mode);
        printf("f64 forward max ULP on [-30, 30], %s:", mode_name(0, mode));
        for (size_t k = 0; k < sizeof acts / sizeof acts[0]; k++) {
            dd_d_act_forward(acts[k], NULL, n, z, a);
            double worst = 0;
            for (int64_t i = 0; i < n; i++) {
                double e = ulp_d(a[i], r_act(acts[k], (ld)z[i]));
                if (e > worst) worst = e;
            }
            printf(" %s %.2f", dd_act_name(acts[k]), worst);
            CHECK(worst <= bounds[k], "f64 %s %s: %.2f ULP", mode_name(0, mode), dd_act_name(acts[k]), worst);
        }
        printf("\n");
    }
    use_default_mode();
    free(z);
    free(a);
}

/* float tanh: every 61st float bit pattern (all signs, exponents and mantissa
 * residues), in ULPs of the correctly rounded float result. */
static double ulp_f(float got, double want) {
    if (isnan(want)) return isnan(got) ? 0 : 1e30;
    float wf = (float)want;
    if (isinf(wf)) return got == wf ? 0 : 1e30;
    float aw = fabsf(wf);
    double u = aw < FLT_MIN ? 0x1p-149 : (double)nextafterf(aw, INFINITY) - aw;
    return fabs((double)got - want) / u;
}

static void test_tanh_f(void) {
    enum { B = 1 << 16 };
    static float x[B], y[B];
    for (int level = DD_CPU_AVX512; level > DD_CPU_PORTABLE; level--) {
        const dd_vmath *vm = dd_vmath_at(level);
        if (!vm) continue;
        double worst = 0;
        float at = 0;
        uint64_t bits = 0;
        while (bits < ((uint64_t)1 << 32)) {
            int m = 0;
            for (; m < B && bits < ((uint64_t)1 << 32); m++, bits += 61) {
                uint32_t b = (uint32_t)bits;
                memcpy(&x[m], &b, sizeof b);
            }
            vm->tanh(m, x, y);
            for (int i = 0; i < m; i++) {
                double e = ulp_f(y[i], tanh((double)x[i]));
                if (e > worst) { worst = e; at = x[i]; }
            }
        }
        printf("f32 %-8s tanh    max %.3f ULP over every 61st float (at %a)\n", vm->name, worst, at);
        CHECK(worst <= 3.5, "f32 %s tanh: %.3f ULP at %a", vm->name, worst, at);
    }
}

int main(void) {
    test_vmath_d();
    test_activations_d();
    test_tanh_f();
    return dd_check_summary("vmath");
}
