/*
 * test_fused.c - the fused layer kernels against the chains of kernels they
 * replace, bit for bit (memcmp, no tolerance): every GEMM kernel the CPU has,
 * every vector path of the float activations, 1 and 2 threads, shapes at and
 * around the edges of every micro tile, every activation with default and
 * other parameters, with and without bias, with and without Z.
 */
#include "check.h"
#include "cdendrite.h"
#include "vmath_paths.h"

#include <stdlib.h>
#include <string.h>

#define real float
#define PFX(x) s_##x
#define PREC "f32"
#define GEMM dd_sgemm
#define ADD_ROW_BIAS dd_s_add_row_bias
#define ACT_FWD dd_s_act_forward
#define ACT_BWD dd_s_act_backward
#define COL_SUMS dd_s_col_sums
#define LIN_FWD dd_s_linear_forward
#define LIN_BWD_ACT dd_s_linear_backward_act
#define LIN_BWD dd_s_linear_backward
#include "test_fused_cases.inc"

#define real double
#define PFX(x) d_##x
#define PREC "f64"
#define GEMM dd_dgemm
#define ADD_ROW_BIAS dd_d_add_row_bias
#define ACT_FWD dd_d_act_forward
#define ACT_BWD dd_d_act_backward
#define COL_SUMS dd_d_col_sums
#define LIN_FWD dd_d_linear_forward
#define LIN_BWD_ACT dd_d_linear_backward_act
#define LIN_BWD dd_d_linear_backward
#include "test_fused_cases.inc"

static void test_gather_labels(void) {
    const int32_t labels[6] = {3, 1, 4, 1, 5, 9};
    const int64_t index[5] = {5, 0, 0, 2, 3};
    int32_t out[6] = {-1, -1, -1, -1, -1, -7};
    dd_gather_labels(5, labels, index, out);
    const int32_t want[6] = {9, 3, 3, 4, 1, -7};
    CHECK(memcmp(out, want, sizeof want) == 0, "gather_labels");
    dd_gather_labels(0, labels, index, out); /* nothing */
    CHECK(out[0] == 9, "gather_labels with count 0 wrote");
}

int main(void) {
    /* The float activations on every vector path this CPU has; double has one. */
    for (int mode = 0; mode < modes_for(1); mode++) {
        use_mode(1, mode);
        printf("f32, %s vector math\n", mode_name(1, mode));
        s_run_all();
    }
    use_default_mode();
    d_run_all();
    test_gather_labels();
    return dd_check_summary("test_fused");
}
