/*
 * loss.c - MSE, binary cross-entropy (on probabilities and on logits),
 * cross-entropy (integer labels and soft targets) and NLL, with PyTorch's
 * semantics and reductions. Values and gradients are computed in double and
 * rounded once; sums are deterministic for any thread count (chunked.h).
 *
 * Labels are not validated here: the Swift layer guarantees 0 <= label < c.
 */
#include "chunked.h"
#include "vmath/vmath.h"

#include <math.h>

/* PyTorch clamps BCE's p(1-p) at the float constant 1e-12f, in both precisions. */
#define DD_BCE_EPS ((double)1e-12f)

/* The shared row max and exp sums (rows.inc), exp in double for both precisions
 * (double rows: the vector exp of vmath.h when the CPU has it). */
#define real float
#define ereal double
#define DD_EXP exp
#define DD_ROWS(name) rows_fd_##name
#include "rows.inc"

#define real double
#define ereal double
#define DD_EXP exp
#define DD_ROWS(name) rows_d_##name
#define DD_VEXP_SUM /* the double vector math when the CPU has it */
#include "rows.inc"

#define real float
#define DD_ROW(name) rows_fd_##name
#define DD_FN(name) s_##name
#include "loss.inc"

#define real double
#define DD_ROW(name) rows_d_##name
#define DD_FN(name) d_##name
#include "loss.inc"

/* ---- The entry points of cdendrite.h, each calling its body above ---- */

void dd_s_mse_loss(dd_reduction r, int64_t n, const float *pred, const float *target,
                   float *loss, float *grad) {
    s_mse_loss(r, n, pred, target, loss, grad);
}

void dd_d_mse_loss(dd_reduction r, int64_t n, const double *pred, const double *target,
                   double *loss, double *grad) {
    d_mse_loss(r, n, pred, target, loss, grad);
}

void dd_s_bce_loss(dd_reduction r, int64_t n, const float *p, const float *y,
                   float *loss, float *grad) {
    s_bce_loss(r, n, p, y, loss, grad);
}

void dd_d_bce_loss(dd_reduction r, int64_t n, const double *p, const double *y,
                   double *loss, double *grad) {
    d_bce_loss(r, n, p, y, loss, grad);
}

void dd_s_bce_logits_loss(dd_reduction r, int64_t n, const float *z, const float *y,
                          float *loss, float *grad) {
    s_bce_logits_loss(r, n, z, y, loss, grad);
}

void dd_d_bce_logits_loss(dd_reduction r, int64_t n, const double *z, const double *y,
                          double *loss, double *grad) {
    d_bce_logits_loss(r, n, z, y, loss, grad);
}

void dd_s_cross_entropy_loss(dd_reduction r, int64_t n, int64_t c, const float *logits,
                             const int32_t *labels, float *loss, float *grad) {
    s_cross_entropy_loss(r, n, c, logits, labels, loss, grad);
}

void dd_d_cross_entropy_loss(dd_reduction r, int64_t n, int64_t c, const double *logits,
                             const int32_t *labels, double *loss, double *grad) {
    d_cross_entropy_loss(r, n, c, logits, labels, loss, grad);
}

void dd_s_cross_entropy_soft_loss(dd_reduction r, int64_t n, int64_t c, const float *logits,
                                  const float *targets, float *loss, float *grad) {
    s_cross_entropy_soft_loss(r, n, c, logits, targets, loss, grad);
}

void dd_d_cross_entropy_soft_loss(dd_reduction r, int64_t n, int64_t c, const double *logits,
                                  const double *targets, double *loss, double *grad) {
    d_cross_entropy_soft_loss(r, n, c, logits, targets, loss, grad);
}

void dd_s_nll_loss(dd_reduction r, int64_t n, int64_t c, const float *logp,
                   const int32_t *labels, float *loss, float *grad) {
    s_nll_loss(r, n, c, logp, labels, loss, grad);
}

void dd_d_nll_loss(dd_reduction r, int64_t n, int64_t c, const double *logp,
                   const int32_t *labels, double *loss, double *grad) {
    d_nll_loss(r, n, c, logp, labels, loss, grad);
}
