/*
 * gemm_kernel_avx2_impl.h - the AVX2 + FMA micro kernel, written once against
 * `real` and the vector macros VEC, VL (lanes), VZERO, VLOAD (aligned),
 * VLOADU, VSTOREU, VBCAST, VSET1, VFMA, VMUL, VMASK(n) (lanes < n set),
 * VMASKLOAD, VMASKSTORE; included by gemm_kernel_avx2.c
 * for float (6 x 16) and double (6 x 8). Contract: gemm_internal.h.
 *
 * Each depth step loads one row of the B panel (two vectors), broadcasts the
 * six values of the A column and issues 12 independent FMAs into 12
 * accumulators: with the two B vectors and one broadcast that is 15 of the 16
 * ymm registers, and 12 independent chains cover the FMA latency on two pipes.
 */

#define DD_ROW_FMA(i, AT, p)                                                   \
    do {                                                                       \
        const VEC ai = VBCAST(AT(i, p));                                       \
        c##i##0 = VFMA(ai, b0, c##i##0);                                       \
        c##i##1 = VFMA(ai, b1, c##i##1);                                       \
    } while (0)

/* Depth step p (relative to the current position); AT(i, p) is &A(i, p). */
#define DD_STEP(AT, p)                                                         \
    do {                                                                       \
        const VEC b0 = VLOAD(b + (p) * NR), b1 = VLOAD(b + (p) * NR + VL);     \
        DD_ROW_FMA(0, AT, p); DD_ROW_FMA(1, AT, p); DD_ROW_FMA(2, AT, p);      \
        DD_ROW_FMA(3, AT, p); DD_ROW_FMA(4, AT, p); DD_ROW_FMA(5, AT, p);      \
    } while (0)

/* The depth loop, unrolled by 2 (by 4 gcc starts spilling); ADVANCE(s)
   moves A on by s steps. */
#define DD_DEPTH_LOOP(AT, ADVANCE)                                             \
    do {                                                                       \
        int64_t p = 0;                                                         \
        for (; p + 2 <= kc; p += 2) {                                          \
            DD_STEP(AT, 0);                                                    \
            DD_STEP(AT, 1);                                                    \
            ADVANCE(2);                                                        \
            b += 2 * NR;                                                       \
        }                                                                      \
        for (; p < kc; p++) {                                                  \
            DD_STEP(AT, 0);                                                    \
            ADVANCE(1);                                                        \
            b += NR;                                                           \
        }                                                                      \
    } while (0)

/* C row i = alpha * acc (+ beta * C row i). */
#define DD_STORE_ROW(i)                                                        \
    do {                                                                       \
        real *ci = c + (i) * ldc;                                              \
        if (beta == 0) {                                                       \
            VSTOREU(ci, VMUL(va, c##i##0));                                    \
            VSTOREU(ci + VL, VMUL(va, c##i##1));                               \
        } else {                                                               \
            VSTOREU(ci, VFMA(va, c##i##0, VMUL(vb, VLOADU(ci))));              \
            VSTOREU(ci + VL, VFMA(va, c##i##1, VMUL(vb, VLOADU(ci + VL))));    \
        }                                                                      \
    } while (0)

/* The same for an edge tile: masked columns (masked-off lanes are neither
   read nor written, nor can they fault), and only existing rows. */
#define DD_STORE_ROW_MASKED(i)                                                 \
    do {                                                                       \
        real *ci = c + (i) * ldc;                                              \
        if ((i) >= rows) break;                                                \
        if (beta == 0) {                                                       \
            VMASKSTORE(ci, m0, VMUL(va, c##i##0));                             \
            VMASKSTORE(ci + VL, m1, VMUL(va, c##i##1));                        \
        } else {                                                               \
            VMASKSTORE(ci, m0, VFMA(va, c##i##0, VMUL(vb, VMASKLOAD(ci, m0))));  \
            VMASKSTORE(ci + VL, m1,                                            \
                       VFMA(va, c##i##1, VMUL(vb, VMASKLOAD(ci + VL, m1))));   \
        }                                                                      \
    } while (0)

/* The three layouts of A: packed panel, rows in place, anything else. */
#define DD_AT_PACKED(i, p) (a + (p) * MR + (i))
#define DD_ADVANCE_PACKED(s) (a += (s) * MR)
#define DD_AT_ROWS(i, p) ((i) < 3 ? a + (i) * rsa + (p) : a3 + ((i) - 3) * rsa + (p))
#define DD_ADVANCE_ROWS(s) (a += (s), a3 += (s))
#define DD_AT_ANY(i, p) (a + (i) * rsa + (p) * csa)
#define DD_ADVANCE_ANY(s) (a += (s) * csa)

DD_TARGET_AVX2
void DD_FN(gemm_ukernel_avx2)(int64_t kc, real alpha, const real *restrict a, int64_t rsa,
                              int64_t csa, const real *restrict b, real beta,
                              real *restrict c, int64_t ldc, int rows, int cols) {
    _Static_assert(MR == 6 && NR == 2 * VL, "the AVX2 kernel is 6 rows x 2 vectors");
    VEC c00 = VZERO(), c01 = VZERO(), c10 = VZERO(), c11 = VZERO();
    VEC c20 = VZERO(), c21 = VZERO(), c30 = VZERO(), c31 = VZERO();
    VEC c40 = VZERO(), c41 = VZERO(), c50 = VZERO(), c51 = VZERO();

    /* The tile of C is needed only at the end: start fetching it now. */
    for (int i = 0; i < MR; i++) {
        _mm_prefetch((const char *)(c + i * ldc), _MM_HINT_T0);
        _mm_prefetch((const char *)(c + i * ldc + NR - 1), _MM_HINT_T0);
    }

    /* Separate loops let the compiler fold constant strides into addresses. */
    if (rsa == 1 && csa == MR) {
        DD_DEPTH_LOOP(DD_AT_PACKED, DD_ADVANCE_PACKED);
    } else if (csa == 1) {
        const real *a3 = a + 3 * rsa; /* two bases keep every address one register + scale */
        DD_DEPTH_LOOP(DD_AT_ROWS, DD_ADVANCE_ROWS);
    } else {
        DD_DEPTH_LOOP(DD_AT_ANY, DD_ADVANCE_ANY);
    }

    const VEC va = VSET1(alpha), vb = VSET1(beta);
    if (rows == MR && cols == NR) {
        DD_STORE_ROW(0); DD_STORE_ROW(1); DD_STORE_ROW(2);
        DD_STORE_ROW(3); DD_STORE_ROW(4); DD_STORE_ROW(5);
    } else {
        const __m256i m0 = VMASK(cols), m1 = VMASK(cols - VL);
        DD_STORE_ROW_MASKED(0); DD_STORE_ROW_MASKED(1); DD_STORE_ROW_MASKED(2);
        DD_STORE_ROW_MASKED(3); DD_STORE_ROW_MASKED(4); DD_STORE_ROW_MASKED(5);
    }
}

#undef DD_ROW_FMA
#undef DD_STEP
#undef DD_DEPTH_LOOP
#undef DD_STORE_ROW
#undef DD_STORE_ROW_MASKED
#undef DD_AT_PACKED
#undef DD_ADVANCE_PACKED
#undef DD_AT_ROWS
#undef DD_ADVANCE_ROWS
#undef DD_AT_ANY
#undef DD_ADVANCE_ANY

/* This body consumes its parameters, so the next precision can define them afresh. */
#undef real
#undef DD_FN
#undef MR
#undef NR
#undef VEC
#undef VL
#undef VZERO
#undef VLOAD
#undef VLOADU
#undef VSTOREU
#undef VBCAST
#undef VSET1
#undef VFMA
#undef VMUL
#undef VMASK
#undef VMASKLOAD
#undef VMASKSTORE
