/* reduce.c - sums, norms, dot products and the small BLAS-1 style helpers. */
#include "chunked.h"

#include <float.h>
#include <math.h>

/*
 * OUT = sum of TERM (an expression in the index VAR) over [lo, hi), with
 * eight independent double accumulators: the compiler may vectorise them
 * without reassociating (no -ffast-math), and they are slightly more accurate
 * than one running sum.
 */
#define DD_SUM8(OUT, lo, hi, VAR, TERM)                                         \
    do {                                                                        \
        double s8_[8] = {0, 0, 0, 0, 0, 0, 0, 0};                               \
        int64_t i8_ = (lo);                                                     \
        for (; i8_ + 8 <= (hi); i8_ += 8) {                                     \
            for (int k8_ = 0; k8_ < 8; k8_++) {                                 \
                const int64_t VAR = i8_ + k8_;                                  \
                s8_[k8_] += (TERM);                                             \
            }                                                                   \
        }                                                                       \
        double t8_ = 0.0;                                                       \
        for (; i8_ < (hi); i8_++) {                                             \
            const int64_t VAR = i8_;                                            \
            t8_ += (TERM);                                                      \
        }                                                                       \
        (OUT) = ((s8_[0] + s8_[1]) + (s8_[2] + s8_[3])) +                       \
                ((s8_[4] + s8_[5]) + (s8_[6] + s8_[7])) + t8_;                  \
    } while (0)

/* Columns summed together by col_sums: 1 KiB of double accumulators. */
#define DD_COL_BLOCK 128

#define real float
#define DD_FN(name) dd_s_##name
#include "reduce.inc"

#define real double
#define DD_FN(name) dd_d_##name
#include "reduce.inc"
