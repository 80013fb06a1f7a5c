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
#define DD_FN(name) dd_s_##name
#ifdef DD_HAVE_ELEMENTWISE_SQRT
#define DD_SQRT(x) __builtin_elementwise_sqrt(x)
#else
#define DD_SQRT(x) sqrtf(x)
#endif
#include "optim.inc"

#define real double
#define DD_FN(name) dd_d_##name
#ifdef DD_HAVE_ELEMENTWISE_SQRT
#define DD_SQRT(x) __builtin_elementwise_sqrt(x)
#else
#define DD_SQRT(x) sqrt(x)
#endif
#include "optim.inc"
