/* A C program against an installed CDendrite: one small dd_sgemm, checked. */
#include <cdendrite.h>
#include <stdio.h>

int main(void) {
    /* [1 2 3; 4 5 6] * [1 0; 0 1; 1 1] = [4 5; 10 11] */
    const float a[6] = {1, 2, 3, 4, 5, 6}, b[6] = {1, 0, 0, 1, 1, 1};
    const float want[4] = {4, 5, 10, 11};
    float c[4] = {0, 0, 0, 0};
    dd_sgemm(DD_NO_TRANS, DD_NO_TRANS, 2, 2, 3, 1.0f, a, 3, b, 2, 0.0f, c, 2);
    for (int i = 0; i < 4; i++) {
        if (c[i] != want[i]) {
            printf("dd_sgemm: c[%d] = %g, want %g\n", i, c[i], want[i]);
            return 1;
        }
    }
    printf("C: dd_sgemm ok (cdendrite %s, %s)\n", dd_version(), dd_build_info());
    return 0;
}
