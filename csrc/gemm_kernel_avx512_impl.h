/*
 * gemm_kernel_avx512_impl.h - the AVX-512 micro kernel, written once against
 * `real` and the vector macros of its precision (VEC, VL lanes, VMASK, VZERO,
 * VLOAD (aligned), VSET1, VFMA, VMUL, VSTOREU, VLOADU, VMASKZ_LOADU,
 * VMASK_STOREU), which gemm_kernel_avx512.c defines once for both tiles of a
 * precision; the tile parameters MR, NV (vectors per row) and DD_TILE(name)
 * belong to one inclusion. Tiles: wide (8 x 32 floats, 8 x 16 doubles) and
 * narrow (16 x 16, 16 x 8) for N of at most one vector. Contract:
 * gemm_internal.h.
 *
 * Each depth step loads one row of the B panel (NV vectors), broadcasts each
 * of the MR values of the A column and issues MR * NV independent FMAs into
 * as many accumulators (16 of the 32 zmm): 8 cycles of work for two FMA pipes
 * against a 4-cycle latency. Edge tiles store through mask registers.
 */

#define NR (NV * VL)
/* Rows of A in place are addressed from one base per three rows (base, +rsa, +2rsa). */
#define DD_BASES ((MR + 2) / 3)
#define DD_UNROLL _Pragma("GCC unroll 32")

/* Depth step p (relative to the current position); AT(i, p) is &A(i, p). */
#define DD_STEP(AT, p)                                                         \
    do {                                                                       \
        VEC bv[NV];                                                            \
        DD_UNROLL for (int v = 0; v < NV; v++) bv[v] = VLOAD(b + (p) * NR + v * VL); \
        DD_UNROLL for (int i = 0; i < MR; i++) {                               \
            const VEC ai = VSET1(*AT(i, p));                                   \
            DD_UNROLL for (int v = 0; v < NV; v++) acc[i][v] = VFMA(ai, bv[v], acc[i][v]); \
        }                                                                      \
    } while (0)

/* The depth loop, unrolled by 2; ADVANCE(s) moves A on by s steps. */
#define DD_DEPTH_LOOP(AT, ADVANCE)                                             \
    do {                                                                       \
        int64_t p = 0;                                                         \
        for (; p + 2 <= kc; p += 2) {                                          \
            DD_STEP(AT, 0);                                                    \
            DD_STEP(AT, 1);                                                    \
            ADVANCE(2);                                                        \
            b += 2 * NR;                                                       \
        }                                                                      \
        if (p < kc) DD_STEP(AT, 0);                                            \
    } while (0)

/* The four layouts of A: packed panel, A^T in place (columns contiguous),
   rows in place, anything else. */
#define DD_AT_PACKED(i, p) (a + (p) * MR + (i))
#define DD_ADVANCE_PACKED(s) (a += (s) * MR)
#define DD_AT_COLS(i, p) (a + (p) * csa + (i))
#define DD_ADVANCE_COLS(s) (a += (s) * csa)
#define DD_AT_ROWS(i, p) (base[(i) / 3] + ((i) % 3) * rsa + (p))
#define DD_ADVANCE_ROWS(s)                                                     \
    do {                                                                       \
        DD_UNROLL for (int j = 0; j < DD_BASES; j++) base[j] += (s);           \
    } while (0)
#define DD_AT_ANY(i, p) (a + (i) * rsa + (p) * csa)
#define DD_ADVANCE_ANY(s) (a += (s) * csa)

DD_TARGET_AVX512
void DD_TILE(gemm_ukernel_avx512)(int64_t kc, real alpha, const real *restrict a,
                                  int64_t rsa, int64_t csa, const real *restrict b, real beta,
                                  real *restrict c, int64_t ldc, int rows, int cols) {
    VEC acc[MR][NV];
    DD_UNROLL for (int i = 0; i < MR; i++)
        DD_UNROLL for (int v = 0; v < NV; v++) acc[i][v] = VZERO();

    /* The tile of C is needed only at the end: start fetching it now. */
    DD_UNROLL for (int i = 0; i < MR; i++) {
        _mm_prefetch((const char *)(c + i * ldc), _MM_HINT_T0);
        _mm_prefetch((const char *)(c + i * ldc + NR - 1), _MM_HINT_T0);
    }

    /* Separate loops let the compiler fold constant strides into addresses. */
    if (rsa == 1 && csa == MR) {
        DD_DEPTH_LOOP(DD_AT_PACKED, DD_ADVANCE_PACKED);
    } else if (rsa == 1) {
        DD_DEPTH_LOOP(DD_AT_COLS, DD_ADVANCE_COLS);
    } else if (csa == 1) {
        const real *base[DD_BASES];
        DD_UNROLL for (int j = 0; j < DD_BASES; j++) base[j] = a + 3 * j * rsa;
        DD_DEPTH_LOOP(DD_AT_ROWS, DD_ADVANCE_ROWS);
    } else {
        DD_DEPTH_LOOP(DD_AT_ANY, DD_ADVANCE_ANY);
    }

    /* C = alpha * acc (+ beta * C); beta == 0 never reads C. */
    const VEC va = VSET1(alpha), vb = VSET1(beta);
    if (rows == MR && cols == NR) {
        if (beta == 0) {
            DD_UNROLL for (int i = 0; i < MR; i++)
                DD_UNROLL for (int v = 0; v < NV; v++)
                    VSTOREU(c + i * ldc + v * VL, VMUL(va, acc[i][v]));
        } else {
            DD_UNROLL for (int i = 0; i < MR; i++)
                DD_UNROLL for (int v = 0; v < NV; v++) {
                    real *cv = c + i * ldc + v * VL;
                    VSTOREU(cv, VFMA(va, acc[i][v], VMUL(vb, VLOADU(cv))));
                }
        }
        return;
    }
    /* Edge tile: masked-off lanes are neither read nor written, nor can they fault. */
    VMASK mask[NV];
    DD_UNROLL for (int v = 0; v < NV; v++) {
        const int n = cols - v * VL;
        mask[v] = (VMASK)(n >= VL ? ~0u : n <= 0 ? 0u : (1u << n) - 1u);
    }
    DD_UNROLL for (int i = 0; i < MR; i++) {
        if (i >= rows) break;
        DD_UNROLL for (int v = 0; v < NV; v++) {
            real *cv = c + i * ldc + v * VL;
            const VEC ab = VMUL(va, acc[i][v]);
            VMASK_STOREU(cv, mask[v],
                         beta == 0 ? ab : VFMA(vb, VMASKZ_LOADU(mask[v], cv), ab));
        }
    }
}

#undef NR
#undef DD_BASES
#undef DD_UNROLL
#undef DD_STEP
#undef DD_DEPTH_LOOP
#undef DD_AT_PACKED
#undef DD_ADVANCE_PACKED
#undef DD_AT_COLS
#undef DD_ADVANCE_COLS
#undef DD_AT_ROWS
#undef DD_ADVANCE_ROWS
#undef DD_AT_ANY
#undef DD_ADVANCE_ANY

/* This body consumes its tile parameters, so the next tile can define them afresh. */
#undef DD_TILE
#undef MR
#undef NV
