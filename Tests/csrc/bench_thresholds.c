/*
 * bench_thresholds.c - measures where a second thread starts to pay for each
 * family of kernels: every kernel serial against every kernel on 2 threads
 * (thresholds.h, DD_BENCH_THRESHOLDS), at sizes 2^10 .. 2^20 values (GEMM: m = n = k
 * from 16 to 160). Prints the median time of each and the ratio; the first
 * size from which 2 threads stay faster is the crossover recorded in
 * thresholds.h. Built with -DDENDRITE_BUILD_BENCH=ON; not run by ctest.
 *
 * Usage: bench_thresholds [repeats per size, default 31]
 */
#include "cdendrite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int dd_bench_threshold_mode = 0;

static double now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec * 1e-3;
}

static int cmp_double(const void *a, const void *b) {
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef void (*kernel_fn)(int64_t size);

static float *X, *Y, *Z, *W, *B;
static int32_t *LABELS;
static volatile double SINK;

static void k_affine(int64_t n) { dd_s_affine(n, 1.5f, 0.25f, X, Y); }
static void k_binary(int64_t n) { dd_s_binary(DD_BINARY_MUL, n / 256, 256, X, 256, 1, Y, 0, 1, Z); }
static void k_add_row_bias(int64_t n) { dd_s_add_row_bias(n / 128, 128, X, B, Y); }
static void k_adam(int64_t n) {
    static const dd_adam_config cfg = {1e-3, 0.9, 0.999, 1e-8, 0, 0};
    dd_s_adam_update(n, &cfg, 3, X, Y, Z, W, NULL);
}
static void k_sum(int64_t n) { SINK = dd_s_sum(n, X); }
static void k_col_sums(int64_t n) { dd_s_col_sums(n / 256, 256, X, Y); }
static void k_softmax10(int64_t n) { dd_s_softmax_forward(n / 10, 10, X, Y); }
static void k_softmax1000(int64_t n) { dd_s_softmax_forward(n / 1000, 1000, X, Y); }
static void k_cross_entropy10(int64_t n) {
    float loss;
    dd_s_cross_entropy_loss(DD_REDUCE_MEAN, n / 10, 10, X, LABELS, &loss, Y);
}
static void k_relu(int64_t n) { dd_s_act_forward(DD_ACT_RELU, NULL, n, X, Y); }
static void k_sigmoid(int64_t n) { dd_s_act_forward(DD_ACT_SIGMOID, NULL, n, X, Y); }
static void k_gelu(int64_t n) { dd_s_act_forward(DD_ACT_GELU, NULL, n, X, Y); }
static void k_relu_bwd_db(int64_t n) {
    dd_s_linear_backward_act(DD_ACT_RELU, NULL, n / 128, 128, X, X, Y, Z, B);
}
static void k_gemm(int64_t s) {
    dd_sgemm(DD_NO_TRANS, DD_TRANS, s, s, s, 1, X, s, Y, s, 0, Z, s);
}

/* Median over `reps` samples of one call, each sample long enough to time (>= 100 us). */
static double median_us(kernel_fn f, int64_t size, int reps) {
    double t0 = now_us();
    int inner = 0;
    do {
        f(size);
        inner++;
    } while (now_us() - t0 < 100.0);
    double *t = malloc((size_t)reps * sizeof *t);
    for (int r = 0; r < reps; r++) {
        const double s = now_us();
        for (int i = 0; i < inner; i++) f(size);
        t[r] = (now_us() - s) / inner;
    }
    qsort(t, (size_t)reps, sizeof *t, cmp_double);
    const double med = t[reps / 2];
    free(t);
    return med;
}

static void run(const char *name, kernel_fn f, int64_t lo, int64_t hi, int gemm, int reps) {
    printf("\n%s\n%10s %12s %12s %8s\n", name, gemm ? "m=n=k" : "values", "serial us",
           "2 thr us", "ratio");
    int64_t crossover = -1;
    for (int64_t s = lo; s <= hi; s = gemm ? s + 16 : s * 2) {
        dd_bench_threshold_mode = 1;
        dd_set_num_threads(1);
        const double ts = median_us(f, s, reps);
        dd_bench_threshold_mode = 2;
        dd_set_num_threads(2);
        const double tp = median_us(f, s, reps);
        printf("%10lld %12.2f %12.2f %8.2f\n", (long long)s, ts, tp, ts / tp);
        if (tp < ts && crossover < 0) crossover = s;
        if (tp >= ts) crossover = -1; /* must stay faster from there on */
    }
    if (crossover < 0) printf("  crossover: none up to %lld\n", (long long)hi);
    else if (gemm) printf("  crossover: m=n=k=%lld (m n k = %lld)\n", (long long)crossover,
                          (long long)(crossover * crossover * crossover));
    else printf("  crossover: %lld values\n", (long long)crossover);
}

int main(int argc, char **argv) {
    const int reps = argc > 1 ? atoi(argv[1]) : 31;
    const int64_t max = (int64_t)1 << 20;
    X = malloc((size_t)max * sizeof *X);
    Y = malloc((size_t)max * sizeof *Y);
    Z = malloc((size_t)max * sizeof *Z);
    W = malloc((size_t)max * sizeof *W);
    B = malloc(4096 * sizeof *B);
    LABELS = malloc((size_t)max * sizeof *LABELS);
    for (int64_t i = 0; i < max; i++) {
        X[i] = (float)((i * 7919) % 2001 - 1000) / 300.0f;
        Y[i] = (float)((i * 104729) % 2001 - 1000) / 500.0f;
        Z[i] = 0.01f;
        W[i] = 0.02f;
        LABELS[i] = (int32_t)(i % 10);
    }
    for (int i = 0; i < 4096; i++) B[i] = 0.1f * (float)(i % 7);
    printf("bench_thresholds: %d samples per point, %s, gemm %s, openmp %d\n", reps,
           dd_build_info(), dd_gemm_kernel_name(), dd_openmp_enabled());

    const int64_t lo = 1024;
    run("element-wise: affine", k_affine, lo, max, 0, reps);
    run("element-wise: binary mul, row-broadcast (256 columns)", k_binary, lo, max, 0, reps);
    run("element-wise: add_row_bias (128 columns)", k_add_row_bias, lo, max, 0, reps);
    run("element-wise: adam update", k_adam, lo, max, 0, reps);
    run("reduction: sum", k_sum, lo, max, 0, reps);
    run("reduction: col_sums (256 columns)", k_col_sums, lo, max, 0, reps);
    run("rows: softmax, 10 columns", k_softmax10, lo, max, 0, reps);
    run("rows: softmax, 1000 columns", k_softmax1000, 2048, max, 0, reps);
    run("rows: cross-entropy, 10 classes", k_cross_entropy10, lo, max, 0, reps);
    run("activation: relu", k_relu, lo, max, 0, reps);
    run("activation: sigmoid", k_sigmoid, lo, max, 0, reps);
    run("activation: gelu (erf)", k_gelu, lo, max, 0, reps);
    run("fused: relu backward + bias gradient (128 columns)", k_relu_bwd_db, lo, max, 0, reps);
    run("gemm NT", k_gemm, 16, 160, 1, reps);
    return 0;
}
