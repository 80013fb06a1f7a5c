/*
 * reduce_impl.h - vector and matrix helpers and reductions, written once
 * against `real` / DD_FN; reduce.c includes it for float and for double.
 */

/* Arguments of the range sums handed to dd_chunked_sum. */
typedef struct {
    const real *x, *y;
    int scale_exp; /* norm2's rescaled pass: terms are (x * 2^-scale_exp)^2 */
} DD_FN(vec_args);

static double DD_FN(sum_range)(const void *ctx, int64_t lo, int64_t hi) {
    const real *x = ((const DD_FN(vec_args) *)ctx)->x;
    double s;
    DD_SUM8(s, lo, hi, j, (double)x[j]);
    return s;
}

static double DD_FN(abs_sum_range)(const void *ctx, int64_t lo, int64_t hi) {
    const real *x = ((const DD_FN(vec_args) *)ctx)->x;
    double s;
    DD_SUM8(s, lo, hi, j, fabs((double)x[j]));
    return s;
}

static double DD_FN(sq_sum_range)(const void *ctx, int64_t lo, int64_t hi) {
    const real *x = ((const DD_FN(vec_args) *)ctx)->x;
    double s;
    DD_SUM8(s, lo, hi, j, (double)x[j] * (double)x[j]);
    return s;
}

static double DD_FN(scaled_sq_sum_range)(const void *ctx, int64_t lo, int64_t hi) {
    const DD_FN(vec_args) *a = ctx;
    const real *x = a->x;
    const int e = a->scale_exp;
    double s;
    DD_SUM8(s, lo, hi, j, ldexp((double)x[j], -e) * ldexp((double)x[j], -e));
    return s;
}

static double DD_FN(dot_range)(const void *ctx, int64_t lo, int64_t hi) {
    const real *x = ((const DD_FN(vec_args) *)ctx)->x;
    const real *y = ((const DD_FN(vec_args) *)ctx)->y;
    double s;
    DD_SUM8(s, lo, hi, j, (double)x[j] * (double)y[j]);
    return s;
}

double DD_FN(sum)(int64_t n, const real *x) {
    const DD_FN(vec_args) a = {x, NULL, 0};
    return dd_chunked_sum(n, DD_ELEMENTWISE_PARALLEL_MIN, DD_FN(sum_range), &a);
}

double DD_FN(mean)(int64_t n, const real *x) {
    return n > 0 ? DD_FN(sum)(n, x) / (double)n : 0.0;
}

double DD_FN(mean_abs)(int64_t n, const real *x) {
    if (n <= 0) return 0.0;
    const DD_FN(vec_args) a = {x, NULL, 0};
    return dd_chunked_sum(n, DD_ELEMENTWISE_PARALLEL_MIN, DD_FN(abs_sum_range), &a) / (double)n;
}

/*
 * One pass of plain squares in double, which is enough for any float input.
 * Only when that sum overflows or lands where squares lose precision (a
 * double input beyond ~1e154 or below ~1e-145) is the input rescaled by a
 * power of two near its largest magnitude and summed again.
 */
double DD_FN(norm2)(int64_t n, const real *x) {
    DD_FN(vec_args) a = {x, NULL, 0};
    const double ss = dd_chunked_sum(n, DD_ELEMENTWISE_PARALLEL_MIN, DD_FN(sq_sum_range), &a);
    if (isnan(ss) || (ss <= DBL_MAX && ss >= 0x1p-960)) return sqrt(ss);
    double amax = 0.0;
    for (int64_t i = 0; i < n; i++) {
        const double v = fabs((double)x[i]);
        if (v > amax) amax = v;
    }
    if (amax == 0.0 || isinf(amax)) return amax;
    frexp(amax, &a.scale_exp); /* amax * 2^-scale_exp lies in [0.5, 1) */
    const double s2 =
        dd_chunked_sum(n, DD_ELEMENTWISE_PARALLEL_MIN, DD_FN(scaled_sq_sum_range), &a);
    return ldexp(sqrt(s2), a.scale_exp);
}

double DD_FN(dot)(int64_t n, const real *x, const real *y) {
    const DD_FN(vec_args) a = {x, y, 0};
    return dd_chunked_sum(n, DD_ELEMENTWISE_PARALLEL_MIN, DD_FN(dot_range), &a);
}

void DD_FN(add_row_bias)(int64_t m, int64_t n, const real *x, const real *bias, real *y) {
    DD_PARALLEL_FOR_IF(m > 1 && m * n >= DD_ELEMENTWISE_PARALLEL_MIN)
    for (int64_t i = 0; i < m; i++) {
        const real *xi = x + i * n;
        real *yi = y + i * n;
        for (int64_t j = 0; j < n; j++) yi[j] = xi[j] + bias[j];
    }
}

/*
 * Columns in blocks of DD_COL_BLOCK with their sums in double on the stack;
 * the rows of a block are streamed in order, so the inner loop runs along a
 * contiguous row. Blocks are independent: they are the unit of parallelism,
 * and each column is always summed in the same order.
 */
void DD_FN(col_sums)(int64_t m, int64_t n, const real *x, real *out) {
    const int64_t nb = (n + DD_COL_BLOCK - 1) / DD_COL_BLOCK;
    DD_PARALLEL_FOR_IF(nb > 1 && m * n >= DD_ELEMENTWISE_PARALLEL_MIN)
    for (int64_t b = 0; b < nb; b++) {
        const int64_t j0 = b * DD_COL_BLOCK;
        const int64_t w = n - j0 < DD_COL_BLOCK ? n - j0 : DD_COL_BLOCK;
        double acc[DD_COL_BLOCK];
        for (int64_t j = 0; j < w; j++) acc[j] = 0.0;
        for (int64_t i = 0; i < m; i++) {
            const real *xi = x + i * n + j0;
            for (int64_t j = 0; j < w; j++) acc[j] += (double)xi[j];
        }
        for (int64_t j = 0; j < w; j++) out[j0 + j] = (real)acc[j];
    }
}

void DD_FN(row_sums)(int64_t m, int64_t n, const real *x, real *out) {
    DD_PARALLEL_FOR_IF(m > 1 && m * n >= DD_ELEMENTWISE_PARALLEL_MIN)
    for (int64_t i = 0; i < m; i++) {
        const DD_FN(vec_args) a = {x + i * n, NULL, 0};
        out[i] = (real)DD_FN(sum_range)(&a, 0, n);
    }
}

void DD_FN(axpy)(int64_t n, real alpha, const real *x, real *DD_RESTRICT y) {
    DD_PARALLEL_FOR_IF(n >= DD_ELEMENTWISE_PARALLEL_MIN)
    for (int64_t i = 0; i < n; i++) y[i] += alpha * x[i];
}

void DD_FN(scale)(int64_t n, real alpha, real *x) {
    DD_PARALLEL_FOR_IF(n >= DD_ELEMENTWISE_PARALLEL_MIN)
    for (int64_t i = 0; i < n; i++) x[i] *= alpha;
}

void DD_FN(fill)(int64_t n, real value, real *x) {
    DD_PARALLEL_FOR_IF(n >= DD_ELEMENTWISE_PARALLEL_MIN)
    for (int64_t i = 0; i < n; i++) x[i] = value;
}

/* This body consumes its parameters, so the next precision can define them afresh. */
#undef real
#undef DD_FN
