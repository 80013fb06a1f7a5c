/*
 * allocation_counter.h - counts heap allocations of the whole process, for benchmarks and
 * tests that check a compiled training step allocates nothing. Linking this target
 * replaces malloc, calloc, realloc and the aligned allocators with counting wrappers
 * around glibc's own (__libc_*); elsewhere the count stays 0 and dd_allocation_counting()
 * says so.
 */
#ifndef ALLOCATION_COUNTER_H
#define ALLOCATION_COUNTER_H

#include <stdint.h>

/** Allocations (malloc, calloc, realloc, aligned) since the process started. */
uint64_t dd_allocation_count(void);
/** 1 when allocations are counted on this platform, else 0. */
int dd_allocation_counting(void);

#endif
