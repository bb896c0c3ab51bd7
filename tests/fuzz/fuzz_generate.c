/* fuzz_generate.c - libFuzzer harness: load a model, then run a few generation steps.

   Input: a model file (the CRC is recomputed by the harness), optionally followed by a
   trailer of parameters (the bytes after file_size, which the loader ignores):
       0  u32 seed           4  u32 temperature (Q16)     8  u32 top_k     12  u32 top_p (Q16)
      16  u8  n_ctx - 1 (mod 8, at most seq_len)          17  u8  steps - 1 (mod 6)
      18  u8  failing matrix call (1-based, 0: the first) 19  u8  failure code selector
      20  u16 tokens: token i of the run (mod vocab); 0xFFFF or absent: the sampled token
   A short trailer leaves the rest at: seed 42, T 0.8, top-k 40, top-p 0.9, n_ctx 4, 4 steps.

   Asserted, for every model that loads:
     - ctx_size is the manual's MEMORY formula; init refuses arena size - 1 (ERR_ARENA_SMALL)
       and a misaligned arena (ERR_ARENA_ALIGN); feed gives OK for n_ctx steps and then
       ERR_CONTEXT_FULL, ERR_TOKEN for token = vocab, with pos advancing only on success;
     - every matrix call the engine makes carries the descriptor edgellm_model_matrix gives,
       pointers inside the file and the arena, int8 activations in [-127, 127] with zero
       padding, and sums within 128 * 127 * cols_pad;
     - the AVX2 kernels (a second copy of the engine built with -mavx2, when the CPU has
       AVX2) give the same sums for every matrix call and the same logits for the whole run;
       so does a third copy with the portable bit length and 64-by-32 division of 32-bit
       targets (tests/fuzz/engine_copy.c);
     - edgellm_sample gives the token of the manual's SAMPLER rules (reference below, with
       its own sort, top-k, top-p and draw) and leaves the same PRNG state;
     - logits are identical, bit for bit: in a second context with another n_ctx, after
       ctx_reset, through edgellm_prefill, and after a feed that a failing backend aborted
       (which returns ERR_BACKEND and does not advance pos);
     - contexts refuse work (ERR_STATE) once their model struct failed to load or holds the
       same bytes at another address.

   Build: clang -g -O1 -fsanitize=fuzzer,address,undefined tests/fuzz/fuzz_generate.c
          [+ tests/fuzz/engine_copy.c twice, see fuzz.mk, with -DFZ_AVX2_TU -DFZ_PORT_TU] */
#define EDGELLM_IMPLEMENTATION
#include "../../edgellm.h"
#include "fuzz_common.h"
#include "../ref_sampler.h"

#ifdef FZ_AVX2_TU
extern const int fz_avx2_active;
int fz_avx2_matvec(const edgellm_matrix *m, const int8_t *x, int32_t *y);
int fz_avx2_run(const void *file, size_t size, uint32_t n_ctx, const uint32_t *toks, uint32_t n, int32_t *logits);
#endif
#ifdef FZ_PORT_TU
extern const int fz_port_active;
int fz_port_run(const void *file, size_t size, uint32_t n_ctx, const uint32_t *toks, uint32_t n, int32_t *logits);
#endif

#define MAX_STEPS 6u

typedef struct checker {
    const edgellm_model *model;
    const uint8_t *arena;
    size_t arena_size;
    uint32_t calls, fail_at;      /* fail_at: 0 = never fail */
    int fail_code;
    int avx2;
} checker;

static int check_matvec(void *user, const edgellm_matrix *m, const int8_t *x, int32_t *y) {
    checker *c = (checker *)user;
    const edgellm_model *md = c->model;
    edgellm_matrix ref;
    uint32_t r, i;
    int res;
    c->calls++;
    if (c->fail_at && c->calls == c->fail_at) return c->fail_code;
    res = edgellm_model_matrix(md, m->index, &ref);
    FZ_CODE(res, EDGELLM_OK);
    FZ_CHECK(ref.type == m->type && ref.rows == m->rows && ref.cols == m->cols && ref.cols_pad == m->cols_pad &&
                 ref.stride == m->stride && ref.data == m->data && ref.scales == m->scales,
             "descriptor of matrix %u differs from edgellm_model_matrix", m->index);
    FZ_CHECK((const uint8_t *)x >= c->arena && (const uint8_t *)x + m->cols_pad <= c->arena + c->arena_size,
             "x outside the arena");
    FZ_CHECK((const uint8_t *)y >= c->arena && (const uint8_t *)(y + m->rows) <= c->arena + c->arena_size,
             "y outside the arena");
    for (i = 0; i < m->cols_pad; i++) {
        FZ_CHECK(x[i] >= -127 && x[i] <= 127, "activation %d out of [-127, 127]", x[i]);
        if (i >= m->cols) FZ_CHECK(x[i] == 0, "padding activation %u of matrix %u is %d", i, m->index, x[i]);
    }
    res = edgellm_matvec_ref(m, x, y);
    FZ_CODE(res, EDGELLM_OK);
    for (r = 0; r < m->rows; r++)
        FZ_CHECK((int64_t)y[r] <= 128ll * 127 * m->cols_pad && (int64_t)y[r] >= -128ll * 127 * m->cols_pad, "sum bound");
#ifdef FZ_AVX2_TU
    if (c->avx2) {
        int32_t *y2 = (int32_t *)malloc(sizeof(int32_t) * m->rows);
        FZ_CHECK(y2, "out of memory");
        res = fz_avx2_matvec(m, x, y2);
        FZ_CODE(res, EDGELLM_OK);
        for (r = 0; r < m->rows; r++)
            FZ_CHECK(y2[r] == y[r], "AVX2 row %u of matrix %u (type %u): %d, portable %d", r, m->index, m->type, y2[r], y[r]);
        free(y2);
    }
#endif
    return EDGELLM_OK;
}

static uint32_t rd(const uint8_t *t, size_t tl, size_t at, uint32_t def, int bytes) {
    uint32_t v = 0;
    int i;
    if (at + (size_t)bytes > tl) return def;
    for (i = 0; i < bytes; i++) v |= (uint32_t)t[at + (size_t)i] << (8 * i);
    return v;
}

static void *arena_alloc(size_t n) {
    void *p = aligned_alloc(16, n);
    FZ_CHECK(p, "out of memory for a %zu-byte arena", n);
    return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    edgellm_model m;
    edgellm_ctx a, b;
    edgellm_sampler s;
    checker ck;
    uint8_t *buf, *mem_a, *mem_b;
    const uint8_t *t;
    size_t tl, need, need_b;
    uint32_t fs, n_ctx, n_ctx_b, steps, i, fed = 0, toks[MAX_STEPS], V;
    int32_t *logits[MAX_STEPS];
    fz_shape sh;
    int r;

    fz_count(0, "inputs");
    if (size < 128 || size > (1u << 22)) return 0;
    buf = (uint8_t *)malloc(size);
    FZ_CHECK(buf, "out of memory");
    memcpy(buf, data, size);
    fz_fix_crc(buf, size);
    r = edgellm_model_load(&m, buf, size);
    FZ_CHECK(fz_documented(r), "undocumented result %d", r);
    if (r != EDGELLM_OK) { free(buf); return 0; }
    fz_count(1, "loaded");
    fz_shape_of(&sh, buf);
    V = m.vocab;
    fs = fz_rd32(buf + 8);
    t = buf + fs;
    tl = size - fs;

    edgellm_sampler_init(&s, rd(t, tl, 4, 52429, 4), rd(t, tl, 8, 40, 4), rd(t, tl, 12, 58982, 4), rd(t, tl, 0, 42, 4));
    n_ctx = 1 + rd(t, tl, 16, 3, 1) % 8;
    if (n_ctx > m.seq_len) n_ctx = m.seq_len;
    steps = 1 + rd(t, tl, 17, 3, 1) % MAX_STEPS;

    /* arena A: exact size, refusals first */
    r = edgellm_ctx_size(&m, n_ctx, &need);
    FZ_CODE(r, EDGELLM_OK);
    FZ_CHECK(need == fz_arena_bytes(&sh, n_ctx, fz_lut_bytes(&m)), "ctx_size %zu", need);
    mem_a = (uint8_t *)arena_alloc(need);
    r = edgellm_ctx_init(&a, &m, n_ctx, mem_a, need - 1);
    FZ_CODE(r, EDGELLM_ERR_ARENA_SMALL);
    r = edgellm_feed(&a, 0);
    FZ_CODE(r, EDGELLM_ERR_STATE);
    r = edgellm_ctx_init(&a, &m, n_ctx, mem_a + 8, need);
    FZ_CODE(r, EDGELLM_ERR_ARENA_ALIGN);
    r = edgellm_ctx_init(&a, &m, n_ctx, mem_a, need);
    FZ_CODE(r, EDGELLM_OK);
    FZ_CHECK(a.pos == 0 && a.n_ctx == n_ctx, "fresh context");
    memset(&ck, 0, sizeof ck);
    ck.model = &m;
    ck.arena = mem_a;
    ck.arena_size = need;
#ifdef FZ_AVX2_TU
    ck.avx2 = fz_avx2_active && __builtin_cpu_supports("avx2");
#endif
    edgellm_set_backend(&a, check_matvec, &ck);

    /* the run */
    for (i = 0; i < steps; i++) {
        uint32_t forced = rd(t, tl, 20 + 2 * (size_t)i, 0xFFFFu, 2), tok, want;
        uint64_t rng;
        if (forced != 0xFFFFu) tok = forced % V;
        else if (i == 0) tok = m.bos >= 0 ? (uint32_t)m.bos : 0;
        else tok = toks[i];   /* sampled at the previous step */
        r = edgellm_feed(&a, tok);
        if (i >= n_ctx) {
            FZ_CODE(r, EDGELLM_ERR_CONTEXT_FULL);
            FZ_CHECK(a.pos == n_ctx, "pos moved on a full context");
            break;
        }
        FZ_CODE(r, EDGELLM_OK);
        FZ_CHECK(a.pos == i + 1, "pos %u after %u feeds", a.pos, i + 1);
        toks[i] = tok;
        fed = i + 1;
        fz_count(2, "feeds");
        logits[i] = (int32_t *)malloc(sizeof(int32_t) * V);
        FZ_CHECK(logits[i], "out of memory");
        memcpy(logits[i], a.logits, sizeof(int32_t) * V);
        r = edgellm_feed(&a, V);
        FZ_CODE(r, EDGELLM_ERR_TOKEN);
        FZ_CHECK(a.pos == i + 1, "pos moved on a bad token");
        /* sample, against the manual's sampler */
        rng = s.rng;
        want = ref_sample(a.logits, V, &s, &rng, 0);
        FZ_CHECK(want != 0xFFFFFFFFu, "the manual's sampler found no token");
        r = edgellm_sample(&a, &s, &tok);
        FZ_CODE(r, EDGELLM_OK);
        FZ_CHECK(tok == want, "sampled %u, the manual's rules give %u (T %u, k %u, p %u)", tok, want, s.temperature,
                 s.top_k, s.top_p);
        FZ_CHECK(s.rng == rng, "PRNG state after sampling");
        FZ_CHECK(memcmp(logits[i], a.logits, sizeof(int32_t) * V) == 0, "sampling changed the logits");
        if (i + 1 < MAX_STEPS) toks[i + 1] = tok;
        {   /* greedy is the lowest-id argmax */
            edgellm_sampler g;
            uint32_t gt, j, best = 0;
            edgellm_sampler_init(&g, 0, 0, 65536, 1);
            r = edgellm_sample(&a, &g, &gt);
            FZ_CODE(r, EDGELLM_OK);
            for (j = 1; j < V; j++) if (a.logits[j] > a.logits[best]) best = j;
            FZ_CHECK(gt == best, "greedy %u, argmax %u", gt, best);
        }
    }

    /* the whole run again in the other engine copies */
    if (fed) {
        typedef int (*run_fn)(const void *, size_t, uint32_t, const uint32_t *, uint32_t, int32_t *);
        struct { const char *name; run_fn run; int on; } copy[2];
        int nc = 0, k;
        int32_t *l2 = (int32_t *)malloc(sizeof(int32_t) * V * fed);
        FZ_CHECK(l2, "out of memory");
#ifdef FZ_AVX2_TU
        copy[nc].name = "AVX2"; copy[nc].run = fz_avx2_run; copy[nc].on = ck.avx2; nc++;
#endif
#ifdef FZ_PORT_TU
        copy[nc].name = "portable-helper"; copy[nc].run = fz_port_run; copy[nc].on = fz_port_active; nc++;
#endif
        for (k = 0; k < nc; k++) {
            if (!copy[k].on) continue;
            r = copy[k].run(buf, size, n_ctx, toks, fed, l2);
            FZ_CODE(r, EDGELLM_OK);
            for (i = 0; i < fed; i++)
                FZ_CHECK(memcmp(logits[i], l2 + (size_t)i * V, sizeof(int32_t) * V) == 0, "%s logits of step %u differ",
                         copy[k].name, i);
        }
        free(l2);
    }

    /* context B: another n_ctx, the default backend, the same logits */
    n_ctx_b = m.seq_len < 8 ? m.seq_len : 8;
    if (n_ctx_b == n_ctx && n_ctx_b > fed && n_ctx_b > 1) n_ctx_b--;
    if (n_ctx_b < fed) n_ctx_b = fed;
    r = edgellm_ctx_size(&m, n_ctx_b, &need_b);
    FZ_CODE(r, EDGELLM_OK);
    mem_b = (uint8_t *)arena_alloc(need_b);
    r = edgellm_ctx_init(&b, &m, n_ctx_b, mem_b, need_b);
    FZ_CODE(r, EDGELLM_OK);
    for (i = 0; i < fed; i++) {
        r = edgellm_feed(&b, toks[i]);
        FZ_CODE(r, EDGELLM_OK);
        FZ_CHECK(memcmp(logits[i], b.logits, sizeof(int32_t) * V) == 0, "logits of step %u differ with n_ctx %u vs %u", i,
                 n_ctx_b, n_ctx);
    }
    /* prefill: all at once, then the refusals */
    r = edgellm_ctx_reset(&b);
    FZ_CODE(r, EDGELLM_OK);
    FZ_CHECK(b.pos == 0, "reset");
    if (fed) {
        uint32_t bad[MAX_STEPS + 1];
        memcpy(bad, toks, sizeof(uint32_t) * fed);
        bad[fed - 1] = V;
        r = edgellm_prefill(&b, bad, fed);
        FZ_CODE(r, EDGELLM_ERR_TOKEN);
        FZ_CHECK(b.pos == 0, "prefill fed part of a bad prompt");
        r = edgellm_prefill(&b, toks, fed);
        FZ_CODE(r, EDGELLM_OK);
        FZ_CHECK(b.pos == fed && memcmp(logits[fed - 1], b.logits, sizeof(int32_t) * V) == 0, "prefill logits");
        if (n_ctx_b - fed < MAX_STEPS) {
            uint32_t more[MAX_STEPS + 1] = {0};
            r = edgellm_prefill(&b, more, n_ctx_b - fed + 1);
            FZ_CODE(r, EDGELLM_ERR_PROMPT_TOO_LONG);
            FZ_CHECK(b.pos == fed, "prefill fed part of a long prompt");
        }
    }

    /* a failing backend aborts the feed without advancing; the retry gives the same logits */
    if (fed) {
        static const int codes[4] = {EDGELLM_ERR_BACKEND, 1, 7, EDGELLM_ERR_BACKEND};
        int code = codes[rd(t, tl, 19, 0, 1) % 4];
        uint32_t per_feed;
        r = edgellm_ctx_reset(&a);
        FZ_CODE(r, EDGELLM_OK);
        ck.calls = 0;
        r = edgellm_feed(&a, toks[0]);
        FZ_CODE(r, EDGELLM_OK);
        per_feed = ck.calls;
        FZ_CHECK(per_feed == edgellm_model_matrix_count(&m), "%u matrix calls per feed, %u matrices", per_feed,
                 edgellm_model_matrix_count(&m));
        FZ_CHECK(memcmp(logits[0], a.logits, sizeof(int32_t) * V) == 0, "logits after reset");
        if (fed > 1) {
            ck.calls = 0;
            ck.fail_at = 1 + rd(t, tl, 18, 0, 1) % per_feed;
            ck.fail_code = code;
            r = edgellm_feed(&a, toks[1]);
            FZ_CODE(r, EDGELLM_ERR_BACKEND);
            FZ_CHECK(a.pos == 1, "pos moved on a failed feed");
            ck.fail_at = 0;
            r = edgellm_feed(&a, toks[1]);
            FZ_CODE(r, EDGELLM_OK);
            FZ_CHECK(memcmp(logits[1], a.logits, sizeof(int32_t) * V) == 0, "logits after a failed feed");
        }
    }

    /* contexts refuse work once their model failed to load or is another file */
    {
        uint8_t *copy = (uint8_t *)malloc(size);
        uint32_t tk;
        FZ_CHECK(copy, "out of memory");
        r = edgellm_model_load(&m, buf, 100);
        FZ_CODE(r, EDGELLM_ERR_TRUNCATED);
        r = edgellm_feed(&b, 0); FZ_CODE(r, EDGELLM_ERR_STATE);
        r = edgellm_sample(&b, &s, &tk); FZ_CODE(r, EDGELLM_ERR_STATE);
        r = edgellm_prefill(&b, toks, 0); FZ_CODE(r, EDGELLM_ERR_STATE);
        r = edgellm_ctx_reset(&a); FZ_CODE(r, EDGELLM_ERR_STATE);
        memcpy(copy, buf, size);
        r = edgellm_model_load(&m, copy, size);
        FZ_CODE(r, EDGELLM_OK);
        r = edgellm_feed(&a, 0); FZ_CODE(r, EDGELLM_ERR_STATE);
        r = edgellm_sample(&a, &s, &tk); FZ_CODE(r, EDGELLM_ERR_STATE);
        free(copy);
    }

    for (i = 0; i < fed; i++) free(logits[i]);
    free(mem_a);
    free(mem_b);
    free(buf);
    return 0;
}
