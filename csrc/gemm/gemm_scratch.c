/*
 * gemm_scratch.c - the per-thread pack buffer of GEMM.
 *
 * Each calling thread owns one 64-byte-aligned buffer that only grows, so a
 * thread calling GEMM in a loop allocates once. A POSIX thread-specific key
 * (rather than _Thread_local) lets the buffer be freed when its thread exits.
 */
#include "gemm.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct scratch {
    void *data;
    size_t bytes;
} scratch;

static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;
static int scratch_key_ok = 0; /* written once, under pthread_once */

static void scratch_free(void *p) {
    scratch *s = p;
    free(s->data);
    free(s);
}

static void scratch_init(void) {
    scratch_key_ok = pthread_key_create(&scratch_key, scratch_free) == 0;
}

void *dd_gemm_thread_scratch(size_t bytes) {
    pthread_once(&scratch_once, scratch_init);
    if (!scratch_key_ok) return NULL;
    scratch *s = pthread_getspecific(scratch_key);
    if (s == NULL) {
        s = calloc(1, sizeof *s);
        if (s == NULL) return NULL;
        if (pthread_setspecific(scratch_key, s) != 0) {
            free(s);
            return NULL;
        }
    }
    if (s->bytes < bytes) {
        if (bytes > SIZE_MAX - 4095) return NULL;
        /* Whole pages (a multiple of the alignment, as aligned_alloc requires),
           so that slowly growing shapes do not reallocate on every call. */
        size_t want = (bytes + 4095) & ~(size_t)4095;
        void *p = aligned_alloc(64, want);
        if (p == NULL) return NULL;
        free(s->data);
        s->data = p;
        s->bytes = want;
    }
    return s->data;
}
