/*
 * bench_fused.c - the fused linear layer against the chain of kernels it
 * replaces, for the MLP's layers at batch 128 (784 -> 128 -> 64 -> 10) with
 * ReLU, float: forward (GEMM + add_row_bias + act_forward against
 * dd_s_linear_forward, with and without keeping Z) and the backward's
 * element-wise pass (act_backward + col_sums against dd_s_linear_backward_act).
 * Median of many runs, each run one call. Built with -DDENDRITE_BUILD_BENCH=ON;
 * not run by ctest.
 *
 * Usage: bench_fused [threads, default 1] [runs, default 2001]
 */
#include "cdendrite.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static float *rand_buf(int64_t n, unsigned *state) {
    float *x = malloc((size_t)n * sizeof *x);
    for (int64_t i = 0; i < n; i++) {
        *state = *state * 1664525u + 1013904223u;
        x[i] = (float)((double)(*state >> 8) / 16777216.0 * 2.0 - 1.0);
    }
    return x;
}

enum { UNFUSED, FUSED, FUSED_NO_Z, BWD_UNFUSED, BWD_FUSED };

static void step(int which, int64_t m, int64_t n, int64_t k, const float *x, const float *w,
                 const float *b, float *z, float *a, const float *g, float *dz, float *db) {
    switch (which) {
    case UNFUSED:
        dd_sgemm(DD_NO_TRANS, DD_TRANS, m, n, k, 1, x, k, w, k, 0, z, n);
        dd_s_add_row_bias(m, n, z, b, z);
        dd_s_act_forward(DD_ACT_RELU, NULL, m * n, z, a);
        break;
    case FUSED: dd_s_linear_forward(DD_ACT_RELU, NULL, m, n, k, x, w, b, z, a); break;
    case FUSED_NO_Z: dd_s_linear_forward(DD_ACT_RELU, NULL, m, n, k, x, w, b, NULL, a); break;
    case BWD_UNFUSED:
        dd_s_act_backward(DD_ACT_RELU, NULL, m * n, z, a, g, dz);
        dd_s_col_sums(m, n, dz, db);
        break;
    default: dd_s_linear_backward_act(DD_ACT_RELU, NULL, m, n, z, a, g, dz, db); break;
    }
}

int main(int argc, char **argv) {
    const int threads = argc > 1 ? atoi(argv[1]) : 1;
    const int runs = argc > 2 ? atoi(argv[2]) : 2001;
    dd_set_num_threads(threads);
    printf("bench_fused: %d thread(s), median of %d runs, %s, gemm %s\n", dd_get_num_threads(),
           runs, dd_build_info(), dd_gemm_kernel_name());
    static const int64_t SH[3][3] = {{128, 128, 784}, {128, 64, 128}, {128, 10, 64}};
    static const char *NAMES[5] = {"gemm+bias+relu", "linear_forward", "linear_forward z=NULL",
                                   "relu_bwd+col_sums", "linear_backward_act"};
    unsigned state = 12345;
    double total[5] = {0};
    printf("%-16s %-22s %10s\n", "layer", "kernels", "median us");
    for (int s = 0; s < 3; s++) {
        const int64_t m = SH[s][0], n = SH[s][1], k = SH[s][2];
        float *x = rand_buf(m * k, &state), *w = rand_buf(n * k, &state), *b = rand_buf(n, &state);
        float *z = rand_buf(m * n, &state), *a = rand_buf(m * n, &state);
        float *g = rand_buf(m * n, &state), *dz = rand_buf(m * n, &state), *db = rand_buf(n, &state);
        double *t = malloc((size_t)runs * sizeof *t);
        double med[5];
        /* the variants interleaved run by run, so drifts of the clock hit all alike */
        double *all[5];
        for (int v = 0; v < 5; v++) all[v] = malloc((size_t)runs * sizeof(double));
        for (int r = -50; r < runs; r++)
            for (int v = 0; v < 5; v++) {
                const double t0 = now_ns();
                step(v, m, n, k, x, w, b, z, a, g, dz, db);
                const double dt = now_ns() - t0;
                if (r >= 0) all[v][r] = dt;
            }
        for (int v = 0; v < 5; v++) {
            qsort(all[v], (size_t)runs, sizeof(double), cmp_double);
            med[v] = all[v][runs / 2] * 1e-3;
            total[v] += med[v];
            char layer[32];
            snprintf(layer, sizeof layer, "%lldx%lld<-%lld", (long long)m, (long long)n,
                     (long long)k);
            printf("%-16s %-22s %10.2f\n", layer, NAMES[v], med[v]);
            free(all[v]);
        }
        printf("%-16s forward speedup %.3fx (z=NULL %.3fx), backward pass speedup %.3fx\n", "",
               med[UNFUSED] / med[FUSED], med[UNFUSED] / med[FUSED_NO_Z],
               med[BWD_UNFUSED] / med[BWD_FUSED]);
        free(t); free(x); free(w); free(b); free(z); free(a); free(g); free(dz); free(db);
    }
    printf("all three layers: forward %.2f -> %.2f us (%.3fx; z=NULL %.2f us, %.3fx), "
           "backward pass %.2f -> %.2f us (%.3fx)\n",
           total[UNFUSED], total[FUSED], total[UNFUSED] / total[FUSED], total[FUSED_NO_Z],
           total[UNFUSED] / total[FUSED_NO_Z], total[BWD_UNFUSED], total[BWD_FUSED],
           total[BWD_UNFUSED] / total[BWD_FUSED]);
    return 0;
}
