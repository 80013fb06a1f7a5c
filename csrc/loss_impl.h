/*
 * loss_impl.h - the losses, written once against `real` / DD_FN; loss.c
 * includes it for float and for double.
 *
 * Each loss is a range function that, for the elements (or rows) [lo, hi),
 * computes the unreduced values in double, stores them when the reduction is
 * NONE, stores the gradient when asked, and returns their sum. DD_FN(run)
 * hands it to dd_chunked_sum and applies the reduction.
 */

typedef struct {
    const real *x;          /* first input: predictions, probabilities, logits, log-probabilities */
    const real *t;          /* real-valued targets (NULL for integer labels) */
    const int32_t *labels;  /* integer labels in [0, c) (NULL for real targets) */
    int64_t c;              /* classes per row (row-wise losses) */
    real *loss;             /* per-element values (reduction NONE), else NULL */
    real *grad;             /* NULL when the gradient is not wanted */
    double gscale;          /* d(reduced loss)/d(unreduced value): 1, or 1/n for MEAN */
} DD_FN(loss_args);

static double DD_FN(mse_range)(const void *ctx, int64_t lo, int64_t hi) {
    const DD_FN(loss_args) *a = ctx;
    double s = 0.0;
    for (int64_t i = lo; i < hi; i++) {
        const double d = (double)a->x[i] - (double)a->t[i];
        const double l = d * d;
        if (a->loss) a->loss[i] = (real)l;
        if (a->grad) a->grad[i] = (real)(2.0 * d * a->gscale);
        s += l;
    }
    return s;
}

/*
 * PyTorch's binary_cross_entropy: each log clamped at -100 before it is
 * multiplied (so 0 * log(0) is 0, not NaN), the gradient's p(1-p) at 1e-12
 * (DD_BCE_EPS). The clamps are written `v < bound ? bound : v` so that NaN
 * passes through them.
 */
static double DD_FN(bce_range)(const void *ctx, int64_t lo, int64_t hi) {
    const DD_FN(loss_args) *a = ctx;
    double s = 0.0;
    for (int64_t i = lo; i < hi; i++) {
        const double p = (double)a->x[i], y = (double)a->t[i];
        double log_p = log(p), log_1mp = log1p(-p);
        if (log_p < -100.0) log_p = -100.0;
        if (log_1mp < -100.0) log_1mp = -100.0;
        const double l = (y - 1.0) * log_1mp - y * log_p;
        if (a->loss) a->loss[i] = (real)l;
        if (a->grad) {
            double den = (1.0 - p) * p;
            if (den < DD_BCE_EPS) den = DD_BCE_EPS;
            a->grad[i] = (real)((p - y) / den * a->gscale);
        }
        s += l;
    }
    return s;
}

/*
 * max(z,0) - z y + log1p(exp(-|z|)), with max(z,0) - z y written as z (1-y)
 * or -z y so that a confident, correct prediction (small loss) does not lose
 * its digits to cancellation. exp(-|z|) never overflows; it gives both the
 * log term and sigmoid(z).
 */
static double DD_FN(bce_logits_range)(const void *ctx, int64_t lo, int64_t hi) {
    const DD_FN(loss_args) *a = ctx;
    double s = 0.0;
    for (int64_t i = lo; i < hi; i++) {
        const double z = (double)a->x[i], y = (double)a->t[i];
        const double e = exp(-fabs(z));
        const double l = (z > 0.0 ? z * (1.0 - y) : -z * y) + log1p(e);
        if (a->loss) a->loss[i] = (real)l;
        if (a->grad) {
            const double sig = z >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
            a->grad[i] = (real)((sig - y) * a->gscale);
        }
        s += l;
    }
    return s;
}

/*
 * The stable log-sum-exp of a row, in double: with m = z[jm] the row's max,
 * sum exp(z - m) = 1 + rest, where rest sums the other terms. Keeping the 1
 * apart lets log1p(rest) keep its digits when one logit dominates, which is
 * when the loss is small.
 */
static int64_t DD_FN(row_argmax)(int64_t c, const real *z) {
    int64_t jm = 0;
    for (int64_t j = 1; j < c; j++)
        if (z[j] > z[jm]) jm = j;
    return jm;
}

/*
 * rest = sum over j != jm of exp(z_j - z_jm). When `e` is not NULL it receives
 * exp(z - z_jm) (1 at jm), so the gradient needs no second round of exp; e may
 * be z itself.
 */
static double DD_FN(row_rest)(int64_t c, const real *z, int64_t jm, real *e) {
    const double m = (double)z[jm];
    double rest = 0.0;
    for (int64_t j = 0; j < c; j++) {
        if (j == jm) continue;
        const double ej = exp((double)z[j] - m);
        rest += ej;
        if (e) e[j] = (real)ej;
    }
    if (e) e[jm] = 1;
    return rest;
}

/*
 * Row i: loss = logsumexp(z) - z[label] = (max - z[label]) + log1p(rest), the
 * difference taken first so that logits like 12345 keep their precision;
 * gradient (softmax(z) - onehot(label)) * gscale.
 */
static double DD_FN(ce_range)(const void *ctx, int64_t lo, int64_t hi) {
    const DD_FN(loss_args) *a = ctx;
    const int64_t c = a->c;
    double s = 0.0;
    for (int64_t i = lo; i < hi; i++) {
        const real *z = a->x + i * c;
        real *g = a->grad ? a->grad + i * c : NULL;
        const int64_t label = a->labels[i], jm = DD_FN(row_argmax)(c, z);
        const double diff = (double)z[jm] - (double)z[label];
        const double rest = DD_FN(row_rest)(c, z, jm, g);
        const double l = diff + log1p(rest);
        if (a->loss) a->loss[i] = (real)l;
        if (g) {
            const double inv = 1.0 / (1.0 + rest);
            for (int64_t j = 0; j < c; j++) {
                const double p = (double)g[j] * inv;
                g[j] = (real)((p - (j == label ? 1.0 : 0.0)) * a->gscale);
            }
        }
        s += l;
    }
    return s;
}

/*
 * Row i: loss = sum_j t_j (logsumexp(z) - z_j) = sum_j t_j (max - z_j) +
 * (sum_j t_j) log1p(rest); gradient (softmax(z) * sum_j t_j - t) * gscale,
 * which is softmax(z) - t for targets that sum to 1. For a one-hot target
 * every step rounds as in ce_range, so the result is the label loss exactly.
 */
static double DD_FN(ce_soft_range)(const void *ctx, int64_t lo, int64_t hi) {
    const DD_FN(loss_args) *a = ctx;
    const int64_t c = a->c;
    double s = 0.0;
    for (int64_t i = lo; i < hi; i++) {
        const real *z = a->x + i * c;
        const real *t = a->t + i * c;
        real *g = a->grad ? a->grad + i * c : NULL;
        const int64_t jm = DD_FN(row_argmax)(c, z);
        const double m = (double)z[jm];
        double cross = 0.0, tsum = 0.0;
        for (int64_t j = 0; j < c; j++) {
            cross += (double)t[j] * (m - (double)z[j]);
            tsum += (double)t[j];
        }
        const double rest = DD_FN(row_rest)(c, z, jm, g);
        const double l = cross + tsum * log1p(rest);
        if (a->loss) a->loss[i] = (real)l;
        if (g) {
            const double inv = 1.0 / (1.0 + rest);
            for (int64_t j = 0; j < c; j++) {
                const double p = (double)g[j] * inv;
                g[j] = (real)((p * tsum - (double)t[j]) * a->gscale);
            }
        }
        s += l;
    }
    return s;
}

static double DD_FN(nll_range)(const void *ctx, int64_t lo, int64_t hi) {
    const DD_FN(loss_args) *a = ctx;
    const int64_t c = a->c;
    double s = 0.0;
    for (int64_t i = lo; i < hi; i++) {
        const int64_t label = a->labels[i];
        const double l = -(double)a->x[i * c + label];
        if (a->loss) a->loss[i] = (real)l;
        if (a->grad) {
            real *g = a->grad + i * c;
            for (int64_t j = 0; j < c; j++) g[j] = 0;
            g[label] = (real)(-a->gscale);
        }
        s += l;
    }
    return s;
}

/*
 * Runs a range function over n items (elements, or rows of `width` values)
 * and reduces. MEAN over n == 0 is 0/0 = NaN, as in PyTorch.
 */
static void DD_FN(run)(dd_reduction r, int64_t n, int64_t width, dd_range_sum_fn f,
                       DD_FN(loss_args) *a, real *loss) {
    a->loss = r == DD_REDUCE_NONE ? loss : NULL;
    a->gscale = r == DD_REDUCE_MEAN ? 1.0 / (double)n : 1.0;
    const int64_t min_items = DD_ELEMENTWISE_PARALLEL_MIN / (width > 1 ? width : 1);
    const double s = dd_chunked_sum(n, min_items, f, a);
    if (r == DD_REDUCE_SUM) loss[0] = (real)s;
    else if (r == DD_REDUCE_MEAN) loss[0] = (real)(s / (double)n);
}

void DD_FN(mse_loss)(dd_reduction r, int64_t n, const real *pred, const real *target,
                     real *loss, real *grad) {
    DD_FN(loss_args) a = {pred, target, NULL, 1, NULL, grad, 1.0};
    DD_FN(run)(r, n, 1, DD_FN(mse_range), &a, loss);
}

void DD_FN(bce_loss)(dd_reduction r, int64_t n, const real *p, const real *y,
                     real *loss, real *grad) {
    DD_FN(loss_args) a = {p, y, NULL, 1, NULL, grad, 1.0};
    DD_FN(run)(r, n, 1, DD_FN(bce_range), &a, loss);
}

void DD_FN(bce_logits_loss)(dd_reduction r, int64_t n, const real *z, const real *y,
                            real *loss, real *grad) {
    DD_FN(loss_args) a = {z, y, NULL, 1, NULL, grad, 1.0};
    DD_FN(run)(r, n, 1, DD_FN(bce_logits_range), &a, loss);
}

void DD_FN(cross_entropy_loss)(dd_reduction r, int64_t n, int64_t c, const real *logits,
                               const int32_t *labels, real *loss, real *grad) {
    DD_FN(loss_args) a = {logits, NULL, labels, c, NULL, grad, 1.0};
    DD_FN(run)(r, n, c, DD_FN(ce_range), &a, loss);
}

void DD_FN(cross_entropy_soft_loss)(dd_reduction r, int64_t n, int64_t c, const real *logits,
                                    const real *targets, real *loss, real *grad) {
    DD_FN(loss_args) a = {logits, targets, NULL, c, NULL, grad, 1.0};
    DD_FN(run)(r, n, c, DD_FN(ce_soft_range), &a, loss);
}

void DD_FN(nll_loss)(dd_reduction r, int64_t n, int64_t c, const real *logp,
                     const int32_t *labels, real *loss, real *grad) {
    DD_FN(loss_args) a = {logp, NULL, labels, c, NULL, grad, 1.0};
    DD_FN(run)(r, n, c, DD_FN(nll_range), &a, loss);
}

/* This body consumes its parameters, so the next precision can define them afresh. */
#undef real
#undef DD_FN
