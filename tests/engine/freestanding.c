/* Freestanding proof: the implementation, compiled with -ffreestanding -nostdlib
   -mgeneral-regs-only (no floating-point registers: gcc refuses any float under it),
   links into a program with no libc, no libgcc and no start files. Every public
   function is referenced so none is discarded. */
#define EDGELLM_IMPLEMENTATION
#include "../../edgellm.h"

static unsigned char arena[1 << 16] __attribute__((aligned(16)));
volatile const void *edgellm_sink;
volatile size_t edgellm_sink_size;

/* an attention backend that keeps no cache of its own: the sums from the arena's bytes */
static int fs_store(void *user, uint32_t layer, uint32_t pos, const int8_t *k, const int8_t *v) {
    (void)user; (void)layer; (void)pos; (void)k; (void)v;
    return EDGELLM_OK;
}

/* a q16 matrix backend as a driver's software path: the sums, then their requantization */
static int fs_q16(void *user, const edgellm_matrix *m, const int8_t *x, int32_t s16_m, int32_t s16_e, int32_t *y) {
    int r = edgellm_matvec_ref(m, x, y);
    (void)user;
    return r != EDGELLM_OK ? r : edgellm_requant_ref(m, s16_m, s16_e, y);
}

void _start(void);
void _start(void) {
    edgellm_model m;
    edgellm_ctx c;
    edgellm_sampler s;
    edgellm_matrix mx;
    edgellm_attn_backend ab = {0};
    size_t need = 0;
    uint32_t toks[8], n = 0, tok = 0, len = 0;
    uint8_t piece[16];
    int32_t y[4];
    int8_t x[16];
    int r, i;
    for (i = 0; i < 16; i++) x[i] = (int8_t)i;
    r = edgellm_model_load(&m, (const void *)edgellm_sink, edgellm_sink_size);
    r |= edgellm_ctx_size(&m, 8, &need);
    r |= edgellm_ctx_init(&c, &m, 8, arena, sizeof arena);
    edgellm_set_backend(&c, 0, 0);
    ab.store = fs_store;
    ab.dots = edgellm_attn_dots_ref;
    ab.vsum = edgellm_attn_vsum_ref;
    ab.user = 0;
    r |= edgellm_set_attention(&c, &ab);
    r |= edgellm_model_matrix(&m, 0, &mx);
    r |= (int)edgellm_model_matrix_count(&m);
    r |= edgellm_encode(&m, "hi", 2, 1, toks, 8, &n);
    r |= edgellm_prefill(&c, toks, n);
    r |= edgellm_feed(&c, 0);
    edgellm_set_backend_q16(&c, fs_q16, 0);
    r |= edgellm_feed(&c, 1);
    edgellm_set_backend_q16(&c, 0, 0);
    edgellm_sampler_init(&s, 65536, 40, 58982, 1);
    r |= edgellm_sample(&c, &s, &tok);
    r |= edgellm_argmax(c.logits, 4, &tok);
    r |= edgellm_token_piece(&m, 0, tok, piece, sizeof piece, &len);
    r |= edgellm_ctx_reset(&c);
    r |= edgellm_set_attention(&c, 0);
    r |= edgellm_matvec_ref(&mx, x, y);
    r |= (int)edgellm_crc32(piece, len);
    r |= (int)edgellm_rng_u32(&s.rng);
    edgellm_sink = edgellm_result_string(r);
    for (;;) {}
}
