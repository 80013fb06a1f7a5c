/*
 * optim_impl.h - fused optimizer updates, written once against `real` /
 * DD_FN; optim.c includes it for float and for double.
 *
 * Each update follows the algorithm in PyTorch's torch.optim documentation
 * and the order of operations of its single-tensor implementation: scalar
 * factors (bias corrections, step sizes, 1 - beta) are formed in double and
 * rounded to the parameter's type once; the per-element work is one pass in
 * the parameter's type. Weight decay is applied only when it is non-zero, so
 * wd == 0 never turns an infinite parameter into NaN.
 *
 * Every update is a range function over [lo, hi) run by dd_for_ranges; the
 * loops read their constants from locals and their arrays through restrict
 * pointers (parameters, gradients and state never overlap).
 */

typedef struct {
    const real *grad;
    real *param, *buf;
    real lr, wd, mu, one_m_damp;
    int use_wd, first, nesterov;
} DD_FN(sgd_args);

static void DD_FN(sgd_range)(const void *ctx, int64_t lo, int64_t hi) {
    const DD_FN(sgd_args) *a = ctx;
    const real *DD_RESTRICT grad = a->grad;
    real *DD_RESTRICT param = a->param;
    real *DD_RESTRICT buf = a->buf;
    const real lr = a->lr, wd = a->wd, mu = a->mu, one_m_damp = a->one_m_damp;
    const int use_wd = a->use_wd, first = a->first, nesterov = a->nesterov;
    if (!buf) {
        for (int64_t i = lo; i < hi; i++) {
            const real g = use_wd ? grad[i] + wd * param[i] : grad[i];
            param[i] -= lr * g;
        }
        return;
    }
    for (int64_t i = lo; i < hi; i++) {
        /* buf is read even on step 1, where the select discards it: the loop then vectorises */
        const real p = param[i], old = buf[i];
        const real g = use_wd ? grad[i] + wd * p : grad[i];
        /* PyTorch starts the buffer at the first gradient, undamped */
        const real b = first ? g : mu * old + one_m_damp * g;
        buf[i] = b;
        param[i] = p - lr * (nesterov ? g + mu * b : b);
    }
}

void DD_FN(sgd_update)(int64_t n, const dd_sgd_config *cfg, int64_t step, const real *grad,
                       real *param, real *momentum_buf) {
    const DD_FN(sgd_args) a = {
        grad, param, cfg->momentum != 0.0 ? momentum_buf : NULL,
        (real)cfg->lr, (real)cfg->weight_decay, (real)cfg->momentum,
        (real)(1.0 - cfg->dampening),
        cfg->weight_decay != 0.0, step <= 1, cfg->nesterov};
    dd_for_ranges(n, DD_ELEMENTWISE_PARALLEL_MIN, DD_FN(sgd_range), &a);
}

/*
 * Adam and AdamW: m = b1 m + (1-b1) g, v = b2 v + (1-b2) g^2 (vmax = max(vmax, v)
 * with amsgrad), param -= (lr / bc1) * m / (sqrt(v) / sqrt(bc2) + eps), where
 * bc = 1 - beta^step. AdamW first scales param by 1 - lr wd instead of
 * adding wd param to the gradient.
 */
typedef struct {
    const real *grad;
    real *param, *m, *v, *vmax;
    real step_size, bc2_sqrt, b1, one_m_b1, b2, one_m_b2, eps, wd, decay;
    int l2, decoupled;
} DD_FN(adam_args);

/* `amsgrad` is a constant at each call, so each copy of the loop has no conditional store. */
DD_ALWAYS_INLINE void DD_FN(adam_loop)(const DD_FN(adam_args) *a, int64_t lo, int64_t hi,
                                       const int amsgrad) {
    const real *DD_RESTRICT grad = a->grad;
    real *DD_RESTRICT param = a->param;
    real *DD_RESTRICT m = a->m;
    real *DD_RESTRICT v = a->v;
    real *DD_RESTRICT vmax = a->vmax;
    const real step_size = a->step_size, bc2_sqrt = a->bc2_sqrt, eps = a->eps;
    const real b1 = a->b1, one_m_b1 = a->one_m_b1, b2 = a->b2, one_m_b2 = a->one_m_b2;
    const real wd = a->wd, decay = a->decay;
    const int l2 = a->l2, decoupled = a->decoupled;
    for (int64_t i = lo; i < hi; i++) {
        const real p = decoupled ? param[i] * decay : param[i];
        const real g = l2 ? grad[i] + wd * p : grad[i];
        const real mi = b1 * m[i] + one_m_b1 * g;
        real vi = b2 * v[i] + one_m_b2 * g * g;
        m[i] = mi;
        v[i] = vi;
        if (amsgrad) {
            /* written so that a NaN v reaches the parameter, as torch.maximum does */
            vi = vmax[i] > vi ? vmax[i] : vi;
            vmax[i] = vi;
        }
        const real denom = DD_SQRT(vi) / bc2_sqrt + eps;
        param[i] = p - step_size * (mi / denom);
    }
}

static void DD_FN(adam_range)(const void *ctx, int64_t lo, int64_t hi) {
    const DD_FN(adam_args) *a = ctx;
    if (a->vmax) DD_FN(adam_loop)(a, lo, hi, 1);
    else DD_FN(adam_loop)(a, lo, hi, 0);
}

static void DD_FN(adam_common)(int64_t n, const dd_adam_config *cfg, int64_t step,
                               const real *grad, real *param, real *m, real *v, real *vmax,
                               int decoupled) {
    const double t = (double)step;
    const double bc1 = 1.0 - pow(cfg->beta1, t), bc2 = 1.0 - pow(cfg->beta2, t);
    const DD_FN(adam_args) a = {
        grad, param, m, v, cfg->amsgrad ? vmax : NULL,
        (real)(cfg->lr / bc1), (real)sqrt(bc2),
        (real)cfg->beta1, (real)(1.0 - cfg->beta1), (real)cfg->beta2, (real)(1.0 - cfg->beta2),
        (real)cfg->eps, (real)cfg->weight_decay, (real)(1.0 - cfg->lr * cfg->weight_decay),
        !decoupled && cfg->weight_decay != 0.0, decoupled};
    dd_for_ranges(n, DD_ELEMENTWISE_PARALLEL_MIN, DD_FN(adam_range), &a);
}

void DD_FN(adam_update)(int64_t n, const dd_adam_config *cfg, int64_t step, const real *grad,
                        real *param, real *m, real *v, real *vmax) {
    DD_FN(adam_common)(n, cfg, step, grad, param, m, v, vmax, 0);
}

void DD_FN(adamw_update)(int64_t n, const dd_adam_config *cfg, int64_t step, const real *grad,
                         real *param, real *m, real *v, real *vmax) {
    DD_FN(adam_common)(n, cfg, step, grad, param, m, v, vmax, 1);
}

/*
 * RMSProp. The centered variance sq - ga^2 is non-negative in exact
 * arithmetic but can round below zero; it is clamped at 0 where PyTorch
 * would take the square root of a negative number and produce NaN.
 */
typedef struct {
    const real *grad;
    real *param, *sq, *ga, *buf;
    real lr, wd, eps, alpha, one_m_alpha, mu;
    int use_wd;
} DD_FN(rmsprop_args);

/* `centered` and `momentum` are constants at each call (see adam_loop). */
DD_ALWAYS_INLINE void DD_FN(rmsprop_loop)(const DD_FN(rmsprop_args) *a, int64_t lo, int64_t hi,
                                          const int centered, const int momentum) {
    const real *DD_RESTRICT grad = a->grad;
    real *DD_RESTRICT param = a->param;
    real *DD_RESTRICT square_avg = a->sq;
    real *DD_RESTRICT grad_avg = a->ga;
    real *DD_RESTRICT buf = a->buf;
    const real lr = a->lr, wd = a->wd, eps = a->eps, mu = a->mu;
    const real alpha = a->alpha, one_m_alpha = a->one_m_alpha;
    const int use_wd = a->use_wd;
    for (int64_t i = lo; i < hi; i++) {
        const real p = param[i];
        const real g = use_wd ? grad[i] + wd * p : grad[i];
        const real sq = alpha * square_avg[i] + one_m_alpha * g * g;
        square_avg[i] = sq;
        real var = sq;
        if (centered) {
            const real ga = alpha * grad_avg[i] + one_m_alpha * g;
            grad_avg[i] = ga;
            var = sq - ga * ga;
            var = var < 0 ? 0 : var;
        }
        const real denom = DD_SQRT(var) + eps;
        if (momentum) {
            const real b = mu * buf[i] + g / denom;
            buf[i] = b;
            param[i] = p - lr * b;
        } else {
            param[i] = p - lr * (g / denom);
        }
    }
}

static void DD_FN(rmsprop_range)(const void *ctx, int64_t lo, int64_t hi) {
    const DD_FN(rmsprop_args) *a = ctx;
    if (a->ga && a->buf) DD_FN(rmsprop_loop)(a, lo, hi, 1, 1);
    else if (a->ga) DD_FN(rmsprop_loop)(a, lo, hi, 1, 0);
    else if (a->buf) DD_FN(rmsprop_loop)(a, lo, hi, 0, 1);
    else DD_FN(rmsprop_loop)(a, lo, hi, 0, 0);
}

void DD_FN(rmsprop_update)(int64_t n, const dd_rmsprop_config *cfg, const real *grad,
                           real *param, real *square_avg, real *grad_avg, real *momentum_buf) {
    const DD_FN(rmsprop_args) a = {
        grad, param, square_avg, cfg->centered ? grad_avg : NULL,
        cfg->momentum > 0.0 ? momentum_buf : NULL,
        (real)cfg->lr, (real)cfg->weight_decay, (real)cfg->eps,
        (real)cfg->alpha, (real)(1.0 - cfg->alpha), (real)cfg->momentum,
        cfg->weight_decay != 0.0};
    dd_for_ranges(n, DD_ELEMENTWISE_PARALLEL_MIN, DD_FN(rmsprop_range), &a);
}

/* Adagrad: clr = lr / (1 + (step-1) lr_decay); sum += g^2; param -= clr g / (sqrt(sum) + eps). */
typedef struct {
    const real *grad;
    real *param, *sum;
    real clr, wd, eps;
    int use_wd;
} DD_FN(adagrad_args);

static void DD_FN(adagrad_range)(const void *ctx, int64_t lo, int64_t hi) {
    const DD_FN(adagrad_args) *a = ctx;
    const real *DD_RESTRICT grad = a->grad;
    real *DD_RESTRICT param = a->param;
    real *DD_RESTRICT state_sum = a->sum;
    const real clr = a->clr, wd = a->wd, eps = a->eps;
    const int use_wd = a->use_wd;
    for (int64_t i = lo; i < hi; i++) {
        const real p = param[i];
        const real g = use_wd ? grad[i] + wd * p : grad[i];
        const real s = state_sum[i] + g * g;
        state_sum[i] = s;
        param[i] = p - clr * (g / (DD_SQRT(s) + eps));
    }
}

void DD_FN(adagrad_update)(int64_t n, const dd_adagrad_config *cfg, int64_t step,
                           const real *grad, real *param, real *state_sum) {
    const DD_FN(adagrad_args) a = {
        grad, param, state_sum,
        (real)(cfg->lr / (1.0 + (double)(step - 1) * cfg->lr_decay)),
        (real)cfg->weight_decay, (real)cfg->eps, cfg->weight_decay != 0.0};
    dd_for_ranges(n, DD_ELEMENTWISE_PARALLEL_MIN, DD_FN(adagrad_range), &a);
}

/* This body consumes its parameters, so the next precision can define them afresh. */
#undef real
#undef DD_FN
#undef DD_SQRT
