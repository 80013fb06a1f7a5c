/*
 * loss.c - MSE, binary cross-entropy (on probabilities and on logits),
 * cross-entropy (integer labels and soft targets) and NLL, with PyTorch's
 * semantics and reductions. Values and gradients are computed in double and
 * rounded once; sums are deterministic for any thread count (chunked.h).
 *
 * Labels are not validated here: the Swift layer guarantees 0 <= label < c.
 */
#include "chunked.h"

#include <math.h>

/* PyTorch clamps BCE's p(1-p) at the float constant 1e-12f, in both precisions. */
#define DD_BCE_EPS ((double)1e-12f)

#define real float
#define DD_FN(name) dd_s_##name
#include "loss.inc"

#define real double
#define DD_FN(name) dd_d_##name
#include "loss.inc"
