/*
 * cdendrite.h - the one public header of Dendrite's C kernel library.
 *
 * Conventions (every kernel):
 *   - sizes first, then inputs, then outputs; sizes are int64_t;
 *   - matrices are row-major; `ld*` is the distance in elements between rows;
 *   - `dd_s_*` works on float, `dd_d_*` on double, with identical semantics;
 *   - kernels do not validate shapes (the Swift `Kernels` layer does) and
 *     return void, except reductions, which return their value in double;
 *   - no kernel keeps hidden state between calls; GEMM pack buffers belong to
 *     the calling thread (see dd_sgemm), so kernels are reentrant;
 *   - OpenMP, when compiled in, is used above a size threshold only.
 *
 * Nothing here mentions OpenMP: the header is imported by Swift, which never
 * sees -fopenmp.
 */
#ifndef CDENDRITE_H
#define CDENDRITE_H

#include <stdint.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__cplusplus)
#define DD_RESTRICT
#else
#define DD_RESTRICT restrict
#endif

/* ------------------------------------------------------------------ */
/* Library, build and threads                                         */
/* ------------------------------------------------------------------ */

/** Library version, e.g. "0.1.0". */
const char *dd_version(void);
/** 1 when the library was compiled with OpenMP, else 0. */
int dd_openmp_enabled(void);
/** Compiler and flags the kernels were built with, e.g. "clang 21.0.0, OpenMP 201811". */
const char *dd_build_info(void);
/** Threads used by parallel kernels. n < 1 is treated as 1. No-op without OpenMP. */
void dd_set_num_threads(int n);
/** Threads parallel kernels will use (1 without OpenMP). Honours OMP_NUM_THREADS. */
int dd_get_num_threads(void);
/** Logical processors available to this process. */
int dd_num_procs(void);
/**
 * Dynamic team sizes: when on (the default), a parallel region may run on fewer threads
 * than dd_get_num_threads while other processes keep cores busy, instead of stalling on
 * a thread whose core is taken. OMP_DYNAMIC=false in the environment turns it off.
 */
void dd_set_dynamic_threads(int on);
/** 1 when team sizes adapt to the machine's load, else 0 (always 0 without OpenMP). */
int dd_get_dynamic_threads(void);

/* ------------------------------------------------------------------ */
/* GEMM: C = alpha * op(A) * op(B) + beta * C                          */
/* ------------------------------------------------------------------ */

typedef enum dd_trans { DD_NO_TRANS = 0, DD_TRANS = 1 } dd_trans;

/** Micro kernels GEMM can run. */
typedef enum dd_gemm_kernel {
    DD_GEMM_KERNEL_AUTO = 0,     /* best available on this CPU */
    DD_GEMM_KERNEL_PORTABLE = 1, /* plain C micro kernel, any CPU */
    DD_GEMM_KERNEL_AVX2 = 2,     /* AVX2 + FMA micro kernel */
    DD_GEMM_KERNEL_AVX512 = 3    /* AVX-512 (F, DQ, BW, VL) micro kernels */
} dd_gemm_kernel;

/**
 * op(A) is m x k, op(B) is k x n, C is m x n; all row-major.
 * A is stored m x k (lda >= k) when ta == DD_NO_TRANS, k x m (lda >= m) when DD_TRANS;
 * likewise B is k x n (ldb >= n) or n x k (ldb >= k); ldc >= n.
 * beta == 0 never reads C (NaN in C does not propagate). m, n or k == 0 is allowed.
 * Packed: pack buffers are 64-byte aligned and cached per calling thread, so
 * concurrent calls from different threads are safe.
 */
void dd_sgemm(dd_trans ta, dd_trans tb, int64_t m, int64_t n, int64_t k,
              float alpha, const float *a, int64_t lda, const float *b, int64_t ldb,
              float beta, float *DD_RESTRICT c, int64_t ldc);
void dd_dgemm(dd_trans ta, dd_trans tb, int64_t m, int64_t n, int64_t k,
              double alpha, const double *a, int64_t lda, const double *b, int64_t ldb,
              double beta, double *DD_RESTRICT c, int64_t ldc);

/** Plain triple-loop reference with the same contract, always built, for tests. */
void dd_sgemm_ref(dd_trans ta, dd_trans tb, int64_t m, int64_t n, int64_t k,
                  float alpha, const float *a, int64_t lda, const float *b, int64_t ldb,
                  float beta, float *DD_RESTRICT c, int64_t ldc);
void dd_dgemm_ref(dd_trans ta, dd_trans tb, int64_t m, int64_t n, int64_t k,
                  double alpha, const double *a, int64_t lda, const double *b, int64_t ldb,
                  double beta, double *DD_RESTRICT c, int64_t ldc);

/**
 * Choose the micro kernel (process-wide). Returns 1 when `kernel` is available
 * on this CPU and is now in use, 0 otherwise (the choice is then unchanged).
 */
int dd_gemm_set_kernel(dd_gemm_kernel kernel);
/** The micro kernel in use (never DD_GEMM_KERNEL_AUTO). */
dd_gemm_kernel dd_gemm_get_kernel(void);
/** Human-readable name of the micro kernel in use, e.g. "avx2-fma 6x16 (f32), 6x8 (f64)". */
const char *dd_gemm_kernel_name(void);

/* ------------------------------------------------------------------ */
/* Element-wise activations                                           */
/* ------------------------------------------------------------------ */

typedef enum dd_act {
    DD_ACT_IDENTITY = 0,
    DD_ACT_SIGMOID,      /* 1 / (1 + exp(-z)), computed without overflow */
    DD_ACT_TANH,
    DD_ACT_RELU,         /* derivative at 0 is 0 (PyTorch's convention) */
    DD_ACT_LEAKY_RELU,   /* z > 0 ? z : slope * z */
    DD_ACT_CLIPPED_RELU, /* min(max(z, 0), ceiling); ReLU6 is ceiling 6 */
    DD_ACT_ELU,          /* z > 0 ? z : alpha * (exp(z) - 1) */
    DD_ACT_SELU,         /* scale * elu(z, alpha) with the SELU constants */
    DD_ACT_GELU,         /* z * Phi(z), exact erf form */
    DD_ACT_GELU_TANH,    /* tanh approximation of GELU, differentiated as computed */
    DD_ACT_SOFTPLUS,     /* log(1 + exp(beta z)) / beta; linear above threshold */
    DD_ACT_SILU,         /* swish: z * sigmoid(z) */
    DD_ACT_MISH,         /* z * tanh(softplus(z)) */
    DD_ACT_HARD_SIGMOID, /* clamp(z / 6 + 1/2, 0, 1) (PyTorch) */
    DD_ACT_HARD_TANH,    /* clamp(z, min_val, max_val) */
    DD_ACT_COUNT
} dd_act;

/**
 * Parameters of the parameterised activations. Pass NULL for the defaults,
 * or start from dd_act_params_default().
 */
typedef struct dd_act_params {
    double slope;     /* leaky relu: negative slope, default 0.01 */
    double ceiling;   /* clipped relu: upper bound, default 6 */
    double alpha;     /* elu: default 1 */
    double beta;      /* softplus: default 1 */
    double threshold; /* softplus: beta*z above this is linear, default 20 */
    double min_val;   /* hard tanh: default -1 */
    double max_val;   /* hard tanh: default 1 */
} dd_act_params;

/** The defaults listed in dd_act_params. */
dd_act_params dd_act_params_default(void);
/** Lower-case name, e.g. "leaky_relu", "gelu_tanh"; NULL when out of range. */
const char *dd_act_name(dd_act act);

/** A = f(Z), element-wise over n values. a may equal z (in place). */
void dd_s_act_forward(dd_act act, const dd_act_params *p, int64_t n,
                      const float *z, float *a);
void dd_d_act_forward(dd_act act, const dd_act_params *p, int64_t n,
                      const double *z, double *a);
/**
 * dLdZ = dLdA * f'(Z), from the saved Z and A = f(Z) (both required; each
 * activation reads whichever is cheapest and exact). dLdZ may equal dLdA.
 */
void dd_s_act_backward(dd_act act, const dd_act_params *p, int64_t n,
                       const float *z, const float *a, const float *dLdA, float *dLdZ);
void dd_d_act_backward(dd_act act, const dd_act_params *p, int64_t n,
                       const double *z, const double *a, const double *dLdA, double *dLdZ);

/* ------------------------------------------------------------------ */
/* Softmax over the rows of an n x c matrix (contiguous rows)         */
/* ------------------------------------------------------------------ */

/** A = softmax(Z) per row; the row max is subtracted, sums in double. */
void dd_s_softmax_forward(int64_t n, int64_t c, const float *z, float *a);
void dd_d_softmax_forward(int64_t n, int64_t c, const double *z, double *a);
/** dLdZ = A * (dLdA - <dLdA, A>) per row: the O(c) Jacobian-vector product. */
void dd_s_softmax_backward(int64_t n, int64_t c, const float *a, const float *dLdA, float *dLdZ);
void dd_d_softmax_backward(int64_t n, int64_t c, const double *a, const double *dLdA, double *dLdZ);
/** L = log softmax(Z) = Z - max - log sum exp(Z - max) per row. */
void dd_s_log_softmax_forward(int64_t n, int64_t c, const float *z, float *l);
void dd_d_log_softmax_forward(int64_t n, int64_t c, const double *z, double *l);
/** dLdZ = dLdL - exp(L) * sum(dLdL) per row, from the saved output L. */
void dd_s_log_softmax_backward(int64_t n, int64_t c, const float *l, const float *dLdL, float *dLdZ);
void dd_d_log_softmax_backward(int64_t n, int64_t c, const double *l, const double *dLdL, double *dLdZ);
/** The explicit per-sample Jacobian J[i] = diag(a_i) - a_i a_i^T, n x c x c (teaching/checking). */
void dd_s_softmax_jacobian(int64_t n, int64_t c, const float *a, float *jac);
void dd_d_softmax_jacobian(int64_t n, int64_t c, const double *a, double *jac);
/** dLdZ[i] = J[i]^T dLdA[i] through the explicit Jacobian: the slow path the fast one is checked against. */
void dd_s_softmax_jacobian_backward(int64_t n, int64_t c, const float *jac, const float *dLdA, float *dLdZ);
void dd_d_softmax_jacobian_backward(int64_t n, int64_t c, const double *jac, const double *dLdA, double *dLdZ);

/* ------------------------------------------------------------------ */
/* Losses                                                             */
/* ------------------------------------------------------------------ */

typedef enum dd_reduction {
    DD_REDUCE_NONE = 0, /* `loss` receives one value per element (per row for cross-entropy) */
    DD_REDUCE_SUM = 1,  /* `loss` receives one value: the sum */
    DD_REDUCE_MEAN = 2  /* `loss` receives one value: the mean over elements (rows for cross-entropy) */
} dd_reduction;

/*
 * Every loss writes its value to `loss` and, when `grad` is not NULL, the
 * gradient of the reduced loss with respect to its first input (for
 * DD_REDUCE_NONE: of the sum of the unreduced values). Accumulation is in double.
 */

/** (pred - target)^2 over n values. */
void dd_s_mse_loss(dd_reduction r, int64_t n, const float *pred, const float *target,
                   float *loss, float *grad);
void dd_d_mse_loss(dd_reduction r, int64_t n, const double *pred, const double *target,
                   double *loss, double *grad);
/**
 * Binary cross-entropy on probabilities: -(y log p + (1-y) log(1-p)), with each
 * log clamped at -100 and the gradient denominator p(1-p) at 1e-12 (PyTorch).
 */
void dd_s_bce_loss(dd_reduction r, int64_t n, const float *p, const float *y,
                   float *loss, float *grad);
void dd_d_bce_loss(dd_reduction r, int64_t n, const double *p, const double *y,
                   double *loss, double *grad);
/** BCE on logits, stable: max(z,0) - z y + log1p(exp(-|z|)); gradient sigmoid(z) - y. */
void dd_s_bce_logits_loss(dd_reduction r, int64_t n, const float *z, const float *y,
                          float *loss, float *grad);
void dd_d_bce_logits_loss(dd_reduction r, int64_t n, const double *z, const double *y,
                          double *loss, double *grad);
/**
 * Cross-entropy of n x c logits against integer labels in [0, c) (fused
 * log-softmax + NLL); gradient softmax(z) - onehot(label), divided by n for MEAN.
 */
void dd_s_cross_entropy_loss(dd_reduction r, int64_t n, int64_t c, const float *logits,
                             const int32_t *labels, float *loss, float *grad);
void dd_d_cross_entropy_loss(dd_reduction r, int64_t n, int64_t c, const double *logits,
                             const int32_t *labels, double *loss, double *grad);
/** Cross-entropy against n x c target distributions (one-hot or soft): -sum t log softmax(z). */
void dd_s_cross_entropy_soft_loss(dd_reduction r, int64_t n, int64_t c, const float *logits,
                                  const float *targets, float *loss, float *grad);
void dd_d_cross_entropy_soft_loss(dd_reduction r, int64_t n, int64_t c, const double *logits,
                                  const double *targets, double *loss, double *grad);
/** Negative log-likelihood of n x c log-probabilities at integer labels: -logp[i, label_i]. */
void dd_s_nll_loss(dd_reduction r, int64_t n, int64_t c, const float *logp,
                   const int32_t *labels, float *loss, float *grad);
void dd_d_nll_loss(dd_reduction r, int64_t n, int64_t c, const double *logp,
                   const int32_t *labels, double *loss, double *grad);

/* ------------------------------------------------------------------ */
/* Vector and matrix helpers, reductions                              */
/* ------------------------------------------------------------------ */

/** y[i, j] = x[i, j] + bias[j] for an m x n matrix (rows contiguous); y may equal x. */
void dd_s_add_row_bias(int64_t m, int64_t n, const float *x, const float *bias, float *y);
void dd_d_add_row_bias(int64_t m, int64_t n, const double *x, const double *bias, double *y);
/** out[j] = sum_i x[i, j] (length n): the backward of add_row_bias. */
void dd_s_col_sums(int64_t m, int64_t n, const float *x, float *out);
void dd_d_col_sums(int64_t m, int64_t n, const double *x, double *out);
/** out[i] = sum_j x[i, j] (length m). */
void dd_s_row_sums(int64_t m, int64_t n, const float *x, float *out);
void dd_d_row_sums(int64_t m, int64_t n, const double *x, double *out);

/** Sum, mean, mean |x|, L2 norm, dot product; accumulated in double. Empty input gives 0. */
double dd_s_sum(int64_t n, const float *x);
double dd_d_sum(int64_t n, const double *x);
double dd_s_mean(int64_t n, const float *x);
double dd_d_mean(int64_t n, const double *x);
double dd_s_mean_abs(int64_t n, const float *x);
double dd_d_mean_abs(int64_t n, const double *x);
double dd_s_norm2(int64_t n, const float *x);
double dd_d_norm2(int64_t n, const double *x);
double dd_s_dot(int64_t n, const float *x, const float *y);
double dd_d_dot(int64_t n, const double *x, const double *y);

/** y += alpha * x. */
void dd_s_axpy(int64_t n, float alpha, const float *x, float *DD_RESTRICT y);
void dd_d_axpy(int64_t n, double alpha, const double *x, double *DD_RESTRICT y);
/** x *= alpha. */
void dd_s_scale(int64_t n, float alpha, float *x);
void dd_d_scale(int64_t n, double alpha, double *x);
/** x[i] = value. */
void dd_s_fill(int64_t n, float value, float *x);
void dd_d_fill(int64_t n, double value, double *x);

/* ------------------------------------------------------------------ */
/* Element-wise arithmetic, broadcasting, layout (the tensor layer)   */
/* ------------------------------------------------------------------ */

typedef enum dd_binary_op {
    DD_BINARY_ADD = 0, DD_BINARY_SUB, DD_BINARY_MUL, DD_BINARY_DIV,
    DD_BINARY_MAX, DD_BINARY_MIN, DD_BINARY_POW,
    /* comparisons give 1 or 0 */
    DD_BINARY_EQ, DD_BINARY_NE, DD_BINARY_LT, DD_BINARY_LE, DD_BINARY_GT, DD_BINARY_GE
} dd_binary_op;

/**
 * out[i, j] = x[i*xs0 + j*xs1] op y[i*ys0 + j*ys1] for an m x n result with
 * contiguous rows. A stride of 0 broadcasts: a row vector has stride 0 over
 * rows, a scalar 0 over both. out may equal x or y when their strides are (n, 1).
 */
void dd_s_binary(dd_binary_op op, int64_t m, int64_t n, const float *x, int64_t xs0, int64_t xs1,
                 const float *y, int64_t ys0, int64_t ys1, float *out);
void dd_d_binary(dd_binary_op op, int64_t m, int64_t n, const double *x, int64_t xs0, int64_t xs1,
                 const double *y, int64_t ys0, int64_t ys1, double *out);

typedef enum dd_unary_op {
    DD_UNARY_NEG = 0, DD_UNARY_EXP, DD_UNARY_LOG, DD_UNARY_ABS, DD_UNARY_SQRT,
    DD_UNARY_SQUARE, DD_UNARY_RECIPROCAL, DD_UNARY_SIGN
} dd_unary_op;

/** out[i] = op(x[i]) over n values; out may equal x. sign(0) = 0. */
void dd_s_unary(dd_unary_op op, int64_t n, const float *x, float *out);
void dd_d_unary(dd_unary_op op, int64_t n, const double *x, double *out);

/** out[i] = alpha * x[i] + beta; out may equal x. */
void dd_s_affine(int64_t n, float alpha, float beta, const float *x, float *out);
void dd_d_affine(int64_t n, double alpha, double beta, const double *x, double *out);
/** out[i] = min(max(x[i], lo), hi); NaN stays NaN. */
void dd_s_clamp(int64_t n, float lo, float hi, const float *x, float *out);
void dd_d_clamp(int64_t n, double lo, double hi, const double *x, double *out);

/** out (n x m) = transpose of x (m x n). */
void dd_s_transpose(int64_t m, int64_t n, const float *x, float *DD_RESTRICT out);
void dd_d_transpose(int64_t m, int64_t n, const double *x, double *DD_RESTRICT out);
/** out[r, :] = x[index[r], :] for count rows of width n (indices in range, checked by the caller). */
void dd_s_gather_rows(int64_t count, int64_t n, const float *x, const int64_t *index,
                      float *DD_RESTRICT out);
void dd_d_gather_rows(int64_t count, int64_t n, const double *x, const int64_t *index,
                      double *DD_RESTRICT out);
/** out[index[r], :] += x[r, :]: the backward of gather_rows (repeated indices accumulate). */
void dd_s_scatter_add_rows(int64_t count, int64_t n, const float *x, const int64_t *index,
                           float *DD_RESTRICT out);
void dd_d_scatter_add_rows(int64_t count, int64_t n, const double *x, const int64_t *index,
                           double *DD_RESTRICT out);
/** index[i] = the first column of the largest value in row i of an m x n matrix (NaN counts as largest). */
void dd_s_argmax_rows(int64_t m, int64_t n, const float *x, int64_t *index);
void dd_d_argmax_rows(int64_t m, int64_t n, const double *x, int64_t *index);

/** out[r] = labels[index[r]] for count rows: gather_rows for the integer labels of a batch. */
void dd_gather_labels(int64_t count, const int32_t *labels, const int64_t *index,
                      int32_t *DD_RESTRICT out);

/* ------------------------------------------------------------------ */
/* Fused layer kernels                                                */
/* ------------------------------------------------------------------ */
/*
 * A linear layer with an activation, Z = X W^T + b, A = f(Z), with X m x k,
 * W n x k (PyTorch's layout), b length n, Z, A, dA, dZ m x n, all contiguous.
 * Each kernel gives bit for bit what the chain of kernels named beside it
 * gives, for any number of threads, so a step can run fused or unfused.
 */

/**
 * Z = X W^T + b (bias NULL: no bias), A = f(Z), bias and activation applied
 * to each block of the GEMM's output as soon as it is final. Same bits as
 *   dd_sgemm(DD_NO_TRANS, DD_TRANS, m, n, k, 1, x, k, w, k, 0, z, n);
 *   dd_s_add_row_bias(m, n, z, bias, z);   (when bias != NULL)
 *   dd_s_act_forward(act, p, m * n, z, a);
 * z may be NULL (Z is then not kept: A alone is written) or equal a.
 */
void dd_s_linear_forward(dd_act act, const dd_act_params *p, int64_t m, int64_t n, int64_t k,
                         const float *x, const float *w, const float *bias, float *z, float *a);
void dd_d_linear_forward(dd_act act, const dd_act_params *p, int64_t m, int64_t n, int64_t k,
                         const double *x, const double *w, const double *bias, double *z,
                         double *a);
/**
 * dZ = dA * f'(Z) and db[j] = sum_i dZ[i, j] (db NULL: not computed) in one
 * pass. Same bits as
 *   dd_s_act_backward(act, p, m * n, z, a, dA, dZ);
 *   dd_s_col_sums(m, n, dZ, db);           (when db != NULL)
 * dZ may equal dA.
 */
void dd_s_linear_backward_act(dd_act act, const dd_act_params *p, int64_t m, int64_t n,
                              const float *z, const float *a, const float *dA, float *dZ,
                              float *db);
void dd_d_linear_backward_act(dd_act act, const dd_act_params *p, int64_t m, int64_t n,
                              const double *z, const double *a, const double *dA, double *dZ,
                              double *db);
/**
 * The whole backward of the layer: dZ, db as dd_s_linear_backward_act, then
 * dW = dZ^T X (n x k) and dX = dZ W (m x k), written (not accumulated); dX,
 * dW and db may each be NULL (not computed). Same bits as that call and
 *   dd_sgemm(DD_TRANS, DD_NO_TRANS, n, k, m, 1, dZ, n, x, k, 0, dW, k);
 *   dd_sgemm(DD_NO_TRANS, DD_NO_TRANS, m, k, n, 1, dZ, n, w, k, 0, dX, k);
 * dZ is m x n scratch (it holds dZ afterwards) and may equal dA.
 */
void dd_s_linear_backward(dd_act act, const dd_act_params *p, int64_t m, int64_t n, int64_t k,
                          const float *x, const float *w, const float *z, const float *a,
                          const float *dA, float *dZ, float *dX, float *dW, float *db);
void dd_d_linear_backward(dd_act act, const dd_act_params *p, int64_t m, int64_t n, int64_t k,
                          const double *x, const double *w, const double *z, const double *a,
                          const double *dA, double *dZ, double *dX, double *dW, double *db);

/* ------------------------------------------------------------------ */
/* Optimizer updates, fused, with PyTorch's semantics                 */
/* ------------------------------------------------------------------ */
/*
 * `step` counts from 1 (the first update). State buffers have n elements and
 * start at zero; the caller keeps them between steps.
 */

/**
 * SGD. g = grad + weight_decay * param; with momentum: buf = g on step 1, else
 * buf = momentum * buf + (1 - dampening) * g; g = nesterov ? g + momentum * buf : buf.
 * param -= lr * g. momentum_buf may be NULL when momentum == 0.
 */
typedef struct dd_sgd_config {
    double lr, momentum, dampening, weight_decay;
    int nesterov;
} dd_sgd_config;
void dd_s_sgd_update(int64_t n, const dd_sgd_config *cfg, int64_t step, const float *grad,
                     float *param, float *momentum_buf);
void dd_d_sgd_update(int64_t n, const dd_sgd_config *cfg, int64_t step, const double *grad,
                     double *param, double *momentum_buf);

/**
 * Adam (L2 weight decay added to the gradient) and AdamW (decoupled decay:
 * param *= 1 - lr * weight_decay first). m, v: moment buffers; vmax only with
 * amsgrad (may be NULL otherwise). Bias corrections use `step`.
 */
typedef struct dd_adam_config {
    double lr, beta1, beta2, eps, weight_decay;
    int amsgrad;
} dd_adam_config;
void dd_s_adam_update(int64_t n, const dd_adam_config *cfg, int64_t step, const float *grad,
                      float *param, float *m, float *v, float *vmax);
void dd_d_adam_update(int64_t n, const dd_adam_config *cfg, int64_t step, const double *grad,
                      double *param, double *m, double *v, double *vmax);
void dd_s_adamw_update(int64_t n, const dd_adam_config *cfg, int64_t step, const float *grad,
                       float *param, float *m, float *v, float *vmax);
void dd_d_adamw_update(int64_t n, const dd_adam_config *cfg, int64_t step, const double *grad,
                       double *param, double *m, double *v, double *vmax);

/**
 * RMSProp: sq = alpha sq + (1-alpha) g^2; centered: ga = alpha ga + (1-alpha) g,
 * denominator sqrt(sq - ga^2) + eps; with momentum: buf = momentum buf + g / denom,
 * param -= lr buf; else param -= lr g / denom. grad_avg (centered) and
 * momentum_buf (momentum > 0) may be NULL otherwise.
 */
typedef struct dd_rmsprop_config {
    double lr, alpha, eps, weight_decay, momentum;
    int centered;
} dd_rmsprop_config;
void dd_s_rmsprop_update(int64_t n, const dd_rmsprop_config *cfg, const float *grad,
                         float *param, float *square_avg, float *grad_avg, float *momentum_buf);
void dd_d_rmsprop_update(int64_t n, const dd_rmsprop_config *cfg, const double *grad,
                         double *param, double *square_avg, double *grad_avg, double *momentum_buf);

/**
 * Adagrad: clr = lr / (1 + (step-1) lr_decay); sum += g^2; param -= clr g / (sqrt(sum) + eps).
 * The caller initialises state_sum to initial_accumulator_value.
 */
typedef struct dd_adagrad_config {
    double lr, lr_decay, weight_decay, eps;
} dd_adagrad_config;
void dd_s_adagrad_update(int64_t n, const dd_adagrad_config *cfg, int64_t step, const float *grad,
                         float *param, float *state_sum);
void dd_d_adagrad_update(int64_t n, const dd_adagrad_config *cfg, int64_t step, const double *grad,
                         double *param, double *state_sum);

#ifdef __cplusplus
}
#endif

#endif /* CDENDRITE_H */
