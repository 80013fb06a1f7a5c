/*
 * activation_simd_impl.h - the float activations written once against the
 * SIMD vocabulary and the vector math of vmath_impl.h; included once by
 * activation_avx2.c (8 lanes) and activation_avx512.c (16 lanes). The
 * formulas mirror activation_impl.h exactly (same branches, same limits, same
 * kink conventions); see that file for why each is written the way it is.
 */

#include <float.h>

typedef struct {
    float slope, ceiling, alpha, beta, threshold, lo, hi;
} dd_vprm;

#define DD_SELU_SCALE 1.05070098735548049342f
#define DD_SELU_ALPHA 1.67326324235437728482f
#define DD_GELU_K0 0.797884560802865355880f /* sqrt(2 / pi) */
#define DD_GELU_K1 0.044715f
#define SET1 V_SET1

/* x with -inf replaced by -FLT_MAX, so x * (something that vanished) is -0, not NaN. */
VFN v_finite_below(VF x) { return V_MAX(SET1(-FLT_MAX), x); }

/* ---- forward: A = f(Z) ---- */

VFN f_sigmoid(VF x, const dd_vprm *q) { (void)q; return v_sigmoid(x); }
VFN f_tanh(VF x, const dd_vprm *q) { (void)q; return v_tanh(x); }
VFN f_relu(VF x, const dd_vprm *q) { (void)q; return V_MAX(V_ZERO(), x); }
VFN f_leaky_relu(VF x, const dd_vprm *q) {
    return V_SEL(V_GT(x, V_ZERO()), x, V_MUL(x, SET1(q->slope)));
}
VFN f_clipped_relu(VF x, const dd_vprm *q) { return V_MIN(SET1(q->ceiling), V_MAX(V_ZERO(), x)); }
VFN f_hard_sigmoid(VF x, const dd_vprm *q) {
    (void)q;
    VF r6 = V_MIN(SET1(6.0f), V_MAX(V_ZERO(), V_ADD(x, SET1(3.0f))));
    return V_DIV(r6, SET1(6.0f));
}
VFN f_hard_tanh(VF x, const dd_vprm *q) { return V_MIN(SET1(q->hi), V_MAX(SET1(q->lo), x)); }
/* expm1 is only taken where x <= 0: its range [-30, 80] is enough. */
VFN f_elu(VF x, const dd_vprm *q) {
    return V_SEL(V_GT(x, V_ZERO()), x, V_MUL(SET1(q->alpha), v_expm1_mid(x)));
}
VFN f_selu(VF x, const dd_vprm *q) {
    (void)q;
    VF neg = V_MUL(SET1(DD_SELU_ALPHA), v_expm1_mid(x));
    return V_MUL(SET1(DD_SELU_SCALE), V_SEL(V_GT(x, V_ZERO()), x, neg));
}
VFN f_gelu(VF x, const dd_vprm *q) {
    (void)q;
    return V_MUL(v_finite_below(x), v_normcdf(x));
}
/* 2u = 2 sqrt(2/pi) (x + 0.044715 x^3) on x clamped to +-1e4, where the
 * sigmoid is already exactly 0 or 1. */
VFN v_gelu_2u(VF xc) {
    VF inner = V_FMA(SET1(DD_GELU_K1), V_MUL(xc, xc), SET1(1.0f));
    return V_MUL(V_MUL(SET1(2.0f * DD_GELU_K0), xc), inner);
}
VFN f_gelu_tanh(VF x, const dd_vprm *q) {
    (void)q;
    VF s = v_sigmoid(v_gelu_2u(v_clamp(x, -1e4f, 1e4f)));
    return V_MUL(v_finite_below(x), s);
}
VFN f_softplus(VF x, const dd_vprm *q) {
    VF bz = V_MUL(SET1(q->beta), x);
    VF e = v_exp_nonpos(v_negabs(bz));
    VF sp = V_DIV(V_ADD(V_MAX(V_ZERO(), bz), v_log1p_unit(e)), SET1(q->beta));
    return V_SEL(V_GT(bz, SET1(q->threshold)), x, sp);
}
VFN f_silu(VF x, const dd_vprm *q) {
    (void)q;
    return V_MUL(v_finite_below(x), v_sigmoid(x));
}
/* tanh(softplus(x)) and 1 - that, from e = exp(-|x|) (see activation_impl.h). */
static inline V_TARGET void v_mish_t(VF x, VF e, VF *t, VF *omt) {
    VM pos = V_GT(x, V_ZERO());
    VF two = SET1(2.0f);
    VF nt = V_SEL(pos, V_FMA(two, e, SET1(1.0f)), V_MUL(e, V_ADD(e, two)));
    VF no = V_SEL(pos, V_MUL(two, V_MUL(e, e)), two);
    VF rd = V_DIV(SET1(1.0f), V_ADD(nt, no));
    *t = V_MUL(nt, rd);
    *omt = V_MUL(no, rd);
}
VFN f_mish(VF x, const dd_vprm *q) {
    (void)q;
    VF t, omt;
    v_mish_t(x, v_exp_nonpos(v_negabs(x)), &t, &omt);
    return V_MUL(v_finite_below(x), t);
}

/* ---- backward: dLdZ = dLdA * f'(Z), given x = Z, a = A, g = dLdA ---- */

#define DD_VB(name) VFN b_##name(VF x, VF a, VF g, const dd_vprm *q)

DD_VB(sigmoid) { (void)x; (void)q; return V_MUL(g, V_MUL(a, V_SUB(SET1(1.0f), a))); }
DD_VB(tanh) {
    (void)x; (void)q;
    return V_MUL(g, V_MUL(V_SUB(SET1(1.0f), a), V_ADD(SET1(1.0f), a)));
}
DD_VB(relu) { (void)a; (void)q; return V_KEEP(V_GT(x, V_ZERO()), g); }
DD_VB(leaky_relu) {
    (void)a;
    return V_SEL(V_GT(x, V_ZERO()), g, V_MUL(g, SET1(q->slope)));
}
DD_VB(clipped_relu) {
    (void)a;
    return V_KEEP(M_AND(V_GT(x, V_ZERO()), V_LT(x, SET1(q->ceiling))), g);
}
DD_VB(hard_sigmoid) {
    (void)a; (void)q;
    return V_KEEP(M_AND(V_GT(x, SET1(-3.0f)), V_LT(x, SET1(3.0f))), V_DIV(g, SET1(6.0f)));
}
DD_VB(hard_tanh) {
    (void)a;
    return V_KEEP(M_AND(V_GT(x, SET1(q->lo)), V_LT(x, SET1(q->hi))), g);
}
DD_VB(elu) {
    (void)a;
    VF neg = V_MUL(g, V_MUL(SET1(q->alpha), v_exp_nonpos(x)));
    return V_SEL(V_GT(x, V_ZERO()), g, neg);
}
DD_VB(selu) {
    (void)a; (void)q;
    VF neg = V_MUL(g, V_MUL(SET1(DD_SELU_SCALE * DD_SELU_ALPHA), v_exp_nonpos(x)));
    return V_SEL(V_GT(x, V_ZERO()), V_MUL(g, SET1(DD_SELU_SCALE)), neg);
}
DD_VB(gelu) {
    (void)a; (void)q;
    VF xc = v_clamp(x, -20.0f, 20.0f); /* phi is exactly 0 beyond */
    return V_MUL(g, V_FMA(xc, v_normpdf(xc), v_normcdf(x)));
}
DD_VB(gelu_tanh) {
    (void)a; (void)q;
    VF xc = v_clamp(x, -1e4f, 1e4f);
    VF e, r;
    VF s = v_sigmoid_parts(v_gelu_2u(xc), &e, &r);
    VF ds = V_MUL(e, V_MUL(r, r)); /* s (1 - s) without cancellation */
    VF du2 = V_MUL(SET1(2.0f * DD_GELU_K0),
                   V_FMA(SET1(3.0f * DD_GELU_K1), V_MUL(xc, xc), SET1(1.0f)));
    return V_MUL(g, V_FMA(xc, V_MUL(ds, du2), s));
}
DD_VB(softplus) {
    (void)a;
    VF bz = V_MUL(SET1(q->beta), x);
    return V_SEL(V_GT(bz, SET1(q->threshold)), g, V_MUL(g, v_sigmoid(bz)));
}
DD_VB(silu) {
    (void)a; (void)q;
    VF e, r;
    VF s = v_sigmoid_parts(x, &e, &r);
    VF xc = v_clamp(x, -FLT_MAX, FLT_MAX);
    return V_MUL(g, V_FMA(xc, V_MUL(e, V_MUL(r, r)), s));
}
DD_VB(mish) {
    (void)a; (void)q;
    VF e, r;
    VF sig = v_sigmoid_parts(x, &e, &r);
    VF t, omt;
    v_mish_t(x, e, &t, &omt);
    VF xc = v_clamp(x, -FLT_MAX, FLT_MAX);
    VF rest = V_MUL(V_MUL(omt, V_ADD(SET1(1.0f), t)), sig);
    return V_MUL(g, V_FMA(xc, rest, t));
}
#undef DD_VB

/* ---- the loops: VL lanes, then the tail through masked loads and stores ---- */

#define DD_FWD_LOOP(name)                                                              \
    static V_TARGET void fwd_##name(int64_t n, const float *z, float *a,               \
                                    const dd_vprm *q) {                                \
        int64_t i = 0;                                                                 \
        for (; i + VL <= n; i += VL) V_STOREU(a + i, f_##name(V_LOADU(z + i), q));     \
        if (i < n) {                                                                   \
            VM m = V_TAIL(n - i);                                                      \
            V_STORET(a + i, m, f_##name(V_LOADT(z + i, m), q));                        \
        }                                                                              \
    }

/* Operands a derivative does not use are loaded all the same: the compiler drops them. */
#define DD_BWD_LOOP(name)                                                              \
    static V_TARGET void bwd_##name(int64_t n, const float *z, const float *a,         \
                                    const float *g, float *d, const dd_vprm *q) {      \
        int64_t i = 0;                                                                 \
        for (; i + VL <= n; i += VL)                                                   \
            V_STOREU(d + i, b_##name(V_LOADU(z + i), V_LOADU(a + i), V_LOADU(g + i), q)); \
        if (i < n) {                                                                   \
            VM m = V_TAIL(n - i);                                                      \
            V_STORET(d + i, m, b_##name(V_LOADT(z + i, m), V_LOADT(a + i, m),          \
                                        V_LOADT(g + i, m), q));                        \
        }                                                                              \
    }

#define DD_CASES(C)                                                                     \
    C(sigmoid, DD_ACT_SIGMOID) C(tanh, DD_ACT_TANH) C(relu, DD_ACT_RELU)                \
    C(leaky_relu, DD_ACT_LEAKY_RELU) C(clipped_relu, DD_ACT_CLIPPED_RELU)               \
    C(elu, DD_ACT_ELU) C(selu, DD_ACT_SELU) C(gelu, DD_ACT_GELU)                        \
    C(gelu_tanh, DD_ACT_GELU_TANH) C(softplus, DD_ACT_SOFTPLUS) C(silu, DD_ACT_SILU)    \
    C(mish, DD_ACT_MISH) C(hard_sigmoid, DD_ACT_HARD_SIGMOID) C(hard_tanh, DD_ACT_HARD_TANH)

#define DD_LOOPS(name, ACT) DD_FWD_LOOP(name) DD_BWD_LOOP(name)
DD_CASES(DD_LOOPS)

static dd_vprm dd_vprm_from(const dd_act_params *p) {
    dd_vprm q = {(float)p->slope, (float)p->ceiling, (float)p->alpha, (float)p->beta,
                 (float)p->threshold, (float)p->min_val, (float)p->max_val};
    return q;
}

#define DD_FWD_CASE(name, ACT) case ACT: fwd_##name(n, z, a, &q); return 1;
#define DD_BWD_CASE(name, ACT) case ACT: bwd_##name(n, z, a, dLdA, dLdZ, &q); return 1;

int DD_ISA(dd_vs_act_forward)(dd_act act, const dd_act_params *p, int64_t n, const float *z,
                              float *a) {
    dd_vprm q = dd_vprm_from(p);
    switch (act) {
        DD_CASES(DD_FWD_CASE)
    default:
        return 0;
    }
}

int DD_ISA(dd_vs_act_backward)(dd_act act, const dd_act_params *p, int64_t n,
                               const float *z, const float *a, const float *dLdA, float *dLdZ) {
    dd_vprm q = dd_vprm_from(p);
    switch (act) {
        DD_CASES(DD_BWD_CASE)
    default:
        return 0;
    }
}
