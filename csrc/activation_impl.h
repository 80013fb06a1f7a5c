/*
 * activation_impl.h - element-wise activations, written once against `real`.
 * Included twice by activation.c, which defines real, DD_FN, DD_M (the libm
 * function of this precision), DD_REAL_MAX, DD_NORMCDF / DD_NORMPDF and the
 * vector hooks: DD_VMATH (the dd_vmath table, NULL for double) and
 * DD_VM_FWD / DD_VM_BWD, which call through it (float only).
 *
 * Conventions shared by every activation (and by activation_simd_impl.h):
 *   - PyTorch semantics; kinks take PyTorch's one-sided derivative: relu'(0) = 0,
 *     leaky'(0) = slope, elu'(0) = selu'(0)/scale = alpha, clipped relu and
 *     hard tanh have derivative 0 AT both bounds, hard sigmoid 0 at -3 and 3,
 *     softplus is the identity (derivative 1) strictly above the threshold.
 *   - No overflow: exponentials only of -|x| (or of x <= 0), products
 *     x * g(x) with g -> 0 use x clamped to the finite range, so the limits at
 *     +-inf are exact and never NaN. NaN in gives NaN out (forward): clamps are
 *     written `x < lo ? lo : x`, which lets NaN through.
 *   - Backward reads Z or A, whichever gives f' exactly: sigmoid a (1 - a) and
 *     tanh (1 - a)(1 + a) from A; the rest from Z (A would lose f' to
 *     cancellation, e.g. elu's a + alpha for z << 0).
 */

/* x, with -inf replaced by the most negative finite value: x * 0 stays 0. */
static inline real DD_FN(finite_below)(real x) { return x < -DD_REAL_MAX ? -DD_REAL_MAX : x; }

static inline real DD_FN(clamp1)(real x, real lo, real hi) { return x < lo ? lo : (x > hi ? hi : x); }

/* 1 / (1 + e^-x) from e = e^-|x| <= 1, which cannot overflow. */
static inline real DD_FN(sigmoid1)(real x) {
    real e = DD_M(exp)(-DD_M(fabs)(x));
    return x >= 0 ? 1 / (1 + e) : e / (1 + e);
}

/* sigmoid'(x) = e / (1 + e)^2, e = e^-|x|: no 1 - s cancellation, 0 at +-inf. */
static inline real DD_FN(dsigmoid1)(real x) {
    real e = DD_M(exp)(-DD_M(fabs)(x));
    real r = 1 / (1 + e);
    return e * r * r;
}

/*
 * GELU, tanh form: 0.5 x (1 + tanh u) = x sigmoid(2u), u = sqrt(2/pi)(x + 0.044715 x^3).
 * Same function; the sigmoid form has no 1 + tanh cancellation for x < 0.
 * Its left tail is as good as 2u, which is rounded in working precision:
 * relative error ~|2u| ULPs there. x is clamped to +-1e4 inside, where
 * sigmoid(2u) is already exactly 0 or 1.
 */
#define DD_GELU_K0 0.797884560802865355879892119868763737 /* sqrt(2 / pi) */
#define DD_GELU_K1 0.044715
static inline real DD_FN(gelu_2u)(real xc) {
    return (real)(2 * DD_GELU_K0) * xc * (1 + (real)DD_GELU_K1 * xc * xc);
}

/* softplus: log(1 + e^{bx}) / b = (max(bx, 0) + log1p(e^-|bx|)) / b; x itself above the threshold. */
static inline real DD_FN(softplus1)(real x, real beta, real threshold) {
    real bz = beta * x;
    if (bz > threshold) return x;
    return ((bz < 0 ? 0 : bz) + DD_M(log1p)(DD_M(exp)(-DD_M(fabs)(bz)))) / beta;
}

/*
 * mish: t = tanh(softplus(x)) without log or tanh, from e = e^-|x|:
 *   x <= 0 (e = e^x):  t = e(e + 2) / (e(e + 2) + 2),   1 - t = 2 / (...)
 *   x > 0 (e = e^-x):  t = (1 + 2e) / (1 + 2e + 2e^2),  1 - t = 2e^2 / (...)
 * so both t and 1 - t keep full relative precision. Also gives sigmoid(x).
 */
static inline void DD_FN(mish_parts)(real x, real *t, real *omt, real *sig) {
    real e = DD_M(exp)(-DD_M(fabs)(x));
    real nt, no;
    if (x > 0) {
        nt = 1 + 2 * e;
        no = 2 * e * e;
        *sig = 1 / (1 + e);
    } else {
        nt = e * (e + 2);
        no = 2;
        *sig = e / (1 + e);
    }
    *t = nt / (nt + no);
    *omt = no / (nt + no);
}

#define DD_SELU_SCALE 1.05070098735548049341933498529460
#define DD_SELU_ALPHA 1.67326324235437728481704299167171

/* A = f(Z) over one chunk, plain C (compilers vectorise the simple loops). */
static void DD_FN(act_forward_scalar)(dd_act act, const dd_act_params *p, int64_t n,
                                      const real *z, real *a) {
    const real slope = (real)p->slope, ceiling = (real)p->ceiling, alpha = (real)p->alpha;
    const real beta = (real)p->beta, threshold = (real)p->threshold;
    const real lo = (real)p->min_val, hi = (real)p->max_val;
#define DD_MAP(expr)                                                   \
    for (int64_t i = 0; i < n; i++) {                                  \
        const real x = z[i];                                           \
        a[i] = (expr);                                                 \
    }                                                                  \
    break
    switch (act) {
    case DD_ACT_SIGMOID: DD_MAP(DD_FN(sigmoid1)(x));
    case DD_ACT_TANH: DD_MAP(DD_M(tanh)(x));
    case DD_ACT_RELU: DD_MAP(x < 0 ? 0 : x);
    case DD_ACT_LEAKY_RELU: DD_MAP(x > 0 ? x : slope * x);
    case DD_ACT_CLIPPED_RELU: DD_MAP(DD_FN(clamp1)(x, 0, ceiling));
    case DD_ACT_ELU: DD_MAP(x > 0 ? x : alpha * DD_M(expm1)(x));
    case DD_ACT_SELU:
        DD_MAP((real)DD_SELU_SCALE * (x > 0 ? x : (real)DD_SELU_ALPHA * DD_M(expm1)(x)));
    case DD_ACT_GELU: DD_MAP(DD_FN(finite_below)(x) * DD_NORMCDF(x));
    case DD_ACT_GELU_TANH:
        DD_MAP(DD_FN(finite_below)(x) * DD_FN(sigmoid1)(DD_FN(gelu_2u)(DD_FN(clamp1)(x, -1e4, 1e4))));
    case DD_ACT_SOFTPLUS: DD_MAP(DD_FN(softplus1)(x, beta, threshold));
    case DD_ACT_SILU: DD_MAP(DD_FN(finite_below)(x) * DD_FN(sigmoid1)(x));
    case DD_ACT_MISH:
        for (int64_t i = 0; i < n; i++) {
            real t, omt, sig;
            DD_FN(mish_parts)(z[i], &t, &omt, &sig);
            a[i] = DD_FN(finite_below)(z[i]) * t;
        }
        break;
    case DD_ACT_HARD_SIGMOID: DD_MAP(DD_FN(clamp1)(x + 3, 0, 6) / 6);
    case DD_ACT_HARD_TANH: DD_MAP(DD_FN(clamp1)(x, lo, hi));
    default: /* identity: handled by the caller */
        break;
    }
#undef DD_MAP
}

/* dLdZ = dLdA * f'(Z) over one chunk; x = Z, y = A, g = dLdA. */
static void DD_FN(act_backward_scalar)(dd_act act, const dd_act_params *p, int64_t n,
                                       const real *z, const real *a, const real *dLdA, real *dLdZ) {
    const real slope = (real)p->slope, ceiling = (real)p->ceiling, alpha = (real)p->alpha;
    const real beta = (real)p->beta, threshold = (real)p->threshold;
    const real lo = (real)p->min_val, hi = (real)p->max_val;
#define DD_MAP(expr)                                                   \
    for (int64_t i = 0; i < n; i++) {                                  \
        const real x = z[i], y = a[i], g = dLdA[i];                    \
        (void)x;                                                       \
        (void)y;                                                       \
        dLdZ[i] = (expr);                                              \
    }                                                                  \
    break
    switch (act) {
    case DD_ACT_SIGMOID: DD_MAP(g * (y * (1 - y)));
    case DD_ACT_TANH: DD_MAP(g * ((1 - y) * (1 + y)));
    case DD_ACT_RELU: DD_MAP(x > 0 ? g : 0);
    case DD_ACT_LEAKY_RELU: DD_MAP(x > 0 ? g : g * slope);
    case DD_ACT_CLIPPED_RELU: DD_MAP(x > 0 && x < ceiling ? g : 0);
    case DD_ACT_ELU: DD_MAP(x > 0 ? g : g * (alpha * DD_M(exp)(x)));
    case DD_ACT_SELU:
        DD_MAP(x > 0 ? g * (real)DD_SELU_SCALE
                     : g * ((real)(DD_SELU_SCALE * DD_SELU_ALPHA) * DD_M(exp)(x)));
    case DD_ACT_GELU: /* Phi(x) + x phi(x); phi is exactly 0 beyond |x| = 40 */
        DD_MAP(g * (DD_NORMCDF(x) + DD_FN(clamp1)(x, -40, 40) * DD_NORMPDF(DD_FN(clamp1)(x, -40, 40))));
    case DD_ACT_GELU_TANH:
        /* d/dx x s(2u) = s + x s'(2u) 2u', 2u' = 2 sqrt(2/pi)(1 + 3 * 0.044715 x^2) */
        for (int64_t i = 0; i < n; i++) {
            const real xc = DD_FN(clamp1)(z[i], -1e4, 1e4);
            const real u2 = DD_FN(gelu_2u)(xc);
            const real du2 = (real)(2 * DD_GELU_K0) * (1 + (real)(3 * DD_GELU_K1) * xc * xc);
            dLdZ[i] = dLdA[i] * (DD_FN(sigmoid1)(u2) + xc * (DD_FN(dsigmoid1)(u2) * du2));
        }
        break;
    case DD_ACT_SOFTPLUS: DD_MAP(beta * x > threshold ? g : g * DD_FN(sigmoid1)(beta * x));
    case DD_ACT_SILU: /* s + x s' */
        DD_MAP(g * (DD_FN(sigmoid1)(x) + DD_FN(clamp1)(x, -DD_REAL_MAX, DD_REAL_MAX) * DD_FN(dsigmoid1)(x)));
    case DD_ACT_MISH: /* t + x (1 - t^2) sigmoid(x) */
        for (int64_t i = 0; i < n; i++) {
            real t, omt, sig;
            DD_FN(mish_parts)(z[i], &t, &omt, &sig);
            const real xc = DD_FN(clamp1)(z[i], -DD_REAL_MAX, DD_REAL_MAX);
            dLdZ[i] = dLdA[i] * (t + xc * (omt * (1 + t) * sig));
        }
        break;
    case DD_ACT_HARD_SIGMOID: DD_MAP(x > -3 && x < 3 ? g / 6 : 0);
    case DD_ACT_HARD_TANH: DD_MAP(x > lo && x < hi ? g : 0);
    default: /* identity: handled by the caller */
        break;
    }
#undef DD_MAP
}

/*
 * Values below which a call stays serial. A team costs ~2 us (spinning
 * workers) to ~12 us (sleeping ones), so it pays once the serial work is
 * several us; per value that work differs 20-fold (AVX-512 float: relu-like
 * ~0.035 ns, exp-based ~0.13-0.22 ns, the erf GELU ~0.6 ns). Backward sigmoid
 * and tanh only multiply.
 */
static int64_t DD_FN(act_parallel_min)(dd_act act, int backward) {
    switch (act) {
    case DD_ACT_RELU: case DD_ACT_LEAKY_RELU: case DD_ACT_CLIPPED_RELU:
    case DD_ACT_HARD_SIGMOID: case DD_ACT_HARD_TANH:
        return (int64_t)1 << 17;
    case DD_ACT_SIGMOID: case DD_ACT_TANH:
        return (int64_t)1 << (backward ? 17 : 15);
    case DD_ACT_GELU:
        return (int64_t)1 << 13;
    default:
        return (int64_t)1 << 15;
    }
}

/* One call's operands; each thread runs one contiguous slice of [0, n). */
typedef struct {
    dd_act act;
    const dd_act_params *p;
    const dd_vmath *vm;
    const real *z, *a, *dLdA;
    real *out;
} DD_FN(act_job);

static void DD_FN(act_forward_range)(const void *ctx, int64_t lo, int64_t hi) {
    const DD_FN(act_job) *j = ctx;
    if (!(j->vm && DD_VM_FWD(j->vm, j->act, j->p, hi - lo, j->z + lo, j->out + lo)))
        DD_FN(act_forward_scalar)(j->act, j->p, hi - lo, j->z + lo, j->out + lo);
}

static void DD_FN(act_backward_range)(const void *ctx, int64_t lo, int64_t hi) {
    const DD_FN(act_job) *j = ctx;
    const int64_t n = hi - lo;
    const real *z = j->z + lo, *a = j->a + lo, *g = j->dLdA + lo;
    if (!(j->vm && DD_VM_BWD(j->vm, j->act, j->p, n, z, a, g, j->out + lo)))
        DD_FN(act_backward_scalar)(j->act, j->p, n, z, a, g, j->out + lo);
}

void DD_FN(act_forward)(dd_act act, const dd_act_params *p, int64_t n, const real *z, real *a) {
    if (n <= 0 || (unsigned)act >= DD_ACT_COUNT) return;
    if (act == DD_ACT_IDENTITY) {
        if (a != z) memmove(a, z, (size_t)n * sizeof(real));
        return;
    }
    const dd_act_params prm = p ? *p : dd_act_params_default();
    const DD_FN(act_job) job = {act, &prm, DD_VMATH, z, NULL, NULL, a};
    dd_for_ranges(n, DD_FN(act_parallel_min)(act, 0), DD_FN(act_forward_range), &job);
}

void DD_FN(act_backward)(dd_act act, const dd_act_params *p, int64_t n,
                         const real *z, const real *a, const real *dLdA, real *dLdZ) {
    if (n <= 0 || (unsigned)act >= DD_ACT_COUNT) return;
    if (act == DD_ACT_IDENTITY) {
        if (dLdZ != dLdA) memmove(dLdZ, dLdA, (size_t)n * sizeof(real));
        return;
    }
    const dd_act_params prm = p ? *p : dd_act_params_default();
    const DD_FN(act_job) job = {act, &prm, DD_VMATH, z, a, dLdA, dLdZ};
    dd_for_ranges(n, DD_FN(act_parallel_min)(act, 1), DD_FN(act_backward_range), &job);
}

#undef DD_GELU_K0
#undef DD_GELU_K1
#undef DD_SELU_SCALE
#undef DD_SELU_ALPHA

/* This body consumes its parameters, so the next precision can define them afresh. */
#undef real
#undef DD_FN
#undef DD_M
#undef DD_REAL_MAX
#undef DD_NORMCDF
#undef DD_NORMPDF
#undef DD_VMATH
#undef DD_VM_FWD
#undef DD_VM_BWD
