/*
 * test_elementwise.c - element-wise arithmetic, broadcasting, unary maps,
 * clamp, transpose, gather/scatter and argmax against plain loops in double.
 * The body below the #else is compiled twice, for float and for double.
 */
#ifndef DD_TEST_BODY
#include "check.h"
#include "cdendrite.h"

#include <stdlib.h>

#define DD_TEST_BODY
#define real float
#define P(name) dd_s_##name
#define T(name) name##_f32
#define TOL 2e-6
#include "test_elementwise.c"
#undef real
#undef P
#undef T
#undef TOL
#define real double
#define P(name) dd_d_##name
#define T(name) name##_f64
#define TOL 1e-14
#include "test_elementwise.c"

int main(void) {
    for (int threads = 1; threads <= 2; threads++) {
        dd_set_num_threads(threads);
        run_f32();
        run_f64();
    }
    return dd_check_summary("elementwise");
}

#else

static double T(ref_binary)(dd_binary_op op, double x, double y) {
    switch (op) {
    case DD_BINARY_ADD: return x + y;
    case DD_BINARY_SUB: return x - y;
    case DD_BINARY_MUL: return x * y;
    case DD_BINARY_DIV: return x / y;
    case DD_BINARY_MAX: return isnan(x) || x > y ? x : y;
    case DD_BINARY_MIN: return isnan(x) || x < y ? x : y;
    case DD_BINARY_POW: return pow(x, y);
    case DD_BINARY_EQ: return x == y;
    case DD_BINARY_NE: return x != y;
    case DD_BINARY_LT: return x < y;
    case DD_BINARY_LE: return x <= y;
    case DD_BINARY_GT: return x > y;
    case DD_BINARY_GE: return x >= y;
    }
    return NAN;
}

static void T(test_binary)(dd_rng *rng) {
    /* m x n results; operands full, row vector, column vector, scalar, transposed view */
    const int64_t sizes[][2] = {{1, 1}, {1, 7}, {7, 1}, {5, 9}, {33, 17}, {300, 301}};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        const int64_t m = sizes[s][0], n = sizes[s][1];
        real *x = malloc(sizeof(real) * (size_t)(m * n)), *y = malloc(sizeof(real) * (size_t)(m * n));
        real *out = malloc(sizeof(real) * (size_t)(m * n));
        for (int64_t i = 0; i < m * n; i++) {
            x[i] = (real)dd_rand_uniform(rng, 0.5, 2);
            y[i] = (real)dd_rand_uniform(rng, 0.5, 2);
        }
        y[0] = x[0]; /* an exact tie for the comparisons */
        /* y layouts: full (n, 1), row vector (0, 1), column (1, 0), scalar (0, 0), transposed (1, m) when square-free */
        const int64_t layouts[][2] = {{n, 1}, {0, 1}, {1, 0}, {0, 0}};
        for (int op = DD_BINARY_ADD; op <= DD_BINARY_GE; op++) {
            for (int l = 0; l < 4; l++) {
                const int64_t ys0 = layouts[l][0], ys1 = layouts[l][1];
                P(binary)((dd_binary_op)op, m, n, x, n, 1, y, ys0, ys1, out);
                int ok = 1;
                for (int64_t i = 0; i < m && ok; i++)
                    for (int64_t j = 0; j < n && ok; j++) {
                        const double want = T(ref_binary)((dd_binary_op)op, x[i * n + j], y[i * ys0 + j * ys1]);
                        ok = dd_close(out[i * n + j], want, TOL, TOL * 4);
                    }
                CHECK(ok, "binary op %d layout %d %lldx%lld", op, l, (long long)m, (long long)n);
            }
            /* x broadcast as a column (stride 1, 0) against full y */
            P(binary)((dd_binary_op)op, m, n, x, 1, 0, y, n, 1, out);
            int ok = 1;
            for (int64_t i = 0; i < m && ok; i++)
                for (int64_t j = 0; j < n && ok; j++)
                    ok = dd_close(out[i * n + j], T(ref_binary)((dd_binary_op)op, x[i], y[i * n + j]), TOL, TOL * 4);
            CHECK(ok, "binary op %d with a broadcast column x", op);
        }
        /* in place: out == x */
        for (int64_t i = 0; i < m * n; i++) out[i] = x[i];
        P(binary)(DD_BINARY_MUL, m, n, out, n, 1, y, n, 1, out);
        int ok = 1;
        for (int64_t i = 0; i < m * n && ok; i++) ok = dd_close(out[i], (double)x[i] * y[i], TOL, TOL);
        CHECK(ok, "in-place multiply %lldx%lld", (long long)m, (long long)n);
        free(x), free(y), free(out);
    }
    /* NaN propagation through max/min from either side */
    const real nan = (real)NAN, one = 1;
    real r;
    P(binary)(DD_BINARY_MAX, 1, 1, &nan, 1, 1, &one, 1, 1, &r);
    CHECK(isnan(r), "max(NaN, 1) is NaN");
    P(binary)(DD_BINARY_MAX, 1, 1, &one, 1, 1, &nan, 1, 1, &r);
    CHECK(isnan(r), "max(1, NaN) is NaN");
    P(binary)(DD_BINARY_MIN, 1, 1, &one, 1, 1, &nan, 1, 1, &r);
    CHECK(isnan(r), "min(1, NaN) is NaN");
}

static void T(test_unary)(dd_rng *rng) {
    const int64_t sizes[] = {0, 1, 7, 8, 9, 1000, 100000};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        const int64_t n = sizes[s];
        real *x = malloc(sizeof(real) * (size_t)(n + 1)), *out = malloc(sizeof(real) * (size_t)(n + 1));
        for (int64_t i = 0; i < n; i++) x[i] = (real)dd_rand_uniform(rng, -3, 3);
        if (n > 2) x[1] = 0;
        for (int op = DD_UNARY_NEG; op <= DD_UNARY_SIGN; op++) {
            P(unary)((dd_unary_op)op, n, x, out);
            int ok = 1;
            for (int64_t i = 0; i < n && ok; i++) {
                const double v = x[i];
                double want = NAN;
                switch ((dd_unary_op)op) {
                case DD_UNARY_NEG: want = -v; break;
                case DD_UNARY_EXP: want = exp(v); break;
                case DD_UNARY_LOG: want = log(v); break; /* NaN for v < 0, -inf at 0 */
                case DD_UNARY_ABS: want = fabs(v); break;
                case DD_UNARY_SQRT: want = sqrt(v); break;
                case DD_UNARY_SQUARE: want = v * v; break;
                case DD_UNARY_RECIPROCAL: want = 1 / v; break;
                case DD_UNARY_SIGN: want = v > 0 ? 1 : v < 0 ? -1 : 0; break;
                }
                ok = dd_close(out[i], want, TOL, TOL * 4);
                if (!ok) fprintf(stderr, "unary %d at %g: %g vs %g\n", op, v, (double)out[i], want);
            }
            CHECK(ok, "unary op %d, n = %lld", op, (long long)n);
        }
        P(affine)(n, (real)-2, (real)0.5, x, out);
        int ok = 1;
        for (int64_t i = 0; i < n && ok; i++) ok = dd_close(out[i], -2.0 * x[i] + 0.5, TOL, TOL);
        CHECK(ok, "affine n = %lld", (long long)n);
        P(clamp)(n, (real)-1, (real)2, x, out);
        ok = 1;
        for (int64_t i = 0; i < n && ok; i++) ok = out[i] == (x[i] < -1 ? -1 : x[i] > 2 ? 2 : x[i]);
        CHECK(ok, "clamp n = %lld", (long long)n);
        free(x), free(out);
    }
    const real nan = (real)NAN;
    real r;
    P(clamp)(1, 0, 1, &nan, &r);
    CHECK(isnan(r), "clamp keeps NaN");
    P(unary)(DD_UNARY_SIGN, 1, &nan, &r);
    CHECK(isnan(r), "sign keeps NaN");
}

static void T(test_layout)(dd_rng *rng) {
    const int64_t shapes[][2] = {{1, 1}, {1, 5}, {5, 1}, {31, 33}, {64, 100}};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        const int64_t m = shapes[s][0], n = shapes[s][1];
        real *x = malloc(sizeof(real) * (size_t)(m * n)), *t = malloc(sizeof(real) * (size_t)(m * n));
        for (int64_t i = 0; i < m * n; i++) x[i] = (real)dd_rand_uniform(rng, -1, 1);
        P(transpose)(m, n, x, t);
        int ok = 1;
        for (int64_t i = 0; i < m && ok; i++)
            for (int64_t j = 0; j < n && ok; j++) ok = t[j * m + i] == x[i * n + j];
        CHECK(ok, "transpose %lldx%lld", (long long)m, (long long)n);

        /* gather with repeats, then scatter-add back: row i receives its value times its count */
        const int64_t count = 2 * m;
        int64_t *index = malloc(sizeof(int64_t) * (size_t)count);
        for (int64_t r = 0; r < count; r++) index[r] = (int64_t)(dd_rng_next(rng) % (uint64_t)m);
        real *g = malloc(sizeof(real) * (size_t)(count * n)), *back = calloc((size_t)(m * n), sizeof(real));
        P(gather_rows)(count, n, x, index, g);
        ok = 1;
        for (int64_t r = 0; r < count && ok; r++)
            for (int64_t j = 0; j < n && ok; j++) ok = g[r * n + j] == x[index[r] * n + j];
        CHECK(ok, "gather_rows %lld of %lldx%lld", (long long)count, (long long)m, (long long)n);
        P(scatter_add_rows)(count, n, g, index, back);
        ok = 1;
        for (int64_t i = 0; i < m && ok; i++) {
            int64_t c = 0;
            for (int64_t r = 0; r < count; r++) c += index[r] == i;
            for (int64_t j = 0; j < n && ok; j++) ok = dd_close(back[i * n + j], (double)c * x[i * n + j], TOL, TOL * 4);
        }
        CHECK(ok, "scatter_add_rows accumulates repeats");

        int64_t *am = malloc(sizeof(int64_t) * (size_t)m);
        P(argmax_rows)(m, n, x, am);
        ok = 1;
        for (int64_t i = 0; i < m && ok; i++)
            for (int64_t j = 0; j < n && ok; j++) ok = x[i * n + j] < x[i * n + am[i]] || j >= am[i] || x[i * n + j] != x[i * n + am[i]];
        CHECK(ok, "argmax_rows picks the first maximum");
        free(x), free(t), free(index), free(g), free(back), free(am);
    }
    const real tie[] = {1, 3, 3, 2}, withnan[] = {1, NAN, 5};
    int64_t a;
    P(argmax_rows)(1, 4, tie, &a);
    CHECK(a == 1, "argmax of a tie is the first, got %lld", (long long)a);
    P(argmax_rows)(1, 3, withnan, &a);
    CHECK(a == 1, "argmax treats NaN as the largest, got %lld", (long long)a);
}

static void T(run)(void) {
    dd_rng rng = {12345};
    T(test_binary)(&rng);
    T(test_unary)(&rng);
    T(test_layout)(&rng);
}

#endif
