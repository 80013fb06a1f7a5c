/* optim.c - fused SGD, Adam, AdamW, RMSProp and Adagrad updates (PyTorch's semantics). */
#include "chunked.h"

#include <math.h>

/*
 * sqrt() may set errno, which stops compilers from vectorising it unless
 * -fno-math-errno is given (the package build cannot pass per-file flags).
 * Clang's element-wise builtin is the same correctly rounded IEEE square root
 * (NaN for negative input) without errno.
 */
#if defined(__clang__) && defined(__has_builtin)
#if __has_builtin(__builtin_elementwise_sqrt)
#define DD_HAVE_ELEMENTWISE_SQRT 1
#endif
#endif

/* Lets each flag-specialised copy of a loop be compiled with its flags as constants. */
#if defined(__GNUC__) || defined(__clang__)
#define DD_ALWAYS_INLINE static inline __attribute__((always_inline))
#else
#define DD_ALWAYS_INLINE static inline
#endif

#define real float
#define DD_FN(name) s_##name
#ifdef DD_HAVE_ELEMENTWISE_SQRT
#define DD_SQRT(x) __builtin_elementwise_sqrt(x)
#else
#define DD_SQRT(x) sqrtf(x)
#endif
#include "optim.inc"

#define real double
#define DD_FN(name) d_##name
#ifdef DD_HAVE_ELEMENTWISE_SQRT
#define DD_SQRT(x) __builtin_elementwise_sqrt(x)
#else
#define DD_SQRT(x) sqrt(x)
#endif
#include "optim.inc"

/* ---- The entry points of cdendrite.h, each calling its body above ---- */

void dd_s_sgd_update(int64_t n, const dd_sgd_config *cfg, int64_t step, const float *grad,
                     float *param, float *momentum_buf) {
    s_sgd_update(n, cfg, step, grad, param, momentum_buf);
}

void dd_d_sgd_update(int64_t n, const dd_sgd_config *cfg, int64_t step, const double *grad,
                     double *param, double *momentum_buf) {
    d_sgd_update(n, cfg, step, grad, param, momentum_buf);
}

void dd_s_adam_update(int64_t n, const dd_adam_config *cfg, int64_t step, const float *grad,
                      float *param, float *m, float *v, float *vmax) {
    s_adam_update(n, cfg, step, grad, param, m, v, vmax);
}

void dd_d_adam_update(int64_t n, const dd_adam_config *cfg, int64_t step, const double *grad,
                      double *param, double *m, double *v, double *vmax) {
    d_adam_update(n, cfg, step, grad, param, m, v, vmax);
}

void dd_s_adamw_update(int64_t n, const dd_adam_config *cfg, int64_t step, const float *grad,
                       float *param, float *m, float *v, float *vmax) {
    s_adamw_update(n, cfg, step, grad, param, m, v, vmax);
}

void dd_d_adamw_update(int64_t n, const dd_adam_config *cfg, int64_t step, const double *grad,
                       double *param, double *m, double *v, double *vmax) {
    d_adamw_update(n, cfg, step, grad, param, m, v, vmax);
}

void dd_s_rmsprop_update(int64_t n, const dd_rmsprop_config *cfg, const float *grad,
                         float *param, float *square_avg, float *grad_avg, float *momentum_buf) {
    s_rmsprop_update(n, cfg, grad, param, square_avg, grad_avg, momentum_buf);
}

void dd_d_rmsprop_update(int64_t n, const dd_rmsprop_config *cfg, const double *grad,
                         double *param, double *square_avg, double *grad_avg, double *momentum_buf) {
    d_rmsprop_update(n, cfg, grad, param, square_avg, grad_avg, momentum_buf);
}

void dd_s_adagrad_update(int64_t n, const dd_adagrad_config *cfg, int64_t step, const float *grad,
                         float *param, float *state_sum) {
    s_adagrad_update(n, cfg, step, grad, param, state_sum);
}

void dd_d_adagrad_update(int64_t n, const dd_adagrad_config *cfg, int64_t step, const double *grad,
                         double *param, double *state_sum) {
    d_adagrad_update(n, cfg, step, grad, param, state_sum);
}
