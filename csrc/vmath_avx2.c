/* vmath_avx2.c - array entry points of the float AVX2 vector math (see vmath.h). */
#include "vmath.h"
#include "vmath_avx2.h"

#include <math.h>

static int dd_vmath_allowed = 1; /* switched only by tests, before kernels run */

int dd_vmath_avx2(void) { return dd_vmath_allowed && dd_cpu_has_avx2_fma(); }

void dd_vmath_set_avx2(int allowed) { dd_vmath_allowed = allowed != 0; }

#if DD_X86

/* y = f(x) over n values, 8 lanes at a time, the tail through masked loads. */
#define DD_VS_MAP(name, f)                                                      \
    DD_TARGET_AVX2 void name(int64_t n, const float *x, float *y) {             \
        int64_t i = 0;                                                          \
        for (; i + 8 <= n; i += 8)                                              \
            _mm256_storeu_ps(y + i, f(_mm256_loadu_ps(x + i)));                 \
        if (i < n) {                                                            \
            __m256i m = dd_v8_tail_mask(n - i);                                 \
            _mm256_maskstore_ps(y + i, m, f(_mm256_maskload_ps(x + i, m)));     \
        }                                                                       \
    }

DD_VS_MAP(dd_vs_exp, dd_v8_exp)
DD_VS_MAP(dd_vs_expm1, dd_v8_expm1)
DD_VS_MAP(dd_vs_sigmoid, dd_v8_sigmoid)
DD_VS_MAP(dd_vs_tanh, dd_v8_tanh)
DD_VS_MAP(dd_vs_normcdf, dd_v8_normcdf)
DD_VS_MAP(dd_vs_normpdf, dd_v8_normpdf)

/* Adds the 8 lanes of v into two double accumulators. */
static inline DD_TARGET_AVX2 void dd_v8_acc(__m256 v, __m256d *lo, __m256d *hi) {
    *lo = _mm256_add_pd(*lo, _mm256_cvtps_pd(_mm256_castps256_ps128(v)));
    *hi = _mm256_add_pd(*hi, _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)));
}

DD_TARGET_AVX2 double dd_vs_exp_shift_sum(int64_t n, const float *x, float shift, float *y) {
    __m256 sh = _mm256_set1_ps(shift);
    __m256d lo = _mm256_setzero_pd(), hi = _mm256_setzero_pd();
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 e = dd_v8_exp(_mm256_sub_ps(_mm256_loadu_ps(x + i), sh));
        _mm256_storeu_ps(y + i, e);
        dd_v8_acc(e, &lo, &hi);
    }
    if (i < n) {
        __m256i m = dd_v8_tail_mask(n - i);
        __m256 e = dd_v8_exp(_mm256_sub_ps(_mm256_maskload_ps(x + i, m), sh));
        e = _mm256_and_ps(e, _mm256_castsi256_ps(m)); /* off lanes add 0 */
        _mm256_maskstore_ps(y + i, m, e);
        dd_v8_acc(e, &lo, &hi);
    }
    double s[4];
    _mm256_storeu_pd(s, _mm256_add_pd(lo, hi));
    return (s[0] + s[1]) + (s[2] + s[3]);
}

DD_TARGET_AVX2 float dd_vs_max(int64_t n, const float *x) {
    __m256 m0 = _mm256_set1_ps(-INFINITY), m1 = m0;
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) { /* two chains hide the max latency */
        m0 = _mm256_max_ps(m0, _mm256_loadu_ps(x + i));
        m1 = _mm256_max_ps(m1, _mm256_loadu_ps(x + i + 8));
    }
    for (; i + 8 <= n; i += 8) m0 = _mm256_max_ps(m0, _mm256_loadu_ps(x + i));
    if (i < n) {
        __m256i m = dd_v8_tail_mask(n - i);
        __m256 v = _mm256_blendv_ps(_mm256_set1_ps(-INFINITY), _mm256_maskload_ps(x + i, m),
                                    _mm256_castsi256_ps(m));
        m1 = _mm256_max_ps(m1, v);
    }
    float t[8];
    _mm256_storeu_ps(t, _mm256_max_ps(m0, m1));
    float r = t[0];
    for (int k = 1; k < 8; k++) r = t[k] > r ? t[k] : r;
    return r;
}

#else /* not x86: never selected (dd_vmath_avx2() is 0); scalar stand-ins keep the symbols */

#define DD_VS_MAP(name, expr)                                                   \
    void name(int64_t n, const float *x, float *y) {                            \
        for (int64_t i = 0; i < n; i++) { float v = x[i]; y[i] = (expr); }      \
    }

DD_VS_MAP(dd_vs_exp, expf(v))
DD_VS_MAP(dd_vs_expm1, expm1f(v))
DD_VS_MAP(dd_vs_sigmoid, 1.0f / (1.0f + expf(-v)))
DD_VS_MAP(dd_vs_tanh, tanhf(v))
DD_VS_MAP(dd_vs_normcdf, (float)(0.5 * erfc(-(double)v * 0.70710678118654752)))
DD_VS_MAP(dd_vs_normpdf, (float)(exp(-0.5 * (double)v * v) * 0.39894228040143268))

float dd_vs_max(int64_t n, const float *x) {
    float m = -INFINITY;
    for (int64_t i = 0; i < n; i++) m = x[i] > m ? x[i] : m;
    return m;
}

double dd_vs_exp_shift_sum(int64_t n, const float *x, float shift, float *y) {
    double s = 0;
    for (int64_t i = 0; i < n; i++) s += (y[i] = expf(x[i] - shift));
    return s;
}

#endif
