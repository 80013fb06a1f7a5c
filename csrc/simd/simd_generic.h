/*
 * simd_generic.h - the precision-generic spelling of the SIMD vocabulary, for
 * templates over `real`; included at the end of simd_avx2.h and simd_avx512.h.
 *
 * Every operation has a float name (V_op) and a double name (VD_op). The
 * includer of a template defines VR(op) as V_##op (float) or VD_##op
 * (double), and the template writes VR(FMA)(a, b, c), VR(VEC) for the vector
 * type, VR(LANES) for its lane count and VR(MASK) for a tail mask.
 */
#ifndef CDENDRITE_SIMD_GENERIC_H
#define CDENDRITE_SIMD_GENERIC_H

#define V_VEC VF
#define V_LANES VL
#define V_MASK VM
#define VD_VEC VD
#define VD_LANES VDL
#define VD_MASK VDM

#endif
