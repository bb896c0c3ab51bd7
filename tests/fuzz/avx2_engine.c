/* avx2_engine.c - a second copy of the engine, built with -mavx2, for the generate harness:
   its matrix-vector products and whole generation runs (AVX2 kernels for the matrices and
   the attention loops) are compared, bit for bit, with the harness's own portable copy.
   fz_avx2_active tells whether this copy took the AVX2 paths (EDGELLM__AVX2 defined by
   edgellm.h). */
#include <stdlib.h>

#define EDGELLM_IMPLEMENTATION
#define EDGELLM_API static
#include "../../edgellm.h"

#ifdef EDGELLM__AVX2
const int fz_avx2_active = 1;
#else
const int fz_avx2_active = 0;
#endif

int fz_avx2_matvec(const edgellm_matrix *m, const int8_t *x, int32_t *y);
int fz_avx2_run(const void *file, size_t size, uint32_t n_ctx, const uint32_t *toks, uint32_t n, int32_t *logits);

int fz_avx2_matvec(const edgellm_matrix *m, const int8_t *x, int32_t *y) { return edgellm_matvec_ref(m, x, y); }

/* loads the model, feeds toks[0..n) in a context of n_ctx positions and stores the logits of
   step i at logits + i * vocab; returns the first failing result code, or 0 */
int fz_avx2_run(const void *file, size_t size, uint32_t n_ctx, const uint32_t *toks, uint32_t n, int32_t *logits) {
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
