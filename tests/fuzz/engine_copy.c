/* engine_copy.c - another copy of the engine for the generate harness, which compares it bit
   for bit with its own (portable kernels, native helpers). Built twice:
       -mavx2 -DFZ_COPY=avx2          the AVX2 kernels (matrix rows, attention loops)
       -U__x86_64__ -DFZ_COPY=port    the portable bit length and 64-by-32 division that
                                      32-bit targets (RV32, Cortex-M) compile
   Exports fz_<copy>_active (the copy really took that path), fz_<copy>_matvec and
   fz_<copy>_run. Only edgellm.h is included before the engine, so undefining __x86_64__
   changes nothing but its own #if choices (and uintptr_t, used for the alignment test). */
#include <stdlib.h>

#define EDGELLM_IMPLEMENTATION
#define EDGELLM_API static
#include "../../edgellm.h"

#define FZ_CAT2(a, b) a##b
#define FZ_CAT(a, b) FZ_CAT2(a, b)
#define FZ_NAME(x) FZ_CAT(FZ_CAT(fz_, FZ_COPY), x)

#if defined(EDGELLM__AVX2) || !defined(__x86_64__)
#define FZ_ACTIVE 1
#else
#define FZ_ACTIVE 0
#endif

extern const int FZ_NAME(_active);
const int FZ_NAME(_active) = FZ_ACTIVE;

int FZ_NAME(_matvec)(const edgellm_matrix *m, const int8_t *x, int32_t *y);
int FZ_NAME(_run)(const void *file, size_t size, uint32_t n_ctx, const uint32_t *toks, uint32_t n, int32_t *logits);

int FZ_NAME(_matvec)(const edgellm_matrix *m, const int8_t *x, int32_t *y) { return edgellm_matvec_ref(m, x, y); }

/* loads the model, feeds toks[0..n) in a context of n_ctx positions and stores the logits of
   step i at logits + i * vocab; returns the first failing result code, or 0 */
int FZ_NAME(_run)(const void *file, size_t size, uint32_t n_ctx, const uint32_t *toks, uint32_t n, int32_t *logits) {
    edgellm_model m;
    edgellm_ctx c;
    size_t need;
    void *mem;
    uint32_t i, j;
    int r = edgellm_model_load(&m, file, size);
    if (r) return r;
    if ((r = edgellm_ctx_size(&m, n_ctx, &need))) return r;
    if (!(mem = aligned_alloc(16, need))) return EDGELLM_ERR_ARENA_SMALL;
    r = edgellm_ctx_init(&c, &m, n_ctx, mem, need);
    for (i = 0; r == 0 && i < n; i++) {
        r = edgellm_feed(&c, toks[i]);
        for (j = 0; r == 0 && j < m.vocab; j++) logits[(size_t)i * m.vocab + j] = c.logits[j];
    }
    free(mem);
    return r;
}
