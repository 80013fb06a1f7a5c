/*
 * vmath_rows_impl.h - the array entry points of the float vector math and the
 * softmax rows, written once against the SIMD vocabulary and vmath_impl.h;
 * ends with this width's dd_vmath table. Included once by vmath_avx2.c and
 * vmath_avx512.c. Formulas and special values as in softmax_impl.h: the
 * row max is subtracted first, sums and dot products run in double.
 */

#include <math.h>

/* y = f(x) over n values, VL lanes at a time, the tail through masked loads. */
#define DD_VS_MAP(name, f)                                                      \
    static V_TARGET void DD_ISA(name)(int64_t n, const float *x, float *y) {    \
        int64_t i = 0;                                                          \
        for (; i + VL <= n; i += VL) V_STOREU(y + i, f(V_LOADU(x + i)));        \
        if (i < n) {                                                            \
            VM m = V_TAIL(n - i);                                               \
            V_STORET(y + i, m, f(V_LOADT(x + i, m)));                           \
        }                                                                       \
    }

DD_VS_MAP(dd_vs_exp, v_exp)
DD_VS_MAP(dd_vs_expm1, v_expm1)
DD_VS_MAP(dd_vs_sigmoid, v_sigmoid)
DD_VS_MAP(dd_vs_tanh, v_tanh)
DD_VS_MAP(dd_vs_normcdf, v_normcdf)
DD_VS_MAP(dd_vs_normpdf, v_normpdf)
#undef DD_VS_MAP

/* The largest of x[0..n), n >= 1 (-inf for an all -inf row); a NaN may be
 * skipped, which the exp below turns into a NaN row all the same. */
static inline V_TARGET float v_row_max(int64_t n, const float *x) {
    VF m0 = V_SET1(-INFINITY), m1 = m0;
    int64_t i = 0;
    for (; i + 2 * VL <= n; i += 2 * VL) { /* two chains hide the max latency */
        m0 = V_MAX(m0, V_LOADU(x + i));
        m1 = V_MAX(m1, V_LOADU(x + i + VL));
    }
    if (i + VL <= n) {
        m0 = V_MAX(m0, V_LOADU(x + i));
        i += VL;
    }
    if (i < n) {
        VM m = V_TAIL(n - i);
        m1 = V_MAX(m1, V_SEL(m, V_LOADT(x + i, m), V_SET1(-INFINITY)));
    }
    return V_HMAX(V_MAX(m0, m1));
}

/* y = exp(x - shift) for x <= shift (y NULL: not stored); returns the sum in
 * double, taking vectors in pairs added in float first (one rounding more per
 * pair, half the conversions). */
static inline V_TARGET double v_exp_shift_sum(int64_t n, const float *x, float shift, float *y) {
    VF sh = V_SET1(shift);
    VD lo = VD_ZERO(), hi = VD_ZERO();
    int64_t i = 0;
    for (; i + 2 * VL <= n; i += 2 * VL) {
        VF e = v_exp_nonpos(V_SUB(V_LOADU(x + i), sh));
        VF e1 = v_exp_nonpos(V_SUB(V_LOADU(x + i + VL), sh));
        if (y) {
            V_STOREU(y + i, e);
            V_STOREU(y + i + VL, e1);
        }
        VF s = V_ADD(e, e1);
        lo = VD_ADD(lo, VD_LO(s));
        hi = VD_ADD(hi, VD_HI(s));
    }
    for (; i + VL <= n; i += VL) {
        VF e = v_exp_nonpos(V_SUB(V_LOADU(x + i), sh));
        if (y) V_STOREU(y + i, e);
        lo = VD_ADD(lo, VD_LO(e));
        hi = VD_ADD(hi, VD_HI(e));
    }
    if (i < n) {
        VM m = V_TAIL(n - i);
        VF e = V_KEEP(m, v_exp_nonpos(V_SUB(V_LOADT(x + i, m), sh))); /* off lanes add 0 */
        if (y) V_STORET(y + i, m, e);
        lo = VD_ADD(lo, VD_LO(e));
        hi = VD_ADD(hi, VD_HI(e));
    }
    return VD_HSUM(VD_ADD(lo, hi));
}

static V_TARGET double DD_ISA(dd_vs_exp_shift_sum)(int64_t n, const float *x, float shift,
                                                   float *y) {
    return v_exp_shift_sum(n, x, shift, y);
}

/* x *= s over n values. */
static inline V_TARGET void v_scale(int64_t n, float *x, float s) {
    VF vs = V_SET1(s);
    int64_t i = 0;
    for (; i + VL <= n; i += VL) V_STOREU(x + i, V_MUL(V_LOADU(x + i), vs));
    if (i < n) {
        VM m = V_TAIL(n - i);
        V_STORET(x + i, m, V_MUL(V_LOADT(x + i, m), vs));
    }
}

/* sum_j x_j y_j (y NULL: sum_j x_j) in double, over four chains. */
static inline V_TARGET double v_dot_d(int64_t n, const float *x, const float *y) {
    VD s0 = VD_ZERO(), s1 = s0, s2 = s0, s3 = s0;
    int64_t i = 0;
    for (; i + 2 * VL <= n; i += 2 * VL) {
        VF x0 = V_LOADU(x + i), x1 = V_LOADU(x + i + VL);
        if (y) {
            VF y0 = V_LOADU(y + i), y1 = V_LOADU(y + i + VL);
            s0 = VD_FMA(VD_LO(x0), VD_LO(y0), s0);
            s1 = VD_FMA(VD_HI(x0), VD_HI(y0), s1);
            s2 = VD_FMA(VD_LO(x1), VD_LO(y1), s2);
            s3 = VD_FMA(VD_HI(x1), VD_HI(y1), s3);
        } else {
            s0 = VD_ADD(s0, VD_LO(x0));
            s1 = VD_ADD(s1, VD_HI(x0));
            s2 = VD_ADD(s2, VD_LO(x1));
            s3 = VD_ADD(s3, VD_HI(x1));
        }
    }
    for (; i < n; i += VL) { /* the rest, the last vector masked (zeros add nothing) */
        VM m = V_TAIL(n - i < VL ? n - i : VL);
        VF x0 = V_LOADT(x + i, m);
        if (y) {
            VF y0 = V_LOADT(y + i, m);
            s0 = VD_FMA(VD_LO(x0), VD_LO(y0), s0);
            s1 = VD_FMA(VD_HI(x0), VD_HI(y0), s1);
        } else {
            s0 = VD_ADD(s0, VD_LO(x0));
            s1 = VD_ADD(s1, VD_HI(x0));
        }
    }
    return VD_HSUM(VD_ADD(VD_ADD(s0, s1), VD_ADD(s2, s3)));
}

static V_TARGET void DD_ISA(dd_vs_softmax_rows)(int64_t rows, int64_t c, const float *z, float *a) {
    for (int64_t r = 0; r < rows; r++, z += c, a += c) {
        const float m = v_row_max(c, z);
        v_scale(c, a, (float)(1.0 / v_exp_shift_sum(c, z, m, a)));
    }
}

/* L = (z - m) - lse in double, rounded once: z - (m + lse) would round to an
 * ulp of the largest logit. */
static inline V_TARGET VF v_log_softmax(VF z, VD m, VD lse) {
    return VD_PACK(VD_SUB(VD_SUB(VD_LO(z), m), lse), VD_SUB(VD_SUB(VD_HI(z), m), lse));
}

static V_TARGET void DD_ISA(dd_vs_log_softmax_rows)(int64_t rows, int64_t c, const float *z,
                                                    float *l) {
    for (int64_t r = 0; r < rows; r++, z += c, l += c) {
        const float m = v_row_max(c, z);
        const VD vm = VD_SET1((double)m), lse = VD_SET1(log(v_exp_shift_sum(c, z, m, NULL)));
        int64_t j = 0;
        for (; j + VL <= c; j += VL) V_STOREU(l + j, v_log_softmax(V_LOADU(z + j), vm, lse));
        if (j < c) {
            VM mk = V_TAIL(c - j);
            V_STORET(l + j, mk, v_log_softmax(V_LOADT(z + j, mk), vm, lse));
        }
    }
}

/* dZ = A (dA - <dA, A>) */
static V_TARGET void DD_ISA(dd_vs_softmax_backward_rows)(int64_t rows, int64_t c, const float *a,
                                                         const float *g, float *d) {
    for (int64_t r = 0; r < rows; r++, a += c, g += c, d += c) {
        const VF dot = V_SET1((float)v_dot_d(c, g, a));
        int64_t j = 0;
        for (; j + VL <= c; j += VL)
            V_STOREU(d + j, V_MUL(V_LOADU(a + j), V_SUB(V_LOADU(g + j), dot)));
        if (j < c) {
            VM m = V_TAIL(c - j);
            V_STORET(d + j, m, V_MUL(V_LOADT(a + j, m), V_SUB(V_LOADT(g + j, m), dot)));
        }
    }
}

/* dZ = dL - softmax (sum dL), softmax = exp(L) */
static V_TARGET void DD_ISA(dd_vs_log_softmax_backward_rows)(int64_t rows, int64_t c,
                                                             const float *l, const float *g,
                                                             float *d) {
    for (int64_t r = 0; r < rows; r++, l += c, g += c, d += c) {
        const VF s = V_SET1((float)v_dot_d(c, g, NULL));
        int64_t j = 0;
        for (; j + VL <= c; j += VL)
            V_STOREU(d + j, V_FNMA(v_exp(V_LOADU(l + j)), s, V_LOADU(g + j)));
        if (j < c) {
            VM m = V_TAIL(c - j);
            V_STORET(d + j, m, V_FNMA(v_exp(V_LOADT(l + j, m)), s, V_LOADT(g + j, m)));
        }
    }
}

const dd_vmath DD_ISA(dd_vmath_table) = {
#if VL == 16
    .name = "avx512",
#else
    .name = "avx2",
#endif
    .exp = DD_ISA(dd_vs_exp),
    .expm1 = DD_ISA(dd_vs_expm1),
    .sigmoid = DD_ISA(dd_vs_sigmoid),
    .tanh = DD_ISA(dd_vs_tanh),
    .normcdf = DD_ISA(dd_vs_normcdf),
    .normpdf = DD_ISA(dd_vs_normpdf),
    .exp_shift_sum = DD_ISA(dd_vs_exp_shift_sum),
    .act_forward = DD_ISA(dd_vs_act_forward),
    .act_backward = DD_ISA(dd_vs_act_backward),
    .softmax_rows = DD_ISA(dd_vs_softmax_rows),
    .log_softmax_rows = DD_ISA(dd_vs_log_softmax_rows),
    .softmax_backward_rows = DD_ISA(dd_vs_softmax_backward_rows),
    .log_softmax_backward_rows = DD_ISA(dd_vs_log_softmax_backward_rows),
};
