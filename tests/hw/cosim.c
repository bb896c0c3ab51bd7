/* cosim.c - runs edgellm_hw.h against the Verilated accelerator (C shim in
   edgellm_sim.cpp): the driver's low-level calls and error paths, then whole
   models generated token by token with every placed matrix-vector product in
   the RTL (cross-checked against edgellm_matvec_ref) and compared bit for bit
   with a software-only run of the same model, polling STATUS and again
   waiting for irq_o (edgellm_hw_set_wait); then injected faults (a hung
   accelerator, a corrupted y read, a range error) with and without
   edgellm_hw_set_fallback.

   usage: cosim [seed] [stall] [model.elm ...]
          stall 1: random stalls on every AXI channel; each model file given is
          also run in hardware and in software and must agree token for token
   Prints exact pass/fail counts; exits 1 on any failure. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edgellm_sim.h"

#define EDGELLM_HW_READ32(hw, off) ((void)(hw), edgellm_sim_read32(off))
#define EDGELLM_HW_WRITE32(hw, off, v) ((void)(hw), edgellm_sim_write32((off), (v)))
#define EDGELLM_IMPLEMENTATION
#include "edgellm.h"
#define EDGELLM_HW_IMPLEMENTATION
#include "edgellm_hw.h"
#define MODELWRITE_IMPLEMENTATION
#include "modelwrite.h"
#include "hw_ref.h"

static unsigned long n_pass, n_fail;

static int check(int ok, const char *what, long long a, long long b) {
    if (ok) { n_pass++; return 1; }
    n_fail++;
    if (n_fail <= 12) printf("  FAIL %s (%lld vs %lld)\n", what, a, b);
    return 0;
}

static uint64_t rng_state = 1;
static uint32_t rnd(void) { return edgellm_rng_u32(&rng_state); }
static float frnd(float a) { return a * ((float)(rnd() % 20001u) / 10000.0f - 1.0f); }

/* ------------------------------------------------------------ low level */
static void make_rows(uint32_t type, uint32_t rows, uint32_t cols_pad, uint8_t *data, uint32_t stride) {
    uint32_t r, c, b, i, k;
    memset(data, 0, (size_t)rows * stride);
    for (r = 0; r < rows; r++) {
        uint8_t *row = data + (size_t)r * stride;
        if (type == HWREF_T1) {
            for (b = 0; b < cols_pad / 80u; b++)
                for (i = 0; i < 16u; i++) {
                    int32_t w[5];
                    for (k = 0; k < 5; k++) w[k] = (int32_t)(rnd() % 3u) - 1;
                    row[16u * b + i] = hwref_t1_byte(w);
                }
        } else {
            for (c = 0; c < cols_pad; c++)
                hwref_put(type, row, c, type == HWREF_I8 ? (int32_t)(int8_t)rnd() : (int32_t)(rnd() % 3u) - 1);
        }
    }
}

static void test_low_level(edgellm_hw *hw) {
    static uint8_t w[65536], back[65536];
    static int8_t x[4096];
    static int32_t y[4096], want[4096];
    uint32_t type, i, n;
    int r;

    /* weight memory round trip */
    n = hw->wmem_bytes < sizeof w ? hw->wmem_bytes : (uint32_t)sizeof w;
    for (i = 0; i < n; i++) w[i] = (uint8_t)rnd();
    check(edgellm_hw_write_weights(hw, 0, w, n) == EDGELLM_OK, "write_weights", 0, 0);
    check(edgellm_hw_read_weights(hw, 0, back, n) == EDGELLM_OK, "read_weights", 0, 0);
    check(memcmp(w, back, n) == 0, "weight memory round trip", 0, 0);
    check(edgellm_hw_write_weights(hw, 2, w, 4) == EDGELLM_ERR_ARG, "unaligned address refused", 0, 0);
    check(edgellm_hw_write_weights(hw, hw->wmem_bytes - 4, w, 8) == EDGELLM_ERR_ARG, "overrun refused", 0, 0);

    /* one product per type through edgellm_hw_run */
    for (type = 1; type <= 3; type++) {
        uint32_t cols = 1 + rnd() % 300, cols_pad = hwref_cols_pad(type, cols), stride = hwref_stride(type, cols_pad);
        uint32_t rows = 1 + rnd() % 100;
        if (!EDGELLM_HW_CAPS_TYPE(hw->caps, type)) continue;
        if (cols_pad > hw->xmax) cols_pad = hw->xmax / 80u * 80u, stride = hwref_stride(type, cols_pad);
        make_rows(type, rows, cols_pad, w, stride);
        for (i = 0; i < cols_pad; i++) x[i] = (int8_t)rnd();
        hwref_matvec(type, rows, cols_pad, stride, w, x, want);
        edgellm_hw_write_weights(hw, 256, w, rows * stride);
        r = edgellm_hw_run(hw, type, rows, cols_pad, stride, 256, x, y);
        check(r == EDGELLM_OK, "edgellm_hw_run", r, 0);
        check(memcmp(y, want, rows * 4u) == 0, "edgellm_hw_run result", y[0], want[0]);
    }

    /* errors reported by the device */
    r = edgellm_hw_run(hw, 1, 1, 48, 16, 0, x, y);
    check(r == EDGELLM_HW_ERR_DESC, "descriptor error", r, EDGELLM_HW_ERR_DESC);
    r = edgellm_hw_run(hw, 1, 8, 64, 16, hw->wmem_bytes - 64, x, y);
    check(r == EDGELLM_HW_ERR_RANGE, "range error", r, EDGELLM_HW_ERR_RANGE);
    r = edgellm_hw_run(hw, 1, 1, hw->xmax + 64, 16, 0, x, y);
    check(r == EDGELLM_ERR_ARG, "cols beyond XMAX refused by the driver", r, EDGELLM_ERR_ARG);

    /* a hung (here: slow) accelerator becomes a timeout, and the device recovers
       (waiting before reading: edgellm_hw_set_ywait(hw, 0)); reading from START on
       (Y_WAIT), the same product takes no wait at all: its last row comes with DONE */
    {
        uint32_t rows = hw->ymax, stride = 16;
        check(hw->ywait == 1, "Y_WAIT in use after init", hw->ywait, 1);
        edgellm_hw_set_ywait(hw, 0);
        check(edgellm_sim_read32(EDGELLM_HW_REG_Y_WAIT) == 0, "Y_WAIT off", edgellm_sim_read32(EDGELLM_HW_REG_Y_WAIT), 0);
        hw->poll_limit = 2;
        r = edgellm_hw_run(hw, 1, rows, 64, stride, 0, x, y);
        check(r == EDGELLM_HW_ERR_TIMEOUT, "timeout", r, EDGELLM_HW_ERR_TIMEOUT);
        check(edgellm_sim_read32(EDGELLM_HW_REG_STATUS) == 0, "aborted after the timeout",
              edgellm_sim_read32(EDGELLM_HW_REG_STATUS), 0);
        hw->poll_limit = EDGELLM_HW_POLL_DEFAULT;
        make_rows(1, rows, 64, w, stride);
        edgellm_hw_write_weights(hw, 0, w, rows * stride);
        for (i = 0; i < 64; i++) x[i] = (int8_t)rnd();
        hwref_matvec(1, rows, 64, stride, w, x, want);
        r = edgellm_hw_run(hw, 1, rows, 64, stride, 0, x, y);
        check(r == EDGELLM_OK && memcmp(y, want, rows * 4u) == 0, "runs after the timeout", r, 0);
        edgellm_hw_set_ywait(hw, 1);
        check(edgellm_sim_read32(EDGELLM_HW_REG_Y_WAIT) == 1, "Y_WAIT on", edgellm_sim_read32(EDGELLM_HW_REG_Y_WAIT), 1);
        hw->poll_limit = 1;
        memset(y, 0, rows * 4u);
        r = edgellm_hw_run(hw, 1, rows, 64, stride, 0, x, y);
        check(r == EDGELLM_OK && memcmp(y, want, rows * 4u) == 0, "with Y_WAIT the slow product needs no poll", r, 0);
        hw->poll_limit = EDGELLM_HW_POLL_DEFAULT;
    }
}

/* ------------------------------------------------------------ whole models */
typedef struct {
    int dim, hidden, layers, heads, kv_heads, vocab, wtype, tied;
} shape;

static unsigned char *build_model(const shape *s, size_t *len) {
    elm_float_model m;
    elm_write_options o;
    size_t dim = (size_t)s->dim, hid = (size_t)s->hidden, L = (size_t)s->layers;
    size_t kv = (size_t)s->kv_heads * (dim / (size_t)s->heads), V = (size_t)s->vocab, i, n;
    float *p;
    unsigned char *buf = NULL;
    static unsigned char bytes[256];
    static const unsigned char *pieces[256];
    static int plen[256];
    char err[256];
    float *tok, *att_norm, *wq, *wk, *wv, *wo, *ffn_norm, *w1, *w2, *w3, *fin, *cls;

    n = V * dim * 2 + L * (dim * 2 + dim * dim * 2 + kv * dim * 2 + hid * dim * 3) + dim;
    p = (float *)malloc(n * sizeof(float));
    if (!p) return NULL;
    tok = p; cls = tok + V * dim; att_norm = cls + V * dim; wq = att_norm + L * dim; wk = wq + L * dim * dim;
    wv = wk + L * kv * dim; wo = wv + L * kv * dim; ffn_norm = wo + L * dim * dim; w1 = ffn_norm + L * dim;
    w2 = w1 + L * hid * dim; w3 = w2 + L * dim * hid; fin = w3 + L * hid * dim;
    for (i = 0; i < n; i++) p[i] = frnd(0.2f);
    for (i = 0; i < L * dim; i++) { att_norm[i] = 1.0f + frnd(0.1f); ffn_norm[i] = 1.0f + frnd(0.1f); }
    for (i = 0; i < dim; i++) fin[i] = 1.0f;
    for (i = 0; i < 256; i++) { bytes[i] = (unsigned char)i; pieces[i] = &bytes[i]; plen[i] = 1; }

    memset(&m, 0, sizeof m);
    m.dim = s->dim; m.hidden = s->hidden; m.n_layers = s->layers; m.n_heads = s->heads;
    m.n_kv_heads = s->kv_heads; m.vocab = s->vocab; m.seq_len = 64;
    m.ffn_act = ELM_ACT_SILU; m.gated = 1; m.rope_theta = 10000.0f; m.norm_eps = 1e-5f;
    m.tok_emb = tok; m.att_norm = att_norm; m.wq = wq; m.wk = wk; m.wv = wv; m.wo = wo;
    m.ffn_norm = ffn_norm; m.w1 = w1; m.w2 = w2; m.w3 = w3; m.final_norm = fin;
    m.wcls = s->tied ? NULL : cls;
    m.tok_kind = ELM_TOK_BYTES; m.pieces = pieces; m.piece_len = plen; m.scores = NULL;
    m.bos = -1; m.eos = -1;
    memset(&o, 0, sizeof o);
    o.wtype = s->wtype;
    if (elm_write_model(&m, &o, &buf, len, err) != 0) {
        printf("  model writer: %s\n", err);
        buf = NULL;
    }
    free(p);
    return buf;
}

#define NTOK 24

/* the driver's wait function: a CPU in WFI with a timer tick of g_tick cycles */
static uint32_t g_tick = 1000000;
static void sim_wait(void *user) {
    (void)user;
    edgellm_sim_wait_irq(g_tick);
}

/* the backend generate() installs with a device */
static edgellm_matvec_fn g_backend = edgellm_hw_matvec;
static int g_q16;   /* 1: the requantizing backend (edgellm_hw_matvec_q16) */

/* greedy tokens and a hash of every logit; hw NULL = software */
static int generate(edgellm_ctx *ctx, edgellm_hw *hw, uint32_t *toks, uint32_t *hash) {
    uint32_t tok = ctx->model->vocab > 'T' ? 'T' : ctx->model->vocab / 2, i, j, h = 2166136261u;
    int r;
    edgellm_ctx_reset(ctx);
    if (hw) edgellm_set_backend(ctx, g_backend, hw);
    else edgellm_set_backend(ctx, NULL, NULL);
    edgellm_set_backend_q16(ctx, hw && g_q16 ? edgellm_hw_matvec_q16 : NULL, hw);
    for (i = 0; i < NTOK; i++) {
        r = edgellm_feed(ctx, tok);
        if (r != EDGELLM_OK) return r;
        for (j = 0; j < ctx->model->vocab; j++) h = (h ^ (uint32_t)ctx->logits[j]) * 16777619u;
        edgellm_argmax(ctx->logits, ctx->model->vocab, &tok);
        toks[i] = tok;
    }
    *hash = h;
    return EDGELLM_OK;
}

static void run_model(edgellm_hw *hw, unsigned char *file, size_t len, const char *name);

/* an accelerated run, cross-checked, against the software's tokens and logits; `what`
   names the run in the checks */
static int same_as_software(edgellm_ctx *ctx, edgellm_hw *hw, const char *what, const uint32_t *sw_toks,
                            uint32_t sw_hash) {
    uint32_t toks[NTOK], hash = 0;
    char l[160];
    int r = generate(ctx, hw, toks, &hash);
    snprintf(l, sizeof l, "accelerated run%s (cross-checked)", what);
    check(r == EDGELLM_OK, l, r, 0);
    if (r == EDGELLM_HW_ERR_MISMATCH)
        printf("  first difference: index %#x row %u hw %d sw %d\n", hw->mismatch.index, hw->mismatch.row,
               hw->mismatch.hw, hw->mismatch.sw);
    snprintf(l, sizeof l, "no cross-check difference%s", what);
    check(!hw->mismatch.found, l, hw->mismatch.found, 0);
    snprintf(l, sizeof l, "same tokens as software%s", what);
    check(memcmp(sw_toks, toks, sizeof toks) == 0, l, toks[0], sw_toks[0]);
    snprintf(l, sizeof l, "same logits as software%s", what);
    check(sw_hash == hash, l, hash, sw_hash);
    return r;
}

static void test_model(edgellm_hw *hw, const shape *s, const char *name) {
    size_t len = 0;
    unsigned char *file = build_model(s, &len);
    if (!check(file != NULL, "model built", 0, 0)) return;
    run_model(hw, file, len, name);
}

static void test_file(edgellm_hw *hw, const char *path) {
    FILE *f = fopen(path, "rb");
    unsigned char *file;
    long len;
    if (!check(f != NULL, "model file opens", 0, 0)) { printf("  cannot open %s\n", path); return; }
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    file = (unsigned char *)malloc((size_t)len + 16);
    if (!check(file && fread(file, 1, (size_t)len, f) == (size_t)len, "model file reads", 0, 0)) {
        fclose(f);
        free(file);
        return;
    }
    fclose(f);
    run_model(hw, file, (size_t)len, path);
}

/* takes ownership of file */
static void run_model(edgellm_hw *hw, unsigned char *file, size_t len, const char *name) {
    static int32_t scratch[8192];
    size_t need = 0;
    edgellm_model model;
    edgellm_ctx ctx;
    edgellm_hw_placement place[256];
    uint32_t sw_toks[NTOK], sw_hash = 0, n, i, placed;
    uint64_t c0;
    void *arena;
    int r;

    r = edgellm_model_load(&model, file, len);
    if (!check(r == EDGELLM_OK, "model loads", r, 0)) { free(file); return; }
    n = model.seq_len < 64 ? model.seq_len : 64;
    edgellm_ctx_size(&model, n, &need);
    arena = malloc(need);
    r = edgellm_ctx_init(&ctx, &model, n, arena, need);
    check(r == EDGELLM_OK, "ctx init", r, 0);

    r = generate(&ctx, NULL, sw_toks, &sw_hash);
    check(r == EDGELLM_OK, "software run", r, 0);

    r = edgellm_hw_upload(hw, &model, place, 256);
    check(r == EDGELLM_OK, "upload", r, 0);
    check(edgellm_hw_verify(hw, &model) == EDGELLM_OK, "upload verified", 0, 0);
    n = edgellm_model_matrix_count(&model);
    placed = edgellm_hw_placed_count(hw);
    edgellm_hw_set_crosscheck(hw, scratch, 8192);
    hw->calls_hw = hw->calls_sw = 0;
    c0 = edgellm_sim_cycles();
    same_as_software(&ctx, hw, "", sw_toks, sw_hash);
    check(placed == 0 || hw->calls_hw > 0, "products ran in hardware", hw->calls_hw, 1);
    printf("  %-26s %u/%u matrices in hardware (%u B), %u products in hw, %u in sw, %llu cycles for %d tokens\n",
           name, placed, n, hw->wmem_used, hw->calls_hw, hw->calls_sw,
           (unsigned long long)(edgellm_sim_cycles() - c0), NTOK);
    for (i = 0; i < n; i++)
        if (place[i].status != EDGELLM_HW_PLACED)
            printf("    matrix %u: %s\n", i, edgellm_hw_reason_string(place[i].status));

    /* attention's sums in the accelerator too (KDOT, VSUM over its copy of the KV cache),
       cross-checked: the same tokens and logits */
    r = edgellm_hw_attention(hw, &ctx);
    if (model.flags & EDGELLM_FLAG_KV16)
        check(r == EDGELLM_ERR_ATTN_KV16, "16-bit KV cache: attention stays in software", r, EDGELLM_ERR_ATTN_KV16);
    else if (model.head_size % 16u)
        check(r == EDGELLM_HW_ERR_NO_KV && hw->kv_status == EDGELLM_HW_SKIP_LAYOUT,
              "head size not a multiple of 16: attention stays in software", r, EDGELLM_HW_ERR_NO_KV);
    else
        check(r == EDGELLM_OK || (r == EDGELLM_HW_ERR_NO_KV && hw->kv_status == EDGELLM_HW_SKIP_SPACE),
              "attention placed (or the weight memory is full)", r, EDGELLM_OK);
    if (r == EDGELLM_OK) {
        hw->calls_hw = hw->calls_sw = hw->calls_kv = 0;
        c0 = edgellm_sim_cycles();
        same_as_software(&ctx, hw, ", attention in hardware", sw_toks, sw_hash);
        check(hw->calls_kv == 2u * NTOK * model.n_layers * model.n_heads, "two attention sums per head in hardware",
              hw->calls_kv, 2u * NTOK * model.n_layers * model.n_heads);
        printf("  %-26s attention in hardware: %u sums, KV cache %u B at %u, %llu cycles for %d tokens\n", name,
               hw->calls_kv, 2u * hw->kv_vals, hw->kv_addr, (unsigned long long)(edgellm_sim_cycles() - c0), NTOK);
        /* the whole head (CAPS.SMAX; the V pairs fit here): the run above used it; V pairs
           whose m8 is off by one (layer 0, kv head 0, every position so far: WSUM and EMAX
           stay, the sums do not) are named as the VSUM's; the runs below store every
           position anew, so they are exact only if the pairs are written again */
        check(((hw->caps & EDGELLM_HW_CAPS_SMAX) != 0) == (hw->kv_vsc_addr != 0), "the whole head in hardware with CAPS.SMAX",
              hw->kv_vsc_addr, 1);
        if (hw->kv_vsc_addr && ctx.pos < ctx.n_ctx) {
            uint8_t pair[8];
            uint32_t t;
            for (t = 0, r = EDGELLM_OK; t < ctx.pos && r == EDGELLM_OK; t++) {
                r = edgellm_hw_read_weights(hw, hw->kv_vsc_addr + 8u * t, pair, 8u);
                pair[0] ^= 1u;
                if (r == EDGELLM_OK) r = edgellm_hw_write_weights(hw, hw->kv_vsc_addr + 8u * t, pair, 8u);
            }
            r = r == EDGELLM_OK ? edgellm_feed(&ctx, 1) : r;
            check(r == EDGELLM_HW_ERR_MISMATCH && hw->mismatch.index == EDGELLM_HW_INDEX_VSUM,
                  "wrong V pairs: mismatch in the head's VSUM", r, EDGELLM_HW_ERR_MISMATCH);
            hw->mismatch.found = 0;
        }
        /* the scores from the accelerator (CAPS.KREQ; the pairs fit here): a wrong scale pair
           in its memory is named by the cross-check as a KDOT; the next run stores position
           0 anew, so its pair is written again and the run is exact (the runs below) */
        check(hw->kv_sc_addr != 0, "the scores in hardware (scale pairs placed)", hw->kv_sc_addr, 1);
        if (hw->kv_sc_addr && ctx.pos < ctx.n_ctx) {
            static const uint8_t bad[8] = {1, 0, 0, 0, 0, 0, 0, 0};
            r = edgellm_hw_write_weights(hw, hw->kv_sc_addr, bad, 8u);
            r = r == EDGELLM_OK ? edgellm_feed(&ctx, 1) : r;
            check(r == EDGELLM_HW_ERR_MISMATCH && hw->mismatch.index == EDGELLM_HW_INDEX_KDOT,
                  "a wrong scale pair: mismatch in a KDOT", r, EDGELLM_HW_ERR_MISMATCH);
            hw->mismatch.found = 0;
        }
        if (hw->kv_vsc_addr) {   /* the scores alone, as an accelerator without CAPS.SMAX runs them */
            edgellm_attn_backend sb = ctx.attn;
            sb.head = NULL;
            r = edgellm_set_attention(&ctx, &sb);
            check(r == EDGELLM_OK, "the backend without head", r, EDGELLM_OK);
            hw->calls_kv = 0;
            c0 = edgellm_sim_cycles();
            same_as_software(&ctx, hw, ", attention's scores in hardware", sw_toks, sw_hash);
            check(hw->calls_kv == 2u * NTOK * model.n_layers * model.n_heads, "scores and V sums in hardware",
                  hw->calls_kv, 2u * NTOK * model.n_layers * model.n_heads);
            printf("  %-26s scores in hardware, weights in software: %u sums, %llu cycles for %d tokens\n", name,
                   hw->calls_kv, (unsigned long long)(edgellm_sim_cycles() - c0), NTOK);
            sb.head = ctx.attn.scores ? edgellm_hw__kv_head : NULL;
            edgellm_set_attention(&ctx, &sb);
        }
    }

    /* the products requantized in the accelerator (MAT_REQ), with attention there when it
       was placed, cross-checked: the same tokens and logits */
    {
        /* the scales follow every placed matrix's rows, in index order, while they fit */
        uint32_t with_scales = 0, used = 0, want_scales = 0;
        for (i = 0; i < n; i++) used += place[i].status == EDGELLM_HW_PLACED ? place[i].bytes : 0u;
        for (i = 0; i < n; i++) {
            edgellm_matrix m;
            uint32_t sb;
            if (place[i].status != EDGELLM_HW_PLACED) continue;
            edgellm_model_matrix(&model, i, &m);
            sb = (m.rows * 8u + 15u) & ~15u;
            if (sb <= hw->wmem_bytes - used) {
                check(place[i].scales == used, "scales placed where the rule puts them", place[i].scales, used);
                used += sb;
                want_scales++;
            } else {
                check(place[i].scales == EDGELLM_HW_NO_SCALES, "scales left out when they do not fit", place[i].scales, 0);
            }
            with_scales += place[i].scales != EDGELLM_HW_NO_SCALES;
        }
        check(with_scales == want_scales, "scales of the placed matrices", with_scales, want_scales);
        g_q16 = 1;
        hw->calls_hw = hw->calls_sw = hw->calls_kv = 0;
        c0 = edgellm_sim_cycles();
        same_as_software(&ctx, hw, ", requantized in hardware", sw_toks, sw_hash);
        g_q16 = 0;
        printf("  %-26s requantized in hardware: %u products in hw, %u in sw, %u attention sums, %llu cycles for %d tokens\n",
               name, hw->calls_hw, hw->calls_sw, hw->calls_kv, (unsigned long long)(edgellm_sim_cycles() - c0), NTOK);
    }
    edgellm_set_attention(&ctx, NULL);

    /* the same waiting for irq_o: one wait per product, ended by the
       interrupt, and one STATUS read; then a tick shorter than any product,
       waiting before reading (several waits a product) and with Y_WAIT (the
       rows came first, so the product is done: one wait, ended by irq_o) */
    {
        static const uint32_t ticks[3] = {1000000u, 7u, 7u};
        static const int yw[3] = {1, 0, 1};
        uint32_t t;
        for (t = 0; t < 3; t++) {
            uint64_t s0, s1, w0, w1, q0, q1;
            uint32_t wt[NTOK], wh = 0;
            edgellm_hw_set_crosscheck(hw, scratch, 8192);
            edgellm_hw_set_wait(hw, sim_wait, NULL);
            edgellm_hw_set_ywait(hw, yw[t]);
            g_tick = ticks[t];
            hw->calls_hw = hw->calls_sw = 0;
            edgellm_sim_bus_counts(NULL, NULL, &s0);
            edgellm_sim_wait_counts(&w0, &q0, NULL);
            r = generate(&ctx, hw, wt, &wh);
            edgellm_sim_bus_counts(NULL, NULL, &s1);
            edgellm_sim_wait_counts(&w1, &q1, NULL);
            check(r == EDGELLM_OK, "accelerated run waiting for irq_o", r, 0);
            check(!hw->mismatch.found, "no cross-check difference (irq)", hw->mismatch.found, 0);
            check(memcmp(sw_toks, wt, sizeof sw_toks) == 0, "same tokens as software (irq)", wt[0], sw_toks[0]);
            check(sw_hash == wh, "same logits as software (irq)", wh, sw_hash);
            check(placed == 0 || hw->calls_hw > 0, "products ran in hardware (irq)", hw->calls_hw, 1);
            if (t != 1) {
                check(w1 - w0 == hw->calls_hw, "one wait per product", (long long)(w1 - w0), hw->calls_hw);
                check(q1 - q0 == hw->calls_hw, "every wait ended by irq_o", (long long)(q1 - q0), hw->calls_hw);
                check(s1 - s0 == hw->calls_hw, "one STATUS read per product", (long long)(s1 - s0), hw->calls_hw);
            } else {
                check(placed == 0 || w1 - w0 > hw->calls_hw, "short ticks: several waits per product",
                      (long long)(w1 - w0), hw->calls_hw);
                check(s1 - s0 == w1 - w0, "short ticks: one STATUS read per wait", (long long)(s1 - s0),
                      (long long)(w1 - w0));
            }
            check(edgellm_sim_irq() == 0, "irq_o low between products", edgellm_sim_irq(), 0);
            if (t == 0)
                printf("  %-26s waiting for irq_o: %u products, %llu waits, %llu ended by irq_o, %llu STATUS reads\n",
                       name, hw->calls_hw, (unsigned long long)(w1 - w0), (unsigned long long)(q1 - q0),
                       (unsigned long long)(s1 - s0));
        }
        edgellm_hw_set_wait(hw, NULL, NULL);
        edgellm_hw_set_ywait(hw, 1);
        g_tick = 1000000u;
    }

    /* a corrupted weight in the accelerator: cross-check names matrix, row, values */
    for (i = 0; i < n && place[i].status != EDGELLM_HW_PLACED; i++) {}
    if (i < n) {
        edgellm_matrix m;
        static uint8_t bad[65536];
        static int8_t x[8192];
        static int32_t y[8192], yhw[8192];
        uint32_t j, row = 0;
        edgellm_model_matrix(&model, i, &m);
        uint32_t bit;
        edgellm_matrix mb = m;
        row = m.rows / 2;
        for (j = 0; j < m.cols_pad; j++) x[j] = (int8_t)(j < m.cols ? 100 - (int)(j % 7) : 0);
        edgellm_matvec_ref(&m, x, y);
        mb.data = bad;
        for (bit = 0; bit < 8; bit++) {     /* a flip that changes y[row] */
            memcpy(bad, m.data, place[i].bytes);
            bad[row * m.stride] ^= (uint8_t)(1u << bit);
            edgellm_matvec_ref(&mb, x, yhw);
            if (yhw[row] != y[row]) break;
        }
        edgellm_hw_write_weights(hw, place[i].addr, bad, place[i].bytes);
        edgellm_hw_set_crosscheck(hw, scratch, 8192);
        r = edgellm_hw_matvec(hw, &m, x, y);
        check(r == EDGELLM_HW_ERR_MISMATCH, "corrupted weight detected", r, EDGELLM_HW_ERR_MISMATCH);
        check(hw->mismatch.found && hw->mismatch.index == i && hw->mismatch.row == row, "mismatch names matrix and row",
              hw->mismatch.row, row);
        check(hw->mismatch.hw == yhw[row] && hw->mismatch.sw == y[row] && y[row] != yhw[row],
              "mismatch values", hw->mismatch.hw, yhw[row]);
        edgellm_hw_set_crosscheck(hw, NULL, 0);
    }
    free(arena);
    free(file);
}

/* ------------------------------------------------------------ faults */
/* The backend for the fault runs: before the hardware product number g_fi.at
   (counting placed products from 0) it injects g_fi.kind, notes the matrix,
   and after it notes how many products had completed in hardware. */
enum { FI_HANG = EDGELLM_SIM_FAULT_HANG, FI_CORRUPT = EDGELLM_SIM_FAULT_CORRUPT_Y, FI_RANGE = 10, FI_DESC = 11 };
static struct {
    uint32_t calls, at, index, hw_after;
    int kind;
} g_fi;

static int fault_backend(void *user, const edgellm_matrix *m, const int8_t *x, int32_t *y) {
    edgellm_hw *hw = (edgellm_hw *)user;
    uint32_t saved = 0;
    int placed = m->index < hw->n_place && hw->place[m->index].status == EDGELLM_HW_PLACED, hit, r;
    hit = placed && g_fi.calls == g_fi.at;
    if (placed) g_fi.calls++;
    if (hit) {
        g_fi.index = m->index;
        if (g_fi.kind == FI_RANGE || g_fi.kind == FI_DESC) {
            /* rows that run past the end of weight memory (ERR_RANGE), or a
               base address that is not a multiple of 16 (ERR_DESC) */
            saved = hw->place[m->index].addr;
            hw->place[m->index].addr = g_fi.kind == FI_RANGE ? hw->wmem_bytes - 16u : saved + 8u;
            hw->desc_index = 0xFFFFFFFFu;
        } else {
            edgellm_sim_fault(g_fi.kind);
        }
    }
    r = edgellm_hw_matvec(user, m, x, y);
    if (hit) {
        if (g_fi.kind == FI_RANGE || g_fi.kind == FI_DESC) {
            hw->place[m->index].addr = saved;
            hw->desc_index = 0xFFFFFFFFu;
        }
        g_fi.hw_after = hw->calls_hw;
    }
    return r;
}

static void test_faults(edgellm_hw *hw, const shape *s) {
    static int32_t scratch[8192];
    static const struct {
        int kind, irq, fallback;
        int expect;
        const char *name;
    } cases[] = {
        {FI_HANG, 1, 1, EDGELLM_HW_ERR_TIMEOUT, "hang, waiting for irq_o, fallback"},
        {FI_HANG, 0, 1, EDGELLM_HW_ERR_TIMEOUT, "hang, polling, fallback"},
        {FI_CORRUPT, 1, 1, EDGELLM_HW_ERR_MISMATCH, "corrupted y read, fallback"},
        {FI_RANGE, 1, 1, EDGELLM_HW_ERR_RANGE, "range error, fallback"},
        {FI_DESC, 0, 1, EDGELLM_HW_ERR_DESC, "descriptor error, fallback"},
        {FI_HANG, 1, 0, EDGELLM_HW_ERR_TIMEOUT, "hang, waiting for irq_o, no fallback"},
        {FI_HANG, 0, 0, EDGELLM_HW_ERR_TIMEOUT, "hang, polling, no fallback"},
        {FI_CORRUPT, 0, 0, EDGELLM_HW_ERR_MISMATCH, "corrupted y read, no fallback"},
        {FI_RANGE, 0, 0, EDGELLM_HW_ERR_RANGE, "range error, no fallback"},
        {FI_DESC, 1, 0, EDGELLM_HW_ERR_DESC, "descriptor error, no fallback"},
    };
    size_t len = 0, need = 0, c;
    unsigned char *file = build_model(s, &len);
    edgellm_model model;
    edgellm_ctx ctx;
    edgellm_hw_placement place[256];
    uint32_t sw_toks[NTOK], toks[NTOK], sw_hash = 0, hash = 0, total;
    void *arena;
    int r;

    if (!check(file != NULL, "fault model built", 0, 0)) return;
    r = edgellm_model_load(&model, file, len);
    if (!check(r == EDGELLM_OK, "fault model loads", r, 0)) { free(file); return; }
    edgellm_ctx_size(&model, 64, &need);
    arena = malloc(need);
    check(edgellm_ctx_init(&ctx, &model, 64, arena, need) == EDGELLM_OK, "fault ctx", 0, 0);
    check(generate(&ctx, NULL, sw_toks, &sw_hash) == EDGELLM_OK, "fault model in software", 0, 0);
    check(edgellm_hw_upload(hw, &model, place, 256) == EDGELLM_OK, "fault model upload", 0, 0);
    check(edgellm_hw_placed_count(hw) == edgellm_model_matrix_count(&model), "fault model: every matrix placed",
          edgellm_hw_placed_count(hw), edgellm_model_matrix_count(&model));

    /* how many products a run has; the fault goes in the middle */
    g_backend = fault_backend;
    memset(&g_fi, 0, sizeof g_fi);
    g_fi.at = 0xFFFFFFFFu;
    r = generate(&ctx, hw, toks, &hash);
    total = g_fi.calls;
    check(r == EDGELLM_OK && hash == sw_hash, "fault model without a fault", r, 0);

    for (c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        uint64_t inj0 = edgellm_sim_faults_injected(), w0, w1, q0, q1;
        uint32_t st, n_fail0 = (uint32_t)n_fail;
        memset(&g_fi, 0, sizeof g_fi);
        g_fi.at = total / 2u + 1u + (uint32_t)c;
        g_fi.kind = cases[c].kind;
        edgellm_hw_set_crosscheck(hw, cases[c].kind == FI_CORRUPT ? scratch : NULL, 8192);
        edgellm_hw_set_wait(hw, cases[c].irq ? sim_wait : NULL, NULL);
        edgellm_hw_set_fallback(hw, cases[c].fallback);
        g_tick = 20000;                              /* one tick or 5000 polls: more than any product */
        hw->poll_limit = cases[c].irq ? 8u : 5000u;
        hw->faults = 0;
        hw->last_fault = EDGELLM_OK;
        hw->last_fault_index = 0;
        hw->calls_hw = hw->calls_sw = 0;
        edgellm_sim_wait_counts(&w0, &q0, NULL);
        r = generate(&ctx, hw, toks, &hash);
        edgellm_sim_wait_counts(&w1, &q1, NULL);
        check(g_fi.calls > g_fi.at, "the fault was reached", g_fi.calls, g_fi.at);
        if (cases[c].irq) {
            /* every completed product: one wait, ended by irq_o; a hang: poll_limit waits, all ended by the tick */
            uint32_t extra = cases[c].kind == FI_HANG ? hw->poll_limit : cases[c].kind == FI_CORRUPT ? 0u : 1u;
            check(q1 - q0 == hw->calls_hw + (extra == 1u), "waits ended by irq_o", (long long)(q1 - q0),
                  hw->calls_hw + (extra == 1u));
            check(w1 - w0 == hw->calls_hw + extra, "wait calls", (long long)(w1 - w0), hw->calls_hw + extra);
        }
        check(g_fi.index != 0, "the fault hits a matrix other than 0 (so its index is checked)", g_fi.index, 1);
        check(edgellm_sim_faults_injected() - inj0 == (cases[c].kind < FI_RANGE ? 1u : 0u), "faults injected in the shim",
              (long long)(edgellm_sim_faults_injected() - inj0), cases[c].kind < FI_RANGE);
        if (cases[c].fallback) {
            uint32_t lost = cases[c].kind == FI_CORRUPT ? 0u : 1u;   /* products the hardware did not complete */
            check(r == EDGELLM_OK, "fallback: the run succeeds", r, 0);
            check(memcmp(toks, sw_toks, sizeof toks) == 0, "fallback: same tokens as software", toks[0], sw_toks[0]);
            check(hash == sw_hash, "fallback: same logits as software", hash, sw_hash);
            check(hw->faults == 1, "fallback: exactly one fault", hw->faults, 1);
            check(hw->last_fault == cases[c].expect, "fallback: the fault's code", hw->last_fault, cases[c].expect);
            check(hw->last_fault_index == g_fi.index, "fallback: the fault's matrix", hw->last_fault_index, g_fi.index);
            check(hw->calls_sw == 1, "fallback: one product in software", hw->calls_sw, 1);
            check(hw->calls_hw == total - lost, "fallback: every other product in hardware", hw->calls_hw,
                  total - lost);
            check(hw->calls_hw - g_fi.hw_after == total - g_fi.at - 1, "the accelerator serves the later products",
                  hw->calls_hw - g_fi.hw_after, total - g_fi.at - 1);
            if (cases[c].kind == FI_CORRUPT)
                check(hw->mismatch.found && hw->mismatch.index == g_fi.index && hw->mismatch.row == 0 &&
                      (uint32_t)hw->mismatch.hw == ((uint32_t)hw->mismatch.sw ^ EDGELLM_SIM_CORRUPT_XOR),
                      "fallback: the mismatch names matrix, row 0 and the flipped bit", hw->mismatch.hw, hw->mismatch.sw);
        } else {
            check(r == cases[c].expect, "no fallback: the failure's code", r, cases[c].expect);
            check(hw->faults == 0 && hw->last_fault == EDGELLM_OK, "no fallback: no fault counted", hw->faults, 0);
            check(g_fi.calls == g_fi.at + 1, "no fallback: the run stops at the fault", g_fi.calls, g_fi.at + 1);
        }
        printf("  fault: %-40s matrix %u (product %u of %u): %s, %u fault(s) counted\n", cases[c].name, g_fi.index,
               g_fi.at, total, edgellm_hw_result_string(cases[c].fallback ? hw->last_fault : r), hw->faults);
        st = edgellm_sim_read32(EDGELLM_HW_REG_STATUS);
        check(!(st & EDGELLM_HW_STATUS_BUSY), "idle after the fault", st, 0);
        check(edgellm_sim_irq() == 0, "irq_o low after the fault", edgellm_sim_irq(), 0);
        /* and a whole run again, without a fault */
        memset(&g_fi, 0, sizeof g_fi);
        g_fi.at = 0xFFFFFFFFu;
        hw->calls_hw = 0;
        r = generate(&ctx, hw, toks, &hash);
        check(r == EDGELLM_OK && hash == sw_hash && hw->calls_hw == total, "a clean run after the fault", r, 0);
        if ((uint32_t)n_fail != n_fail0) printf("  FAIL fault case: %s\n", cases[c].name);
    }
    g_backend = edgellm_hw_matvec;
    g_tick = 1000000u;
    hw->poll_limit = EDGELLM_HW_POLL_DEFAULT;
    edgellm_hw_set_wait(hw, NULL, NULL);
    edgellm_hw_set_fallback(hw, 0);
    edgellm_hw_set_crosscheck(hw, NULL, 0);
    free(arena);
    free(file);
}

int main(int argc, char **argv) {
    uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 1;
    int stall = argc > 2 ? atoi(argv[2]) : 0, r;
    edgellm_hw hw;
    static const shape shapes[] = {
        {64, 172, 2, 8, 4, 256, 1, 1},   /* stories260K-like widths, T2, tied head */
        {64, 172, 2, 8, 4, 256, 2, 0},   /* T1, separate head */
        {64, 172, 1, 8, 4, 256, 3, 1},   /* INT8 everywhere */
        {96, 256, 4, 4, 2, 256, 1, 0},   /* larger than the weight memory: part stays in software */
    };
    static const char *names[] = {"T2 dim64 hid172", "T1 dim64 hid172", "I8 dim64 hid172", "T2 dim96 4 layers"};
    size_t i;

    rng_state = seed;
    edgellm_sim_init(seed, stall);
    r = edgellm_hw_init(&hw, 0);
    check(r == EDGELLM_OK, "edgellm_hw_init", r, 0);
    printf("cosim seed %llu stall %d: lanes %u, weight memory %u B, XMAX %u, YMAX %u\n", (unsigned long long)seed,
           stall, hw.lanes, hw.wmem_bytes, hw.xmax, hw.ymax);
    test_low_level(&hw);
    for (i = 0; i < sizeof shapes / sizeof shapes[0]; i++) test_model(&hw, &shapes[i], names[i]);
    test_faults(&hw, &shapes[0]);
    for (i = 3; i < (size_t)argc; i++) test_file(&hw, argv[i]);
    check(edgellm_sim_errors() == 0, "no SLVERR and no protocol violation on the bus", (long long)edgellm_sim_errors(), 0);
    printf("cosim: %s: %lu checks passed, %lu failed, %llu cycles\n", n_fail ? "FAIL" : "PASS", n_pass, n_fail,
           (unsigned long long)edgellm_sim_cycles());
    edgellm_sim_final();
    return n_fail ? 1 : 0;
}
