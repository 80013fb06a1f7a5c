/*
 * vmath_impl.h - float vector math, exp and what is built on it, written once
 * against the SIMD vocabulary (simd_avx2.h: 8 lanes, simd_avx512.h: 16), which
 * the including source defines first. Every function is static inline with the
 * vocabulary's target, so it runs only where dd_vmath_get() chose that width.
 *
 * Accuracy (the measured table is in vmath.h): under 1 ULP for exp, 1.5 for
 * expm1, 2.5 for sigmoid, tanh and log1p, 6 for the normal CDF. Overflow gives
 * inf, underflow subnormals then 0, NaN propagates: no -ffast-math assumptions,
 * and min / max operands are ordered so that NaN wins.
 */

#define VFN static inline V_TARGET VF

/* x clamped to [lo, hi]; NaN stays NaN (V_MAX / V_MIN return their second operand). */
VFN v_clamp(VF x, float lo, float hi) { return V_MIN(V_SET1(hi), V_MAX(V_SET1(lo), x)); }
VFN v_abs(VF x) { return V_ANDNOT(V_SET1(-0.0f), x); }
VFN v_negabs(VF x) { return V_OR(x, V_SET1(-0.0f)); }

/*
 * exp. x = (n / VL) ln2 + r with n = round(x VL / ln2), |r| <= ln2 / (2 VL), then
 * e^x = 2^floor(n / VL) * 2^(j / VL) * e^r, j = n mod VL: the middle factor
 * comes from a VL-entry table (in two parts) by permutes, e^r - 1 from a short minimax
 * polynomial, the first factor from V_SCALE_N. Adding 0x1.8p23 rounds
 * x VL / ln2 to the integer n and leaves n in the low mantissa bits, where
 * the permute finds j. ln2 / VL is split in two; the high part has 9 bits,
 * so fn * high is exact for |n| < 2^15.
 */
#define V_SHIFTER 0x1.8p23f
#define V_LN2_HI 0.693359375f
#define V_LN2_LO -2.12194440e-4f
#define V_LOG2E 1.44269504088896341f

/* 2^(j/16) = hi + lo, both correctly rounded floats, j = 0..15 as (even, odd)
 * pairs; the 8-lane tables 2^(j/8) take the even ones. */
#define DD_EXP2_16THS(EVEN, ODD) \
    EVEN(0x1p+0f, 0.0f) ODD(0x1.0b5586p+0f, 0x1.9f3122p-25f) \
    EVEN(0x1.172b84p+0f, -0x1.c15742p-27f) ODD(0x1.2387a6p+0f, 0x1.ceac48p-25f) \
    EVEN(0x1.306fe0p+0f, 0x1.4636e2p-25f) ODD(0x1.3dea64p+0f, 0x1.824684p-25f) \
    EVEN(0x1.4bfdaep+0f, -0x1.593abcp-25f) ODD(0x1.5ab07ep+0f, -0x1.5bd5ecp-27f) \
    EVEN(0x1.6a09e6p+0f, 0x1.9fcef4p-26f) ODD(0x1.7a1148p+0f, -0x1.829fd0p-25f) \
    EVEN(0x1.8ace54p+0f, 0x1.15506ep-27f) ODD(0x1.9c4918p+0f, 0x1.51f848p-27f) \
    EVEN(0x1.ae89fap+0f, -0x1.a94b14p-26f) ODD(0x1.c199bep+0f, -0x1.3d56b2p-27f) \
    EVEN(0x1.d5818ep+0f, -0x1.822dbcp-27f) ODD(0x1.ea4afap+0f, 0x1.52486cp-27f)
#define DD_HI(h, l) h,
#define DD_LO(h, l) l,
#define DD_NONE(h, l)
#if VL == 16
static const float v_exp2_hi[16] = {DD_EXP2_16THS(DD_HI, DD_HI)};
static const float v_exp2_lo[16] = {DD_EXP2_16THS(DD_LO, DD_LO)};
#else
static const float v_exp2_hi[8] = {DD_EXP2_16THS(DD_HI, DD_NONE)};
static const float v_exp2_lo[8] = {DD_EXP2_16THS(DD_LO, DD_NONE)};
#endif
#undef DD_HI
#undef DD_LO
#undef DD_NONE

/* e^r - 1 on |r| <= ln2 / (2 VL) with the r term exact; absolute error 1.6e-9
 * (cubic, 16 lanes) and 1.7e-10 (quartic, 8 lanes), minimax fits. */
VFN v_expm1_small(VF r) {
    VF r2 = V_MUL(r, r);
#if VL == 16
    VF q = V_FMA(V_SET1(0x1.55576p-3f), r, V_SET1(0x1.00022p-1f));
#else
    VF q = V_FMA(V_FMA(V_SET1(0x1.555d8cp-5f), r, V_SET1(0x1.555c78p-3f)), r, V_SET1(0.5f));
#endif
    return V_FMA(q, r2, r);
}

/* 2^(j/VL) e^r in [1, 2.1) for x within [-150, 130]; t and fn carry n for V_SCALE_N. */
static inline V_TARGET VF v_exp_core(VF x, VF *t, VF *fn) {
    *t = V_FMA(x, V_SET1(VL * V_LOG2E), V_SET1(V_SHIFTER));
    *fn = V_SUB(*t, V_SET1(V_SHIFTER));
    VF r = V_FNMA(*fn, V_SET1(V_LN2_HI / VL), x);
    r = V_FNMA(*fn, V_SET1(V_LN2_LO / VL), r);
    VF hi = V_LOOKUP(V_AS_I(*t), V_LOADU(v_exp2_hi));
    VF lo = V_LOOKUP(V_AS_I(*t), V_LOADU(v_exp2_lo));
    return V_ADD(hi, V_FMA(hi, v_expm1_small(r), lo)); /* one rounding of note: the last */
}

/* e^x for every x: beyond the clamp the result is 0 or inf anyway. */
VFN v_exp(VF x) {
    VF t, fn;
    VF y = v_exp_core(v_clamp(x, -110.0f, 89.0f), &t, &fn);
    return V_SCALE_N(y, t, fn);
}

/* e^x for x <= 0 (e.g. -|x|): only the lower clamp. */
VFN v_exp_nonpos(VF x) {
    VF t, fn;
    VF y = v_exp_core(V_MAX(V_SET1(-110.0f), x), &t, &fn);
    return V_SCALE_N(y, t, fn);
}

/*
 * e^x - 1 for x in [-30, 80]: x = n ln2 + r with |r| <= ln2/2 (no table: its
 * rounded entries would cancel near 0), then 2^n (e^r - 1) + (2^n - 1) with
 * e^r - 1 = r + r^2 P(r) (Cephes expf polynomial): one rounding at the end, and
 * n = 0 leaves the polynomial alone. Below -30 the result is -1 in float.
 */
VFN v_expm1_mid(VF x) {
    VF xc = v_clamp(x, -30.0f, 80.0f);
    VF t = V_FMA(xc, V_SET1(V_LOG2E), V_SET1(V_SHIFTER));
    VF fn = V_SUB(t, V_SET1(V_SHIFTER));
    VF r = V_FNMA(fn, V_SET1(V_LN2_HI), xc);
    r = V_FNMA(fn, V_SET1(V_LN2_LO), r);
    VF p = V_SET1(1.9875691500e-4f);
    p = V_FMA(p, r, V_SET1(1.3981999507e-3f));
    p = V_FMA(p, r, V_SET1(8.3334519073e-3f));
    p = V_FMA(p, r, V_SET1(4.1665795894e-2f));
    p = V_FMA(p, r, V_SET1(1.6666665459e-1f));
    p = V_FMA(p, r, V_SET1(5.0000001201e-1f));
    VF q = V_FMA(p, V_MUL(r, r), r);
    VF s = V_POW2I(t, fn); /* 2^n, exact */
    return V_FMA(s, q, V_SUB(s, V_SET1(1.0f)));
}

/* e^x - 1 for every x; above 80 it is e^x (or inf) in float. */
VFN v_expm1(VF x) { return V_SEL(V_GT(x, V_SET1(80.0f)), v_exp(x), v_expm1_mid(x)); }

/*
 * log(1 + e) for e in [0, 1]: 2 atanh(s), s = e / (2 + e) <= 1/3, as the odd
 * series 2 s (1 + s^2/3 + ... + s^14/15); the tail is below 2e-9 relative.
 */
VFN v_log1p_unit(VF e) {
    VF s = V_DIV(e, V_ADD(V_SET1(2.0f), e));
    VF s2 = V_MUL(s, s);
    VF p = V_SET1(1.0f / 15);
    p = V_FMA(p, s2, V_SET1(1.0f / 13));
    p = V_FMA(p, s2, V_SET1(1.0f / 11));
    p = V_FMA(p, s2, V_SET1(1.0f / 9));
    p = V_FMA(p, s2, V_SET1(1.0f / 7));
    p = V_FMA(p, s2, V_SET1(1.0f / 5));
    p = V_FMA(p, s2, V_SET1(1.0f / 3));
    VF s2x = V_ADD(s, s);
    return V_FMA(V_MUL(s2x, s2), p, s2x);
}

/* 1 / (1 + e^-x) from e = e^-|x|, which cannot overflow: 1 / (1 + e) for
 * x >= 0, e / (1 + e) below, one division either way. */
VFN v_sigmoid(VF x) {
    VF e = v_exp_nonpos(v_negabs(x));
    VF num = V_SEL(V_GE(x, V_ZERO()), V_SET1(1.0f), e);
    return V_DIV(num, V_ADD(V_SET1(1.0f), e));
}

/* The sigmoid with its parts for derivatives: e = e^-|x| and r = 1 / (1 + e),
 * so s (1 - s) = e r^2 without cancellation. */
static inline V_TARGET VF v_sigmoid_parts(VF x, VF *e_out, VF *r_out) {
    VF e = v_exp_nonpos(v_negabs(x));
    VF r = V_DIV(V_SET1(1.0f), V_ADD(V_SET1(1.0f), e));
    *e_out = e;
    *r_out = r;
    return V_SEL(V_GE(x, V_ZERO()), r, V_MUL(e, r));
}

/*
 * tanh |x| = em / (em + 2), em = e^{2|x|} - 1, the sign copied back (-0 too).
 * 2|x| = n ln2 + 2r with |2r| <= ln2/2 (ln2 in one float: n <= 25 keeps its
 * error below 1e-8 of e^{2|x|}), e^{2r} - 1 = 2r + r^2 P(r) from a degree-6
 * minimax fit (abs. error 3e-9), em = 2^n (e^{2r} - 1) + (2^n - 1) with one
 * rounding (2^n - 1 is exact). No cancellation anywhere, one division.
 * Near 1 the quotient must be exact to round right: |x| is clamped at 8.66,
 * where em < 2^25 keeps em + 2 exact, and tanh |x| is 1 from 9.010914 on (the
 * first float where it rounds to 1); in between the clamp gives 1 - 2^-24,
 * which is the correctly rounded value there.
 */
VFN v_tanh(VF x) {
    VF ax = v_abs(x);
    VF xc = V_MIN(V_SET1(8.66f), ax);
    VF t = V_FMA(xc, V_SET1(2 * V_LOG2E), V_SET1(V_SHIFTER));
    VF fn = V_SUB(t, V_SET1(V_SHIFTER));
    VF r = V_FNMA(fn, V_SET1(0.693147180559945309f / 2), xc);
    VF p = V_FMA(V_SET1(0x1.6dbb4ap-4f), r, V_SET1(0x1.123c08p-2f));
    p = V_FMA(p, r, V_SET1(0x1.555454p-1f));
    p = V_FMA(p, r, V_SET1(0x1.55548ep+0f));
    p = V_FMA(p, r, V_SET1(2.0f));
    VF q = V_FMA(p, V_MUL(r, r), V_ADD(r, r));
    VF s = V_POW2I(t, fn);
    VF em = V_FMA(s, q, V_SUB(s, V_SET1(1.0f)));
    VF y = V_DIV(em, V_ADD(em, V_SET1(2.0f)));
    y = V_SEL(V_GE(ax, V_SET1(0x1.205968p+3f)), V_SET1(1.0f), y);
    return V_OR_SIGN(y, x);
}

/*
 * e^-(h + l) for a double-float exponent h + l (|l| tiny): e^-h (1 - l).
 * Used where the exponent is x^2 / 2, which float cannot round without
 * losing ~x^2 ULP in the result.
 */
VFN v_exp_neg2(VF h, VF l) {
    VF e = v_exp(V_SUB(V_ZERO(), h));
    return V_FNMA(e, l, e);
}

/* x^2 / 2 exactly, as h + l (x already clamped to |x| <= 20). */
static inline V_TARGET void v_half_square(VF x, VF *h, VF *l) {
    VF hi = V_MUL(x, x);
    VF lo = V_FMS(x, x, hi);
    *h = V_MUL(hi, V_SET1(0.5f));
    *l = V_MUL(lo, V_SET1(0.5f));
}

/* Standard normal density e^{-x^2/2} / sqrt(2 pi). */
VFN v_normpdf(VF x) {
    VF h, l;
    v_half_square(v_clamp(x, -20.0f, 20.0f), &h, &l);
    return V_MUL(v_exp_neg2(h, l), V_SET1(0.398942280401432678f));
}

/*
 * Standard normal CDF Phi(x) with small relative error in both tails:
 * erfc(z) = t exp(-z^2 + P(t)), t = 1 / (1 + z/2), z = |x| / sqrt 2
 * (Numerical Recipes' erfcc: relative error < 1.2e-7 for all z >= 0), with
 * z^2 = x^2 / 2 carried exactly. Phi = erfc/2 for x < 0, 1 - erfc/2 otherwise.
 */
VFN v_normcdf(VF x) {
    x = v_clamp(x, -20.0f, 20.0f); /* Phi is exactly 0 / 1 in float beyond */
    VF z = V_MUL(v_abs(x), V_SET1(0.707106781186547524f));
    VF t = V_DIV(V_SET1(1.0f), V_FMA(z, V_SET1(0.5f), V_SET1(1.0f)));
    VF p = V_SET1(0.17087277f);
    p = V_FMA(p, t, V_SET1(-0.82215223f));
    p = V_FMA(p, t, V_SET1(1.48851587f));
    p = V_FMA(p, t, V_SET1(-1.13520398f));
    p = V_FMA(p, t, V_SET1(0.27886807f));
    p = V_FMA(p, t, V_SET1(-0.18628806f));
    p = V_FMA(p, t, V_SET1(0.09678418f));
    p = V_FMA(p, t, V_SET1(0.37409196f));
    p = V_FMA(p, t, V_SET1(1.00002368f));
    p = V_FMA(p, t, V_SET1(-1.26551223f));
    /* exponent -(h + l) + p as a double-float: two-sum of h and -p, then e^-(s + err) */
    VF h, l;
    v_half_square(x, &h, &l);
    VF np = V_SUB(V_ZERO(), p);
    VF s = V_ADD(h, np);
    VF bb = V_SUB(s, h);
    VF err = V_ADD(V_SUB(h, V_SUB(s, bb)), V_SUB(np, bb));
    VF half_erfc = V_MUL(V_MUL(t, V_SET1(0.5f)), v_exp_neg2(s, V_ADD(err, l)));
    return V_SEL(V_LT(x, V_ZERO()), half_erfc, V_SUB(V_SET1(1.0f), half_erfc));
}
