/*
 * elementwise_impl.h - written once against `real` / DD_FN; elementwise.c
 * includes it for float and double. Each op's loop is expanded separately so
 * the switch stays outside the loop and the compiler can vectorise it.
 */

/* ---- binary ops with broadcasting ---------------------------------------- */

typedef struct {
    dd_binary_op op;
    int64_t n, xs0, xs1, ys0, ys1;
    const real *x, *y;
    real *out;
} DD_FN(binary_args);

#define DD_BINARY_CASES(X, Y)                                                   \
    case DD_BINARY_ADD: DD_ROWLOOP(X + Y); break;                              \
    case DD_BINARY_SUB: DD_ROWLOOP(X - Y); break;                              \
    case DD_BINARY_MUL: DD_ROWLOOP(X * Y); break;                              \
    case DD_BINARY_DIV: DD_ROWLOOP(X / Y); break;                              \
    /* NaN-propagating max/min, like NumPy's maximum/minimum */                \
    case DD_BINARY_MAX: DD_ROWLOOP((X != X || X > Y) ? X : Y); break;          \
    case DD_BINARY_MIN: DD_ROWLOOP((X != X || X < Y) ? X : Y); break;          \
    case DD_BINARY_POW: DD_ROWLOOP(DD_POW(X, Y)); break;                       \
    case DD_BINARY_EQ: DD_ROWLOOP((real)(X == Y)); break;                      \
    case DD_BINARY_NE: DD_ROWLOOP((real)(X != Y)); break;                      \
    case DD_BINARY_LT: DD_ROWLOOP((real)(X < Y)); break;                       \
    case DD_BINARY_LE: DD_ROWLOOP((real)(X <= Y)); break;                      \
    case DD_BINARY_GT: DD_ROWLOOP((real)(X > Y)); break;                       \
    case DD_BINARY_GE: DD_ROWLOOP((real)(X >= Y)); break;

static void DD_FN(binary_rows)(const void *ctx, int64_t lo, int64_t hi) {
    const DD_FN(binary_args) *a = ctx;
    const int64_t n = a->n, xs1 = a->xs1, ys1 = a->ys1;
    for (int64_t i = lo; i < hi; i++) {
        const real *x = a->x + i * a->xs0, *y = a->y + i * a->ys0;
        real *o = a->out + i * n;
        if (xs1 == 1 && ys1 == 1) { /* both rows contiguous: the common, vectorisable case */
#define DD_ROWLOOP(expr) for (int64_t j = 0; j < n; j++) o[j] = (expr)
            switch (a->op) { DD_BINARY_CASES(x[j], y[j]) }
#undef DD_ROWLOOP
        } else if (xs1 == 1 && ys1 == 0) { /* row op scalar */
            const real s = y[0];
#define DD_ROWLOOP(expr) for (int64_t j = 0; j < n; j++) o[j] = (expr)
            switch (a->op) { DD_BINARY_CASES(x[j], s) }
#undef DD_ROWLOOP
        } else {
#define DD_ROWLOOP(expr) for (int64_t j = 0; j < n; j++) o[j] = (expr)
            switch (a->op) { DD_BINARY_CASES(x[j * xs1], y[j * ys1]) }
#undef DD_ROWLOOP
        }
    }
}

void DD_FN(binary)(dd_binary_op op, int64_t m, int64_t n, const real *x, int64_t xs0, int64_t xs1,
                   const real *y, int64_t ys0, int64_t ys1, real *out) {
    const DD_FN(binary_args) a = {op, n, xs0, xs1, ys0, ys1, x, y, out};
    const int64_t rows_min = n > 0 ? DD_ELEMENTWISE_PARALLEL_MIN / n + 1 : m + 1;
    dd_for_ranges(m, rows_min, DD_FN(binary_rows), &a);
}

/* ---- unary maps, affine, clamp ------------------------------------------- */

typedef struct {
    int op;
    real alpha, beta;
    const real *x;
    real *out;
} DD_FN(map_args);

static void DD_FN(unary_range)(const void *ctx, int64_t lo, int64_t hi) {
    const DD_FN(map_args) *a = ctx;
    const real *x = a->x;
    real *o = a->out;
#define DD_MAP(expr) for (int64_t i = lo; i < hi; i++) o[i] = (expr)
    switch ((dd_unary_op)a->op) {
    case DD_UNARY_NEG: DD_MAP(-x[i]); break;
    case DD_UNARY_EXP: DD_MAP(DD_EXP(x[i])); break;
    case DD_UNARY_LOG: DD_MAP(DD_LOG(x[i])); break;
    case DD_UNARY_ABS: DD_MAP(x[i] < 0 ? -x[i] : x[i]); break;
    case DD_UNARY_SQRT: DD_MAP(DD_SQRT(x[i])); break;
    case DD_UNARY_SQUARE: DD_MAP(x[i] * x[i]); break;
    case DD_UNARY_RECIPROCAL: DD_MAP((real)1 / x[i]); break;
    case DD_UNARY_SIGN: DD_MAP(x[i] > 0 ? (real)1 : x[i] < 0 ? (real)-1 : x[i] == 0 ? (real)0 : x[i]); break;
    }
#undef DD_MAP
}

void DD_FN(unary)(dd_unary_op op, int64_t n, const real *x, real *out) {
    const DD_FN(map_args) a = {(int)op, 0, 0, x, out};
    dd_for_ranges(n, DD_ELEMENTWISE_PARALLEL_MIN, DD_FN(unary_range), &a);
}

static void DD_FN(affine_range)(const void *ctx, int64_t lo, int64_t hi) {
    const DD_FN(map_args) *a = ctx;
    const real alpha = a->alpha, beta = a->beta, *x = a->x;
    real *o = a->out;
    for (int64_t i = lo; i < hi; i++) o[i] = alpha * x[i] + beta;
}

void DD_FN(affine)(int64_t n, real alpha, real beta, const real *x, real *out) {
    const DD_FN(map_args) a = {0, alpha, beta, x, out};
    dd_for_ranges(n, DD_ELEMENTWISE_PARALLEL_MIN, DD_FN(affine_range), &a);
}

static void DD_FN(clamp_range)(const void *ctx, int64_t lo, int64_t hi) {
    const DD_FN(map_args) *a = ctx;
    const real low = a->alpha, high = a->beta, *x = a->x;
    real *o = a->out;
    for (int64_t i = lo; i < hi; i++) {
        const real v = x[i] < low ? low : x[i]; /* NaN compares false twice and stays NaN */
        o[i] = v > high ? high : v;
    }
}

void DD_FN(clamp)(int64_t n, real lo, real hi, const real *x, real *out) {
    const DD_FN(map_args) a = {0, lo, hi, x, out};
    dd_for_ranges(n, DD_ELEMENTWISE_PARALLEL_MIN, DD_FN(clamp_range), &a);
}

/* ---- layout: transpose, gather, scatter-add, argmax ---------------------- */

void DD_FN(transpose)(int64_t m, int64_t n, const real *x, real *restrict out) {
    enum { B = 32 }; /* cache blocks: both sides stay in L1 */
    for (int64_t i0 = 0; i0 < m; i0 += B)
        for (int64_t j0 = 0; j0 < n; j0 += B) {
            const int64_t i1 = i0 + B < m ? i0 + B : m, j1 = j0 + B < n ? j0 + B : n;
            for (int64_t i = i0; i < i1; i++)
                for (int64_t j = j0; j < j1; j++) out[j * m + i] = x[i * n + j];
        }
}

void DD_FN(gather_rows)(int64_t count, int64_t n, const real *x, const int64_t *index,
                        real *restrict out) {
    for (int64_t r = 0; r < count; r++) {
        const real *src = x + index[r] * n;
        real *dst = out + r * n;
        for (int64_t j = 0; j < n; j++) dst[j] = src[j];
    }
}

void DD_FN(scatter_add_rows)(int64_t count, int64_t n, const real *x, const int64_t *index,
                             real *restrict out) {
    /* serial: repeated indices would race */
    for (int64_t r = 0; r < count; r++) {
        const real *src = x + r * n;
        real *dst = out + index[r] * n;
        for (int64_t j = 0; j < n; j++) dst[j] += src[j];
    }
}

void DD_FN(argmax_rows)(int64_t m, int64_t n, const real *x, int64_t *index) {
    for (int64_t i = 0; i < m; i++) {
        const real *row = x + i * n;
        int64_t best = 0;
        for (int64_t j = 1; j < n; j++) {
            if (row[best] != row[best]) break; /* NaN found: it wins */
            if (row[j] > row[best] || row[j] != row[j]) best = j;
        }
        index[i] = best;
    }
}

/* This body consumes its parameters, so the next precision can define them afresh. */
#undef DD_BINARY_CASES
#undef real
#undef DD_FN
#undef DD_EXP
#undef DD_LOG
#undef DD_SQRT
#undef DD_POW
