/*
 * elementwise.c - arithmetic with 2-D broadcasting, unary maps, clamp,
 * transpose, row gather/scatter and argmax: the loops under the Swift tensor
 * operations, for float and double (elementwise.inc).
 */
#include "chunked.h"

#include <math.h>

#define real float
#define DD_FN(name) dd_s_##name
#define DD_EXP expf
#define DD_LOG logf
#define DD_SQRT sqrtf
#define DD_POW powf
#include "elementwise.inc"

#define real double
#define DD_FN(name) dd_d_##name
#define DD_EXP exp
#define DD_LOG log
#define DD_SQRT sqrt
#define DD_POW pow
#include "elementwise.inc"
