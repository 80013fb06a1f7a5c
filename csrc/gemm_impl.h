/*
 * gemm_impl.h - the GEMM driver of one tile family, written once against
 * `real`; included by gemm.c for each family of each precision with
 * DD_TILE(name) (its names, which match its packing functions), MR/NR (micro
 * tile), MC/KC/NC (cache blocks), UKERNEL and PACK_BT (the micro-kernel and
 * B^T-packer pointer types). The five loops are described in gemm_internal.h.
 */

/* Everything one call shares between the threads of its team. */
typedef struct DD_TILE(gemm_call) {
    int64_t m, n, k;
    real alpha, beta;
    const real *a; /* op(A)(i, p) = a[i * ars + p * acs] */
    int64_t ars, acs;
    const real *b; /* op(B)(p, j) = b[p * brs + j * bcs] */
    int64_t brs, bcs;
    real *c;
    int64_t ldc;
    UKERNEL kernel;
    PACK_BT pack_bt;    /* vectorised packing of B^T, or NULL */
    int b_trans;        /* B is stored transposed (n x k) */
    int a_packed;       /* 1: pack op(A) blocks; 0: read op(A) in place */
    int64_t kc, nc;     /* balanced depth and column blocks */
    real *bpack;        /* kc x nc panel of op(B): shared, or in private ranges */
    real *apack;        /* one MC x kc block of op(A) (or one edge panel) per thread */
    int64_t apack_size; /* elements between two threads' A blocks */
} DD_TILE(gemm_call);

/* Packs cols columns of the current kc x nc block of op(B) into micro panels. */
static void DD_TILE(gemm_pack_b_cols)(const DD_TILE(gemm_call) *g, int64_t kc, int64_t cols,
                                      const real *src, real *dst) {
    if (g->pack_bt != NULL && g->b_trans) { /* a real transposition: worth vectorising */
        const int64_t full = cols / NR * NR;
        g->pack_bt(kc, full, NR, src, g->bcs, dst);
        if (full < cols)
            DD_TILE(gemm_pack_b)(kc, cols - full, src + full * g->bcs, 1, g->bcs,
                                 dst + full * kc);
        return;
    }
    DD_TILE(gemm_pack_b)(kc, cols, src, g->brs, g->bcs, dst);
}

/*
 * The work of thread `tid` of `nth`. Threads are laid out as ic_ways x jr_ways:
 * each owns a band of rows and a share of the NR panels. Every thread runs the
 * same jc / pc loops, so all reach the same barriers (if any).
 */
static void DD_TILE(gemm_thread)(const DD_TILE(gemm_call) *g, int tid, int nth, int ic_ways) {
    const int jr_ways = nth / ic_ways;
    const int ic_id = tid / jr_ways, jr_id = tid % jr_ways;
    const int64_t m = g->m, n = g->n, k = g->k;
    real *apack = g->apack + (int64_t)tid * g->apack_size;

    /* This thread's rows, in whole micro panels, and its balanced MC block. */
    const int64_t m_panels = dd_gemm_div_up(m, MR);
    const int64_t row0 = dd_gemm_share(m_panels, ic_ways, ic_id) * MR;
    const int64_t row1 = dd_gemm_min(m, dd_gemm_share(m_panels, ic_ways, ic_id + 1) * MR);
    const int64_t mc = dd_gemm_balanced_block(row1 - row0, MC, MR);

    for (int64_t jc = 0; jc < n; jc += g->nc) {
        const int64_t nc = dd_gemm_min(g->nc, n - jc);
        const int64_t n_panels = dd_gemm_div_up(nc, NR);
        for (int64_t pc = 0; pc < k; pc += g->kc) {
            const int64_t kc = dd_gemm_min(g->kc, k - pc);
            /* The first depth block applies beta; later ones accumulate. */
            const real beta = pc == 0 ? g->beta : (real)1;

            /* With one band of rows, each thread packs just the B panels it uses
               and never waits for another. With several bands, the bands share
               the B panel: the whole team packs it, a share each, and meets at a
               barrier before using it and before overwriting it. */
            const int shared_b = ic_ways > 1;
            const int64_t q0 = dd_gemm_share(n_panels, jr_ways, jr_id);
            const int64_t q1 = dd_gemm_share(n_panels, jr_ways, jr_id + 1);
            const int64_t qa = shared_b ? dd_gemm_share(n_panels, nth, tid) : q0;
            const int64_t qb = shared_b ? dd_gemm_share(n_panels, nth, tid + 1) : q1;
            /* Panel q is at bpanels + (q - qfirst) * NR * kc. A private range starts
               where it would with the largest kc, so that a thread on the next
               depth block never overwrites a neighbour still on this one. */
            const int64_t qfirst = shared_b ? 0 : q0;
            real *bpanels = g->bpack + qfirst * NR * g->kc;
            if (qa < qb) {
                DD_TILE(gemm_pack_b_cols)(g, kc, dd_gemm_min(qb * NR, nc) - qa * NR,
                                        g->b + pc * g->brs + (jc + qa * NR) * g->bcs,
                                        bpanels + (qa - qfirst) * NR * kc);
            }
            DD_GEMM_BARRIER(shared_b);

            for (int64_t ic = row0; ic < row1 && q0 < q1; ic += mc) {
                const int64_t mcur = dd_gemm_min(mc, row1 - ic);
                const int64_t mp = dd_gemm_div_up(mcur, MR), full = mcur / MR * MR;
                const real *ablk = g->a + ic * g->ars + pc * g->acs;
                if (g->a_packed)
                    DD_TILE(gemm_pack_a)(mcur, kc, ablk, g->ars, g->acs, apack);
                else if (full < mcur) /* in place, but the kernel needs MR rows */
                    DD_TILE(gemm_pack_a)(mcur - full, kc, ablk + full * g->ars, g->ars, g->acs,
                                       apack);

                /* jr outside ir: the B micro panel stays in L1, the A block in L2. */
                for (int64_t q = q0; q < q1; q++) {
                    const int64_t cols = dd_gemm_min(NR, nc - q * NR);
                    const real *bp = bpanels + (q - qfirst) * NR * kc;
                    for (int64_t ip = 0; ip < mp; ip++) {
                        const int64_t rows = dd_gemm_min(MR, mcur - ip * MR);
                        const real *ap = ablk + ip * MR * g->ars;
                        int64_t rsa = g->ars, csa = g->acs;
                        if (g->a_packed || rows < MR) {
                            ap = g->a_packed ? apack + ip * MR * kc : apack;
                            rsa = 1;
                            csa = MR;
                        }
                        real *ct = g->c + (ic + ip * MR) * g->ldc + jc + q * NR;
                        g->kernel(kc, g->alpha, ap, rsa, csa, bp, beta, ct, g->ldc, (int)rows,
                                  (int)cols);
                    }
                }
            }
            DD_GEMM_BARRIER(shared_b);
        }
    }
}

/*
 * C = alpha op(A) op(B) + beta C with this family's tile, the micro kernel
 * `kernel` and the B^T packer `pack_bt` (or NULL); m, n, k >= 1, alpha != 0.
 * Returns 0, having done nothing, when the scratch memory could not be had.
 */
static int DD_TILE(gemm_run)(dd_trans ta, dd_trans tb, int64_t m, int64_t n, int64_t k,
                             real alpha, const real *a, int64_t lda, const real *b, int64_t ldb,
                             real beta, real *c, int64_t ldc, UKERNEL kernel, PACK_BT pack_bt) {
    DD_TILE(gemm_call) g = {
        .m = m, .n = n, .k = k, .alpha = alpha, .beta = beta,
        .a = a, .ars = ta == DD_NO_TRANS ? lda : 1, .acs = ta == DD_NO_TRANS ? 1 : lda,
        .b = b, .brs = tb == DD_NO_TRANS ? ldb : 1, .bcs = tb == DD_NO_TRANS ? 1 : ldb,
        .c = c, .ldc = ldc,
        .kernel = kernel, .pack_bt = pack_bt,
        .b_trans = tb != DD_NO_TRANS,
        /* Rows of A are contiguous in depth and read well in place (no packing
           cost, which matters at MLP sizes). So is A^T while few column panels
           reuse it (each depth step of a micro panel is MR contiguous values);
           it is packed when many do, or when its rows are a multiple of 4 KiB
           apart and would all fall into one L1 set. */
        .a_packed = ta != DD_NO_TRANS && n > NR &&
                    (n > 4 * NR || lda * (int64_t)sizeof(real) % 4096 == 0),
        .kc = dd_gemm_balanced_block(k, KC, 1),
        .nc = dd_gemm_balanced_block(n, NC, NR),
    };

    const int64_t m_panels = dd_gemm_div_up(m, MR);
    const int nth = dd_gemm_team_size(m, n, k, m_panels * dd_gemm_div_up(n, NR));
    const int ic_ways = dd_gemm_ic_ways(nth, m_panels, dd_gemm_div_up(g.nc, NR));

    /* One allocation from the caller's scratch: the B panel, then one A block per thread. */
    const int64_t align = 64 / (int64_t)sizeof(real);
    const int64_t bpack_size = dd_gemm_round_up(g.kc * dd_gemm_round_up(g.nc, NR), align);
    g.apack_size = dd_gemm_round_up(g.kc * (g.a_packed ? dd_gemm_round_up(MC, MR) : MR), align);
    real *scratch = dd_gemm_thread_scratch(
        (size_t)(bpack_size + nth * g.apack_size) * sizeof(real));
    if (scratch == NULL) return 0;
    g.bpack = scratch;
    g.apack = scratch + bpack_size;

#ifdef _OPENMP
    if (nth > 1) {
        DD_PRAGMA(omp parallel num_threads(nth))
        {
            /* The runtime may grant fewer threads than asked for: lay out the team it gave. */
            const int team = omp_get_num_threads();
            const int ways = team == nth
                                 ? ic_ways
                                 : dd_gemm_ic_ways(team, m_panels, dd_gemm_div_up(g.nc, NR));
            DD_TILE(gemm_thread)(&g, omp_get_thread_num(), team, ways);
        }
        return 1;
    }
#endif
    /* Serial: no parallel region at all (even an inactive one costs a little). */
    DD_TILE(gemm_thread)(&g, 0, 1, ic_ways);
    return 1;
}

/* This body consumes its parameters, so the next family can define them afresh. */
#undef real
#undef DD_TILE
#undef UKERNEL
#undef PACK_BT
#undef MR
#undef NR
#undef MC
#undef KC
#undef NC
