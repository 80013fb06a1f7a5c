/*
 * softmax_impl.h - row softmax and log-softmax, written once against `real`.
 * Included twice by softmax.c, which defines real, DD_FN, DD_M and the vector
 * hooks: DD_VMATH (the dd_vmath table, NULL for double) and DD_VM_ROWS, which
 * runs one of its row kernels on a block of rows (float only; vmath_rows_impl.h
 * follows the formulas here).
 *
 * Every row subtracts its max first, so logits like 1000 or 12345 are exact;
 * -inf entries give 0 (log: -inf) as long as the row has a finite entry; a
 * row of all -inf, or with +inf or NaN, gives NaN, as in PyTorch. Sums and
 * dot products run in double. In place (output == an input) is allowed,
 * except in softmax_jacobian_backward.
 */

/* Scratch for log-softmax passes that must not overwrite their input: on the stack. */
#define DD_SM_TILE 256

/* Row max over four chains (a single chain is bound by compare latency). A NaN
 * may be skipped here: it still turns the whole row into NaN through the sum. */
static real DD_FN(row_max)(int64_t c, const real *z) {
    real m[4] = {z[0], z[0], z[0], z[0]};
    int64_t j = 1;
    for (; j + 4 <= c; j += 4)
        for (int k = 0; k < 4; k++) m[k] = z[j + k] > m[k] ? z[j + k] : m[k];
    for (; j < c; j++) m[0] = z[j] > m[0] ? z[j] : m[0];
    for (int k = 1; k < 4; k++) m[0] = m[k] > m[0] ? m[k] : m[0];
    return m[0];
}

/* y = exp(x - shift) over n values; returns the sum in double. y may equal x. */
static double DD_FN(exp_shift_sum)(int64_t n, const real *x, real shift, real *y) {
    double s = 0;
    for (int64_t j = 0; j < n; j++) {
        const real e = DD_M(exp)(x[j] - shift);
        y[j] = e;
        s += e;
    }
    return s;
}

/* sum_j exp(x_j - shift) without writing anything. */
static double DD_FN(sum_exp)(int64_t n, const real *x, real shift) {
    real tile[DD_SM_TILE];
    double s = 0;
    for (int64_t j = 0; j < n; j += DD_SM_TILE) {
        const int64_t len = n - j < DD_SM_TILE ? n - j : DD_SM_TILE;
        s += DD_FN(exp_shift_sum)(len, x + j, shift, tile);
    }
    return s;
}

static void DD_FN(softmax_row)(int64_t c, const real *z, real *a) {
    const real m = DD_FN(row_max)(c, z);
    const real inv = (real)(1.0 / DD_FN(exp_shift_sum)(c, z, m, a));
    for (int64_t j = 0; j < c; j++) a[j] *= inv;
}

static void DD_FN(log_softmax_row)(int64_t c, const real *z, real *l) {
    const real m = DD_FN(row_max)(c, z);
    /* (z - m) - lse, not z - (m + lse): the second rounds to an ulp of the largest
     * logit, which is far coarser than L itself when the logits are large (12345). */
    const double lse = log(DD_FN(sum_exp)(c, z, m));
    for (int64_t j = 0; j < c; j++) l[j] = (real)(((double)z[j] - (double)m) - lse);
}

/* sum_j x_j y_j (y NULL: sum_j x_j) in double, over four chains: one chain is
 * bound by the latency of the add. */
static double DD_FN(dot_d)(int64_t c, const real *x, const real *y) {
    double s[4] = {0, 0, 0, 0};
    int64_t j = 0;
    for (; j + 4 <= c; j += 4)
        for (int k = 0; k < 4; k++) s[k] += (double)x[j + k] * (y ? (double)y[j + k] : 1.0);
    for (; j < c; j++) s[0] += (double)x[j] * (y ? (double)y[j] : 1.0);
    return (s[0] + s[1]) + (s[2] + s[3]);
}

static void DD_FN(softmax_backward_row)(int64_t c, const real *a, const real *g, real *d) {
    const real dot = (real)DD_FN(dot_d)(c, g, a);
    for (int64_t j = 0; j < c; j++) d[j] = a[j] * (g[j] - dot);
}

static void DD_FN(log_softmax_backward_row)(int64_t c, const real *l, const real *g, real *d) {
    const real s = (real)DD_FN(dot_d)(c, g, NULL);
    real tile[DD_SM_TILE];
    for (int64_t j = 0; j < c; j += DD_SM_TILE) {
        const int64_t len = c - j < DD_SM_TILE ? c - j : DD_SM_TILE;
        DD_FN(exp_shift_sum)(len, l + j, 0, tile); /* tile = softmax = exp(L) */
        for (int64_t k = 0; k < len; k++) d[j + k] = g[j + k] - tile[k] * s;
    }
}

/* Rows in parallel once the whole call is worth a team. */
#define DD_SM_PARALLEL(n, work) ((n) > 1 && (work) >= DD_ELEMENTWISE_PARALLEL_MIN)

/*
 * The four row kernels run on blocks of whole rows, about 8K values each:
 * threads take whole blocks, and the vector kernels are called once per
 * block, not once per short row. Inside the loop: block b, rows [i0, i0 + rows)
 * starting at value o, and vm (NULL: the portable rows).
 */
#define DD_SM_BLOCK ((int64_t)8192)
#define DD_SM_FOR_BLOCKS(n, c)                                                          \
    const dd_vmath *const vm = DD_VMATH;                                                \
    const int64_t br = (c) >= DD_SM_BLOCK ? 1 : DD_SM_BLOCK / (c);                      \
    const int64_t blocks = ((n) + br - 1) / br;                                         \
    DD_PARALLEL_FOR_IF(DD_SM_PARALLEL(blocks, (n) * (c)))                               \
    for (int64_t b = 0; b < blocks; b++)
#define DD_SM_BLOCK_RANGE(n, c)                                                         \
    const int64_t i0 = b * br, rows = (n) - i0 < br ? (n) - i0 : br, o = i0 * (c)

void DD_FN(softmax_forward)(int64_t n, int64_t c, const real *z, real *a) {
    if (n <= 0 || c <= 0) return;
    DD_SM_FOR_BLOCKS(n, c) {
        DD_SM_BLOCK_RANGE(n, c);
        if (vm) DD_VM_ROWS(vm, softmax_rows, rows, c, z + o, a + o);
        else for (int64_t i = o; i < o + rows * c; i += c) DD_FN(softmax_row)(c, z + i, a + i);
    }
}

void DD_FN(softmax_backward)(int64_t n, int64_t c, const real *a, const real *dLdA, real *dLdZ) {
    if (n <= 0 || c <= 0) return;
    DD_SM_FOR_BLOCKS(n, c) {
        DD_SM_BLOCK_RANGE(n, c);
        if (vm) DD_VM_ROWS(vm, softmax_backward_rows, rows, c, a + o, dLdA + o, dLdZ + o);
        else for (int64_t i = o; i < o + rows * c; i += c)
            DD_FN(softmax_backward_row)(c, a + i, dLdA + i, dLdZ + i);
    }
}

void DD_FN(log_softmax_forward)(int64_t n, int64_t c, const real *z, real *l) {
    if (n <= 0 || c <= 0) return;
    DD_SM_FOR_BLOCKS(n, c) {
        DD_SM_BLOCK_RANGE(n, c);
        if (vm) DD_VM_ROWS(vm, log_softmax_rows, rows, c, z + o, l + o);
        else for (int64_t i = o; i < o + rows * c; i += c)
            DD_FN(log_softmax_row)(c, z + i, l + i);
    }
}

void DD_FN(log_softmax_backward)(int64_t n, int64_t c, const real *l, const real *dLdL, real *dLdZ) {
    if (n <= 0 || c <= 0) return;
    DD_SM_FOR_BLOCKS(n, c) {
        DD_SM_BLOCK_RANGE(n, c);
        if (vm) DD_VM_ROWS(vm, log_softmax_backward_rows, rows, c, l + o, dLdL + o, dLdZ + o);
        else for (int64_t i = o; i < o + rows * c; i += c)
            DD_FN(log_softmax_backward_row)(c, l + i, dLdL + i, dLdZ + i);
    }
}

/* J[j][k] = a_j (delta_jk - a_k): the diagonal as a_j (1 - a_j), no cancellation. */
void DD_FN(softmax_jacobian)(int64_t n, int64_t c, const real *a, real *jac) {
    if (n <= 0 || c <= 0) return;
    DD_PARALLEL_FOR_IF(DD_SM_PARALLEL(n, n * c * c))
    for (int64_t i = 0; i < n; i++) {
        const real *ai = a + i * c;
        real *J = jac + i * c * c;
        for (int64_t j = 0; j < c; j++)
            for (int64_t k = 0; k < c; k++)
                J[j * c + k] = (real)((double)ai[j] * ((j == k ? 1.0 : 0.0) - (double)ai[k]));
    }
}

/* dLdZ[k] = sum_j J[j][k] dLdA[j], over column blocks so J is read row by row.
 * The one kernel here that is not in place: dLdZ must not overlap dLdA. */
#define DD_SM_COLS 64
void DD_FN(softmax_jacobian_backward)(int64_t n, int64_t c, const real *jac, const real *dLdA,
                                      real *dLdZ) {
    if (n <= 0 || c <= 0) return;
    DD_PARALLEL_FOR_IF(DD_SM_PARALLEL(n, n * c * c))
    for (int64_t i = 0; i < n; i++) {
        const real *J = jac + i * c * c, *g = dLdA + i * c;
        real *d = dLdZ + i * c;
        double acc[DD_SM_COLS];
        for (int64_t k0 = 0; k0 < c; k0 += DD_SM_COLS) {
            const int64_t kn = c - k0 < DD_SM_COLS ? c - k0 : DD_SM_COLS;
            for (int64_t k = 0; k < kn; k++) acc[k] = 0;
            for (int64_t j = 0; j < c; j++) {
                const double gj = g[j];
                const real *Jj = J + j * c + k0;
                for (int64_t k = 0; k < kn; k++) acc[k] += Jj[k] * gj;
            }
            for (int64_t k = 0; k < kn; k++) d[k0 + k] = (real)acc[k];
        }
    }
}

#undef DD_SM_TILE
#undef DD_SM_PARALLEL
#undef DD_SM_COLS
#undef DD_SM_BLOCK
#undef DD_SM_FOR_BLOCKS
#undef DD_SM_BLOCK_RANGE

/* This body consumes its parameters, so the next precision can define them afresh. */
#undef real
#undef DD_FN
#undef DD_M
#undef DD_VMATH
#undef DD_VM_ROWS
