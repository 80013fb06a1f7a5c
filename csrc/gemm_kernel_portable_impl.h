/*
 * gemm_kernel_portable_impl.h - the plain C micro kernel, written once against
 * `real`, MR and NR (see the contract in gemm_internal.h); included by
 * gemm_kernel_portable.c for float and double. Runs on any CPU.
 */

void DD_FN(gemm_ukernel_portable)(int64_t kc, real alpha, const real *restrict a,
                                  int64_t rsa, int64_t csa, const real *restrict b,
                                  real beta, real *restrict c, int64_t ldc, int rows,
                                  int cols) {
    real acc[MR][NR] = {{0}};
    for (int64_t p = 0; p < kc; p++) {
        for (int i = 0; i < MR; i++) {
            const real ai = a[i * rsa + p * csa];
            for (int j = 0; j < NR; j++) acc[i][j] += ai * b[p * NR + j];
        }
    }
    for (int i = 0; i < rows; i++) {
        real *ci = c + i * ldc;
        if (beta == 0) { /* never read C: NaN there must not survive */
            for (int j = 0; j < cols; j++) ci[j] = alpha * acc[i][j];
        } else {
            for (int j = 0; j < cols; j++) ci[j] = alpha * acc[i][j] + beta * ci[j];
        }
    }
}

/* This body consumes its parameters, so the next precision can define them afresh. */
#undef real
#undef DD_FN
#undef MR
#undef NR
