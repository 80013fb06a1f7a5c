/*
 * test_optim.c - SGD, Adam, AdamW, RMSProp and Adagrad updates.
 *
 * Five steps on fixed gradient sequences are compared with a straightforward
 * scalar reference, written below from the algorithms in PyTorch's
 * torch.optim documentation (one element at a time, in double), for every
 * combination of options, in both precisions, with 1 and 2 threads. Golden
 * values produced by PyTorch itself pin the semantics, and each optimizer
 * must minimise sum (x - 3)^2 from 0 to within 1e-3.
 *
 * The typed tests (after #else) are written once against REAL and compiled
 * twice, for float and for double: the file includes itself.
 */
#ifndef REAL

#include "check.h"
#include "cdendrite.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

enum { STEPS = 5 };

typedef enum { OPT_SGD, OPT_ADAM, OPT_ADAMW, OPT_RMSPROP, OPT_ADAGRAD } opt_kind;
static const char *const opt_names[] = {"sgd", "adam", "adamw", "rmsprop", "adagrad"};

/* One optimizer with one set of options. */
typedef struct {
    opt_kind kind;
    dd_sgd_config sgd;
    dd_adam_config adam;
    dd_rmsprop_config rms;
    dd_adagrad_config ada;
    double init_acc; /* Adagrad's initial_accumulator_value */
} opt_case;

/* Per-element state of the reference. */
typedef struct {
    double p, buf, m, v, vmax, sq, ga, sum;
} ref_state;

/* ---- the reference: PyTorch's pseudo-code, scalar, in double ---- */

static void ref_sgd(const dd_sgd_config *c, int64_t t, double g, ref_state *s) {
    if (c->weight_decay != 0) g = g + c->weight_decay * s->p;
    if (c->momentum != 0) {
        if (t > 1) s->buf = c->momentum * s->buf + (1 - c->dampening) * g;
        else s->buf = g;
        if (c->nesterov) g = g + c->momentum * s->buf;
        else g = s->buf;
    }
    s->p = s->p - c->lr * g;
}

static void ref_adam(const dd_adam_config *c, int64_t t, double g, ref_state *s, int adamw) {
    if (adamw) s->p = s->p - c->lr * c->weight_decay * s->p;
    else if (c->weight_decay != 0) g = g + c->weight_decay * s->p;
    s->m = c->beta1 * s->m + (1 - c->beta1) * g;
    s->v = c->beta2 * s->v + (1 - c->beta2) * g * g;
    const double m_hat = s->m / (1 - pow(c->beta1, (double)t));
    double v_hat;
    if (c->amsgrad) {
        s->vmax = fmax(s->vmax, s->v);
        v_hat = s->vmax / (1 - pow(c->beta2, (double)t));
    } else {
        v_hat = s->v / (1 - pow(c->beta2, (double)t));
    }
    s->p = s->p - c->lr * m_hat / (sqrt(v_hat) + c->eps);
}

static void ref_rmsprop(const dd_rmsprop_config *c, double g, ref_state *s) {
    if (c->weight_decay != 0) g = g + c->weight_decay * s->p;
    s->sq = c->alpha * s->sq + (1 - c->alpha) * g * g;
    double v = s->sq;
    if (c->centered) {
        s->ga = c->alpha * s->ga + (1 - c->alpha) * g;
        v = v - s->ga * s->ga;
    }
    if (c->momentum > 0) {
        s->buf = c->momentum * s->buf + g / (sqrt(v) + c->eps);
        s->p = s->p - c->lr * s->buf;
    } else {
        s->p = s->p - c->lr * g / (sqrt(v) + c->eps);
    }
}

static void ref_adagrad(const dd_adagrad_config *c, int64_t t, double g, ref_state *s) {
    const double clr = c->lr / (1 + (double)(t - 1) * c->lr_decay);
    if (c->weight_decay != 0) g = g + c->weight_decay * s->p;
    s->sum = s->sum + g * g;
    s->p = s->p - clr * g / (sqrt(s->sum) + c->eps);
}

static void ref_step(const opt_case *oc, int64_t t, double g, ref_state *s) {
    switch (oc->kind) {
    case OPT_SGD: ref_sgd(&oc->sgd, t, g, s); break;
    case OPT_ADAM: ref_adam(&oc->adam, t, g, s, 0); break;
    case OPT_ADAMW: ref_adam(&oc->adam, t, g, s, 1); break;
    case OPT_RMSPROP: ref_rmsprop(&oc->rms, g, s); break;
    case OPT_ADAGRAD: ref_adagrad(&oc->ada, t, g, s); break;
    }
}

/* Every combination of options, per optimizer. */
static int all_cases(opt_case *out) {
    int k = 0;
    const double mom[] = {0, 0.9}, damp[] = {0, 0.25}, wd[] = {0, 0.01};
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++)
            for (int nes = 0; nes < 2; nes++)
                for (int w = 0; w < 2; w++)
                    out[k++] = (opt_case){.kind = OPT_SGD,
                                          .sgd = {0.1, mom[a], damp[b], wd[w], nes}};
    const double betas[][2] = {{0.9, 0.999}, {0.5, 0.6}};
    for (int kind = OPT_ADAM; kind <= OPT_ADAMW; kind++)
        for (int ams = 0; ams < 2; ams++)
            for (int w = 0; w < 2; w++)
                for (int b = 0; b < 2; b++)
                    out[k++] = (opt_case){.kind = (opt_kind)kind,
                                          .adam = {0.01, betas[b][0], betas[b][1], 1e-8,
                                                   w ? 0.1 : 0, ams}};
    const double alphas[] = {0.99, 0.9};
    for (int cen = 0; cen < 2; cen++)
        for (int m = 0; m < 2; m++)
            for (int w = 0; w < 2; w++)
                for (int al = 0; al < 2; al++)
                    out[k++] = (opt_case){.kind = OPT_RMSPROP,
                                          .rms = {0.01, alphas[al], 1e-8, w ? 0.05 : 0,
                                                  m ? 0.9 : 0, cen}};
    for (int d = 0; d < 2; d++)
        for (int w = 0; w < 2; w++)
            for (int init = 0; init < 2; init++)
                out[k++] = (opt_case){.kind = OPT_ADAGRAD,
                                      .ada = {0.1, d ? 0.1 : 0, w ? 0.1 : 0, 1e-10},
                                      .init_acc = init ? 0.1 : 0};
    return k;
}

static void describe(const opt_case *oc, char *buf, size_t size) {
    switch (oc->kind) {
    case OPT_SGD:
        snprintf(buf, size, "sgd mom=%g damp=%g nesterov=%d wd=%g", oc->sgd.momentum,
                 oc->sgd.dampening, oc->sgd.nesterov, oc->sgd.weight_decay);
        break;
    case OPT_ADAM:
    case OPT_ADAMW:
        snprintf(buf, size, "%s betas=(%g,%g) wd=%g amsgrad=%d", opt_names[oc->kind],
                 oc->adam.beta1, oc->adam.beta2, oc->adam.weight_decay, oc->adam.amsgrad);
        break;
    case OPT_RMSPROP:
        snprintf(buf, size, "rmsprop alpha=%g wd=%g mom=%g centered=%d", oc->rms.alpha,
                 oc->rms.weight_decay, oc->rms.momentum, oc->rms.centered);
        break;
    case OPT_ADAGRAD:
        snprintf(buf, size, "adagrad lr_decay=%g wd=%g init=%g", oc->ada.lr_decay,
                 oc->ada.weight_decay, oc->init_acc);
        break;
    }
}

#define REAL float
#define SFX(name) name##_s
#define DD(name) dd_s_##name
#define IS_DOUBLE 0
#include "test_optim.c"
#undef REAL
#undef SFX
#undef DD
#undef IS_DOUBLE

#define REAL double
#define SFX(name) name##_d
#define DD(name) dd_d_##name
#define IS_DOUBLE 1
#include "test_optim.c"

int main(void) {
    const int threads0 = dd_get_num_threads();
    opt_case cases[64];
    const int ncases = all_cases(cases);
    const int64_t sizes[] = {1, 37, 70001}; /* the last crosses the parallel threshold */
    for (int s = 0; s < 3; s++) {
        for (int i = 0; i < ncases; i++) {
            test_against_reference_s(&cases[i], sizes[s]);
            test_against_reference_d(&cases[i], sizes[s]);
        }
    }
    test_golden_s();
    test_golden_d();
    test_converges_s();
    test_converges_d();
    dd_set_num_threads(threads0);
    return dd_check_summary("optim");
}

#else /* typed tests */

/* The kernel's state for n elements; buffers an option does not use stay NULL. */
typedef struct {
    REAL *p, *buf, *m, *v, *vmax, *sq, *ga, *sum;
} SFX(state);

static REAL *SFX(zeros)(int64_t n) { return calloc((size_t)n, sizeof(REAL)); }

static void SFX(state_init)(SFX(state) *st, const opt_case *oc, int64_t n, const REAL *p0) {
    memset(st, 0, sizeof *st);
    st->p = SFX(zeros)(n);
    memcpy(st->p, p0, sizeof(REAL) * (size_t)n);
    switch (oc->kind) {
    case OPT_SGD:
        if (oc->sgd.momentum != 0) st->buf = SFX(zeros)(n);
        break;
    case OPT_ADAM:
    case OPT_ADAMW:
        st->m = SFX(zeros)(n);
        st->v = SFX(zeros)(n);
        if (oc->adam.amsgrad) st->vmax = SFX(zeros)(n);
        break;
    case OPT_RMSPROP:
        st->sq = SFX(zeros)(n);
        if (oc->rms.centered) st->ga = SFX(zeros)(n);
        if (oc->rms.momentum > 0) st->buf = SFX(zeros)(n);
        break;
    case OPT_ADAGRAD:
        st->sum = SFX(zeros)(n);
        for (int64_t i = 0; i < n; i++) st->sum[i] = (REAL)oc->init_acc;
        break;
    }
}

static void SFX(state_free)(SFX(state) *st) {
    free(st->p);
    free(st->buf);
    free(st->m);
    free(st->v);
    free(st->vmax);
    free(st->sq);
    free(st->ga);
    free(st->sum);
}

static void SFX(kernel_step)(const opt_case *oc, int64_t n, int64_t t, const REAL *g,
                             SFX(state) *st) {
    switch (oc->kind) {
    case OPT_SGD: DD(sgd_update)(n, &oc->sgd, t, g, st->p, st->buf); break;
    case OPT_ADAM: DD(adam_update)(n, &oc->adam, t, g, st->p, st->m, st->v, st->vmax); break;
    case OPT_ADAMW: DD(adamw_update)(n, &oc->adam, t, g, st->p, st->m, st->v, st->vmax); break;
    case OPT_RMSPROP: DD(rmsprop_update)(n, &oc->rms, g, st->p, st->sq, st->ga, st->buf); break;
    case OPT_ADAGRAD: DD(adagrad_update)(n, &oc->ada, t, g, st->p, st->sum); break;
    }
}

/*
 * Compares one kernel buffer with the matching reference field; returns
 * mismatches. Momentum buffers can cancel down to values far smaller than
 * their terms, so the absolute tolerance scales with the largest value.
 */
static int SFX(compare_buf)(const REAL *got, const ref_state *ref, size_t field, int64_t n,
                            const char *what, const char *name) {
    if (!got) return 0;
#define REF_FIELD(i) (*(const double *)((const char *)&ref[i] + field))
    double scale = 1;
    for (int64_t i = 0; i < n; i++) scale = fmax(scale, fabs(REF_FIELD(i)));
#if IS_DOUBLE
    const double atol = 1e-13 * scale, rtol = 1e-12;
#else
    const double atol = 2e-6 * scale, rtol = 2e-6;
#endif
    int bad = 0;
    for (int64_t i = 0; i < n; i++) {
        const double want = REF_FIELD(i);
        if (!dd_close(got[i], want, atol, rtol)) {
            if (!bad++)
                fprintf(stderr, "  %s %s [%lld]: %.17g vs %.17g\n", what, name, (long long)i,
                        (double)got[i], want);
        }
    }
    return bad;
#undef REF_FIELD
}

/* STEPS updates on a fixed gradient sequence, kernel vs reference, 1 and 2 threads. */
static void SFX(test_against_reference)(const opt_case *oc, int64_t n) {
    char what[160];
    describe(oc, what, sizeof what);
    snprintf(what + strlen(what), sizeof what - strlen(what), " n=%lld %s", (long long)n,
             IS_DOUBLE ? "f64" : "f32");
    dd_rng rng = {(uint64_t)(n * 1000 + oc->kind)};
    REAL *p0 = SFX(zeros)(n);
    REAL *g = SFX(zeros)(n * STEPS);
    for (int64_t i = 0; i < n; i++) p0[i] = (REAL)dd_rand_uniform(&rng, -1, 1);
    if (n > 2) p0[2] = 0;
    for (int64_t i = 0; i < n * STEPS; i++)
        g[i] = (i % n) % 7 == 3 ? 0 : (REAL)dd_rand_uniform(&rng, -1, 1); /* element 3: always 0 */
    /* the reference */
    ref_state *ref = calloc((size_t)n, sizeof(ref_state));
    for (int64_t i = 0; i < n; i++) {
        ref[i].p = p0[i];
        ref[i].sum = (double)(REAL)oc->init_acc;
    }
    for (int t = 1; t <= STEPS; t++)
        for (int64_t i = 0; i < n; i++) ref_step(oc, t, g[(t - 1) * n + i], &ref[i]);
    /* the kernel, with 1 and 2 threads */
    SFX(state) st[2];
    for (int th = 0; th < 2; th++) {
        dd_set_num_threads(th + 1);
        SFX(state_init)(&st[th], oc, n, p0);
        for (int t = 1; t <= STEPS; t++) SFX(kernel_step)(oc, n, t, g + (t - 1) * n, &st[th]);
    }
    int bad = 0;
    bad += SFX(compare_buf)(st[0].p, ref, offsetof(ref_state, p), n, what, "param");
    bad += SFX(compare_buf)(st[0].buf, ref, offsetof(ref_state, buf), n, what, "momentum_buf");
    bad += SFX(compare_buf)(st[0].m, ref, offsetof(ref_state, m), n, what, "m");
    bad += SFX(compare_buf)(st[0].v, ref, offsetof(ref_state, v), n, what, "v");
    bad += SFX(compare_buf)(st[0].vmax, ref, offsetof(ref_state, vmax), n, what, "vmax");
    bad += SFX(compare_buf)(st[0].sq, ref, offsetof(ref_state, sq), n, what, "square_avg");
    bad += SFX(compare_buf)(st[0].ga, ref, offsetof(ref_state, ga), n, what, "grad_avg");
    bad += SFX(compare_buf)(st[0].sum, ref, offsetof(ref_state, sum), n, what, "state_sum");
    CHECK(bad == 0, "%s: %d values differ from the reference", what, bad);
    CHECK(memcmp(st[0].p, st[1].p, sizeof(REAL) * (size_t)n) == 0, "%s: 1 and 2 threads differ",
          what);
    /* an element whose gradient is always 0 moves only through weight decay */
    if (n > 3) {
        const int decays = oc->sgd.weight_decay != 0 || oc->adam.weight_decay != 0 ||
                           oc->rms.weight_decay != 0 || oc->ada.weight_decay != 0;
        CHECK(decays || st[0].p[3] == p0[3], "%s: zero gradient moved the parameter", what);
    }
    SFX(state_free)(&st[0]);
    SFX(state_free)(&st[1]);
    free(ref);
    free(p0);
    free(g);
}

/*
 * Golden values from PyTorch 2.15.0: torch.optim.<Optimizer>(foreach=False) on a
 * float64 parameter, 5 steps with p.grad set to the rows of G below.
 */
static void SFX(test_golden)(void) {
    static const double G[STEPS][4] = {{0.1, -0.2, 0.3, 0.0},
                                       {0.5, 0.25, -1.0, 0.0},
                                       {-0.75, 0.125, 2.0, 0.0},
                                       {0.0, -0.5, 0.5, 0.0},
                                       {1.0, 1.0, -0.25, 0.0}};
    static const double X0[4] = {0.5, -1.25, 2.0, 0.0};
    struct {
        const char *name;
        opt_case oc;
        double want[4];
    } cases[] = {
        {"SGD(lr=0.1, momentum=0.9, dampening=0.2, weight_decay=0.01)",
         {.kind = OPT_SGD, .sgd = {0.1, 0.9, 0.2, 0.01, 0}},
         {0.39867687741513813, -1.253970118288951, 1.6403960823627646, 0.0}},
        {"SGD(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01)",
         {.kind = OPT_SGD, .sgd = {0.1, 0.9, 0, 0.01, 1}},
         {0.30852198781413237, -1.3354263160075823, 1.460843815351032, 0.0}},
        {"Adam(lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1, amsgrad=True)",
         {.kind = OPT_ADAM, .adam = {0.01, 0.9, 0.999, 1e-8, 0.1, 1}},
         {0.4778294976908434, -1.2285047876105684, 1.9775540874834963, 0.0}},
        {"Adam(lr=0.01, betas=(0.5, 0.6), eps=1e-8)",
         {.kind = OPT_ADAM, .adam = {0.01, 0.5, 0.6, 1e-8, 0, 0}},
         {0.48201634475766, -1.2504051632708226, 1.983057516644489, 0.0}},
        {"AdamW(lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1)",
         {.kind = OPT_ADAMW, .adam = {0.01, 0.9, 0.999, 1e-8, 0.1, 0}},
         {0.4784369418947866, -1.2390238695696036, 1.974131249801595, 0.0}},
        {"AdamW(lr=0.01, betas=(0.5, 0.6), eps=1e-8, weight_decay=0.1, amsgrad=True)",
         {.kind = OPT_ADAMW, .adam = {0.01, 0.5, 0.6, 1e-8, 0.1, 1}},
         {0.47893504330430037, -1.2434725654199623, 1.9750430511778878, 0.0}},
        {"RMSprop(lr=0.01, alpha=0.9, eps=1e-8, weight_decay=0.05, momentum=0.5, centered=True)",
         {.kind = OPT_RMSPROP, .rms = {0.01, 0.9, 1e-8, 0.05, 0.5, 1}},
         {0.3917941433851019, -1.216044898191883, 1.9282338703042547, 0.0}},
        {"RMSprop(lr=0.01, alpha=0.99, eps=1e-8)",
         {.kind = OPT_RMSPROP, .rms = {0.01, 0.99, 1e-8, 0, 0, 0}},
         {0.31029337284130715, -1.267820368459635, 1.89617840822168, 0.0}},
        {"Adagrad(lr=0.1, lr_decay=0.1, weight_decay=0.1, initial_accumulator_value=0.1, "
         "eps=1e-10)",
         {.kind = OPT_ADAGRAD, .ada = {0.1, 0.1, 0.1, 1e-10}, .init_acc = 0.1},
         {0.3862278720073919, -1.1969874506889624, 1.8935839837767334, 0.0}},
    };
#if IS_DOUBLE
    const double atol = 1e-15, rtol = 1e-13;
#else
    const double atol = 1e-6, rtol = 1e-6;
#endif
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        REAL p0[4];
        for (int i = 0; i < 4; i++) p0[i] = (REAL)X0[i];
        SFX(state) st;
        SFX(state_init)(&st, &cases[c].oc, 4, p0);
        for (int t = 1; t <= STEPS; t++) {
            REAL g[4];
            for (int i = 0; i < 4; i++) g[i] = (REAL)G[t - 1][i];
            SFX(kernel_step)(&cases[c].oc, 4, t, g, &st);
        }
        int bad = 0;
        for (int i = 0; i < 4; i++)
            if (!dd_close(st.p[i], cases[c].want[i], atol, rtol)) bad++;
        CHECK(bad == 0, "golden %s %s: %.17g %.17g %.17g %.17g", cases[c].name,
              IS_DOUBLE ? "f64" : "f32", (double)st.p[0], (double)st.p[1], (double)st.p[2],
              (double)st.p[3]);
        SFX(state_free)(&st);
    }
}

/* Minimise sum (x - 3)^2 from x = 0: every optimizer gets within 1e-3. */
static void SFX(test_converges)(void) {
    const opt_case cases[] = {
        {.kind = OPT_SGD, .sgd = {0.1, 0, 0, 0, 0}},
        {.kind = OPT_SGD, .sgd = {0.05, 0.9, 0, 0, 1}},
        {.kind = OPT_ADAM, .adam = {0.1, 0.9, 0.999, 1e-8, 0, 0}},
        {.kind = OPT_ADAM, .adam = {0.1, 0.9, 0.999, 1e-8, 0, 1}},
        {.kind = OPT_ADAMW, .adam = {0.1, 0.9, 0.999, 1e-8, 1e-4, 0}},
        {.kind = OPT_RMSPROP, .rms = {0.01, 0.99, 1e-8, 0, 0.9, 0}},
        {.kind = OPT_RMSPROP, .rms = {0.01, 0.99, 1e-8, 0, 0.9, 1}},
        {.kind = OPT_ADAGRAD, .ada = {1.0, 0, 0, 1e-10}},
    };
    const int steps = 2000;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        char what[160];
        describe(&cases[c], what, sizeof what);
        const REAL p0[3] = {0, 0, 0};
        SFX(state) st;
        SFX(state_init)(&st, &cases[c], 3, p0);
        for (int t = 1; t <= steps; t++) {
            REAL g[3];
            for (int i = 0; i < 3; i++) g[i] = 2 * (st.p[i] - 3);
            SFX(kernel_step)(&cases[c], 3, t, g, &st);
        }
        double worst = 0;
        for (int i = 0; i < 3; i++) worst = fmax(worst, fabs((double)st.p[i] - 3));
        CHECK(worst < 1e-3, "%s %s: |x - 3| = %g after %d steps", what,
              IS_DOUBLE ? "f64" : "f32", worst, steps);
        SFX(state_free)(&st);
    }
}

#endif
