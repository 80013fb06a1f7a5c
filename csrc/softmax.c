/* softmax.c - row softmax, log-softmax and their backward passes, both precisions. */
#include "internal.h"
#include "vmath/vmath.h"

#include <math.h>

#define real float
#define DD_FN(name) dd_s_##name
#define DD_M(fn) fn##f
#define DD_VMATH dd_vmath_get()
#define DD_VM_ROWS(vm, fn, ...) (vm)->fn(__VA_ARGS__)
#include "softmax.inc"

/* Double precision stays on libm. */
#define real double
#define DD_FN(name) dd_d_##name
#define DD_M(fn) fn
#define DD_VMATH ((const dd_vmath *)0)
#define DD_VM_ROWS(vm, fn, ...) ((void)0)
#include "softmax.inc"
