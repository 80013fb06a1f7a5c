/*
 * activation_avx2.c - float activations on 8 lanes (AVX2 + FMA), built on the
 * vector math of vmath_avx2.h. The formulas mirror activation_impl.h exactly
 * (same branches, same limits, same kink conventions); see that file for why
 * each is written the way it is.
 */
#include "vmath.h"
#include "vmath_avx2.h"

#include <float.h>

#if DD_X86

typedef struct {
    float slope, ceiling, alpha, beta, threshold, lo, hi;
} dd_vprm;

#define DD_SELU_SCALE 1.05070098735548049342f
#define DD_SELU_ALPHA 1.67326324235437728482f
#define DD_GELU_K0 0.797884560802865355880f /* sqrt(2 / pi) */
#define DD_GELU_K1 0.044715f

#define DD_VF static inline DD_TARGET_AVX2 __m256
#define SET1 _mm256_set1_ps

DD_VF dd_v8_lt(__m256 x, __m256 y) { return _mm256_cmp_ps(x, y, _CMP_LT_OQ); }

/* x with -inf replaced by -FLT_MAX, so x * (something that vanished) is -0, not NaN. */
DD_VF dd_v8_finite_below(__m256 x) { return _mm256_max_ps(SET1(-FLT_MAX), x); }

/* ---- forward: A = f(Z) ---- */

DD_VF f_sigmoid(__m256 x, const dd_vprm *q) { (void)q; return dd_v8_sigmoid(x); }
DD_VF f_tanh(__m256 x, const dd_vprm *q) { (void)q; return dd_v8_tanh(x); }
DD_VF f_relu(__m256 x, const dd_vprm *q) { (void)q; return _mm256_max_ps(_mm256_setzero_ps(), x); }
DD_VF f_leaky_relu(__m256 x, const dd_vprm *q) {
    return _mm256_blendv_ps(_mm256_mul_ps(x, SET1(q->slope)), x, dd_v8_gt(x, _mm256_setzero_ps()));
}
DD_VF f_clipped_relu(__m256 x, const dd_vprm *q) {
    return _mm256_min_ps(SET1(q->ceiling), _mm256_max_ps(_mm256_setzero_ps(), x));
}
DD_VF f_hard_sigmoid(__m256 x, const dd_vprm *q) {
    (void)q;
    __m256 r6 = _mm256_min_ps(SET1(6.0f), _mm256_max_ps(_mm256_setzero_ps(), _mm256_add_ps(x, SET1(3.0f))));
    return _mm256_div_ps(r6, SET1(6.0f));
}
DD_VF f_hard_tanh(__m256 x, const dd_vprm *q) {
    return _mm256_min_ps(SET1(q->hi), _mm256_max_ps(SET1(q->lo), x));
}
DD_VF f_elu(__m256 x, const dd_vprm *q) {
    __m256 neg = _mm256_mul_ps(SET1(q->alpha), dd_v8_expm1(x));
    return _mm256_blendv_ps(neg, x, dd_v8_gt(x, _mm256_setzero_ps()));
}
DD_VF f_selu(__m256 x, const dd_vprm *q) {
    (void)q;
    __m256 neg = _mm256_mul_ps(SET1(DD_SELU_ALPHA), dd_v8_expm1(x));
    return _mm256_mul_ps(SET1(DD_SELU_SCALE), _mm256_blendv_ps(neg, x, dd_v8_gt(x, _mm256_setzero_ps())));
}
DD_VF f_gelu(__m256 x, const dd_vprm *q) {
    (void)q;
    return _mm256_mul_ps(dd_v8_finite_below(x), dd_v8_normcdf(x));
}
/* 2u = 2 sqrt(2/pi) (x + 0.044715 x^3) on x clamped to +-1e4, where the
 * sigmoid is already exactly 0 or 1. */
DD_VF dd_v8_gelu_2u(__m256 xc) {
    __m256 x2 = _mm256_mul_ps(xc, xc);
    __m256 inner = _mm256_fmadd_ps(SET1(DD_GELU_K1), x2, SET1(1.0f));
    return _mm256_mul_ps(_mm256_mul_ps(SET1(2.0f * DD_GELU_K0), xc), inner);
}
DD_VF f_gelu_tanh(__m256 x, const dd_vprm *q) {
    (void)q;
    __m256 s = dd_v8_sigmoid(dd_v8_gelu_2u(dd_v8_clamp(x, -1e4f, 1e4f)));
    return _mm256_mul_ps(dd_v8_finite_below(x), s);
}
DD_VF f_softplus(__m256 x, const dd_vprm *q) {
    __m256 bz = _mm256_mul_ps(SET1(q->beta), x);
    __m256 e = dd_v8_exp(_mm256_or_ps(dd_v8_abs(bz), SET1(-0.0f)));
    __m256 sp = _mm256_add_ps(_mm256_max_ps(_mm256_setzero_ps(), bz), dd_v8_log1p_unit(e));
    sp = _mm256_div_ps(sp, SET1(q->beta));
    return _mm256_blendv_ps(sp, x, dd_v8_gt(bz, SET1(q->threshold)));
}
DD_VF f_silu(__m256 x, const dd_vprm *q) {
    (void)q;
    return _mm256_mul_ps(dd_v8_finite_below(x), dd_v8_sigmoid(x));
}
/* tanh(softplus(x)) and 1 - that, from e = exp(-|x|) (see activation_impl.h). */
static inline DD_TARGET_AVX2 void dd_v8_mish_t(__m256 x, __m256 e, __m256 *t, __m256 *omt) {
    __m256 pos = dd_v8_gt(x, _mm256_setzero_ps());
    __m256 two = SET1(2.0f);
    __m256 nt = _mm256_blendv_ps(_mm256_mul_ps(e, _mm256_add_ps(e, two)), _mm256_fmadd_ps(two, e, SET1(1.0f)), pos);
    __m256 no = _mm256_blendv_ps(two, _mm256_mul_ps(two, _mm256_mul_ps(e, e)), pos);
    __m256 rd = _mm256_div_ps(SET1(1.0f), _mm256_add_ps(nt, no));
    *t = _mm256_mul_ps(nt, rd);
    *omt = _mm256_mul_ps(no, rd);
}
DD_VF f_mish(__m256 x, const dd_vprm *q) {
    (void)q;
    __m256 e = dd_v8_exp(_mm256_or_ps(dd_v8_abs(x), SET1(-0.0f)));
    __m256 t, omt;
    dd_v8_mish_t(x, e, &t, &omt);
    return _mm256_mul_ps(dd_v8_finite_below(x), t);
}

/* ---- backward: dLdZ = dLdA * f'(Z), given x = Z, a = A, g = dLdA ---- */

#define DD_VB(name) DD_VF b_##name(__m256 x, __m256 a, __m256 g, const dd_vprm *q)

DD_VB(sigmoid) { (void)x; (void)q; return _mm256_mul_ps(g, _mm256_mul_ps(a, _mm256_sub_ps(SET1(1.0f), a))); }
DD_VB(tanh) {
    (void)x; (void)q;
    __m256 one = SET1(1.0f);
    return _mm256_mul_ps(g, _mm256_mul_ps(_mm256_sub_ps(one, a), _mm256_add_ps(one, a)));
}
DD_VB(relu) { (void)a; (void)q; return _mm256_and_ps(g, dd_v8_gt(x, _mm256_setzero_ps())); }
DD_VB(leaky_relu) {
    (void)a;
    return _mm256_blendv_ps(_mm256_mul_ps(g, SET1(q->slope)), g, dd_v8_gt(x, _mm256_setzero_ps()));
}
DD_VB(clipped_relu) {
    (void)a;
    __m256 inside = _mm256_and_ps(dd_v8_gt(x, _mm256_setzero_ps()), dd_v8_lt(x, SET1(q->ceiling)));
    return _mm256_and_ps(g, inside);
}
DD_VB(hard_sigmoid) {
    (void)a; (void)q;
    __m256 inside = _mm256_and_ps(dd_v8_gt(x, SET1(-3.0f)), dd_v8_lt(x, SET1(3.0f)));
    return _mm256_and_ps(_mm256_div_ps(g, SET1(6.0f)), inside);
}
DD_VB(hard_tanh) {
    (void)a;
    __m256 inside = _mm256_and_ps(dd_v8_gt(x, SET1(q->lo)), dd_v8_lt(x, SET1(q->hi)));
    return _mm256_and_ps(g, inside);
}
DD_VB(elu) {
    (void)a;
    __m256 neg = _mm256_mul_ps(g, _mm256_mul_ps(SET1(q->alpha), dd_v8_exp(x)));
    return _mm256_blendv_ps(neg, g, dd_v8_gt(x, _mm256_setzero_ps()));
}
DD_VB(selu) {
    (void)a; (void)q;
    __m256 neg = _mm256_mul_ps(g, _mm256_mul_ps(SET1(DD_SELU_SCALE * DD_SELU_ALPHA), dd_v8_exp(x)));
    return _mm256_blendv_ps(neg, _mm256_mul_ps(g, SET1(DD_SELU_SCALE)), dd_v8_gt(x, _mm256_setzero_ps()));
}
DD_VB(gelu) {
    (void)a; (void)q;
    __m256 xc = dd_v8_clamp(x, -20.0f, 20.0f); /* phi is exactly 0 beyond */
    return _mm256_mul_ps(g, _mm256_fmadd_ps(xc, dd_v8_normpdf(xc), dd_v8_normcdf(x)));
}
DD_VB(gelu_tanh) {
    (void)a; (void)q;
    __m256 xc = dd_v8_clamp(x, -1e4f, 1e4f);
    __m256 e, r;
    __m256 s = dd_v8_sigmoid_parts(dd_v8_gelu_2u(xc), &e, &r);
    __m256 ds = _mm256_mul_ps(e, _mm256_mul_ps(r, r)); /* s (1 - s) without cancellation */
    __m256 du2 = _mm256_mul_ps(SET1(2.0f * DD_GELU_K0),
                               _mm256_fmadd_ps(SET1(3.0f * DD_GELU_K1), _mm256_mul_ps(xc, xc), SET1(1.0f)));
    return _mm256_mul_ps(g, _mm256_fmadd_ps(xc, _mm256_mul_ps(ds, du2), s));
}
DD_VB(softplus) {
    (void)a;
    __m256 bz = _mm256_mul_ps(SET1(q->beta), x);
    return _mm256_blendv_ps(_mm256_mul_ps(g, dd_v8_sigmoid(bz)), g, dd_v8_gt(bz, SET1(q->threshold)));
}
DD_VB(silu) {
    (void)a; (void)q;
    __m256 e, r;
    __m256 s = dd_v8_sigmoid_parts(x, &e, &r);
    __m256 xc = dd_v8_clamp(x, -FLT_MAX, FLT_MAX);
    return _mm256_mul_ps(g, _mm256_fmadd_ps(xc, _mm256_mul_ps(e, _mm256_mul_ps(r, r)), s));
}
DD_VB(mish) {
    (void)a; (void)q;
    __m256 e, r;
    __m256 sig = dd_v8_sigmoid_parts(x, &e, &r);
    __m256 t, omt;
    dd_v8_mish_t(x, e, &t, &omt);
    __m256 xc = dd_v8_clamp(x, -FLT_MAX, FLT_MAX);
    __m256 rest = _mm256_mul_ps(_mm256_mul_ps(omt, _mm256_add_ps(SET1(1.0f), t)), sig);
    return _mm256_mul_ps(g, _mm256_fmadd_ps(xc, rest, t));
}

/* ---- the loops: 8 lanes, then the tail through masked loads and stores ---- */

#define DD_FWD_LOOP(name)                                                              \
    static DD_TARGET_AVX2 void fwd_##name(int64_t n, const float *z, float *a,         \
                                          const dd_vprm *q) {                          \
        int64_t i = 0;                                                                 \
        for (; i + 8 <= n; i += 8)                                                     \
            _mm256_storeu_ps(a + i, f_##name(_mm256_loadu_ps(z + i), q));              \
        if (i < n) {                                                                   \
            __m256i m = dd_v8_tail_mask(n - i);                                        \
            _mm256_maskstore_ps(a + i, m, f_##name(_mm256_maskload_ps(z + i, m), q));  \
        }                                                                              \
    }

#define DD_BWD_LOOP(name)                                                              \
    static DD_TARGET_AVX2 void bwd_##name(int64_t n, const float *z, const float *a,   \
                                          const float *g, float *d, const dd_vprm *q) { \
        int64_t i = 0;                                                                 \
        for (; i + 8 <= n; i += 8)                                                     \
            _mm256_storeu_ps(d + i, b_##name(_mm256_loadu_ps(z + i), _mm256_loadu_ps(a + i), \
                                             _mm256_loadu_ps(g + i), q));              \
        if (i < n) {                                                                   \
            __m256i m = dd_v8_tail_mask(n - i);                                        \
            _mm256_maskstore_ps(d + i, m, b_##name(_mm256_maskload_ps(z + i, m),       \
                                                   _mm256_maskload_ps(a + i, m),       \
                                                   _mm256_maskload_ps(g + i, m), q));  \
        }                                                                              \
    }

#define DD_ALL_ACTS(X)                                                                   \
    X(sigmoid) X(tanh) X(relu) X(leaky_relu) X(clipped_relu) X(elu) X(selu) X(gelu)    \
    X(gelu_tanh) X(softplus) X(silu) X(mish) X(hard_sigmoid) X(hard_tanh)

DD_ALL_ACTS(DD_FWD_LOOP)
DD_ALL_ACTS(DD_BWD_LOOP)

static dd_vprm dd_vprm_from(const dd_act_params *p) {
    dd_vprm q = {(float)p->slope, (float)p->ceiling, (float)p->alpha, (float)p->beta,
                 (float)p->threshold, (float)p->min_val, (float)p->max_val};
    return q;
}

#define DD_FWD_CASE(name, ACT) case ACT: fwd_##name(n, z, a, &q); return 1;
#define DD_BWD_CASE(name, ACT) case ACT: bwd_##name(n, z, a, dLdA, dLdZ, &q); return 1;
#define DD_CASES(C)                                                                     \
    C(sigmoid, DD_ACT_SIGMOID) C(tanh, DD_ACT_TANH) C(relu, DD_ACT_RELU)                \
    C(leaky_relu, DD_ACT_LEAKY_RELU) C(clipped_relu, DD_ACT_CLIPPED_RELU)               \
    C(elu, DD_ACT_ELU) C(selu, DD_ACT_SELU) C(gelu, DD_ACT_GELU)                        \
    C(gelu_tanh, DD_ACT_GELU_TANH) C(softplus, DD_ACT_SOFTPLUS) C(silu, DD_ACT_SILU)    \
    C(mish, DD_ACT_MISH) C(hard_sigmoid, DD_ACT_HARD_SIGMOID) C(hard_tanh, DD_ACT_HARD_TANH)

int dd_vs_act_forward(dd_act act, const dd_act_params *p, int64_t n, const float *z, float *a) {
    dd_vprm q = dd_vprm_from(p);
    switch (act) {
        DD_CASES(DD_FWD_CASE)
    default:
        return 0;
    }
}

int dd_vs_act_backward(dd_act act, const dd_act_params *p, int64_t n,
                       const float *z, const float *a, const float *dLdA, float *dLdZ) {
    dd_vprm q = dd_vprm_from(p);
    switch (act) {
        DD_CASES(DD_BWD_CASE)
    default:
        return 0;
    }
}

#else /* not x86: the portable loops do everything */

int dd_vs_act_forward(dd_act act, const dd_act_params *p, int64_t n, const float *z, float *a) {
    (void)act; (void)p; (void)n; (void)z; (void)a;
    return 0;
}

int dd_vs_act_backward(dd_act act, const dd_act_params *p, int64_t n,
                       const float *z, const float *a, const float *dLdA, float *dLdZ) {
    (void)act; (void)p; (void)n; (void)z; (void)a; (void)dLdA; (void)dLdZ;
    return 0;
}

#endif
