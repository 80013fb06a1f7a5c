/* cpu.c - CPU feature detection and the overrides of the code path (see cpu.h). */
#include "cpu.h"

#include <stdatomic.h>

static int detect(dd_cpu_level level) {
#if DD_X86 && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    switch (level) {
    case DD_CPU_AVX2:
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case DD_CPU_AVX512:
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
               __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl");
    default:
        return level == DD_CPU_PORTABLE;
    }
#else
    return level == DD_CPU_PORTABLE;
#endif
}

int dd_cpu_supports(dd_cpu_level level) {
    static int cached[DD_CPU_AVX512 + 1] = {-1, -1, -1}; /* benign race: all compute the same */
    if ((unsigned)level > DD_CPU_AVX512) return 0;
    if (cached[level] < 0) cached[level] = detect(level);
    return cached[level];
}

static _Atomic int cap[DD_CPU_USERS] = {DD_CPU_AVX512, DD_CPU_AVX512};

void dd_cpu_set_cap(dd_cpu_user user, dd_cpu_level level) {
    const int l = level < DD_CPU_PORTABLE ? DD_CPU_PORTABLE
                : level > DD_CPU_AVX512   ? DD_CPU_AVX512
                                          : (int)level;
    atomic_store_explicit(&cap[user], l, memory_order_relaxed);
}

dd_cpu_level dd_cpu_level_for(dd_cpu_user user) {
    for (int l = atomic_load_explicit(&cap[user], memory_order_relaxed); l > DD_CPU_PORTABLE; l--)
        if (dd_cpu_supports((dd_cpu_level)l)) return (dd_cpu_level)l;
    return DD_CPU_PORTABLE;
}
